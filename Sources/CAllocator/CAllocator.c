/* The module is header-only (static inline functions in include/CAllocator.h). */
#include "CAllocator.h"
