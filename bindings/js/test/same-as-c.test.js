// The JavaScript binding gives the same answers as the C library, byte for
// byte: every built-in pack's own tests (their report, and each test case's
// result JSON, pretty and compact, with and without an as-of time), each
// pack's test cases as one NDJSON batch, the golden cases under
// tests/data/golden, the example cases, and the errors of the broken packs
// under tests/data/packs. The native answers are produced now, by the
// native build's shared library (test/native.py, through ctypes), never
// read from stored copies.
//
//   PROTOCOL_NATIVE_LIBRARY=build/lib/libprotocol.so node --test bindings/js/test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as protocol from '../index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const nativeLibrary = process.env.PROTOCOL_NATIVE_LIBRARY || path.join(root, 'build/lib/libprotocol.so');

// Run jobs through the native library; one process for all of them.
function native(jobs) {
  const run = spawnSync('python3', [path.join(root, 'bindings/js/test/native.py'), nativeLibrary], {
    input: JSON.stringify(jobs), maxBuffer: 1 << 30, encoding: 'utf8',
  });
  assert.equal(run.status, 0, `native.py failed: ${run.stderr}`);
  const answers = JSON.parse(run.stdout);
  assert.equal(answers.length, jobs.length);
  return answers;
}

// What the binding gives for a job, in native.py's form.
function binding(job) {
  if (job.clock) {
    const c = job.clock;
    try {
      return { text: JSON.stringify(protocol.clock(c.start ?? null, {
        calendar: c.calendar ?? null, unit: c.unit, amount: c.amount, before: !!c.before,
        roll: c.roll ?? 'none', cutoff: c.cutoff_minute ?? null, every: c.every ?? 0,
        everyUnit: c.every_unit ?? null, pauses: (c.pauses || []).map(([from, to]) => ({ from, to })),
        done: c.done ?? null, asOf: c.as_of ?? null,
      })) };
    } catch (e) {
      return errorAnswer(e);
    }
  }
  const spec = job.pack;
  let pack;
  try {
    pack = spec.builtin ? protocol.loadPack(spec.builtin) : protocol.Pack.fromString(spec.text);
  } catch (e) {
    return errorAnswer(e);
  }
  try {
    const o = job.options || {};
    const options = {
      asOf: o.as_of ?? null, defaultAsOf: o.default_as_of ?? null,
      strict: !!o.strict, pretty: !!o.pretty, raw: true,
    };
    if ('case' in job) return { text: pack.evaluate(job.case, options) };
    if ('ndjson' in job) return { text: pack.evaluateBatch(job.ndjson, options) };
    if (job.tests) {
      const r = pack.runTests();
      return { text: `${r.total} ${r.failures}\n${r.report}` };
    }
    return { text: '' };
  } catch (e) {
    return errorAnswer(e);
  } finally {
    pack.close();
  }
}

function errorAnswer(e) {
  if (!(e instanceof protocol.ProtocolError)) throw e;
  return { error: { code: e.code, message: e.detail, place: e.place, line: e.line, column: e.column } };
}

function compare(jobs, label) {
  const answers = native(jobs);
  let compared = 0;
  jobs.forEach((job, i) => {
    const mine = binding(job);
    assert.deepEqual(mine, answers[i], `${label(job)}: the binding differs from the C library`);
    compared++;
  });
  return compared;
}

const readJSON = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const packIds = protocol.packs();
// A time at which the packs' deadlines are open, due or overdue.
const AS_OF = '2026-11-18T12:00';

test('the built-in packs are the ones the native build embeds', () => {
  const files = fs.readdirSync(path.join(root, 'packs')).filter((f) => f.endsWith('.json'));
  assert.deepEqual(packIds, files.map((f) => readJSON(path.join(root, 'packs', f)).id).sort());
  for (const id of packIds) {
    assert.equal(protocol.packSource(id), fs.readFileSync(path.join(root, 'packs', `${id}.json`), 'utf8'));
  }
});

