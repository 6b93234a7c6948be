// libprotocol for JavaScript: the C library compiled to WebAssembly
// (dist/libprotocol.wasm, built by build.sh), with a thin ES module over
// its public API. Every decision, date and message comes from the library;
// this module only converts types: JavaScript values to C structs and text,
// result JSON text to objects, status codes to exceptions.
//
//   import { loadPack, evaluate, Calendar, deadline } from '@libprotocol/protocol';
//   const pack = loadPack('durham-2010');
//   const result = pack.evaluate({ consent: { status: 'refused' } });
//   result.decision('consent-override').outcome;
//
// Works in browsers and in Node.js (18+): the module awaits the WebAssembly
// instance when it is imported (top-level await), so every function below
// is synchronous. docs/js.md describes it all.

import createLibprotocol from './dist/libprotocol.js';

const isNode = typeof process === 'object' && process !== null &&
    typeof process.versions === 'object' && typeof process.versions.node === 'string';

async function instantiate() {
  if (isNode) {
    // The loader is built for the web: hand it the bytes under Node.
    const fs = await import('node:fs');
    const wasmBinary = fs.readFileSync(new URL('./dist/libprotocol.wasm', import.meta.url));
    return createLibprotocol({ wasmBinary });
  }
  return createLibprotocol({
    locateFile: (name) => new URL(`./dist/${name}`, import.meta.url).href,
  });
}

const M = await instantiate();
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

// --- memory ------------------------------------------------------------------
// wasm32: int, long, size_t and pointers are 4 bytes. Struct layouts below
// follow include/protocol/*.h field by field.

const ERROR_SIZE = 780; // protocol_error: code, line, column, place[256], message[512]
const TIME_SIZE = 32; // protocol_time
const DATE_SIZE = 12; // protocol_date

const u8 = () => M.HEAPU8;
const i32 = (ptr) => M.HEAP32[ptr >> 2];
const i64 = (ptr) => Number(new BigInt64Array(M.HEAPU8.buffer, ptr, 1)[0]);
const u32 = (ptr) => M.HEAPU32[ptr >> 2];
const setI32 = (ptr, value) => { M.HEAP32[ptr >> 2] = value; };
const cstr = (ptr) => (ptr ? M.UTF8ToString(ptr) : null);

// Allocations of one call, freed together when it ends.
class Scope {
  constructor() { this.ptrs = []; }
  alloc(size) {
    const ptr = M._malloc(Math.max(size, 1));
    if (!ptr) throw new NoMemoryError(-2, 'PROTOCOL_E_NOMEM', 'out of WebAssembly memory');
    this.ptrs.push(ptr);
    u8().fill(0, ptr, ptr + Math.max(size, 1));
    return ptr;
  }
  // UTF-8 bytes, NUL-terminated; returns [pointer, length without the NUL].
  bytes(data) {
    const ptr = this.alloc(data.length + 1);
    u8().set(data, ptr);
    return [ptr, data.length];
  }
  text(value) {
    return this.bytes(encoder.encode(value));
  }
  str(value) { // a NUL-terminated string, or NULL for null/undefined
    return value === null || value === undefined ? 0 : this.text(value)[0];
  }
  free() {
    for (const ptr of this.ptrs) M._free(ptr);
    this.ptrs.length = 0;
  }
}

function scoped(fn) {
  const scope = new Scope();
  try {
    return fn(scope);
  } finally {
    scope.free();
  }
}

// Text the library allocated (protocol_free), taken into a string.
function takeString(ptrPtr, lengthPtr) {
  const ptr = u32(ptrPtr);
  if (!ptr) return '';
  const length = lengthPtr ? u32(lengthPtr) : M.HEAPU8.indexOf(0, ptr) - ptr;
  const text = decoder.decode(M.HEAPU8.subarray(ptr, ptr + length));
  M._protocol_free(ptr);
  return text;
}

// --- errors ------------------------------------------------------------------

/** A failure reported by libprotocol: `code` (the C status, negative),
 *  `codeName` ("PROTOCOL_E_CASE"), `message`, `place` (a JSON pointer, a
 *  dotted fact path, the offending text or a file name; "" for none), and
 *  `line` and `column` (1-based in the input text; 0 when not known).
 *  `index` is the case's position for a failure in a batch. */
