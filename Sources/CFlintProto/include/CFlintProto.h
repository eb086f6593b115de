#include "flint/v1/wire.pb-c.h"
#include "flint/v1/health.pb-c.h"
