/*
 * The bank holidays of the three UK divisions from 1970 to 2199: the rules of
 * the Banking and Financial Dealings Act 1971 and the yearly proclamations,
 * their substitute days, and every one-off change since 1970.
 */
#include "calendar_internal.h"

#include <stdlib.h>
#include <string.h>

enum { EW = 1 << 0, SC = 1 << 1, NI = 1 << 2, ALL = EW | SC | NI };

/* GOV.UK's titles, typographic apostrophes (U+2019) included. */
#define NEW_YEARS_DAY "New Year\u2019s Day"
#define SECOND_JANUARY "2nd January"
#define ST_PATRICKS_DAY "St Patrick\u2019s Day"
#define GOOD_FRIDAY "Good Friday"
#define EASTER_MONDAY "Easter Monday"
#define EARLY_MAY "Early May bank holiday"
#define SPRING "Spring bank holiday"
#define BOYNE "Battle of the Boyne (Orangemen\u2019s Day)"
#define SUMMER "Summer bank holiday"
#define ST_ANDREWS_DAY "St Andrew\u2019s Day"
#define CHRISTMAS_DAY "Christmas Day"
#define BOXING_DAY "Boxing Day"

static const char *const division_ids[PR_DIVISION_COUNT] = {
    "england-and-wales",
    "scotland",
    "northern-ireland",
};

const char *pr_division_id(int division)
{
    return division >= 0 && division < PR_DIVISION_COUNT ? division_ids[division] : NULL;
}

/* Anonymous Gregorian algorithm (Meeus, Jones, Butcher). */
int32_t pr_easter_sunday(int year)
{
    int a = year % 19, b = year / 100, c = year % 100;
    int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;
    return pr_days_from_civil(year, month, day);
}

/* The first Monday on or after the given date. */
static int32_t monday_on_or_after(int year, int month, int day)
{
    int32_t d = pr_days_from_civil(year, month, day);
    return d + (7 - pr_weekday(d)) % 7;
}

/* The last Monday on or before the given date. */
static int32_t monday_on_or_before(int year, int month, int day)
{
    int32_t d = pr_days_from_civil(year, month, day);
    return d - pr_weekday(d);
}

static bool is_weekend(int32_t day)
{
    return pr_weekday(day) >= 5;
}

/*
 * One-off changes, applied after the rules. A move is a drop of the rule's
 * day and an add of the new one. Dates and divisions from the royal
 * proclamations (The London and Edinburgh Gazettes) and GOV.UK.
 */
enum change_op { DROP, ADD, ADD_SUBSTITUTE };

static const struct change {
    int divisions;
    int year, month, day;
    enum change_op op;
    const char *name;
} changes[] = {
    /* Before the 1971 Act a Saturday Boxing Day kept its day: "the
     * Christmas bank holidays ... will be on the traditional days, 25th and
     * 26th December" (HC Deb 11 November 1970 c212W). */
    {EW | NI, 1970, 12, 28, DROP, NULL},
    {ALL, 1973, 11, 14, ADD, "Royal wedding (Princess Anne)"},
    /* Silver Jubilee: the Spring bank holiday moved next to it (Scotland
     * then had no Spring bank holiday). */
    {EW | NI, 1977, 5, 30, DROP, NULL},
    {EW | NI, 1977, 6, 6, ADD, SPRING},
    {ALL, 1977, 6, 7, ADD, "Silver Jubilee of Queen Elizabeth II"},
    {ALL, 1981, 7, 29, ADD, "Royal wedding (Charles and Diana)"},
    /* 50th anniversary of VE day. */
    {ALL, 1995, 5, 1, DROP, NULL},
    {ALL, 1995, 5, 8, ADD, EARLY_MAY " (VE day)"},
    {ALL, 1999, 12, 31, ADD, "Millennium celebrations"},
    {ALL, 2002, 5, 27, DROP, NULL},
    {ALL, 2002, 6, 3, ADD, "Queen\u2019s Golden Jubilee"},
    {ALL, 2002, 6, 4, ADD, SPRING},
    /* No proclamation moved Scotland's Saturday New Year holidays in 2010
     * and 2011 (Scottish Government via the Privy Council, January 2014):
     * only the statutory Sunday rule applied, 2 January 2011 -> 3 January. */
    {SC, 2010, 1, 4, DROP, NULL},
    {SC, 2011, 1, 3, DROP, NULL},
    {SC, 2011, 1, 4, DROP, NULL},
    {SC, 2011, 1, 3, ADD_SUBSTITUTE, SECOND_JANUARY},
    {ALL, 2011, 4, 29, ADD, "Royal wedding (William and Catherine)"},
    /* GOV.UK records the moved 2012 Spring bank holiday as a substitute day. */
    {ALL, 2012, 5, 28, DROP, NULL},
    {ALL, 2012, 6, 4, ADD_SUBSTITUTE, SPRING},
    {ALL, 2012, 6, 5, ADD, "Queen\u2019s Diamond Jubilee"},
    {ALL, 2020, 5, 4, DROP, NULL},
    {ALL, 2020, 5, 8, ADD, EARLY_MAY " (VE day)"},
    {ALL, 2022, 5, 30, DROP, NULL},
    {ALL, 2022, 6, 2, ADD, SPRING},
    {ALL, 2022, 6, 3, ADD, "Platinum Jubilee bank holiday"},
    {ALL, 2022, 9, 19, ADD, "Bank Holiday for the State Funeral of Queen Elizabeth II"},
    {ALL, 2023, 5, 8, ADD, "Bank holiday for the coronation of King Charles III"},
};