export class ProtocolError extends Error {
  constructor(code, codeName, message, place = '', line = 0, column = 0) {
    const where = [];
    if (place) where.push(place);
    if (line) where.push(`line ${line}`);
    if (column) where.push(`column ${column}`);
    super(where.length ? `${message} (at ${where.join(', ')})` : message);
    this.name = new.target.name;
    this.code = code;
    this.codeName = codeName;
    this.detail = message;
    this.place = place;
    this.line = line;
    this.column = column;
    this.index = null;
  }
}
/** PROTOCOL_E_INVALID_ARGUMENT: an argument the library refuses. */
export class InvalidArgumentError extends ProtocolError {}
/** PROTOCOL_E_NOMEM: an allocation failed inside the library. */
export class NoMemoryError extends ProtocolError {}
/** PROTOCOL_E_RANGE: a date outside the calendar's range. */
export class RangeError extends ProtocolError {}
/** PROTOCOL_E_DATETIME: malformed or impossible date or time text. */
export class DateTimeError extends ProtocolError {}
/** PROTOCOL_E_JSON: text that is not valid JSON (pack and case text raise
 *  the subclasses PackJSONError and CaseJSONError). */
export class JSONError extends ProtocolError {}
/** PROTOCOL_E_PACK: a pack that does not validate. */
export class PackError extends ProtocolError {}
/** Pack text that is not valid JSON (PROTOCOL_E_JSON while loading a pack). */
export class PackJSONError extends PackError {}
/** PROTOCOL_E_CASE: a case that does not fit its pack. */
export class CaseError extends ProtocolError {}
/** Case text that is not valid JSON (PROTOCOL_E_JSON while evaluating). */
export class CaseJSONError extends CaseError {}
/** PROTOCOL_E_NOT_FOUND: no built-in pack, calendar, fact... of that name. */
export class NotFoundError extends ProtocolError {}
/** PROTOCOL_E_IO: a file could not be opened or read. */
export class FileError extends ProtocolError {}
/** PROTOCOL_E_LIMIT_*: an input limit was exceeded (`codeName` says which). */
export class LimitError extends ProtocolError {}
/** PROTOCOL_E_BUFFER_TOO_SMALL: a defect of the binding if ever seen. */
export class BufferTooSmallError extends ProtocolError {}

const BY_CODE = {
  [-1]: InvalidArgumentError, [-2]: NoMemoryError, [-3]: RangeError,
  [-4]: DateTimeError, [-5]: JSONError, [-6]: PackError, [-7]: CaseError,
  [-8]: NotFoundError, [-9]: FileError, [-10]: LimitError, [-11]: LimitError,
  [-12]: LimitError, [-13]: LimitError, [-14]: LimitError, [-15]: BufferTooSmallError,
};

function errorClass(code, context) {
  if (code === -5 && context === 'pack') return PackJSONError;
  if (code === -5 && context === 'case') return CaseJSONError;
  return BY_CODE[code] || ProtocolError;
}

function makeError(code, message, place, line, column, context) {
  const Class = errorClass(code, context);
  return new Class(code, statusName(code), message, place, line, column);
}

// Call a C function whose last argument is a protocol_error*; throw its
// error when it does not return PROTOCOL_OK.
function call(scope, fn, args, context) {
  const err = scope.alloc(ERROR_SIZE);
  const status = fn(...args, err);
  if (status !== 0) {
    throw makeError(status, M.UTF8ToString(err + 268), M.UTF8ToString(err + 12),
        i32(err + 4), i32(err + 8), context);
  }
}

/** The name of a status code as the C header spells it ("PROTOCOL_E_RANGE"). */
export function statusName(code) {
  return cstr(M._protocol_status_name(code));
}

// --- versions ----------------------------------------------------------------

/** The library's version, "MAJOR.MINOR.PATCH" (protocol_version()). */
export function libraryVersion() {
  return cstr(M._protocol_version());
}

/** The library's version as one number (major * 10000 + minor * 100 + patch). */
export function libraryVersionNumber() {
  return M._protocol_version_number();
}

export const version = libraryVersion();

// --- times and dates -----------------------------------------------------------

// Date-like values: ISO text ("2026-11-18", "2026-11-18T09:15",
// "2026-11-18T09:15:00Z"), or a Date (an instant, given as UTC text: the
// library converts it to UK local time).
function timeText(value, what) {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError(`${what} is an invalid Date`);
    return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  if (typeof value === 'string') return value;
  throw new TypeError(`${what} must be ISO date or time text or a Date, not ${typeof value}`);
}

function parseTime(scope, value, what) {
  const out = scope.alloc(TIME_SIZE);
  call(scope, M._protocol_time_parse, [scope.str(timeText(value, what)), out]);
  return out;
}

function readDate(ptr) {
  const y = i32(ptr), m = i32(ptr + 4), d = i32(ptr + 8);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// A protocol_date argument. The wasm C ABI passes a struct by value as a
// pointer to a copy: the parsed protocol_time starts with its date.
function dateArgs(scope, value, what) {
  return [parseTime(scope, value, what)];
}

function intArg(value, what) {
  if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647) {
    throw new TypeError(`${what} must be an integer (int), not ${value}`);
  }
  return value;
}

