/* pack_compile.c: not yet written. */
#include "internal.h"
