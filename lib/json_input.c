/* json_input.c: not yet written. */
#include "internal.h"