/** A date or time as the library reads it, in UK local time:
 *  `{ date, hasTime, hour, minute, second, utcOffsetMinutes, text }`, where
 *  `text` is the library's own formatting ("2026-07-01T13:00:00+01:00"). */
export function ukTime(value) {
  return scoped((s) => {
    const t = parseTime(s, value, 'value');
    const buf = s.alloc(64);
    call(s, M._protocol_time_format, [t, buf, 64]);
    return {
      date: readDate(t),
      hasTime: i32(t + 12) !== 0,
      hour: i32(t + 16),
      minute: i32(t + 20),
      second: i32(t + 24),
      utcOffsetMinutes: i32(t + 28),
      text: M.UTF8ToString(buf),
    };
  });
}

// --- calendars -----------------------------------------------------------------

const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry(({ free, ptr }) => free(ptr)) : null;

class Handle {
  constructor(owner, ptr, free) {
    this.ptr = ptr;
    this.free = free;
    this.token = {};
    if (registry) registry.register(owner, { free, ptr }, this.token);
  }
  get(what) {
    if (!this.ptr) throw new TypeError(`the ${what} was closed`);
    return this.ptr;
  }
  close() {
    if (!this.ptr) return;
    if (registry) registry.unregister(this.token);
    this.free(this.ptr);
    this.ptr = 0;
  }
}

/** The ids of the built-in calendars ("england-and-wales", ...). */
export function calendars() {
  const ids = [];
  for (let i = 0, n = M._protocol_calendar_builtin_count(); i < n; i++) {
    ids.push(cstr(M._protocol_calendar_builtin_id(i)));
  }
  return ids;
}

/** A UK working-day calendar: Monday to Friday less one division's bank
 *  holidays and any closure days added. Dates are ISO text (or Date
 *  instants, taken at their UK local date); dates come back as
 *  "YYYY-MM-DD". Immutable. */
export class Calendar {
  /** The built-in calendar `id` (default "england-and-wales"). */
  constructor(id = null) {
    scoped((s) => {
      const out = s.alloc(4);
      call(s, M._protocol_calendar_new, [s.str(id), out]);
      this._adopt(u32(out));
    });
  }

  _adopt(ptr) {
    this._handle = new Handle(this, ptr, M._protocol_calendar_free);
    this.id = cstr(M._protocol_calendar_id(ptr));
  }

  static _wrap(ptr) {
    const cal = Object.create(Calendar.prototype);
    cal._adopt(ptr);
    return cal;
  }

  /** A calendar from GOV.UK bank-holidays JSON text (gov.uk/bank-holidays.json),
   *  taking one `division`. */
  static fromGovukJson(text, division = 'england-and-wales') {
    return scoped((s) => {
      const out = s.alloc(4);
      const [ptr, length] = s.text(text);
      call(s, M._protocol_calendar_from_govuk_json, [ptr, length, s.str(division), out]);
      return Calendar._wrap(u32(out));
    });
  }

  /** A new calendar with closure days `added` ({date: name} or [[date, name]])
   *  and holidays `removed` (dates that are working days after all). */
  withChanges(added = {}, removed = []) {
    const pairs = Array.isArray(added) ? added : Object.entries(added || {});
    const dates = [...(removed || [])];
    return scoped((s) => {
      const holidays = s.alloc(16 * Math.max(1, pairs.length));
      pairs.forEach(([date, name], i) => {
        const p = holidays + 16 * i;
        const [t] = dateArgs(s, date, 'added date');
        u8().copyWithin(p, t, t + DATE_SIZE);
        setI32(p + 12, s.str(String(name)));
      });
      const gone = s.alloc(DATE_SIZE * Math.max(1, dates.length));
      dates.forEach((date, i) => {
        const [t] = dateArgs(s, date, 'removed date');
        u8().copyWithin(gone + DATE_SIZE * i, t, t + DATE_SIZE);
      });
      const out = s.alloc(4);
      call(s, M._protocol_calendar_with_changes,
          [this._handle.get('calendar'), holidays, pairs.length, gone, dates.length, out]);
      return Calendar._wrap(u32(out));
    });
  }

  /** [first, last]: the dates the calendar covers. */
  range() {
    return scoped((s) => {
      const first = s.alloc(DATE_SIZE), last = s.alloc(DATE_SIZE);
      call(s, M._protocol_calendar_range, [this._handle.get('calendar'), first, last]);
      return [readDate(first), readDate(last)];
    });
  }

