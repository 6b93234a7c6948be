// The consent-override decision and the referral deadline of the
// durham-2010 pack written for two other rule engines, json-logic-js and
// json-rules-engine, and run on the same NDJSON corpus: JSON text in, JSON
// text out per case, as libprotocol's figure is measured. Each engine does
// only these two constructs (libprotocol evaluates the whole pack), and the
// working-day arithmetic they lack is supplied in plain JavaScript.
//
//   node bench.js CASES.ndjson BANK_HOLIDAYS.json
// prints "node ENGINE us_per_case X" lines.
'use strict';
const fs = require('fs');
const jsonLogic = require('json-logic-js');
const { Engine } = require('json-rules-engine');

const [casesPath, holidaysPath] = process.argv.slice(2);
const lines = fs.readFileSync(casesPath, 'utf8').split('\n').filter((l) => l.length);
const holidays = new Set(
  JSON.parse(fs.readFileSync(holidaysPath, 'utf8'))['england-and-wales'].events.map((e) => e.date));

const DAY = 86400000;
const isWorking = (t) => {
  const w = new Date(t).getUTCDay();
  return w !== 0 && w !== 6 && !holidays.has(new Date(t).toISOString().slice(0, 10));
};
// SPEC §4: the start is day 0; a non-working start rolls back first.
function addWorkingDays(dateText, n) {
  let t = Date.parse(dateText.slice(0, 10) + 'T00:00:00Z');
  while (!isWorking(t)) t -= DAY;
  while (n > 0) {
    t += DAY;
    if (isWorking(t)) n--;
  }
  return new Date(t).toISOString().slice(0, 10);
}
function status(due, done, asOf) {
  if (done) return done.slice(0, 10) <= due ? 'met' : 'late';
  if (!asOf) return 'unknown';
  const a = asOf.slice(0, 10);
  return a < due ? 'pending' : a === due ? 'due_today' : 'overdue';
}

// --- json-logic-js ---------------------------------------------------------
jsonLogic.add_operation('add_working_days', addWorkingDays);
jsonLogic.add_operation('date_of', (t) => (t ? t.slice(0, 10) : null));
const v = (name) => ({ var: name });
const grounds = ['concerns.child_significant_harm', 'concerns.adult_serious_harm',
  'concerns.harm_to_others', 'concerns.public_interest'];
const logicDecision = {
  if: [
    { '==': [v('consent.status'), 'given'] }, 'not_required',
    { and: [{ '==': [v('consent.status'), 'not_sought'] },
      { '==': [v('consent.not_sought_reason'), null] }] }, 'seek_consent',
    { or: grounds.map((g) => ({ '===': [v(g), true] })) }, 'permitted',
    { or: grounds.map((g) => ({ '==': [v(g), null] })) }, 'undetermined',
    'not_permitted',
  ],
};
const safeguarding = {
  or: ['referral.safeguarding', 'concerns.child_significant_harm', 'concerns.adult_serious_harm',
    'concerns.abuse_of_adult_at_risk'].map((g) => ({ '===': [v(g), true] })),
};
const logicDue = {
  if: [
    { '==': [v('referral.need_identified_at'), null] }, null,
    safeguarding, { date_of: [v('referral.need_identified_at')] },
    { add_working_days: [v('referral.need_identified_at'), 3] },
  ],
};

function runJsonLogic(text) {
  const c = JSON.parse(text);
  const outcome = jsonLogic.apply(logicDecision, c);
  const due = jsonLogic.apply(logicDue, c);
  const r = c.referral || {};
  return JSON.stringify({
    decisions: [{ id: 'consent-override', outcome }],
    deadlines: [{ id: 'referral', due, status: due ? status(due, r.made_at, c.as_of) : 'unknown' }],
  });
}

// --- json-rules-engine -------------------------------------------------------
const engine = new Engine([], { allowUndefinedFacts: true });
const fact = (path) => {
  const [top, key] = path.split('.');
  return { fact: top, path: '$.' + key };
};
const is = (path, value) => ({ ...fact(path), operator: 'equal', value });
const outcomes = [
  ['not_required', 50, { all: [is('consent.status', 'given')] }],
  ['seek_consent', 40, { all: [is('consent.status', 'not_sought'),
    is('consent.not_sought_reason', null)] }],
  ['permitted', 30, { any: grounds.map((g) => is(g, true)) }],
  ['undetermined', 20, { any: grounds.map((g) => is(g, null)) }],
  ['not_permitted', 10, { all: [{ fact: 'always', operator: 'equal', value: true }] }],
];
for (const [outcome, priority, conditions] of outcomes) {
  engine.addRule({ name: outcome, priority, conditions, event: { type: 'decision', params: { outcome } } });
}
engine.addRule({
  name: 'safeguarding', priority: 5,
  conditions: { any: ['referral.safeguarding', 'concerns.child_significant_harm',
    'concerns.adult_serious_harm', 'concerns.abuse_of_adult_at_risk'].map((g) => is(g, true)) },
  event: { type: 'same_day' },
});

async function runRulesEngine(text) {
  const c = JSON.parse(text);
  // A missing fact must read as null (unknown), as in libprotocol.
  const facts = { always: true };
  for (const top of ['consent', 'concerns', 'referral']) facts[top] = { ...(c[top] || {}) };
  for (const g of grounds) {
    const [top, key] = g.split('.');
    if (facts[top][key] === undefined) facts[top][key] = null;
  }
  if (facts.consent.not_sought_reason === undefined) facts.consent.not_sought_reason = null;
  const { events } = await engine.run(facts);
  // FIRST hit: the highest-priority decision event (events come in priority order).
  const decision = events.find((e) => e.type === 'decision');
  const sameDay = events.some((e) => e.type === 'same_day');
  const start = facts.referral.need_identified_at;
  const due = !start ? null : sameDay ? start.slice(0, 10) : addWorkingDays(start, 3);
  return JSON.stringify({
    decisions: [{ id: 'consent-override', outcome: decision.params.outcome }],
    deadlines: [{ id: 'referral', due, status: due ? status(due, facts.referral.made_at, c.as_of) : 'unknown' }],
  });
}

async function main() {
  // Warm up each engine, then time a full pass.
  for (const l of lines.slice(0, 1000)) runJsonLogic(l);
  let t0 = process.hrtime.bigint();
  let bytes = 0;
  for (const l of lines) bytes += runJsonLogic(l).length;
  let t1 = process.hrtime.bigint();
  console.log(`node json-logic-js us_per_case ${(Number(t1 - t0) / 1e3 / lines.length).toFixed(2)}`);

  for (const l of lines.slice(0, 1000)) await runRulesEngine(l);
  t0 = process.hrtime.bigint();
  for (const l of lines) bytes += (await runRulesEngine(l)).length;
  t1 = process.hrtime.bigint();
  console.log(`node json-rules-engine us_per_case ${(Number(t1 - t0) / 1e3 / lines.length).toFixed(2)}`);
  if (bytes === 0) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
