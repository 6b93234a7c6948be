// TypeScript declarations of @libprotocol/protocol (index.js). Every
// answer comes from the C library compiled to WebAssembly; see docs/js.md.

/** ISO date or time text ("2026-11-18", "2026-11-18T09:15",
 *  "2026-11-18T09:15:00Z"), or a Date (an instant, taken in UK local time). */
export type TimeLike = string | Date;

/** A case: an object of facts, nested as the case JSON has them, or case
 *  JSON text (a string or UTF-8 bytes). */
export type CaseLike = Record<string, unknown> | string | Uint8Array;

/** A failure reported by libprotocol. */
export class ProtocolError extends Error {
  /** The C status code (negative), e.g. -7 for PROTOCOL_E_CASE. */
  readonly code: number;
  /** The status code's name, e.g. "PROTOCOL_E_CASE". */
  readonly codeName: string;
  /** The library's message alone (`message` adds the place, line and column). */
  readonly detail: string;
  /** A JSON pointer, dotted fact path, offending text or file name; "" for none. */
  readonly place: string;
  /** 1-based line in the input text; 0 when not known. */
  readonly line: number;
  /** 1-based column (characters); 0 when not known. */
  readonly column: number;
  /** For a case in a batch: its position (0-based); else null. */
  index: number | null;
  /** For a case in an NDJSON batch: its line in the input. */
  batchLine?: number;
}
export class InvalidArgumentError extends ProtocolError {}
export class NoMemoryError extends ProtocolError {}
export class RangeError extends ProtocolError {}
export class DateTimeError extends ProtocolError {}
export class JSONError extends ProtocolError {}
export class PackError extends ProtocolError {}
export class PackJSONError extends PackError {}
export class CaseError extends ProtocolError {}
export class CaseJSONError extends CaseError {}
export class NotFoundError extends ProtocolError {}
export class FileError extends ProtocolError {}
export class LimitError extends ProtocolError {}
export class BufferTooSmallError extends ProtocolError {}

/** The name of a status code ("PROTOCOL_E_RANGE"). */
export function statusName(code: number): string;
/** The library's version, "MAJOR.MINOR.PATCH". */
export function libraryVersion(): string;
/** major * 10000 + minor * 100 + patch. */
export function libraryVersionNumber(): number;
/** The library's version, as libraryVersion(). */
export const version: string;

/** Limits on untrusted input; 0 or absent means the library's default. */
export interface Limits {
  maxInputBytes?: number;
  maxDepth?: number;
  maxStringBytes?: number;
  maxFacts?: number;
  maxLineBytes?: number;
}

export interface EvaluateOptions {
  /** The evaluation time, overriding the case's own "as_of". */
  asOf?: TimeLike | null;
  /** The evaluation time when neither asOf nor the case gives one. */
  defaultAsOf?: TimeLike | null;
  /** A case key that is not a fact is a CaseError rather than a warning. */
  strict?: boolean;
  /** Indent the result JSON by two spaces. */
  pretty?: boolean;
  /** Return the result JSON text instead of a Result. */
  raw?: boolean;
  limits?: Limits | null;
}

export interface Citation {
  document: string;
  paragraph: string;
}

/** One entry of a result's arrays; see docs/result-json.md for each kind. */
export interface Finding {
  id: string;
  citation?: Citation;
  [member: string]: unknown;
}

/** The result of one evaluation, as the result JSON has it. */
export class Result {
  /** The result JSON text itself. */
  readonly json: string;
  /** The parsed result JSON. */
  readonly data: Record<string, unknown>;
  readonly library: { name: string; version: string };
  readonly pack: { id: string; version: string; title: string };
  readonly as_of: string | null;
  readonly decisions: Finding[];
  readonly rules: Finding[];
  readonly duties: Finding[];
  readonly deadlines: Finding[];
  readonly checklists: Finding[];
  readonly warnings: { path: string; message: string }[];
  /** The facts the case does not give, the most decisive first. */
  readonly ask_next: string[];
  readonly summary: Record<string, number>;
  decision(id: string): Finding | null;
  rule(id: string): Finding | null;
  duty(id: string): Finding | null;
  deadline(id: string): Finding | null;
  checklist(id: string): Finding | null;
  toJSON(): Record<string, unknown>;
}

export interface PackTestReport {
  total: number;
  failures: number;
  /** One line per difference, then "N passed, M failed". */
  report: string;
  ok: boolean;
}

/** A compiled protocol pack (immutable). */
export class Pack {
  /** The built-in pack `id` (default "durham-2010"). */
  constructor(id?: string | null);
  static builtin(id?: string | null): Pack;
  /** Compile a pack from JSON text (PackJSONError, PackError). */
  static fromString(text: string | Uint8Array, options?: { limits?: Limits | null }): Pack;
  /** Node.js only: compile the pack file at `path` (FileError when unreadable). */
  static fromFile(path: string, options?: { limits?: Limits | null }): Promise<Pack>;
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly closed: boolean;
  evaluate(value: CaseLike, options: EvaluateOptions & { raw: true }): string;
  evaluate(value: CaseLike, options?: EvaluateOptions): Result;
  evaluateBatch(cases: string | CaseLike[], options: EvaluateOptions & { raw: true }): string;
  evaluateBatch(cases: string | CaseLike[], options?: EvaluateOptions): (Result | ProtocolError)[];
  runTests(): PackTestReport;
  close(): void;
}