  /** True when `date` is a working day. */
  isWorkingDay(date) {
    return scoped((s) => {
      const out = s.alloc(4);
      call(s, M._protocol_calendar_is_working_day,
          [this._handle.get('calendar'), ...dateArgs(s, date, 'date'), out]);
      return i32(out) !== 0;
    });
  }

  _dateOp(fn, date, ...n) {
    return scoped((s) => {
      const out = s.alloc(DATE_SIZE);
      call(s, fn, [this._handle.get('calendar'), ...dateArgs(s, date, 'date'), ...n, out]);
      return readDate(out);
    });
  }

  /** The working day `n` working days after `date` (SPEC §4). */
  add(date, n) { return this._dateOp(M._protocol_calendar_add_working_days, date, intArg(n, 'n')); }
  /** The latest working day with `n` working days before `date`. */
  before(date, n) { return this._dateOp(M._protocol_calendar_working_days_before, date, intArg(n, 'n')); }
  /** `date` moved onto a working day by `roll` ("none", "following",
   *  "preceding", "modified_following"). */
  roll(date, rollName) {
    return this._dateOp(M._protocol_calendar_roll, date, enumArg(ROLLS, rollName, 'roll'));
  }
  /** The first working day strictly after `date`. */
  next(date) { return this._dateOp(M._protocol_calendar_next_working_day, date); }
  /** The last working day strictly before `date`. */
  previous(date) { return this._dateOp(M._protocol_calendar_previous_working_day, date); }

  /** Working days in [start, end); negative when end < start. */
  count(start, end) {
    return scoped((s) => {
      const out = s.alloc(4);
      call(s, M._protocol_calendar_count_working_days,
          [this._handle.get('calendar'), ...dateArgs(s, start, 'start'), ...dateArgs(s, end, 'end'), out]);
      return i32(out);
    });
  }

  /** The holidays and closures of `year`: [{date, name}], in date order. */
  holidays(year) {
    return scoped((s) => {
      const count = s.alloc(4);
      let capacity = 32;
      for (;;) {
        const buf = s.alloc(16 * capacity);
        try {
          call(s, M._protocol_calendar_holidays,
              [this._handle.get('calendar'), intArg(year, 'year'), buf, capacity, count]);
        } catch (e) {
          if (e.code === -15 && u32(count) > capacity) { capacity = u32(count); continue; }
          throw e;
        }
        const list = [];
        for (let i = 0; i < u32(count); i++) {
          const p = buf + 16 * i;
          list.push({ date: readDate(p), name: cstr(u32(p + 12)) });
        }
        return list;
      }
    });
  }

  /** The holiday's or closure's name when `date` is one, else null. */
  holidayName(date) {
    return scoped((s) => {
      const out = s.alloc(4);
      call(s, M._protocol_calendar_holiday_name,
          [this._handle.get('calendar'), ...dateArgs(s, date, 'date'), out]);
      return cstr(u32(out));
    });
  }

  /** Free the calendar now (otherwise when it is garbage-collected). */
  close() { this._handle.close(); }
}

/** The built-in calendar `id` (default "england-and-wales"). */
export function calendar(id = null) {
  return new Calendar(id);
}

// --- deadlines -----------------------------------------------------------------

const RULES = { same_day: 0, working_days_after: 1, working_days_before: 2 };

function cutoffMinute(cutoff) {
  if (cutoff === null || cutoff === undefined) return -1;
  if (typeof cutoff === 'string') {
    const m = /^(\d+):(\d\d)$/.exec(cutoff);
    if (!m) throw new TypeError(`cutoff must be 'HH:MM', not '${cutoff}'`);
    return Number(m[1]) * 60 + Number(m[2]);
  }
  return intArg(cutoff, 'cutoff');
}

/** Compute a deadline (protocol_deadline_compute): `start` (when the clock
 *  starts; null when not known), `workingDays` (N), and options `rule`
 *  ("same_day", "working_days_after" (the default with workingDays) or
 *  "working_days_before"), `calendar` (a Calendar or a built-in id),
 *  `done`, `asOf` and `cutoff` ("HH:MM" or minutes after midnight).
 *  Returns { due, status, workingDaysRemaining } (due and
 *  workingDaysRemaining null when not set). */
