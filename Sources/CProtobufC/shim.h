#ifndef FLINT_CPROTOBUFC_SHIM_H
#define FLINT_CPROTOBUFC_SHIM_H

#include <protobuf-c/protobuf-c.h>
#include <stdlib.h>
#include <stdbool.h>

/* A protobuf-c allocator that refuses to hand out more than `budget` bytes in all, so
 * decoding a message can never take more memory than its budget (the unpacked structs,
 * strings, arrays and unknown fields together). Each block carries its size in a 16-byte
 * header, so frees give it back. */
typedef struct {
    size_t budget;
    size_t used;
    bool exceeded;
} flint_pb_budget;

static inline void *flint_pb_budget_alloc(void *data, size_t size) {
    flint_pb_budget *budget = (flint_pb_budget *)data;
    if (size > budget->budget - budget->used) {
        budget->exceeded = true;
        return NULL;
    }
    size_t *block = (size_t *)malloc(size + 16);
    if (block == NULL) return NULL;
    block[0] = size;
    budget->used += size;
    return (char *)block + 16;
}

static inline void flint_pb_budget_free(void *data, void *pointer) {
    if (pointer == NULL) return;
    flint_pb_budget *budget = (flint_pb_budget *)data;
    size_t *block = (size_t *)((char *)pointer - 16);
    budget->used -= block[0];
    free(block);
}

static inline ProtobufCAllocator flint_pb_budget_allocator(flint_pb_budget *budget) {
    ProtobufCAllocator allocator = { flint_pb_budget_alloc, flint_pb_budget_free, budget };
    return allocator;
}

#endif
