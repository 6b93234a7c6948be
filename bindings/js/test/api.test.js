// The binding's calendar, deadline and error surface, checked against the
// native build's `protocol` tool run now (PROTOCOL_TOOL, default
// build/examples/protocol), and hand-worked dates; its size; and its
// TypeScript declarations naming every export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as protocol from '../index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const tool = process.env.PROTOCOL_TOOL || path.join(root, 'build/examples/protocol');
const cli = (args, input) => execFileSync(tool, args, { input, encoding: 'utf8' });

test('the .wasm and its JavaScript are under 1 MB uncompressed', () => {
  const files = ['dist/libprotocol.wasm', 'dist/libprotocol.js', 'index.js'];
  const total = files.reduce((n, f) => n + fs.statSync(path.join(here, '..', f)).size, 0);
  assert.ok(total < 1024 * 1024, `${total} bytes`);
});

test('the TypeScript declarations name every export', () => {
  const dts = fs.readFileSync(path.join(here, '../index.d.ts'), 'utf8');
  for (const name of Object.keys(protocol)) {
    assert.match(dts, new RegExp(`export (declare )?(class|function|const|type|interface) ${name}\\b`), name);
  }
});

test('working days: the same as the native tool for every day of 2026 and 2027', () => {
  for (const id of protocol.calendars()) {
    const cal = protocol.calendar(id);
    const lines = [], mine = [];
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2028, 0, 1); t += 86400000) {
      const day = new Date(t).toISOString().slice(0, 10);
      for (const n of [0, 1, 3, 10, -2]) {
        lines.push(`${day} ${n}`);
        mine.push(n >= 0 ? cal.add(day, n) : cal.before(day, -n));
      }
    }
    const theirs = cli(['workdays', 'add', '--calendar', id, '-'], lines.join('\n') + '\n').trim().split('\n');
    assert.deepEqual(mine, theirs, id);
    const holidays = cli(['holidays', '--calendar', id, '--format', 'json', '2026']);
    assert.deepEqual(cal.holidays(2026), JSON.parse(holidays), id);
    cal.close();
  }
});

test('working days, hand-worked: Christmas 2026 in England and Wales', () => {
  const cal = new protocol.Calendar();
  // Thu 24 Dec + 2: Fri 25 (Christmas) and Mon 28 (Boxing Day substitute)
  // are holidays, so day 1 is Tue 29 and day 2 Wed 30.
  assert.equal(cal.add('2026-12-24', 2), '2026-12-30');
  assert.equal(cal.holidayName('2026-12-28'), 'Boxing Day (substitute day)');
  assert.equal(cal.isWorkingDay('2026-12-26'), false);
  // December 2026: 23 weekdays less the 25th and 28th.
  assert.equal(cal.count('2026-12-01', '2027-01-01'), 21);
  assert.equal(cal.next('2026-12-24'), '2026-12-29');
  assert.equal(cal.previous('2026-12-29'), '2026-12-24');
  // A closure day added, Christmas Day removed: day 1 is Fri 25, then Mon 28
  // (holiday) and Tue 29 (closure) are off, so day 2 is Wed 30.
  const own = cal.withChanges({ '2026-12-29': 'Office closure' }, ['2026-12-25']);
  assert.equal(own.add('2026-12-24', 2), '2026-12-30');
  assert.equal(own.add('2026-12-24', 1), '2026-12-25');
  assert.equal(own.holidayName('2026-12-29'), 'Office closure');
  assert.throws(() => cal.add('2300-01-01', 1), (e) => e instanceof protocol.RangeError && e.code === -3);
});

test('deadlines: the same as the native tool', () => {
  const cases = [
    // (Each with an as-of or done time: without one the tool reads the clock.)
    ['2026-11-20T16:30', 3, { asOf: '2026-11-23' }, ['--as-of', '2026-11-23']],
    ['2026-11-20T16:30', 3, { asOf: '2026-12-01' }, ['--as-of', '2026-12-01']],
    ['2026-11-20T16:30', 3, { done: '2026-11-26T09:00' }, ['--done', '2026-11-26T09:00']],
    ['2026-11-20T16:30', 1, { cutoff: '16:00', asOf: '2026-11-24' }, ['--cutoff', '16:00', '--as-of', '2026-11-24']],
    ['2026-12-24T10:00', 5, { calendar: 'scotland', asOf: '2026-12-24' }, ['--calendar', 'scotland', '--as-of', '2026-12-24']],
    ['2026-07-01T23:30:00Z', null, { asOf: '2026-07-02T09:00' }, ['--as-of', '2026-07-02T09:00']],
  ];
  for (const [start, n, options, args] of cases) {
    const rule = n === null ? ['--same-day'] : ['--working-days', String(n)];
    const theirs = JSON.parse(cli(['deadline', ...rule, '--format', 'json', ...args, start]));
    const mine = protocol.deadline(start, n, options);
    assert.deepEqual({ due: mine.due, status: mine.status, working_days_remaining: mine.workingDaysRemaining },
      { due: theirs.due, status: theirs.status, working_days_remaining: theirs.working_days_remaining ?? null },
      `${start} ${n} ${JSON.stringify(options)}`);
  }
  // 23:30 UTC on 1 July is 00:30 BST on 2 July: same-day means the 2nd.
  assert.equal(protocol.deadline('2026-07-01T23:30:00Z').due, '2026-07-02');
  assert.equal(protocol.ukTime('2026-07-01T12:00:00Z').text, '2026-07-01T13:00:00+01:00');
  assert.equal(protocol.ukTime(new Date(Date.UTC(2026, 0, 15, 9))).text, '2026-01-15T09:00:00+00:00');
});