for (const id of packIds) {
  test(`${id}: its own tests pass, with the same report as C`, () => {
    const job = { pack: { builtin: id }, tests: true };
    compare([job], () => `${id} tests`);
    const report = protocol.loadPack(id).runTests();
    assert.ok(report.total > 0, `${id} carries tests`);
    assert.equal(report.failures, 0, report.report);
  });

  test(`${id}: every test case's result is byte-identical to C's`, () => {
    const tests = readJSON(path.join(root, 'packs', `${id}.json`)).tests;
    const jobs = [];
    for (const [n, t] of tests.entries()) {
      const text = JSON.stringify(t.case);
      for (const options of [{}, { pretty: true }, { default_as_of: AS_OF }, { as_of: AS_OF, pretty: true }]) {
        jobs.push({ pack: { builtin: id }, case: text, options, name: `tests/${n} ${JSON.stringify(options)}` });
      }
    }
    const compared = compare(jobs, (job) => `${id} ${job.name}`);
    assert.equal(compared, tests.length * 4);
  });

  test(`${id}: its test cases as one NDJSON batch are byte-identical to C's`, () => {
    const tests = readJSON(path.join(root, 'packs', `${id}.json`)).tests;
    const ndjson = tests.map((t) => JSON.stringify(t.case)).join('\n') + '\n';
    // A bad line and a blank line too: errors go in the same output.
    const bad = `${ndjson}{"consent": 7}\n\n{"x":\n`;
    compare([
      { pack: { builtin: id }, ndjson, options: { default_as_of: AS_OF } },
      { pack: { builtin: id }, ndjson: bad, options: {} },
    ], () => `${id} batch`);
    // The parsed form holds the same results, one per case.
    const results = protocol.loadPack(id).evaluateBatch(tests.map((t) => t.case), { defaultAsOf: AS_OF });
    const raw = protocol.loadPack(id).evaluateBatch(ndjson, { defaultAsOf: AS_OF, raw: true });
    assert.deepEqual(results.map((r) => `${r.json}\n`).join(''), raw);
  });
}

test('the golden cases under tests/data/golden give the golden results and C\'s', () => {
  const packText = fs.readFileSync(path.join(root, 'tests/data/packs/everything.json'), 'utf8');
  // The default as-of times test_evaluate.c gives each golden case.
  const defaults = { 'everything-1': null, 'everything-2': '2026-11-25T09:00', 'everything-3': '2000-01-01' };
  const names = fs.readdirSync(path.join(root, 'tests/data/golden'))
    .filter((f) => f.endsWith('.case.json')).map((f) => f.replace(/\.case\.json$/, ''));
  assert.ok(names.length >= 3);
  const jobs = [];
  for (const name of names) {
    assert.ok(name in defaults, `${name}: the test does not know its as-of time`);
    const text = fs.readFileSync(path.join(root, `tests/data/golden/${name}.case.json`), 'utf8');
    for (const pretty of [true, false]) {
      jobs.push({ pack: { text: packText }, case: text, options: { default_as_of: defaults[name], pretty }, name });
    }
    const golden = fs.readFileSync(path.join(root, `tests/data/golden/${name}.result.json`), 'utf8')
      .replace('@VERSION@', protocol.version).replace(/\n+$/, '');
    const pack = protocol.Pack.fromString(packText);
    assert.equal(pack.evaluate(text, { defaultAsOf: defaults[name], pretty: true, raw: true }), golden,
        `${name}: differs from its golden file`);
  }
  compare(jobs, (job) => job.name);
});

test('the example cases give the same results as C', () => {
  const packFor = (name) => {
    const prefixes = { durham: 'durham-2010', derwent: 'derwent-2016', link: 'durham-darlington-link',
      richmond: 'richmond-compact', sandwell: 'sandwell-5plus' };
    const id = prefixes[name.split('-')[0]];
    if (id) return { builtin: id };
    return { text: fs.readFileSync(path.join(root, `examples/packs/${name}.json`), 'utf8') };
  };
  const jobs = fs.readdirSync(path.join(root, 'examples/cases')).filter((f) => f.endsWith('.json')).map((f) => {
    const name = f.replace(/\.json$/, '');
    return { pack: packFor(name), case: fs.readFileSync(path.join(root, 'examples/cases', f), 'utf8'),
      options: { pretty: true, default_as_of: AS_OF }, name };
  });
  assert.ok(jobs.length > 10);
  compare(jobs, (job) => job.name);
});

