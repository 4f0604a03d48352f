// Browser benchmark: loads the page in headless Chromium and Firefox and reports medians over
// repeated runs of
//   - the WebAssembly core's download + compile (on the page, boot.js) + the first worker's start
//     and instantiation, to its ready message,
//   - navigation to the first annotated article (performance mark `qawl-first-annotated`), in a
//     new window left to settle first (SETTLE_MS, below),
//   - annotate time per seed article, warm (core time in the worker, and the round trip from the
//     page), after WARMUP_ROUNDS rounds over the seeds,
//   - re-render time after an edit (page run: annotate, rebuild the article and the highlights),
//   - memory (performance.memory where the engine has it),
//   - the core over synthetic texts of 1 KB to 10 MB (seeds concatenated, cut at a line),
//   - a 10 MB paste in the page: time to the last chunk and the longest main-thread task.
// Writes target/bench/wasm-<engine>.json ([{ bytes, seconds }], for the plot next to native.json)
// and target/bench/browser-<engine>.json (everything).
//
//   node tests/e2e/bench.mjs [--engine chromium|firefox] [--runs N] [--max-bytes N] [--settle MS]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { ENGINES, launchEngine } from './browsers.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = path.join(REPO, 'target', 'bench');
const SIZES = [1_000, 10_000, 100_000, 1_000_000, 10_000_000];
/** Rounds over the seeds before the per-article times are taken (see the warm-up below). */
const WARMUP_ROUNDS = 5;
/**
 * How long a new window is left alone before the page is opened in it. Chromium builds its own
 * interface for each new window (the omnibox popup's web page: about a hundred scripts in a
 * renderer of its own), which takes one of this machine's two cores for about half a second.
 * Without the wait, that start-up of the browser's window is timed as part of the page's load
 * (measured: first annotated article 420-620 ms against 230-300 ms after the wait).
 */
const SETTLE_MS = 1500;

function parseArgs(argv) {
  const opts = { engines: ENGINES, runs: 10, maxBytes: 10_000_000, settleMs: SETTLE_MS };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--engine') opts.engines = [argv[++i]];
    else if (flag === '--runs') opts.runs = Number(argv[++i]);
    else if (flag === '--max-bytes') opts.maxBytes = Number(argv[++i]);
    else if (flag === '--settle') opts.settleMs = Number(argv[++i]);
    else {
      console.error('usage: node tests/e2e/bench.mjs [--engine chromium|firefox] [--runs N] [--max-bytes N] [--settle MS]');
      process.exit(2);
    }
  }
  if (!(opts.settleMs >= 0)) {
    console.error('--settle: a number of milliseconds, 0 or more');
    process.exit(2);
  }
  return opts;
}

