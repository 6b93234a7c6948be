/*
 * The check every C test program uses: a check that fails prints where and
 * what, and is counted in `failures`; the program exits non-zero when any
 * failed.
 */
#ifndef PROTOCOL_TESTS_CHECK_H
#define PROTOCOL_TESTS_CHECK_H

#include <stdio.h>

static int failures;

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);       \
            failures++;                                                                    \
        }                                                                                  \
    } while (0)

#endif
