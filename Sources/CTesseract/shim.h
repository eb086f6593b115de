#ifndef FLINT_CTESSERACT_SHIM_H
#define FLINT_CTESSERACT_SHIM_H

#include <dlfcn.h>
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

/// Debian's Tesseract parallelises its loops with OpenMP (libgomp): several spinning threads
/// per recognition. Flint runs one recognition per worker thread instead, so OpenMP's
/// parallel regions started from the calling thread are made inactive (max active levels
/// 0, an ICV of each thread: each region runs on that thread alone). Looked up at run time:
/// a Tesseract built without OpenMP has nothing to set. Returns the calling thread's max
/// active levels after the call, or -1 without OpenMP.
static inline int flint_openmp_run_serially(void) {
    void (*set_levels)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_max_active_levels");
    int (*get_levels)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "omp_get_max_active_levels");
    if (set_levels == 0 || get_levels == 0) {
        return -1;
    }
    set_levels(0);
    return get_levels();
}

#endif