const median = (values) => {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function openReady(page, url) {
  await page.open(url);
  await page.waitFor(() => document.querySelector('#status')?.dataset.state === 'ready' && window.qawlPage,
    undefined, { timeout: 20_000, message: 'the page to be ready' });
}

// One fresh page in a new window, left to settle for `settleMs`: load timings and memory.
async function loadRun(engine, url, settleMs) {
  const page = await engine.newPage();
  try {
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    await openReady(page, url);
    return await page.evaluate(() => {
      const mark = performance.getEntriesByName('qawl-first-annotated')[0];
      const timings = window.qawlPage.timings();
      return {
        firstAnnotatedMs: mark ? mark.startTime : null,
        wasmInitMs: timings.initMs,
        wasmFetchMs: timings.wasm ? timings.wasm.fetchMs : null,
        heapBytes: performance.memory ? performance.memory.usedJSHeapSize : null,
      };
    });
  } finally {
    await page.close();
  }
}

// Installs window.__synthetic(bytes): a text of about `bytes` UTF-8 bytes from the seeds, cut
// at a line break (page side; the page's CSP forbids building functions from text).
function installSynthetic() {
  window.__synthetic = (bytes) => {
  const seeds = window.qawlPage.samples().map((s) => window.qawlPage.sampleText(s.id));
  const encoder = new TextEncoder();
  const parts = [];
  let total = 0;
  for (let i = 0; total < bytes; i++) {
    const seed = seeds[i % seeds.length];
    const size = encoder.encode(seed).length + 2;
    if (total + size <= bytes) {
      parts.push(seed);
      total += size;
    } else {
      // The last piece: whole lines of the next seed while they fit, else characters.
      let piece = '';
      for (const line of seed.split('\n')) {
        const next = piece ? `${piece}\n${line}` : line;
        if (total + encoder.encode(next).length > bytes) break;
        piece = next;
      }
      if (!piece) piece = seed.slice(0, Math.max(1, Math.floor((bytes - total) / 2)));
      parts.push(piece);
      break;
    }
  }
  const text = parts.join('\n\n');
  return { text, bytes: encoder.encode(text).length };
  };
}

async function benchEngine(engineName, opts, url) {
  const engine = await launchEngine(engineName);
  console.log(`# ${engine.version}`);
  const summary = { engine: engine.version, runs: opts.runs, settleMs: opts.settleMs };
  try {
    const loads = [];
    for (let i = 0; i < opts.runs; i++) loads.push(await loadRun(engine, url, opts.settleMs));
    summary.load = {
      firstAnnotatedMs: median(loads.map((l) => l.firstAnnotatedMs)),
      wasmInitMs: median(loads.map((l) => l.wasmInitMs)),
      wasmFetchMs: median(loads.map((l) => l.wasmFetchMs)),
      heapBytes: median(loads.map((l) => l.heapBytes)),
    };
    console.log(`navigation -> first annotated article (window settled ${opts.settleMs} ms before): ${summary.load.firstAnnotatedMs?.toFixed(0)} ms; ` +
      `wasm download+compile+instantiate: ${summary.load.wasmInitMs?.toFixed(0)} ms ` +
      `(fetch ${summary.load.wasmFetchMs?.toFixed(0) ?? '?'} ms); JS heap: ${summary.load.heapBytes === null ? 'n/a' : `${(summary.load.heapBytes / 1e6).toFixed(1)} MB`}`);

    const page = await engine.newPage();
    try {
      await openReady(page, url);
      const repeats = Math.max(opts.runs, 10);
      summary.seeds = await page.evaluate(async ({ repeats, warmup }) => {
        const out = [];
        // Warm-up: the engines run new wasm code from a quick baseline compile first and
        // optimize the functions that turn out hot a little later, in the background. The
        // per-article figure is the warm one; the cold first article is the load figure above.
        for (let round = 0; round < warmup; round++) {
          for (const { id } of window.qawlPage.samples()) await window.qawlPage.annotate(window.qawlPage.sampleText(id));
        }
        for (const { id } of window.qawlPage.samples()) {
          const text = window.qawlPage.sampleText(id);
          const core = [];
          const trip = [];
          for (let i = 0; i < repeats; i++) {
            const started = performance.now();
            const result = await window.qawlPage.annotate(text);
            trip.push(performance.now() - started);
            core.push(result.elapsedMs);
          }
          const med = (v) => v.sort((a, b) => a - b)[v.length >> 1];
          out.push({ id, characters: text.length, coreMs: med(core), roundTripMs: med(trip) });
        }
        return out;
      }, { repeats, warmup: WARMUP_ROUNDS });
      summary.warmupRounds = WARMUP_ROUNDS;
      for (const s of summary.seeds) {
        console.log(`seed ${s.id}: core ${s.coreMs.toFixed(2)} ms, round trip ${s.roundTripMs.toFixed(2)} ms`);
      }
      summary.seedCoreMs = median(summary.seeds.map((s) => s.coreMs));

      // Re-render after an edit: the page's run (core, article, highlights, panel), no debounce.
      const edits = [];
      for (let i = 0; i < opts.runs; i++) {
        edits.push(await page.evaluate(async (i) => {
          const id = window.qawlPage.samples()[0].id;
          const text = `${window.qawlPage.sampleText(id)}${' '.repeat(i + 1)}`;
          await window.qawlPage.load(text);
          return window.qawlPage.timings().lastRun.ms;
        }, i));
      }
      summary.rerenderMs = median(edits);
      console.log(`re-render after an edit: ${summary.rerenderMs.toFixed(1)} ms (median of ${edits.length})`);

      // The core alone over synthetic sizes (one call each, in the worker).
      await page.evaluate(installSynthetic);
      summary.sizes = [];
      for (const target of SIZES.filter((b) => b <= opts.maxBytes)) {
        const repeat = target >= 10_000_000 ? Math.min(3, opts.runs) : target >= 1_000_000 ? Math.min(5, opts.runs) : Math.max(opts.runs, 10);
        const r = await page.evaluate(async ({ target, repeat }) => {
          const { text, bytes } = window.__synthetic(target);
          const times = [];
          for (let i = 0; i < repeat; i++) times.push((await window.qawlPage.annotate(text)).elapsedMs);
          times.sort((a, b) => a - b);
          return { bytes, ms: times[times.length >> 1], repeat };
        }, { target, repeat });
        summary.sizes.push({ bytes: r.bytes, seconds: r.ms / 1000, runs: r.repeat });
        const rate = r.ms > 0 ? `${(r.bytes / 1e6 / (r.ms / 1000)).toFixed(2)} MB/s` : 'below the timer resolution';
        console.log(`core on ${r.bytes} bytes: ${r.ms.toFixed(1)} ms (${rate}, median of ${r.repeat})`);
      }
    } finally {
      await page.close();
    }

    // A 10 MB text in the page: chunks in the worker, progressive rendering, long tasks.
    if (opts.maxBytes >= 10_000_000) {
      const big = await engine.newPage();
      try {
        await openReady(big, url);
        await big.evaluate(installSynthetic);
        summary.page10MB = await big.evaluate(async () => {
          const { text, bytes } = window.__synthetic(10_000_000);
          const tasks = [];
          // Firefox has no long-task entries: say so rather than report none.
          const observable = (PerformanceObserver.supportedEntryTypes || []).includes('longtask');
          if (observable) {
            new PerformanceObserver((list) => { for (const e of list.getEntries()) tasks.push(e.duration); })
              .observe({ type: 'longtask' });
          }
          const started = performance.now();
          await window.qawlPage.load(text);
          const ms = performance.now() - started;
          await new Promise((r) => setTimeout(r, 200));
          return {
            bytes, ms, chunks: window.qawlPage.state().chunks, workers: window.qawlPage.state().workers,
            longTasks: observable ? tasks.length : null,
            longestTaskMs: observable ? Math.max(0, ...tasks) : null,
            heapBytes: performance.memory ? performance.memory.usedJSHeapSize : null,
          };
        });
        const p = summary.page10MB;
        console.log(`page, 10 MB text: ${(p.ms / 1000).toFixed(2)} s in ${p.chunks} chunks on ${p.workers} workers; long tasks: ` +
          `${p.longTasks === null ? 'not observable in this engine' : `${p.longTasks}, longest ${p.longestTaskMs.toFixed(0)} ms`}`);
      } finally {
        await big.close();
      }
    }
  } finally {
    await engine.close();
  }
  return summary;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  fs.mkdirSync(OUT, { recursive: true });
  const server = await startServer(path.join(REPO, 'www'));
  try {
    for (const engine of opts.engines) {
      const summary = await benchEngine(engine, opts, server.url);
      fs.writeFileSync(path.join(OUT, `browser-${engine}.json`), `${JSON.stringify(summary, null, 2)}\n`);
      fs.writeFileSync(path.join(OUT, `wasm-${engine}.json`),
        `${JSON.stringify(summary.sizes.map(({ bytes, seconds }) => ({ bytes, seconds })), null, 2)}\n`);
      console.log(`wrote target/bench/wasm-${engine}.json and browser-${engine}.json`);
    }
  } finally {
    await server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