export function deadline(start, workingDays = null, options = {}) {
  const { done = null, asOf = null, cutoff = null } = options;
  let { rule = null, calendar: cal = null } = options;
  if (rule === null) rule = workingDays === null ? 'same_day' : 'working_days_after';
  if (!(rule in RULES)) throw new TypeError(`rule must be one of ${Object.keys(RULES).join(', ')}, not '${rule}'`);
  if (rule !== 'same_day' && workingDays === null) throw new TypeError(`rule '${rule}' needs workingDays`);
  const own = cal instanceof Calendar ? null : new Calendar(cal);
  try {
    const c = own || cal;
    return scoped((s) => {
      const spec = s.alloc(16);
      setI32(spec, 1);
      setI32(spec + 4, RULES[rule]);
      setI32(spec + 8, workingDays === null ? 0 : intArg(workingDays, 'workingDays'));
      setI32(spec + 12, cutoffMinute(cutoff));
      const time = (v, what) => (v === null || v === undefined ? 0 : parseTime(s, v, what));
      // protocol_deadline_result: has_due 0, due 4, status 16,
      // has_remaining 20, working_days_remaining 24 (int64): 32 bytes.
      const out = s.alloc(32);
      call(s, M._protocol_deadline_compute, [c._handle.get('calendar'), spec,
        time(start, 'start'), time(done, 'done'), time(asOf, 'asOf'), out]);
      return {
        due: i32(out) ? readDate(out + 4) : null,
        status: cstr(M._protocol_deadline_status_name(i32(out + 16))),
        workingDaysRemaining: i32(out + 20) ? i64(out + 24) : null,
      };
    });
  } finally {
    if (own) own.close();
  }
}

// --- the statutory clock ----------------------------------------------------------

// The spellings of units and rolls, as the library names them.
function names(fn) {
  const map = {};
  for (let i = 0; ; i++) {
    const name = cstr(fn(i));
    if (name === null) return map;
    map[name] = i;
  }
}
const UNITS = names(M._protocol_unit_name);
const ROLLS = names(M._protocol_roll_name);

function enumArg(map, value, what) {
  if (!(value in map)) throw new TypeError(`${what} must be one of ${Object.keys(map).join(', ')}, not '${value}'`);
  return map[value];
}

function formatTime(scope, ptr) {
  const buf = scope.alloc(64);
  call(scope, M._protocol_time_format, [ptr, buf, 64]);
  return M.UTF8ToString(buf);
}

/** Move `date` onto a working day of the calendar (a Calendar or a
 *  built-in id): `roll` is "none", "following", "preceding" or
 *  "modified_following" (protocol_calendar_roll). */
export function roll(date, rollName, cal = null) {
  const own = cal instanceof Calendar ? null : new Calendar(cal);
  try {
    return (own || cal).roll(date, rollName);
  } finally {
    if (own) own.close();
  }
}

/** `date` plus `months` calendar months, clamped to the month's last day
 *  (protocol_date_add_months): addMonths('2024-01-31', 1) is '2024-02-29'. */
export function addMonths(date, months) {
  return scoped((s) => {
    const out = s.alloc(DATE_SIZE);
    call(s, M._protocol_date_add_months, [...dateArgs(s, date, 'date'), intArg(months, 'months'), out]);
    return readDate(out);
  });
}

/** The statutory clock (protocol_clock_compute): a deadline of `amount`
 *  `unit`s ("same_day", "hours", "working_days", "calendar_days", "weeks",
 *  "months") after `start` (or `before` an event), with `roll`, `cutoff`
 *  ("HH:MM" or minutes), a recurrence (`every` `everyUnit`s), `pauses`
 *  ([{from, to}] during which the clock stops), on `calendar`, judged with
 *  `done` and `asOf`. Returns { due (a date, or a UK local time for
 *  hours), status, workingDaysRemaining, secondsRemaining,
 *  doneBeforeStart, occurrence, occurrenceStart, missed, firstMissedDue }
 *  (null where the library sets nothing). */
