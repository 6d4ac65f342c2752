#ifndef C_HEAP_TRIM_H
#define C_HEAP_TRIM_H

// <stdlib.h> first: it includes <features.h>, which defines __GLIBC__ on glibc. Testing __GLIBC__ before
// any libc header is always false (how an earlier version of this code compiled to nothing).
#include <stdlib.h>

#if defined(__GLIBC__)
#include <malloc.h>
#define GHL_HEAP_TRIM_SUPPORTED 1
#else
#define GHL_HEAP_TRIM_SUPPORTED 0
#endif

/// Whether ghl_trim_heap does anything on this platform (glibc only). Tests assert on it, so a build in
/// which the call silently compiles to nothing fails them.
static inline int ghl_heap_trim_supported(void) {
    return GHL_HEAP_TRIM_SUPPORTED;
}

/// Hands the whole free pages inside glibc's malloc arenas back to the kernel (malloc_trim(0)): 1 when some
/// memory was released, 0 when none was, -1 where there is no malloc_trim. glibc returns memory to the
/// kernel only from the top of an arena by itself, so the holes that large, short-lived response bodies leave
/// between longer-lived allocations otherwise stay resident for the rest of the process.
/// malloc.h is not part of Swift's Glibc module, hence this C target.
static inline int ghl_trim_heap(void) {
#if GHL_HEAP_TRIM_SUPPORTED
    return malloc_trim(0);
#else
    return -1;
#endif
}

#endif
