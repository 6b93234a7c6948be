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
 *
 * Link with `pkg-config --cflags --libs libprotocol`, or from CMake with
 * find_package(libprotocol CONFIG) and the target libprotocol::libprotocol.
 * The guide to the whole API is api.md, installed with the other documents
 * (pack-format.md, result-json.md, packs/) in share/doc/libprotocol/ under
 * the prefix (/usr/local/share/doc/libprotocol by default; docs/ in the
 * source tree); these headers are its reference.
 *
 * Shared rules: every fallible call returns a protocol_status and fills the
 * caller's protocol_error (may be NULL); objects are created and freed in
 * pairs and _free(NULL) is a no-op; packs, calendars and results are
 * immutable and may be shared between threads; a case belongs to one
 * thread at a time; protocol_set_allocator() must come before anything else.
 */
#ifndef PROTOCOL_PROTOCOL_H
#define PROTOCOL_PROTOCOL_H

#include "protocol/version.h"
#include "common.h"
#include "calendar.h"
#include "deadline.h"
#include "pack.h"

#endif