export function clock(start, options = {}) {
  const {
    unit = 'same_day', amount = 0, before = false, roll: rollName = 'none', cutoff = null,
    everyUnit = null, every = 0, pauses = [], done = null, asOf = null, calendar: cal = null,
  } = options;
  const own = cal instanceof Calendar ? null : new Calendar(cal);
  try {
    const c = own || cal;
    return scoped((s) => {
      // protocol_clock (wasm32): struct_version, unit, amount, before, roll,
      // cutoff_minute, every_unit, every (int32 each), pauses, npauses.
      const spec = s.alloc(40);
      M._protocol_clock_init(spec);
      setI32(spec + 4, enumArg(UNITS, unit, 'unit'));
      setI32(spec + 8, intArg(amount, 'amount'));
      setI32(spec + 12, before ? 1 : 0);
      setI32(spec + 16, enumArg(ROLLS, rollName, 'roll'));
      setI32(spec + 20, cutoffMinute(cutoff));
      if (everyUnit !== null) setI32(spec + 24, enumArg(UNITS, everyUnit, 'everyUnit'));
      setI32(spec + 28, intArg(every, 'every'));
      const list = [...pauses];
      if (list.length) {
        // protocol_interval: two protocol_time (32 bytes each).
        const intervals = s.alloc(64 * list.length);
        list.forEach((p, i) => {
          const from = parseTime(s, p.from, `pauses[${i}].from`);
          const to = parseTime(s, p.to, `pauses[${i}].to`);
          u8().copyWithin(intervals + 64 * i, from, from + TIME_SIZE);
          u8().copyWithin(intervals + 64 * i + TIME_SIZE, to, to + TIME_SIZE);
        });
        setI32(spec + 32, intervals);
      }
      M.HEAPU32[(spec + 36) >> 2] = list.length;
      const time = (v, what) => (v === null || v === undefined ? 0 : parseTime(s, v, what));
      // protocol_clock_result (wasm32, 128 bytes): struct_version 0,
      // has_due 4, due 8, status 40, has_remaining 44,
      // working_days_remaining 48 (int64), has_hours_remaining 56,
      // seconds_remaining 64 (int64), done_before_start 72, occurrence 76,
      // occurrence_start 80, missed 112, first_missed_due 116.
      const out = s.alloc(128);
      M._protocol_clock_result_init(out);
      call(s, M._protocol_clock_compute, [c._handle.get('calendar'), spec,
        time(start, 'start'), time(done, 'done'), time(asOf, 'asOf'), out]);
      const missed = i32(out + 112);
      return {
        due: i32(out + 4) ? formatTime(s, out + 8) : null,
        status: cstr(M._protocol_deadline_status_name(i32(out + 40))),
        workingDaysRemaining: i32(out + 44) ? i64(out + 48) : null,
        secondsRemaining: i32(out + 56) ? i64(out + 64) : null,
        doneBeforeStart: i32(out + 72) !== 0,
        occurrence: i32(out + 76),
        occurrenceStart: i32(out + 4) ? formatTime(s, out + 80) : null,
        missed,
        firstMissedDue: missed > 0 ? readDate(out + 116) : null,
      };
    });
  } finally {
    if (own) own.close();
  }
}

// --- packs -------------------------------------------------------------------

/** The ids of the packs built into the library, in id order. */
export function packs() {
  const ids = [];
  for (let i = 0, n = M._protocol_builtin_pack_count(); i < n; i++) {
    ids.push(cstr(M._protocol_builtin_pack_id(i)));
  }
  return ids;
}

/** The id of the default pack ("durham-2010"). */
export function defaultPack() {
  return cstr(M._protocol_default_pack_id());
}

/** The JSON source text of the built-in pack `id` (NotFoundError when none). */
export function packSource(id) {
  return scoped((s) => {
    const text = s.alloc(4), length = s.alloc(4);
    call(s, M._protocol_builtin_pack_source, [s.str(id), text, length]);
    const ptr = u32(text);
    return decoder.decode(M.HEAPU8.subarray(ptr, ptr + u32(length)));
  });
}

const LIMIT_NAMES = ['maxInputBytes', 'maxDepth', 'maxStringBytes', 'maxFacts', 'maxLineBytes'];

// protocol_limits (five size_t) at ptr; 0 in a field means the default.
function writeLimitsAt(ptr, limits) {
  LIMIT_NAMES.forEach((name, i) => {
    const value = (limits && limits[name]) || 0;
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      throw new TypeError(`limits.${name} must be a non-negative integer, not ${value}`);
    }
    M.HEAPU32[(ptr >> 2) + i] = value;
  });
}

function writeLimits(scope, limits) {
  const ptr = scope.alloc(20);
  writeLimitsAt(ptr, limits);
  return ptr;
}

function writeOptions(scope, { asOf = null, defaultAsOf = null, strict = false, pretty = false, limits = null } = {}) {
  const opts = scope.alloc(40);
  setI32(opts, 1); // PROTOCOL_EVAL_OPTIONS_VERSION
  setI32(opts + 4, strict ? 1 : 0);
  setI32(opts + 8, asOf === null ? 0 : scope.str(timeText(asOf, 'asOf')));
  setI32(opts + 12, defaultAsOf === null ? 0 : scope.str(timeText(defaultAsOf, 'defaultAsOf')));
  setI32(opts + 16, pretty ? 1 : 0);
  writeLimitsAt(opts + 20, limits);
  return opts;
}

function caseText(value) {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return JSON.stringify(value, (key, v) => (v instanceof Date ? timeText(v, key) : v));
  }
  throw new TypeError('a case must be an object or JSON text');
}

function caseBytes(value) {
  const text = caseText(value);
  return typeof text === 'string' ? encoder.encode(text) : text;
}

