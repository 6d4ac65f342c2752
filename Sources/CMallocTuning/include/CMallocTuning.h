#ifndef C_MALLOC_TUNING_H
#define C_MALLOC_TUNING_H

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#endif

/// Limits glibc to one malloc arena and fixes the mmap threshold at 128 KiB (no-op elsewhere). glibc
/// otherwise raises the threshold after each large free, so the next 65-292 KB response bodies come
/// from the heap and leave it fragmented. malloc.h is not part of Swift's Glibc module.
static inline void ghl_tune_malloc(void) {
#if defined(__linux__) && defined(__GLIBC__)
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

/// Returns freed heap pages to the OS (glibc's malloc_trim; no-op elsewhere). Large contacts leave
/// megabytes of free chunks between live ones, which RSS would otherwise keep counting.
static inline void ghl_release_free_memory(void) {
#if defined(__linux__) && defined(__GLIBC__)
    malloc_trim(0);
#endif
}

#endif
