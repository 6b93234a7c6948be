/*
 * Calendars from the GOV.UK bank-holidays JSON format (gov.uk/bank-holidays.json):
 * one division's events become the holidays of a calendar covering the
 * whole years the events span.
 */
#include "calendar_internal.h"
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GOVUK_FIRST_YEAR 1900

/* A failure at a member of the document, with its line and column. */
static protocol_status fail_at(const char *text, size_t length, const char *pointer,
                               protocol_status code, protocol_error *err, const char *fmt, ...)
    PR_PRINTF(6, 7);

static protocol_status fail_at(const char *text, size_t length, const char *pointer,
                               protocol_status code, protocol_error *err, const char *fmt, ...)
{
    int line, column;
    pr_json_locate(text, length, pointer, &line, &column);
    va_list ap;
    va_start(ap, fmt);
    pr_vfail_at(err, code, pointer, line, column, fmt, ap);
    va_end(ap);
    return code;
}

static protocol_status read_events(const char *text, size_t length, const cJSON *events,
                                   const char *division, pr_holiday_spec *specs, size_t *count,
                                   protocol_error *err)
{
    char pointer[128];
    size_t n = 0;
    const cJSON *event;
    cJSON_ArrayForEach(event, events)
    {
        snprintf(pointer, sizeof pointer, "/%s/events/%zu", division, n);
        const cJSON *title = cJSON_GetObjectItemCaseSensitive(event, "title");
        const cJSON *date = cJSON_GetObjectItemCaseSensitive(event, "date");
        const cJSON *notes = cJSON_GetObjectItemCaseSensitive(event, "notes");
        if (!cJSON_IsObject(event) || !cJSON_IsString(title) || !title->valuestring[0] ||
            !cJSON_IsString(date))
            return fail_at(text, length, pointer, PROTOCOL_E_JSON, err,
                           "%s: an event needs a non-empty \"title\" and a \"date\" string",
                           pointer);
        if (notes && !cJSON_IsString(notes))
            return fail_at(text, length, pointer, PROTOCOL_E_JSON, err,
                           "%s: \"notes\" must be a string", pointer);
        protocol_date d;
        protocol_error date_err;
        if (protocol_date_parse(date->valuestring, &d, &date_err) != PROTOCOL_OK) {
            size_t at = strlen(pointer);
            snprintf(pointer + at, sizeof pointer - at, "/date");
            return fail_at(text, length, pointer, PROTOCOL_E_DATETIME, err, "%s: %s",
                           pointer, date_err.message);
        }
        if (d.year < GOVUK_FIRST_YEAR || d.year > PR_BUILTIN_LAST_YEAR) {
            size_t at = strlen(pointer);
            snprintf(pointer + at, sizeof pointer - at, "/date");
            return fail_at(text, length, pointer, PROTOCOL_E_RANGE, err,
                           "%s: %s is outside the years 1900..2199 a calendar may cover",
                           pointer, date->valuestring);
        }
        specs[n].day = pr_days_from_civil(d.year, d.month, d.day);
        specs[n].name = title->valuestring;
        specs[n].substitute = notes && strcmp(notes->valuestring, "Substitute day") == 0;
        n++;
    }
    *count = n;
    return PROTOCOL_OK;
}

protocol_status protocol_calendar_from_govuk_json(const char *text, size_t length,
                                                  const char *division, protocol_calendar **out,
                                                  protocol_error *err)
{
    if (!text || !division || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_calendar_from_govuk_json needs text, a division and an output");
    protocol_limits limits = pr_limits_resolve(NULL);
    cJSON *root = NULL;
    protocol_status status = pr_json_parse(text, length, &limits, "bank-holidays JSON", &root, err);
    if (status != PROTOCOL_OK)
        return status;

    const cJSON *part = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, division)
                                             : NULL;
    const cJSON *events = cJSON_GetObjectItemCaseSensitive(part, "events");
    char pointer[128];
    snprintf(pointer, sizeof pointer, "/%s", division);
    if (!cJSON_IsObject(root)) {
        status = fail_at(text, length, "", PROTOCOL_E_JSON, err,
                         "the bank-holidays JSON must be an object of divisions");
    } else if (!part) {
        status = pr_fail(err, PROTOCOL_E_NOT_FOUND, division,
                         "the bank-holidays JSON has no division '%.64s'", division);
    } else if (!cJSON_IsArray(events)) {
        status = fail_at(text, length, pointer, PROTOCOL_E_JSON, err,
                         "%s: a division needs an \"events\" array", pointer);
    } else if (cJSON_GetArraySize(events) == 0) {
        status = fail_at(text, length, pointer, PROTOCOL_E_JSON, err,
                         "%s: the division has no events, so no years to cover",
                         pointer);
    }
    if (status != PROTOCOL_OK) {
        cJSON_Delete(root);
        return status;
    }

    size_t total = (size_t)cJSON_GetArraySize(events), count = 0;
    pr_holiday_spec *specs = pr_calloc(total, sizeof *specs);
    if (!specs) {
        cJSON_Delete(root);
        return pr_nomem(err);
    }
    status = read_events(text, length, events, division, specs, &count, err);
    if (status == PROTOCOL_OK) {
        qsort(specs, count, sizeof *specs, pr_holiday_spec_compare);
        for (size_t i = 1; i < count && status == PROTOCOL_OK; i++) {
            if (specs[i].day == specs[i - 1].day) {
                int y, m, d;
                pr_civil_from_days(specs[i].day, &y, &m, &d);
                status = pr_fail(err, PROTOCOL_E_JSON, pointer,
                                 "%s: %04d-%02d-%02d appears twice ('%s' and '%s'); which name "
                                 "counts would be a guess",
                                 pointer, y, m, d, specs[i - 1].name, specs[i].name);
            }
        }
    }
    if (status == PROTOCOL_OK) {
        int fy, ly, m, d;
        pr_civil_from_days(specs[0].day, &fy, &m, &d);
        pr_civil_from_days(specs[count - 1].day, &ly, &m, &d);
        status = pr_calendar_build(division, fy, ly, specs, count, out, err);
    }
    pr_free(specs);
    cJSON_Delete(root);
    return status;
}

protocol_status protocol_calendar_from_govuk_file(const char *path, const char *division,
                                                  protocol_calendar **out, protocol_error *err)
{
    if (!path || !division || !out)
        return pr_fail(err, PROTOCOL_E_INVALID_ARGUMENT, NULL,
                       "protocol_calendar_from_govuk_file needs a path, a division and an output");
    protocol_limits limits = pr_limits_resolve(NULL);
    char *text;
    size_t length;
    protocol_status status = pr_read_file(path, limits.max_input_bytes, &text, &length, err);
    if (status != PROTOCOL_OK)
        return status;
    status = protocol_calendar_from_govuk_json(text, length, division, out, err);
    pr_free(text);
    if (status != PROTOCOL_OK && err && status != PROTOCOL_E_NOT_FOUND) {
        /* Name the file as well as the place inside it. */
        char place[2 * sizeof err->place + 4];
        int n = snprintf(place, sizeof place, "%s: %s", path, err->place);
        size_t len = n < 0 ? 0 : (size_t)n < sizeof err->place ? (size_t)n : sizeof err->place - 1;
        memcpy(err->place, place, len);
        err->place[len] = '\0';
    }
    return status;
}
