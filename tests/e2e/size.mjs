// The page's transfer size: every file the main page loads (HTML, JavaScript, CSS, the
// WebAssembly core with its word lists and samples), raw, gzip and brotli, by part, and a budget
// check. Prints a table, writes target/bench/size.json and exits 1 when the gzip total is over
// the budget.
//
//   node tests/e2e/size.mjs [--budget-kb 500]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WWW = path.join(REPO, 'www');

/** What a visit to index.html downloads, by part (the benchmarks page is not part of it). */
export const PAGE_FILES = {
  html: ['index.html'],
  js: ['boot.js', 'core.js', 'app.js', 'edit.js', 'export.js', 'i18n.js', 'worker.js', 'pkg/qawl.js'],
  css: ['style.css'],
  wasm: ['pkg/qawl_bg.wasm'],
};

export function measure(file) {
  const bytes = fs.readFileSync(file);
  return {
    raw: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(bytes, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--budget-kb');
  const budgetKb = at >= 0 ? Number(args[at + 1]) : 500;
  const rows = [];
  for (const [part, files] of Object.entries(PAGE_FILES)) {
    for (const name of files) {
      const file = path.join(WWW, name);
      if (!fs.existsSync(file)) {
        console.error(`FAIL: ${path.relative(REPO, file)} is missing (build the page first: make build)`);
        process.exit(1);
      }
      rows.push({ part, file: name, ...measure(file) });
    }
  }
  const total = (key, list = rows) => list.reduce((n, r) => n + r[key], 0);
  const kb = (n) => (n / 1024).toFixed(1).padStart(8);
  console.log(`${'part'.padEnd(6)}${'file'.padEnd(20)}${'raw KB'.padStart(8)}${'gzip KB'.padStart(9)}${'br KB'.padStart(8)}`);
  for (const r of rows) console.log(`${r.part.padEnd(6)}${r.file.padEnd(20)}${kb(r.raw)} ${kb(r.gzip)}${kb(r.brotli)}`);
  const parts = {};
  for (const part of Object.keys(PAGE_FILES)) {
    const list = rows.filter((r) => r.part === part);
    parts[part] = { raw: total('raw', list), gzip: total('gzip', list), brotli: total('brotli', list) };
    console.log(`${part.padEnd(6)}${'(all)'.padEnd(20)}${kb(parts[part].raw)} ${kb(parts[part].gzip)}${kb(parts[part].brotli)}`);
  }
  const sum = { raw: total('raw'), gzip: total('gzip'), brotli: total('brotli') };
  console.log(`${'total'.padEnd(26)}${kb(sum.raw)} ${kb(sum.gzip)}${kb(sum.brotli)}`);
  fs.mkdirSync(path.join(REPO, 'target', 'bench'), { recursive: true });
  fs.writeFileSync(path.join(REPO, 'target', 'bench', 'size.json'),
    `${JSON.stringify({ files: rows, parts, total: sum, budgetKb }, null, 2)}\n`);
  const ok = sum.gzip <= budgetKb * 1024;
  console.log(`${ok ? 'ok  ' : 'FAIL'} size budget: ${(sum.gzip / 1024).toFixed(1)} KB gzip of ${budgetKb} KB`);
  process.exitCode = ok ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
