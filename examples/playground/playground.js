// The pack playground: every answer on the page comes from libprotocol
// (the C library compiled to WebAssembly, bindings/js); this script only
// builds the form from the pack's declared facts and shows the result JSON.
// Serve the repository root with any static file server and open
// /examples/playground/ (docs/js.md).
import * as protocol from '../../bindings/js/index.js';

const $ = (id) => document.getElementById(id);
const OWN = '(your own pack)';
// The bundled example cases (examples/cases/), by the pack they are for.
const EXAMPLES = {
  'durham-2010': ['durham-referral', 'durham-adult-safeguarding', 'durham-child-at-risk-not-shared',
    'durham-data-protection', 'durham-incomplete', 'durham-open-case', 'durham-refusal-respected'],
  'derwent-2016': ['derwent-meeting', 'derwent-meeting-papers-pending', 'derwent-self-assessment'],
  'durham-darlington-link': ['link-joint-consultation', 'link-report-disagreement'],
  'richmond-compact': ['richmond-dispute', 'richmond-review-board-year'],
  'sandwell-5plus': ['sandwell-amendment', 'sandwell-annual-review'],
};

const state = { pack: null, facts: {}, tests: [], values: {}, asOf: '' };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('data-')) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

const badge = (status) => el('span', { class: `badge s-${status}`, 'data-status': status }, String(status).replace(/_/g, ' '));
const cite = (c) => (c ? el('span', { class: 'cite' }, ` — ${c.document} ${c.paragraph}`) : null);

// --- the pack ---------------------------------------------------------------

function loadSelectedPack() {
  const choice = $('pack-select').value;
  $('own-pack').hidden = choice !== OWN;
  $('pack-error').hidden = true;
  if (state.pack) state.pack.close();
  state.pack = null;
  let text;
  try {
    if (choice === OWN) {
      text = $('pack-text').value;
      if (!text.trim()) {
        showPackError(null);
        return;
      }
      state.pack = protocol.loadPack({ json: text });
    } else {
      state.pack = protocol.loadPack(choice);
      text = protocol.packSource(choice);
    }
  } catch (e) {
    showPackError(e);
    return;
  }
  // The library has compiled the text: it is valid JSON with declared facts.
  const source = JSON.parse(text);
  state.facts = source.facts || {};
  state.tests = source.tests || [];
  $('pack-title').textContent = `${state.pack.title} (version ${state.pack.version})`;
  showPackTests();
  fillStartFrom(choice);
  buildForm();
  evaluate();
}

function showPackError(e) {
  $('facts').replaceChildren();
  $('results').replaceChildren(el('p', { class: 'muted' }, 'No pack loaded.'));
  $('pack-tests').replaceChildren();
  $('pack-title').textContent = '';
  if (!e) return;
  const where = e.line ? `line ${e.line}, column ${e.column}: ` : '';
  $('pack-error').textContent = `${where}${e.detail}${e.place ? `\n(at ${e.place})` : ''}`;
  $('pack-error').dataset.line = e.line;
  $('pack-error').dataset.column = e.column;
  $('pack-error').hidden = false;
}

function showPackTests() {
  const r = state.pack.runTests();
  const lines = r.report.trim().split('\n');
  $('pack-tests').replaceChildren(
    el('h3', {}, "The pack's own tests"),
    el('p', { id: 'pack-tests-summary' }, badge(r.ok ? 'met' : 'not_met'), ` ${lines[lines.length - 1]}`),
    el('ul', {}, lines.slice(0, -1).map((l) => el('li', { class: 'mono' }, l))),
  );
}

function fillStartFrom(choice) {
  const options = [el('option', { value: 'empty' }, 'an empty case')];
  for (const name of EXAMPLES[choice] || []) {
    options.push(el('option', { value: `example:${name}` }, `example: ${name}`));
  }
  state.tests.forEach((t, i) => options.push(el('option', { value: `test:${i}` }, `pack test: ${t.name}`)));
  $('start-from').replaceChildren(...options);
  const first = (EXAMPLES[choice] || [])[0];
  $('start-from').value = first ? `example:${first}` : 'empty';
  return startFrom();
}

