#ifndef FLINT_CTESSERACT_SHIM_H
#define FLINT_CTESSERACT_SHIM_H

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#endif