/** The result of evaluating one case, as the result JSON has it
 *  (docs/result-json.md): `json` is the text itself, and its members
 *  (`library`, `pack`, `as_of`, `decisions`, `rules`, `duties`,
 *  `deadlines`, `checklists`, `warnings`, `ask_next`, `summary`, ...) are properties,
 *  parsed on first use. */
export class Result {
  constructor(json) {
    this.json = json;
    this._data = null;
  }
  /** The parsed result (a plain object). */
  get data() {
    if (this._data === null) this._data = JSON.parse(this.json);
    return this._data;
  }
  toJSON() { return this.data; }
  _find(member, id) { return (this.data[member] || []).find((x) => x.id === id) || null; }
  /** The decision with `id`, or null. */
  decision(id) { return this._find('decisions', id); }
  /** The rule with `id`, or null. */
  rule(id) { return this._find('rules', id); }
  /** The duty with `id` when it was triggered, else null. */
  duty(id) { return this._find('duties', id); }
  /** The deadline with `id`, or null. */
  deadline(id) { return this._find('deadlines', id); }
  /** The checklist with `id` when any item was answered, else null. */
  checklist(id) { return this._find('checklists', id); }
}
for (const member of ['library', 'pack', 'as_of', 'decisions', 'rules', 'duties', 'deadlines',
  'checklists', 'warnings', 'ask_next', 'summary']) {
  Object.defineProperty(Result.prototype, member, {
    get() { return this.data[member]; },
    enumerable: false,
  });
}

/** A compiled protocol pack (immutable). Make one with loadPack(),
 *  Pack.builtin(), Pack.fromString() or (Node.js) Pack.fromFile(). Freed by
 *  close() or when garbage-collected. */
export class Pack {
  /** The built-in pack `id` (default "durham-2010"). */
  constructor(id = null) {
    scoped((s) => {
      const out = s.alloc(4);
      call(s, M._protocol_pack_load_builtin, [s.str(id), out]);
      this._adopt(u32(out));
    });
  }

  _adopt(ptr) {
    this._handle = new Handle(this, ptr, M._protocol_pack_free);
    this.id = cstr(M._protocol_pack_id(ptr));
    this.version = cstr(M._protocol_pack_version(ptr));
    this.title = cstr(M._protocol_pack_title(ptr));
  }

  static builtin(id = null) { return new Pack(id); }

  /** Compile a pack from its JSON text. PackJSONError for text that is not
   *  JSON, PackError for a pack that does not validate; both carry the
   *  JSON pointer (place), line and column. */
  static fromString(text, { limits = null } = {}) {
    return scoped((s) => {
      const out = s.alloc(4);
      const [ptr, length] = s.bytes(typeof text === 'string' ? encoder.encode(text) : text);
      call(s, M._protocol_pack_load_string,
          [ptr, length, limits ? writeLimits(s, limits) : 0, out], 'pack');
      const pack = Object.create(Pack.prototype);
      pack._adopt(u32(out));
      return pack;
    });
  }

  /** Node.js only: compile the pack in the file at `path` (the library
   *  reads it; errors name "path: /json/pointer"; FileError when it cannot
   *  be read). */
  static async fromFile(path, { limits = null } = {}) {
    if (!isNode) throw new TypeError('Pack.fromFile needs Node.js; use Pack.fromString');
    const fs = await import('node:fs');
    const nodePath = await import('node:path');
    const abs = nodePath.resolve(String(path));
    let data = null;
    try { data = fs.readFileSync(abs); } catch { /* the library says why */ }
    const FS = M.FS;
    // The in-memory file system mirrors the file at its path, with the
    // same working directory, so a relative path reads the same file.
    FS.mkdirTree(process.cwd());
    FS.chdir(process.cwd());
    if (data !== null) {
      FS.mkdirTree(nodePath.dirname(abs));
      FS.writeFile(abs, data);
    }
    try {
      return scoped((s) => {
        const out = s.alloc(4);
        call(s, M._protocol_pack_load_file,
            [s.str(String(path)), limits ? writeLimits(s, limits) : 0, out], 'pack');
        const pack = Object.create(Pack.prototype);
        pack._adopt(u32(out));
        return pack;
      });
    } finally {
      if (data !== null) FS.unlink(abs);
    }
  }

  /** Evaluate one case: an object of facts (nested, as the case JSON has
   *  them) or case JSON text. Options: asOf, defaultAsOf, strict, pretty,
   *  limits, raw (return the JSON text instead of a Result). Throws
   *  CaseJSONError, CaseError (place: the fact path), DateTimeError,
   *  LimitError. */
  evaluate(value, options = {}) {
    const text = scoped((s) => {
      const opts = writeOptions(s, options);
      const [ptr, length] = s.bytes(caseBytes(value));
      const out = s.alloc(4), outLength = s.alloc(4);
      call(s, M._protocol_evaluate_json,
          [this._handle.get('pack'), ptr, length, opts, out, outLength], 'case');
      return takeString(out, outLength);
    });
    return options.raw ? text : new Result(text);
  }

