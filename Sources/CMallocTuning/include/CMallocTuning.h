#ifndef C_MALLOC_TUNING_H
#define C_MALLOC_TUNING_H

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#endif

/// Limits glibc to one malloc arena (no-op elsewhere). malloc.h is not part of Swift's Glibc module.
static inline void ghl_use_single_malloc_arena(void) {
#if defined(__linux__) && defined(__GLIBC__)
    mallopt(M_ARENA_MAX, 1);
#endif
}

#endif
