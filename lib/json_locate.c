/* json_locate.c: not yet written. */
#include "internal.h"
