#ifndef FLINT_CALLOCATOR_H
#define FLINT_CALLOCATOR_H

/* glibc's allocator controls, which Swift's Glibc module does not export (<malloc.h>). */
#include <stdlib.h> /* defines __GLIBC__ where glibc is the C library */
#if defined(__GLIBC__)
#include <malloc.h>

/* Large blocks from `bytes` up are always mmapped (no dynamic threshold). */
static inline void flint_allocator_set_mmap_threshold(int bytes) {
    (void)mallopt(M_MMAP_THRESHOLD, bytes);
}

/* Returns free heap memory to the system. */
static inline void flint_allocator_trim(void) {
    (void)malloc_trim(0);
}
#else
static inline void flint_allocator_set_mmap_threshold(int bytes) { (void)bytes; }
static inline void flint_allocator_trim(void) {}
#endif

#endif
