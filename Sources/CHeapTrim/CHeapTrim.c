// Everything is in include/CHeapTrim.h; SwiftPM needs one source file per C target.
#include "CHeapTrim.h"