/* A holiday as the statute or proclamation names its day; one at a weekend
 * is then replaced by a substitute weekday. */
typedef struct candidate {
    int32_t day;
    const char *name;
} candidate;

typedef struct year_list {
    pr_holiday_spec *out;
    size_t n;
} year_list;

static bool taken(const year_list *list, int32_t day)
{
    for (size_t i = 0; i < list->n; i++)
        if (list->out[i].day == day)
            return true;
    return false;
}

static void push(year_list *list, int32_t day, const char *name, bool substitute)
{
    if (list->n < PR_BUILTIN_MAX_PER_YEAR)
        list->out[list->n++] = (pr_holiday_spec){day, name, substitute};
}

static void drop(year_list *list, int32_t day)
{
    for (size_t i = 0; i < list->n; i++)
        if (list->out[i].day == day) {
            memmove(list->out + i, list->out + i + 1, (list->n - i - 1) * sizeof *list->out);
            list->n--;
            return;
        }
}

/* The holidays of the rules, in date order, before weekend substitution. */
static size_t rule_candidates(int mask, int year, candidate c[PR_BUILTIN_MAX_PER_YEAR])
{
    size_t n = 0;
    int32_t easter = pr_easter_sunday(year);

    /* New Year's Day: statutory in Scotland; proclaimed elsewhere from 1974. */
    if (mask == SC || year >= 1974)
        c[n++] = (candidate){pr_days_from_civil(year, 1, 1), NEW_YEARS_DAY};
    /* 2 January: Scotland, from the 1971 Act (royal assent 16 December 1971). */
    if (mask == SC && year >= 1972)
        c[n++] = (candidate){pr_days_from_civil(year, 1, 2), SECOND_JANUARY};
    if (mask == NI)
        c[n++] = (candidate){pr_days_from_civil(year, 3, 17), ST_PATRICKS_DAY};
    c[n++] = (candidate){easter - 2, GOOD_FRIDAY};
    if (mask != SC)
        c[n++] = (candidate){easter + 1, EASTER_MONDAY};
    /* First Monday in May: statutory in Scotland; elsewhere from 1978. */
    if (mask == SC || year >= 1978)
        c[n++] = (candidate){monday_on_or_after(year, 5, 1), EARLY_MAY};
    /* Last Monday in May: in place of Whit Monday from the 1965-1970 trial,
     * statutory from 1971; proclaimed in Scotland from 1978. */
    if (mask != SC || year >= 1978)
        c[n++] = (candidate){monday_on_or_before(year, 5, 31), SPRING};
    if (mask == NI)
        c[n++] = (candidate){pr_days_from_civil(year, 7, 12), BOYNE};
    if (mask == SC)
        c[n++] = (candidate){monday_on_or_after(year, 8, 1), SUMMER};
    else
        c[n++] = (candidate){monday_on_or_before(year, 8, 31), SUMMER};
    /* St Andrew's Day Bank Holiday (Scotland) Act 2007. */
    if (mask == SC && year >= 2007)
        c[n++] = (candidate){pr_days_from_civil(year, 11, 30), ST_ANDREWS_DAY};
    c[n++] = (candidate){pr_days_from_civil(year, 12, 25), CHRISTMAS_DAY};
    /* Boxing Day: proclaimed in Scotland from 1974. */
    if (mask != SC || year >= 1974)
        c[n++] = (candidate){pr_days_from_civil(year, 12, 26), BOXING_DAY};
    return n;
}

size_t pr_builtin_holidays(int division, int year, pr_holiday_spec out[PR_BUILTIN_MAX_PER_YEAR])
{
    if (division < 0 || division >= PR_DIVISION_COUNT || year < PR_BUILTIN_FIRST_YEAR ||
        year > PR_BUILTIN_LAST_YEAR)
        return 0;
    int mask = 1 << division;
    candidate c[PR_BUILTIN_MAX_PER_YEAR];
    size_t nc = rule_candidates(mask, year, c);
    year_list list = {out, 0};

    /* GOV.UK's naming when Scotland's New Year's Day is a Sunday: Monday 2
     * January is New Year's Day's substitute and 2 January moves to the
     * Tuesday (the statute moves New Year's Day to 3 January instead; the
     * two days off are the same). */
    bool scottish_sunday_new_year = mask == SC && year >= 1972 && pr_weekday(c[0].day) == 6;
    if (scottish_sunday_new_year) {
        push(&list, c[0].day + 1, NEW_YEARS_DAY, true);
        push(&list, c[0].day + 2, SECOND_JANUARY, true);
    }
    size_t start = scottish_sunday_new_year ? 2 : 0;

    /* Weekday holidays first, so that a substitute never lands on one:
     * Christmas Day on a Sunday gives Boxing Day on Monday 26 and the
     * Christmas substitute on Tuesday 27. */
    for (size_t i = start; i < nc; i++)
        if (!is_weekend(c[i].day))
            push(&list, c[i].day, c[i].name, false);
    for (size_t i = start; i < nc; i++) {
        if (!is_weekend(c[i].day))
            continue;
        int32_t d = c[i].day + 1;
        while (is_weekend(d) || taken(&list, d))
            d++;
        push(&list, d, c[i].name, true);
    }

    for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
        const struct change *ch = &changes[i];
        if (ch->year != year || !(ch->divisions & mask))
            continue;
        int32_t day = pr_days_from_civil(ch->year, ch->month, ch->day);
        if (ch->op == DROP)
            drop(&list, day);
        else
            push(&list, day, ch->name, ch->op == ADD_SUBSTITUTE);
    }
    qsort(list.out, list.n, sizeof *list.out, pr_holiday_spec_compare);
    return list.n;
}
