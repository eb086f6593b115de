#ifndef FLINT_CPROTOBUFC_SHIM_H
#define FLINT_CPROTOBUFC_SHIM_H

#include <protobuf-c/protobuf-c.h>

#endif
