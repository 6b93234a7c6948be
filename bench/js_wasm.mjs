// The JavaScript binding (the library as WebAssembly) on a corpus, in
// Node.js: the batch call and per-call evaluate(), JSON text in to JSON
// text out, as bench_evaluate measures the native library. Each figure is
// the best of 3 rounds, after warming up (V8 compiles WebAssembly in tiers:
// a quick baseline first, optimised code once a function is hot).
// Prints "js batch X cases/s" and "js evaluate X us".
//   node bench/js_wasm.mjs CASES.ndjson
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadPack } from '../bindings/js/index.js';

const data = fs.readFileSync(process.argv[2], 'utf8');
const lines = data.split('\n').filter((l) => l.length);
const pack = loadPack('durham-2010');
const sample = lines.slice(0, 5000);
for (let i = 0; i < 3; i++) for (const text of sample.slice(0, 2000)) pack.evaluate(text, { raw: true });

const best = (fn) => {
  let min = Infinity;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min / 1000; // seconds
};

const batch = best(() => {
  const out = pack.evaluateBatch(data, { raw: true });
  if (out.split('\n').length - 1 !== lines.length) throw new Error('the batch lost cases');
});
console.log(`js batch ${(lines.length / batch).toFixed(0)} cases/s`);
const perCall = best(() => {
  for (const text of sample) pack.evaluate(text, { raw: true });
});
console.log(`js evaluate ${((perCall * 1e6) / sample.length).toFixed(2)} us`);
