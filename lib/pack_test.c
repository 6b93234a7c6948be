/* pack_test.c: not yet written. */
#include "internal.h"
