// Writes the whole page as one HTML file that works from disk (file://) with no network:
// style.css in a <style>, boot.js in an inline script, app.js and the modules it imports in one
// inline module script, the worker (worker.js with the wasm-bindgen glue, as a classic script)
// and the wasm module (base64) in inert data blocks that boot.js starts from a Blob URL. Its
// Content-Security-Policy allows the inline scripts and style by their SHA-256 hashes only (never
// 'unsafe-inline'), Blob URL workers and WebAssembly.
//
//   node tests/e2e/onefile.mjs [--www DIR] [--out FILE]     (make onefile; needs make build)
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function parseArgs(argv) {
  const opts = { www: path.join(REPO, 'www'), out: path.join(REPO, 'target', 'qawl.html') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--www') opts.www = path.resolve(argv[++i]);
    else if (argv[i] === '--out') opts.out = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${JSON.stringify(argv[i])}`);
  }
  return opts;
}

/** Replaces exactly one occurrence of `pattern` in `text`, or fails naming `what`. */
function replaceOnce(text, pattern, replacement, what) {
  const matches = text.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`));
  if (!matches || matches.length !== 1) {
    throw new Error(`onefile: expected one ${what}, found ${matches ? matches.length : 0}`);
  }
  return text.replace(pattern, () => replacement);
}

/**
 * An ES module's source as an expression that evaluates it in its own scope and returns the
 * exports named in `names` (`default` for the default export). Handles the forms our files and
 * wasm-bindgen's glue use: `export function|class|const|async function`, `export default X;` and
 * `export { a, b as default };`.
 */
function moduleExpression(source, names) {
  let body = source.replace(/^export (?=(async )?function|class|const|let)/gm, '');
  const aliases = [];
  body = body.replace(/^export \{([^}]*)\};?$/gm, (_, list) => {
    for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [local, exported = local] = item.split(/\s+as\s+/);
      aliases.push(`${JSON.stringify(exported)}: ${local}`);
    }
    return '';
  });
  body = body.replace(/^export default (.*);$/gm, (_, value) => {
    aliases.push(`"default": ${value}`);
    return '';
  });
  if (/^\s*(export|import)\s/m.test(body)) throw new Error('onefile: an import or export form it does not handle');
  const own = names.filter((n) => !aliases.some((a) => a.startsWith(`${JSON.stringify(n)}:`)));
  const exported = [...aliases, ...own.map((n) => `${JSON.stringify(n)}: ${n}`)];
  return `(() => {\n${body}\nreturn { ${exported.join(', ')} };\n})()`;
}

/** `import a, { b, c } from 'x';` -> the names and a destructuring pattern. */
function importBinding(line) {
  const m = line.match(/^import\s+(?:(\w+)\s*,?\s*)?(?:\{([^}]*)\})?\s*from\s*'([^']+)';$/m);
  if (!m) throw new Error(`onefile: cannot read the import ${JSON.stringify(line)}`);
  const named = (m[2] || '').split(',').map((s) => s.trim()).filter(Boolean);
  const names = [...(m[1] ? ['default'] : []), ...named];
  const pattern = `{ ${[...(m[1] ? [`default: ${m[1]}`] : []), ...named].join(', ')} }`;
  return { names, pattern, from: m[3] };
}

/** Inlines every `import ... from './x.js';` line of `source` (relative to `dir`). */
function inlineImports(source, dir) {
  return source.replace(/^import\s[^;]*from\s*'(\.[^']+)';$/gm, (line) => {
    const { names, pattern, from } = importBinding(line);
    const imported = fs.readFileSync(path.join(dir, from), 'utf8');
    return `const ${pattern} = ${moduleExpression(imported, names)};`;
  });
}

const hash = (text) => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;

// Data blocks hold text up to "</script": the worker's source must not contain it.
function dataBlock(id, type, content) {
  if (/<\/script/i.test(content)) throw new Error(`onefile: ${id} contains </script`);
  return `<script id="${id}" type="${type}">${content}</script>`;
}

function build({ www, out }) {
  const read = (file) => fs.readFileSync(path.join(www, file), 'utf8');
  let html = read('index.html');
  const style = read('style.css');
  const app = inlineImports(read('app.js'), www);
  // A classic worker: Chromium does not start module workers from Blob URLs of a file:// page.
  // The glue's only use of import.meta (finding qawl_bg.wasm) is never reached, since the page
  // hands the worker a compiled module.
  const worker = inlineImports(read('worker.js'), www).replaceAll('import.meta.url', 'self.location.href');
  if (/^\s*(import|export)\s|import\.meta/m.test(worker)) throw new Error('onefile: the worker is not a classic script');
  const wasm = fs.readFileSync(path.join(www, 'pkg', 'qawl_bg.wasm')).toString('base64');
  const boot = read('boot.js');
  for (const [name, source] of [['app.js', app], ['boot.js', boot]]) {
    if (/<\/script/i.test(source)) throw new Error(`onefile: ${name} contains </script`);
  }
  const policy = [
    "default-src 'none'",
    `script-src ${hash(boot)} ${hash(app)} 'wasm-unsafe-eval'`,
    'worker-src blob:',
    `style-src ${hash(style)}`,
    'img-src data:',
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  html = replaceOnce(html, /<meta http-equiv="Content-Security-Policy" content="[^"]*">/,
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`, 'CSP meta');
  html = replaceOnce(html, /<link rel="stylesheet" href="style\.css">/, `<style>${style}</style>`, 'stylesheet link');
  // The data blocks come before boot.js, which starts the worker and compiles the module from them.
  html = replaceOnce(html, /<script src="boot\.js"><\/script>/,
    `${dataBlock('qawl-worker', 'text/plain', worker)}\n  ${dataBlock('qawl-wasm', 'application/octet-stream', wasm)}\n  <script>${boot}</script>`,
    'boot.js script');
  // Every module is inlined into app.js's script: nothing to preload.
  html = html.replace(/\s*<link rel="modulepreload" href="[^"]*">/g, '');
  html = replaceOnce(html, /<script type="module" src="app\.js"><\/script>/, `<script type="module">${app}</script>`,
    'app.js script');
  // The benchmarks page is not part of the one file.
  html = replaceOnce(html, /\s*<a href="benchmarks\.html"[^>]*>[^<]*<\/a>/, '', 'benchmarks link');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, html);
  return html.length;
}

const opts = parseArgs(process.argv.slice(2));
const size = build(opts);
console.log(`${path.relative(process.cwd(), opts.out)}: ${(size / 1024).toFixed(0)} KB, one file (open it from disk)`);
