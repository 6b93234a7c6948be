/* json_output.c: not yet written. */
#include "internal.h"
