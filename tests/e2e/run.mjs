// Runs every case of cases.mjs in Chromium (playwright-core) and Firefox (puppeteer-core)
// against www/ served on 127.0.0.1, prints `ok`/`FAIL` per case and engine, saves screenshots
// to target/screenshots/<engine>-<name>.png and exits non-zero on any failure.
//
//   node tests/e2e/run.mjs [--engine chromium|firefox] [--case NAME[,NAME...]] [--root DIR]
//
// --root serves another folder instead of www/ (to debug the harness on a stub page).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { ENGINES, launchEngine } from './browsers.mjs';
import { cases as basic } from './cases.mjs';
import { cases as robust } from './robust.mjs';
import { cases as workbench } from './workbench.mjs';

const cases = [...basic, ...robust, ...workbench];

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CASE_TIMEOUT = 90_000;

function parseArgs(argv) {
  const opts = { engines: ENGINES, cases: null, root: path.join(REPO, 'www') };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (flag === '--engine') {
      const e = value();
      if (!ENGINES.includes(e)) usage(`unknown engine ${JSON.stringify(e)}`);
      opts.engines = [e];
    } else if (flag === '--case') {
      opts.cases = value().split(',').filter(Boolean);
    } else if (flag === '--root') {
      opts.root = path.resolve(value());
    } else if (flag === '--help' || flag === '-h') {
      usage();
    } else usage(`unknown argument ${JSON.stringify(argv[i])}`);
  }
  return opts;
}

function usage(error) {
  if (error) console.error(error);
  console.error('usage: node tests/e2e/run.mjs [--engine chromium|firefox] [--case NAME,...] [--root DIR]');
  console.error(`cases: ${cases.map((c) => c.name).join(' ')}`);
  process.exit(error ? 2 : 0);
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
    }),
  ]);
}

const oneLine = (s) => String(s).replace(/\s*\n\s*/g, ' ⏎ ');

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const selected = opts.cases ? cases.filter((c) => opts.cases.includes(c.name)) : cases;
  if (opts.cases) {
    const unknown = opts.cases.filter((n) => !cases.some((c) => c.name === n));
    if (unknown.length) usage(`unknown case(s): ${unknown.join(', ')}`);
  }
  if (!fs.existsSync(path.join(opts.root, 'index.html'))) {
    console.error(`FAIL: ${path.join(opts.root, 'index.html')} does not exist (build the page first: make build)`);
    process.exit(1);
  }
  const shots = path.join(REPO, 'target', 'screenshots');
  fs.mkdirSync(shots, { recursive: true });
  const server = await startServer(opts.root);
  console.log(`serving ${path.relative(REPO, opts.root) || '.'} at ${server.url}`);

  let passed = 0;
  let failed = 0;
  const failures = [];
  try {
    for (const engineName of opts.engines) {
      let engine;
      try {
        engine = await withTimeout(launchEngine(engineName), 60_000, `launching ${engineName}`);
        console.log(`# ${engineName}: ${engine.version}`);
      } catch (e) {
        for (const c of selected) {
          console.log(`FAIL ${engineName} ${c.name}: browser did not launch: ${oneLine(e.message)}`);
          failures.push(`${engineName} ${c.name}`);
          failed++;
        }
        continue;
      }
      try {
        for (const c of selected) {
          const extra = [];
          const started = Date.now();
          let page;
          let note = '';
          let error = null;
          try {
            page = await engine.newPage();
            const t = {
              page,
              url: server.url,
              engine: engineName,
              root: opts.root,
              repo: REPO,
              shot: (name) => page.screenshot(path.join(shots, `${engineName}-${name}.png`)),
              startServer: async (o) => {
                const s = await startServer(opts.root, o);
                extra.push(s);
                return s;
              },
            };
            note = (await withTimeout(c.run(t), CASE_TIMEOUT, `case ${c.name}`)) || '';
          } catch (e) {
            error = e;
          }
          if (page) {
            await withTimeout(page.screenshot(path.join(shots, `${engineName}-${c.name}.png`)), 20_000, 'screenshot')
              .catch((e) => { if (!error) error = new Error(`screenshot failed: ${e.message}`); });
          }
          const secs = ((Date.now() - started) / 1000).toFixed(1);
          if (error) {
            const kind = error.name === 'AssertionError' ? '' : `${error.name}: `;
            console.log(`FAIL ${engineName} ${c.name} (${secs} s): ${kind}${oneLine(error.message)}`);
            if (page && page.errors.length) console.log(`     page errors: ${oneLine(page.errors.join(' | '))}`);
            failures.push(`${engineName} ${c.name}`);
            failed++;
          } else {
            console.log(`ok   ${engineName} ${c.name} (${secs} s)${note ? ` ${oneLine(note)}` : ''}`);
            passed++;
          }
          if (page) await withTimeout(page.close(), 10_000, 'closing the page').catch(() => {});
          for (const s of extra) await s.close();
        }
      } finally {
        await withTimeout(engine.close(), 20_000, `closing ${engineName}`).catch((e) =>
          console.error(`warning: ${e.message}`),
        );
      }
    }
  } finally {
    await server.close();
  }
  console.log(`screenshots in ${path.relative(process.cwd(), shots) || '.'}`);
  if (failures.length) console.log(`failed: ${failures.join(', ')}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