// --- the case form ------------------------------------------------------------

// A case object as flat fact paths ("consent.status") and its as_of.
function flatten(obj, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(obj || {})) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(p in state.facts)) flatten(v, p, out);
    else out[p] = v;
  }
  return out;
}

async function startFrom() {
  const v = $('start-from').value;
  let kase = {};
  if (v.startsWith('test:')) kase = state.tests[Number(v.slice(5))].case;
  if (v.startsWith('example:')) {
    const res = await fetch(`../cases/${v.slice(8)}.json`);
    kase = await res.json();
  }
  const flat = flatten(kase);
  state.asOf = typeof kase.as_of === 'string' ? kase.as_of : '';
  delete flat.as_of;
  state.values = {};
  for (const [p, value] of Object.entries(flat)) {
    if (p in state.facts && value !== null) state.values[p] = value;
  }
  $('as-of').value = state.asOf;
  buildForm();
  evaluate();
}

function inputFor(path, fact) {
  const value = state.values[path];
  const set = (v) => {
    if (v === undefined) delete state.values[path];
    else state.values[path] = v;
    row.classList.toggle('set', v !== undefined);
    evaluate();
  };
  let input;
  if (fact.type === 'bool' || fact.type === 'enum') {
    const choices = fact.type === 'bool' ? ['true', 'false'] : fact.values;
    input = el('select', {}, el('option', { value: '' }, '— not known —'),
      choices.map((c) => el('option', { value: c }, c)));
    input.value = value === undefined ? '' : String(value);
    input.addEventListener('change', () => {
      const v = input.value;
      set(v === '' ? undefined : fact.type === 'bool' ? v === 'true' : v);
    });
  } else {
    const integer = fact.type === 'integer';
    input = el('input', {
      type: integer ? 'number' : 'text',
      placeholder: fact.type === 'datetime' ? '2026-11-18T09:15' : integer ? 'not known' : '',
    });
    if (integer) { if (fact.min !== undefined) input.min = fact.min; if (fact.max !== undefined) input.max = fact.max; }
    input.value = value === undefined ? '' : String(value);
    input.addEventListener('input', () => {
      const v = input.value.trim();
      // An integer that is not a number goes to the library as text, which
      // says why it does not fit.
      set(v === '' ? undefined : integer && /^-?\d+$/.test(v) ? Number(v) : v);
    });
  }
  input.id = `fact-${path}`;
  input.dataset.fact = path;
  const row = el('div', { class: `fact${value !== undefined ? ' set' : ''}` },
    el('label', { class: 'path', htmlFor: input.id }, path),
    el('div', { class: 'input' }, input),
    el('div', { class: 'desc' }, fact.description || ''));
  return row;
}

function buildForm() {
  const rows = [];
  let group = null;
  for (const [path, fact] of Object.entries(state.facts)) {
    const g = path.split('.')[0];
    if (g !== group) {
      group = g;
      rows.push(el('div', { class: 'group' }, g.replace(/_/g, ' ')));
    }
    rows.push(inputFor(path, fact));
  }
  $('facts').replaceChildren(...rows);
}

function caseObject() {
  const kase = {};
  if (state.asOf.trim()) kase.as_of = state.asOf.trim();
  for (const [path, value] of Object.entries(state.values)) {
    const parts = path.split('.');
    let node = kase;
    for (const p of parts.slice(0, -1)) node = node[p] = node[p] || {};
    node[parts[parts.length - 1]] = value;
  }
  return kase;
}

// --- the result -----------------------------------------------------------------

function evaluate() {
  if (!state.pack) return;
  const kase = caseObject();
  $('case-json').value = JSON.stringify(kase, null, 2);
  let r;
  try {
    r = state.pack.evaluate(kase);
    $('case-error').hidden = true;
  } catch (e) {
    $('case-error').textContent = `${e.detail}${e.place ? ` (at ${e.place})` : ''}`;
    $('case-error').hidden = false;
    return;
  }
  showResult(r);
}