  /** Evaluate many cases in one call into the library (its NDJSON batch
   *  path): `cases` is NDJSON text or an array of cases (objects or
   *  one-line JSON text). Options as evaluate(). Returns an array with,
   *  for each case, a Result or (not thrown) the ProtocolError it gave,
   *  with `index` set; with `raw: true`, the library's NDJSON output. */
  evaluateBatch(cases, options = {}) {
    // Text that would not fit on one line (or is blank) is evaluated on its
    // own, so that its errors keep their line and column; a placeholder
    // line keeps the numbering of the others.
    const alone = new Map();
    let input;
    if (typeof cases === 'string') {
      input = cases;
    } else if (Array.isArray(cases)) {
      input = cases.map((c, i) => {
        let text = caseText(c);
        if (typeof text !== 'string') text = decoder.decode(text);
        if (typeof c !== 'object' || c instanceof Uint8Array) {
          if (text.trim() === '' || /[\r\n]/.test(text)) {
            alone.set(i, text);
            return '-\n';
          }
        }
        return `${text}\n`;
      }).join('');
    } else {
      throw new TypeError('a batch is NDJSON text or an array of cases');
    }
    const output = scoped((s) => {
      const opts = writeOptions(s, { ...options, pretty: false });
      const [ptr, length] = s.text(input);
      const out = s.alloc(4), outLength = s.alloc(4);
      call(s, M._protocol_evaluate_ndjson,
          [this._handle.get('pack'), ptr, length, opts, out, outLength, 0]);
      return takeString(out, outLength);
    });
    const lines = output.split('\n').slice(0, -1);
    const entries = lines.map((line, index) => {
      if (!alone.has(index)) return line;
      try {
        return this.evaluate(alone.get(index), { ...options, raw: true, pretty: false });
      } catch (e) {
        if (!(e instanceof ProtocolError)) throw e;
        e.index = index;
        return e;
      }
    });
    if (options.raw) {
      return entries.map((e, index) => (typeof e === 'string' ? `${e}\n`
        : `${JSON.stringify({ line: index + 1, error: { code: e.codeName, message: e.detail, place: e.place } })}\n`)).join('');
    }
    return entries.map((line, index) => {
      if (typeof line !== 'string') return line;
      if (!line.startsWith('{"line":')) return new Result(line);
      const { line: lineNo, error } = JSON.parse(line);
      const code = CODE_BY_NAME[error.code] ?? 0;
      const e = makeError(code, error.message, error.place || '', error.line || 0,
          error.column || 0, 'case');
      e.index = index;
      e.batchLine = lineNo;
      return e;
    });
  }

  /** Run the test cases the pack carries: { total, failures, report, ok }. */
  runTests() {
    return scoped((s) => {
      const total = s.alloc(4), failures = s.alloc(4), report = s.alloc(4);
      call(s, M._protocol_pack_run_tests, [this._handle.get('pack'), total, failures, report]);
      const text = takeString(report, 0);
      return { total: u32(total), failures: u32(failures), report: text, ok: u32(failures) === 0 };
    });
  }

  /** Free the compiled pack now (otherwise when it is garbage-collected). */
  close() { this._handle.close(); }
  get closed() { return !this._handle.ptr; }
}

const CODE_BY_NAME = {};
for (let code = -1; code >= -15; code--) CODE_BY_NAME[statusName(code)] = code;

/** Compile a pack: a built-in id (default "durham-2010"), or
 *  { json: text } for a pack's own JSON text. (In Node.js,
 *  Pack.fromFile(path) reads a file.) */
export function loadPack(source = null, options = {}) {
  if (source === null || typeof source === 'string') return new Pack(source);
  if (typeof source === 'object' && 'json' in source) return Pack.fromString(source.json, options);
  throw new TypeError("loadPack takes a built-in pack id or { json: text }");
}

/** Evaluate one case against a pack (a Pack or a built-in id): as
 *  pack.evaluate(). */
export function evaluate(pack, value, options = {}) {
  return withPack(pack, (p) => p.evaluate(value, options));
}

/** Evaluate a batch against a pack (a Pack or a built-in id): as
 *  pack.evaluateBatch(). */
export function batch(pack, cases, options = {}) {
  return withPack(pack, (p) => p.evaluateBatch(cases, options));
}

function withPack(pack, fn) {
  if (pack instanceof Pack) return fn(pack);
  const own = new Pack(pack);
  try {
    return fn(own);
  } finally {
    own.close();
  }
}
