// The playground in a real browser: Debian's chromium (CHROMIUM, default
// /usr/bin/chromium), headless, driven by puppeteer-core, with the
// repository served by a static file server on 127.0.0.1. The page loads
// the bundled example case, a case is filled in through the form, and the
// decision and deadline shown are checked against the native library's
// answer (the `protocol` tool, PROTOCOL_TOOL) and a hand-worked date; a
// pasted pack with a syntax error shows its line and column. A screenshot
// is left in build/playground.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tool = process.env.PROTOCOL_TOOL || path.join(root, 'build/examples/protocol');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json', '.css': 'text/css' };

let server, browser, base;
const requests = [];

before(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    requests.push(url.pathname);
    let file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if (url.pathname.endsWith('/')) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' }).end(data);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

async function openPage() {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 1000 });
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
  await page.goto(`${base}/examples/playground/`, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]');
  return { page, problems };
}

const shown = (page) => page.evaluate(() => ({
  decision: document.querySelector('[data-decision="consent-override"] [data-status]')?.dataset.status,
  due: document.querySelector('[data-deadline="referral"] .due')?.textContent,
  deadlineStatus: document.querySelector('[data-deadline="referral"] [data-status]')?.dataset.status,
  tests: document.getElementById('pack-tests-summary')?.textContent.trim(),
}));

// The native library's answer for a case, by the command-line tool.
function native(kase) {
  const file = path.join(root, 'build', 'playground-case.json');
  fs.writeFileSync(file, JSON.stringify(kase));
  let out;
  try {
    out = execFileSync(tool, ['check', '--pack', 'durham-2010', file], { encoding: 'utf8' });
  } catch (e) {
    out = e.stdout; // exit status 1: a rule not met, or a deadline overdue
  }
  const r = JSON.parse(out);
  const d = r.deadlines.find((x) => x.id === 'referral');
  return {
    decision: r.decisions.find((x) => x.id === 'consent-override').outcome,
    due: d.due, deadlineStatus: d.status,
  };
}

test('the playground shows the bundled example case\'s answer, and the pack\'s tests passing', async () => {
  const { page, problems } = await openPage();
  await page.waitForFunction(() =>
    document.getElementById('case-json').value.includes('need_identified_at'));
  const example = JSON.parse(fs.readFileSync(path.join(root, 'examples/cases/durham-referral.json'), 'utf8'));
  const got = await shown(page);
  assert.deepEqual({ decision: got.decision, due: got.due, deadlineStatus: got.deadlineStatus }, native(example));
  // Hand-worked: the need was identified on Tue 17 November 2026 at 11:30,
  // a safeguarding referral is due the same day, and it went on the 18th.
  assert.equal(got.due, '2026-11-17');
  assert.equal(got.deadlineStatus, 'late');
  assert.equal(got.decision, 'permitted');
  assert.match(got.tests, /\d+ passed, 0 failed/);
  // Each fact has its description beside it.
  const description = await page.$eval('[data-fact="consent.status"]',
    (input) => input.closest('.fact').querySelector('.desc').textContent);
  assert.ok(description.length > 10, description);
  assert.deepEqual(problems, []);
  assert.ok(requests.includes('/bindings/js/dist/libprotocol.wasm'), 'the page loaded the WebAssembly itself');
  await page.close();
});

test('filling a case in the form updates the decision and the deadline as the user types', async () => {
  const { page, problems } = await openPage();
  await page.select('#start-from', 'empty');
  await page.waitForFunction(() => document.getElementById('case-json').value.trim() === '{}');
  await page.select('[data-fact="consent.status"]', 'refused');
  await page.select('[data-fact="concerns.child_significant_harm"]', 'true');
  await page.select('[data-fact="referral.safeguarding"]', 'true');
  await page.type('[data-fact="referral.need_identified_at"]', '2026-11-20T16:30');
  await page.type('#as-of', '2026-11-23T10:00');
  const kase = {
    as_of: '2026-11-23T10:00',
    consent: { status: 'refused' },
    concerns: { child_significant_harm: true },
    referral: { safeguarding: true, need_identified_at: '2026-11-20T16:30' },
  };
  assert.deepEqual(JSON.parse(await page.$eval('#case-json', (t) => t.value)), kase);
  const got = await shown(page);
  assert.deepEqual({ decision: got.decision, due: got.due, deadlineStatus: got.deadlineStatus }, native(kase));
  // Hand-worked: Fri 20 November 2026 16:30, due the same day (safeguarding);
  // on Monday the 23rd, not done, it is overdue.
  assert.equal(got.due, '2026-11-20');
  assert.equal(got.deadlineStatus, 'overdue');
  assert.equal(got.decision, 'permitted');
  fs.mkdirSync(path.join(root, 'build'), { recursive: true });
  await page.screenshot({ path: path.join(root, 'build/playground.png'), fullPage: false });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a pasted pack with an error shows it at its line and column', async () => {
  const { page } = await openPage();
  await page.select('#pack-select', '(your own pack)');
  const text = fs.readFileSync(path.join(root, 'tests/data/cli/broken-syntax.json'), 'utf8');
  await page.$eval('#pack-text', (t, value) => {
    t.value = value;
    t.dispatchEvent(new Event('input'));
  }, text);
  const error = await page.$eval('#pack-error', (e) => ({ hidden: e.hidden, text: e.textContent }));
  assert.equal(error.hidden, false);
  // The native tool names the same place: "lint" prints file:line:column.
  let lint = '';
  try {
    execFileSync(tool, ['pack', 'lint', path.join(root, 'tests/data/cli/broken-syntax.json')], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    lint = e.stderr;
  }
  const m = /line (\d+), column (\d+)/.exec(lint) || /:(\d+):(\d+)/.exec(lint);
  assert.ok(m, `the tool's message: ${lint}`);
  assert.match(error.text, new RegExp(`^line ${m[1]}, column ${m[2]}: `));
  // A pasted pack that is valid is used as it is: its own tests run.
  const own = fs.readFileSync(path.join(root, 'examples/packs/example-locality.json'), 'utf8');
  await page.$eval('#pack-text', (t, value) => {
    t.value = value;
    t.dispatchEvent(new Event('input'));
  }, own);
  assert.equal(await page.$eval('#pack-error', (e) => e.hidden), true);
  assert.match(await page.$eval('#pack-tests-summary', (e) => e.textContent), /passed, 0 failed/);
  await page.close();
});