function showResult(r) {
  const out = [];
  out.push(el('p', { class: 'muted', id: 'as-of-shown' }, r.as_of ? `As of ${r.as_of}` : 'No as-of time: open deadlines are unknown.'));
  out.push(el('h3', {}, 'Decisions'));
  for (const d of r.decisions) {
    out.push(el('div', { class: 'decision', 'data-decision': d.id },
      el('div', {}, el('span', { class: 'big' }, d.id), ' ', badge(d.outcome), cite(d.citation)),
      d.grounds.length ? el('div', {}, 'Grounds: ', d.grounds.join(', ').replace(/_/g, ' ')) : null,
      d.conditions.length ? el('div', {}, 'Conditions: ', d.conditions.join(', ').replace(/_/g, ' ')) : null,
      el('ul', {}, d.reasons.map((x) => el('li', {}, x))),
      d.missing_facts.length ? el('div', { class: 'muted' }, 'Missing: ', d.missing_facts.join(', ')) : null));
  }
  out.push(el('h3', {}, 'Deadlines'));
  out.push(r.deadlines.length ? el('table', { id: 'deadlines' },
    el('tr', {}, el('th', {}, 'Deadline'), el('th', {}, 'Due'), el('th', {}, 'Status'), el('th', {}, 'Working days left')),
    r.deadlines.map((d) => el('tr', { 'data-deadline': d.id },
      el('td', {}, d.id, cite(d.citation)), el('td', { class: 'due' }, d.due || '—'), el('td', {}, badge(d.status)),
      el('td', {}, d.working_days_remaining ?? '—'))))
    : el('p', { class: 'muted' }, 'None.'));
  out.push(el('h3', {}, `Duties (${r.duties.length} triggered)`));
  out.push(r.duties.length ? el('ul', { id: 'duties' }, r.duties.map((d) => el('li', { 'data-duty': d.id },
    badge(d.urgency), ' ', d.title, d.due ? ` — due ${d.due}` : '', cite(d.citation))))
    : el('p', { class: 'muted' }, 'None.'));
  const missing = new Set();
  for (const x of [...r.decisions, ...r.rules]) for (const m of x.missing_facts || []) missing.add(m);
  out.push(el('h3', {}, `Missing facts (${missing.size})`));
  out.push(missing.size ? el('p', { id: 'missing', class: 'mono' }, [...missing].sort().join(', '))
    : el('p', { class: 'muted' }, 'None: every fact the findings need is known.'));
  const s = r.summary;
  out.push(el('h3', {}, `Rules (${s.rules_met} met, ${s.rules_not_met} not met, ${s.rules_unknown} unknown)`));
  out.push(el('table', { id: 'rules' },
    el('tr', {}, el('th', {}, 'Rule'), el('th', {}, 'Status'), el('th', {}, 'Why')),
    r.rules.map((x) => el('tr', { 'data-rule': x.id },
      el('td', {}, el('b', {}, x.id), ' ', x.title, cite(x.citation)), el('td', {}, badge(x.status)),
      el('td', {}, x.reasons.join(' '))))));
  if (r.checklists.length) {
    out.push(el('h3', {}, 'Checklists'));
    out.push(el('ul', {}, r.checklists.map((c) => el('li', {}, c.title, ': ', c.score === null ? 'no score' : `${c.score}% `, c.rag ? badge(c.rag) : null))));
  }
  if (r.warnings.length) {
    out.push(el('h3', {}, 'Warnings'));
    out.push(el('ul', {}, r.warnings.map((w) => el('li', {}, `${w.path}: ${w.message}`))));
  }
  $('results').replaceChildren(...out);
}

// --- start ------------------------------------------------------------------------

$('version').textContent = `libprotocol ${protocol.version}.`;
$('pack-select').replaceChildren(...protocol.packs().map((id) => el('option', { value: id }, id)),
  el('option', { value: OWN }, OWN));
$('pack-select').value = protocol.defaultPack();
$('pack-select').addEventListener('change', loadSelectedPack);
$('pack-text').addEventListener('input', loadSelectedPack);
$('start-from').addEventListener('change', startFrom);
$('as-of').addEventListener('input', () => { state.asOf = $('as-of').value; evaluate(); });
loadSelectedPack();
document.body.dataset.ready = 'true';
