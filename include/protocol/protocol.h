/*
 * libprotocol: evaluate the rules of UK multi-agency working protocols.
 *
 * The one header a program needs:
 *
 *     #include <protocol/protocol.h>
 *
 * version.h   version macros (compile time) — protocol_version() at run time
 * common.h    status codes, the error record, dates, the allocator hook
 * calendar.h  UK working-day calendars
 * deadline.h  UK local times and deadlines
 * pack.h      protocol packs, cases and results
 */
#ifndef PROTOCOL_PROTOCOL_H
#define PROTOCOL_PROTOCOL_H

#include "protocol/version.h"
#include "common.h"
#include "calendar.h"
#include "deadline.h"
#include "pack.h"

#endif