test('broken packs and cases fail with the same code, message, place, line and column as in C', () => {
  const dir = path.join(root, 'tests/data/packs');
  const jobs = fs.readdirSync(dir).filter((f) => f.startsWith('broken-'))
    .map((f) => ({ pack: { text: fs.readFileSync(path.join(dir, f), 'utf8') }, name: f }));
  for (const f of fs.readdirSync(path.join(root, 'tests/data/cli'))) {
    jobs.push({ pack: { text: fs.readFileSync(path.join(root, 'tests/data/cli', f), 'utf8') }, name: f });
  }
  const cases = ['{"consent": {"status": "maybe"}}', '{"subject": {"age": 200}}', '[1]', '{"a": 1, "a": 2}',
    '{"referral": {"need_identified_at": "2026-02-30"}}', '{"unknown": true}', '{\n  "consent": \n}'];
  for (const c of cases) {
    jobs.push({ pack: { builtin: 'durham-2010' }, case: c, options: {}, name: c });
    jobs.push({ pack: { builtin: 'durham-2010' }, case: c, options: { strict: true }, name: `${c} strict` });
  }
  jobs.push({ pack: { builtin: 'durham-2010' }, case: '{}', options: { as_of: '2026-13-01' }, name: 'bad as-of' });
  const answers = native(jobs);
  assert.ok(answers.filter((a) => a.error).length >= jobs.length - 3, 'most of these fail');
  compare(jobs, (job) => job.name);
});

test('the statutory clock gives the same answers as C for every unit, roll, cut-off, recurrence and pause', () => {
  const jobs = [];
  // Starts around Christmas, the spring and autumn clock changes, a month's
  // end, and a Saturday; as-of times before, on and after the due dates.
  const starts = ['2026-12-23T17:30', '2026-03-28T10:00', '2026-10-24T23:30:00Z', '2026-01-31',
    '2026-10-31T09:00', '2026-11-20T16:30'];
  const asOfs = [null, '2026-04-01T12:00', '2027-01-04', '2027-06-30T08:00'];
  for (const start of starts) {
    for (const [unit, amounts] of [['same_day', [0]], ['hours', [1, 24, 72]], ['working_days', [0, 1, 3, 10]],
      ['calendar_days', [1, 7]], ['weeks', [2]], ['months', [1, 3]]]) {
      for (const amount of amounts) {
        const rolls = ['calendar_days', 'weeks', 'months'].includes(unit)
          ? ['none', 'following', 'preceding', 'modified_following'] : ['none'];
        for (const roll of rolls) {
          for (const as_of of asOfs) {
            jobs.push({ clock: { start, unit, amount, roll, as_of } });
          }
          jobs.push({ clock: { start, unit, amount, roll, done: '2026-12-01T10:00', as_of: '2027-01-04' } });
          if (unit !== 'same_day' && unit !== 'hours') {
            jobs.push({ clock: { start, unit, amount, roll, cutoff_minute: 16 * 60, as_of: '2027-01-04', calendar: 'scotland' } });
            jobs.push({ clock: { start, unit, amount, roll, before: true, as_of: '2026-06-01' } });
          }
          if (unit !== 'same_day') {
            jobs.push({ clock: { start, unit, amount, roll, every: 1, every_unit: 'months', as_of: '2027-06-30T08:00' } });
            jobs.push({ clock: { start, unit, amount, roll, as_of: '2027-01-04',
              pauses: [['2026-12-24', '2026-12-31'], ['2026-04-02T09:00', '2026-04-03T17:00']] } });
          }
        }
      }
    }
  }
  // And what the library refuses.
  jobs.push({ clock: { start: '2026-11-20', unit: 'same_day', pauses: [['2026-11-21', '2026-11-23']] } });
  jobs.push({ clock: { start: '2026-11-20', unit: 'hours', amount: 5, roll: 'following' } });
  jobs.push({ clock: { start: '2026-11-20', unit: 'working_days', amount: -1 } });
  jobs.push({ clock: { start: '2300-01-01', unit: 'working_days', amount: 1 } });
  jobs.push({ clock: { start: '2026-11-20', unit: 'weeks', amount: 1, before: true, every: 1, every_unit: 'weeks' } });
  jobs.push({ clock: { unit: 'working_days', amount: 3, as_of: '2026-11-20' } });
  assert.ok(jobs.length > 500, `${jobs.length} clocks`);
  compare(jobs, (job) => JSON.stringify(job.clock));
});