/** A built-in pack id (default "durham-2010"), or { json } for a pack's text. */
export function loadPack(source?: string | null | { json: string | Uint8Array },
  options?: { limits?: Limits | null }): Pack;
export function evaluate(pack: Pack | string, value: CaseLike, options: EvaluateOptions & { raw: true }): string;
export function evaluate(pack: Pack | string, value: CaseLike, options?: EvaluateOptions): Result;
export function batch(pack: Pack | string, cases: string | CaseLike[], options: EvaluateOptions & { raw: true }): string;
export function batch(pack: Pack | string, cases: string | CaseLike[], options?: EvaluateOptions): (Result | ProtocolError)[];
/** The built-in pack ids, in id order. */
export function packs(): string[];
/** The default pack's id ("durham-2010"). */
export function defaultPack(): string;
/** The JSON source text of a built-in pack. */
export function packSource(id: string): string;

export interface Holiday {
  /** "YYYY-MM-DD" */
  date: string;
  name: string;
}

/** A UK working-day calendar; dates come back as "YYYY-MM-DD". */
export class Calendar {
  /** The built-in calendar `id` (default "england-and-wales"). */
  constructor(id?: string | null);
  static fromGovukJson(text: string, division?: string): Calendar;
  readonly id: string;
  withChanges(added?: Record<string, string> | [TimeLike, string][], removed?: TimeLike[]): Calendar;
  range(): [string, string];
  isWorkingDay(date: TimeLike): boolean;
  add(date: TimeLike, n: number): string;
  before(date: TimeLike, n: number): string;
  next(date: TimeLike): string;
  previous(date: TimeLike): string;
  count(start: TimeLike, end: TimeLike): number;
  /** `date` moved onto a working day (protocol_calendar_roll). */
  roll(date: TimeLike, roll: Roll): string;
  holidays(year: number): Holiday[];
  holidayName(date: TimeLike): string | null;
  close(): void;
}
/** The built-in calendar `id`. */
export function calendar(id?: string | null): Calendar;
/** The built-in calendar ids. */
export function calendars(): string[];

export interface DeadlineOptions {
  rule?: 'same_day' | 'working_days_after' | 'working_days_before' | null;
  calendar?: Calendar | string | null;
  done?: TimeLike | null;
  asOf?: TimeLike | null;
  /** "HH:MM" or minutes after midnight. */
  cutoff?: string | number | null;
}
export interface Deadline {
  due: string | null;
  status: 'met' | 'late' | 'pending' | 'due_today' | 'overdue' | 'unknown';
  workingDaysRemaining: number | null;
}
export function deadline(start: TimeLike | null, workingDays?: number | null, options?: DeadlineOptions): Deadline;

export interface UKTime {
  date: string;
  hasTime: boolean;
  hour: number;
  minute: number;
  second: number;
  utcOffsetMinutes: number;
  /** The library's formatting, e.g. "2026-07-01T13:00:00+01:00". */
  text: string;
}
export function ukTime(value: TimeLike): UKTime;

export type Unit = 'same_day' | 'hours' | 'working_days' | 'calendar_days' | 'weeks' | 'months';
export type Roll = 'none' | 'following' | 'preceding' | 'modified_following';

/** `date` moved onto a working day of `calendar` (a Calendar or built-in id). */
export function roll(date: TimeLike, roll: Roll, calendar?: Calendar | string | null): string;
/** `date` plus `months` months, clamped to the month's last day. */
export function addMonths(date: TimeLike, months: number): string;

export interface ClockOptions {
  unit?: Unit;
  amount?: number;
  /** N units before an event (the start is the event). */
  before?: boolean;
  roll?: Roll;
  /** "HH:MM" or minutes after midnight. */
  cutoff?: string | number | null;
  /** Recurrence: every `every` `everyUnit`s (0: once). */
  every?: number;
  everyUnit?: Unit | null;
  /** Intervals during which the clock stops. */
  pauses?: { from: TimeLike; to: TimeLike }[];
  calendar?: Calendar | string | null;
  done?: TimeLike | null;
  asOf?: TimeLike | null;
}
export interface ClockResult {
  /** A date ("YYYY-MM-DD"), or for hours a UK local time with its offset. */
  due: string | null;
  status: Deadline['status'];
  workingDaysRemaining: number | null;
  /** Hours durations: seconds from the as-of instant to the due instant. */
  secondsRemaining: number | null;
  doneBeforeStart: boolean;
  occurrence: number;
  occurrenceStart: string | null;
  missed: number;
  firstMissedDue: string | null;
}
/** The statutory clock (protocol_clock_compute). */
export function clock(start: TimeLike | null, options?: ClockOptions): ClockResult;