test('errors carry the library\'s code, name, message, place, line and column', () => {
  const pack = protocol.loadPack();
  assert.equal(pack.id, protocol.defaultPack());
  assert.throws(() => pack.evaluate('{"consent": {"status": 3}}'), (e) =>
    e instanceof protocol.CaseError && e.code === -7 && e.codeName === 'PROTOCOL_E_CASE' &&
    e.place === 'consent.status' && e.line === 1 && e.column === 24);
  assert.throws(() => pack.evaluate('{\n  "consent": }'), (e) =>
    e instanceof protocol.CaseJSONError && e.code === -5 && e.line === 2);
  assert.throws(() => protocol.loadPack({ json: '{"format": 1,\n"id": }' }), (e) =>
    e instanceof protocol.PackJSONError && e instanceof protocol.PackError && e.line === 2);
  assert.throws(() => protocol.loadPack('no-such-pack'), (e) =>
    e instanceof protocol.NotFoundError && e.place === 'no-such-pack');
  assert.throws(() => protocol.ukTime('2026-02-30'), (e) => e instanceof protocol.DateTimeError);
  assert.throws(() => pack.evaluate('{"a": [[[[1]]]]}', { limits: { maxDepth: 2 } }), (e) =>
    e instanceof protocol.LimitError && e.codeName === 'PROTOCOL_E_LIMIT_DEPTH');
  // A batch goes on past a failing case, which is returned, not thrown.
  const out = pack.evaluateBatch([{}, '{"consent": 7}', '{\n"x":\n}']);
  assert.ok(out[0] instanceof protocol.Result);
  assert.ok(out[1] instanceof protocol.CaseError && out[1].index === 1);
  assert.ok(out[2] instanceof protocol.CaseJSONError && out[2].index === 2 && out[2].line === 3);
  pack.close();
  assert.throws(() => pack.evaluate({}), TypeError);
});

test('a pack file is read by the library (Node.js)', async () => {
  const pack = await protocol.Pack.fromFile(path.join(root, 'examples/packs/example-locality.json'));
  assert.equal(pack.runTests().ok, true);
  await assert.rejects(protocol.Pack.fromFile(path.join(root, 'tests/data/cli/broken-pack.json')),
    (e) => e instanceof protocol.PackError && e.place.startsWith(path.join(root, 'tests/data/cli/broken-pack.json')));
  await assert.rejects(protocol.Pack.fromFile('/nonexistent/pack.json'), (e) => e instanceof protocol.FileError);
});

test('results read as objects, and evaluate() takes objects and Dates', () => {
  const r = protocol.evaluate('durham-2010', {
    consent: { status: 'refused' }, concerns: { child_significant_harm: true },
    referral: { need_identified_at: new Date(Date.UTC(2026, 10, 17, 11, 30)) },
  }, { asOf: '2026-11-18T12:00' });
  assert.equal(r.decision('consent-override').outcome, 'permitted');
  assert.equal(r.pack.id, 'durham-2010');
  assert.equal(r.as_of, '2026-11-18T12:00:00+00:00');
  assert.deepEqual(JSON.parse(JSON.stringify(r)), JSON.parse(r.json));
});

test('the clock, hand-worked: hours across the spring change, months at a month\'s end, rolls', () => {
  // 10:00 GMT on Saturday 28 March 2026 + 24 elapsed hours = 10:00 GMT on
  // the 29th, which is 11:00 BST (summer time began at 01:00 GMT that day).
  const c = protocol.clock('2026-03-28T10:00', { unit: 'hours', amount: 24, asOf: '2026-03-29T09:00' });
  assert.equal(c.due, '2026-03-29T11:00:00+01:00');
  assert.equal(c.secondsRemaining, 2 * 3600); // 09:00 BST to 11:00 BST
  assert.equal(c.status, 'due_today');
  // 31 January + 1 month: 28 February 2026 (no 31st), a Saturday; rolled
  // following to Monday 2 March, modified following back to Friday 27th.
  assert.equal(protocol.addMonths('2026-01-31', 1), '2026-02-28');
  assert.equal(protocol.clock('2026-01-31', { unit: 'months', amount: 1 }).due, '2026-02-28');
  assert.equal(protocol.clock('2026-01-31', { unit: 'months', amount: 1, roll: 'following' }).due, '2026-03-02');
  assert.equal(protocol.clock('2026-01-31', { unit: 'months', amount: 1, roll: 'modified_following' }).due, '2026-02-27');
  assert.equal(protocol.roll('2026-10-31', 'following'), '2026-11-02');
  assert.equal(new protocol.Calendar().roll('2026-10-31', 'preceding'), '2026-10-30');
  assert.throws(() => protocol.clock('2026-11-20', { unit: 'fortnights' }), TypeError);
  assert.throws(() => protocol.clock('2026-11-20', { unit: 'hours', amount: 1, roll: 'following' }),
    (e) => e instanceof protocol.InvalidArgumentError && e.place.startsWith('clock'));
});
