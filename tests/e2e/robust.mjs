// End-to-end cases for a page that is safe, loses nothing and stays responsive (issues 5 and 8):
// the Content-Security-Policy, no HTML sinks in the sources, no network after load, bidi controls
// kept inside the article, lone surrogates, files in other encodings, reloads, a panicking core
// and a 10 MB text. Same context `t` as cases.mjs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { show } from './browsers.mjs';
import {
  AssertionError, FILE_TEXT, PASTE_TEXT, assert, brief, core, eq, installHelpers, loadSample,
  openReady, samples, settle, sleep, snapshot, waitReady,
} from './cases.mjs';

/** Strings that let text become code; none may appear in the page's sources. */
export const SINKS = ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function'];

/** The page's source files: www/ without the benchmark pictures, with the generated pkg/. */
export function pageSources(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.(m?js|html|css)$/.test(entry.name)) out.push(file);
    }
  };
  walk(root);
  return out;
}

const BIDI_TEXT =
  'قال الرئيس فلاديمير بوتين \u202D"إن التعاون \u2066مع الصين\u202E في أفضل حالاته" \u2069\u2069 في موسكو.\n' +
  '\u202Eوأضاف شي جين بينغ\u2067 أن "العلاقات \u2068قوية\u202C".\n\u202Dسطر أخير بلا إغلاق';

// UI elements whose place depends on nothing the article says.
function uiBoxes() {
  // The same scroll bar before and after, whatever the article's length.
  document.documentElement.style.overflowY = 'scroll';
  // (Not the panel: its column grows with the longest word it lists.)
  const selectors = ['h1', '.tagline', '.control > span', '#legend label', '#legend legend', '.paste summary'];
  const out = {};
  for (const selector of selectors) {
    document.querySelectorAll(selector).forEach((el, i) => {
      const r = el.getBoundingClientRect();
      out[`${selector}#${i}`] = [r.left, r.top, r.width, r.height].map((x) => Math.round(x * 10) / 10).join(',');
    });
  }
  return out;
}

async function chooseFile(t, name, bytes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qawl-e2e-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  try {
    await t.page.setInputFiles('#file', file);
    await sleep(300);
  } finally {
    setTimeout(() => fs.rmSync(dir, { recursive: true, force: true }), 5000);
  }
}

function windows1256(text) {
  const decoder = new TextDecoder('windows-1256');
  const table = new Map();
  for (let byte = 0; byte < 256; byte++) table.set(decoder.decode(Uint8Array.of(byte)), byte);
  return Uint8Array.from([...text].map((ch) => {
    if (!table.has(ch)) throw new Error(`harness: ${show(ch)} has no Windows-1256 byte`);
    return table.get(ch);
  }));
}

function utf16(text, bigEndian, bom) {
  const units = (bom ? '\uFEFF' : '') + text;
  const out = Buffer.alloc(units.length * 2);
  for (let i = 0; i < units.length; i++) {
    if (bigEndian) out.writeUInt16BE(units.charCodeAt(i), i * 2);
    else out.writeUInt16LE(units.charCodeAt(i), i * 2);
  }
  return out;
}

const statusOf = (t) => t.page.evaluate(() => {
  const s = document.querySelector('#status');
  return { state: s.dataset.state, text: s.textContent };
});

export const cases = [
  {
    name: 'csp',
    async run(t) {
      const notes = [];
      for (const file of ['index.html', 'benchmarks.html']) {
        const html = fs.readFileSync(path.join(t.root, file), 'utf8');
        const meta = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i);
        assert(meta, `${file} has no Content-Security-Policy meta`);
        const policy = Object.fromEntries(meta[1].split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
        eq((policy['default-src'] || []).join(' '), "'self'", `${file}: default-src`);
        const scripts = (policy['script-src'] || []).filter((v) => v !== "'wasm-unsafe-eval'").join(' ');
        eq(scripts, "'self'", `${file}: script-src other than 'wasm-unsafe-eval'`);
        assert(!/'unsafe-inline'|'unsafe-eval'|\s\*/.test(meta[1]), `${file}: the policy allows too much: ${meta[1]}`);
        assert(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(html), `${file}: an inline <script>`);
        assert(!/\sstyle\s*=/i.test(html), `${file}: a style attribute (needs unsafe-inline)`);
        assert(!/\son[a-z]+\s*=/i.test(html), `${file}: an inline event handler`);
        assert(!/<style[\s>]/i.test(html), `${file}: an inline <style>`);
        notes.push(`${file} ok`);
      }
      // The policy is in force: an inline script added to the page does not run.
      await openReady(t);
      const seen = await t.page.evaluate(async () => {
        let violations = 0;
        document.addEventListener('securitypolicyviolation', () => { violations++; });
        const script = document.createElement('script');
        script.textContent = 'window.__inline = 1';
        document.body.append(script);
        await new Promise((r) => setTimeout(r, 300));
        return { ran: typeof window.__inline !== 'undefined', violations };
      });
      eq(seen.ran, false, 'an inline script added to the page ran');
      assert(seen.violations >= 1, 'no securitypolicyviolation event for an inline script');
      return notes.join(', ');
    },
  },

  {
    name: 'no-sinks',
    async run(t) {
      const files = pageSources(t.root);
      assert(files.some((f) => f.endsWith('app.js')) && files.some((f) => f.endsWith('worker.js')),
        `the sources of www/ are missing app.js or worker.js: ${show(files)}`);
      assert(files.some((f) => f.includes(`${path.sep}pkg${path.sep}`)), 'www/pkg/ is not built (make build)');
      const found = [];
      for (const file of files) {
        const text = fs.readFileSync(file, 'utf8');
        for (const sink of SINKS) if (text.includes(sink)) found.push(`${path.relative(t.root, file)}: ${sink}`);
      }
      eq(found.join('; '), '', 'HTML and code sinks in www/');
      return `${files.length} files checked`;
    },
  },

  {
    name: 'inert-text',
    async run(t) {
      await openReady(t);
      const text = 'javascript:window.__pwned=3 <a href="javascript:window.__pwned=4">رابط</a> ' +
        '<iframe src="javascript:parent.__pwned=5"></iframe> قال بوتين "نعم".';
      await t.page.fill('#input', text);
      await settle(t, text, { timeout: 3000 });
      // Click every element of the article and the panel that holds the text.
      await t.page.click('#article');
      const seen = await t.page.evaluate(() => ({
        pwned: typeof window.__pwned === 'undefined' ? 'undefined' : String(window.__pwned),
        links: document.querySelectorAll('#article a, #article iframe, .panel a, .panel iframe').length,
        frames: window.frames.length,
      }));
      eq(seen.pwned, 'undefined', 'window.__pwned');
      eq(seen.links, 0, 'links or frames made from the text');
      eq(seen.frames, 0, 'frames in the page');
      return 'javascript: and HTML shown as text';
    },
  },

  {
    name: 'no-network',
    async run(t) {
      const server = await t.startServer();
      await openReady(t, server.url);
      // Loading ends when every worker has its core.
      await t.page.waitFor(() => {
        const s = window.qawlPage.state();
        return s.workers >= 1 && s.workersReady === s.workers;
      }, undefined, { timeout: 10_000, message: 'every worker to be ready' });
      await sleep(300);
      const before = server.requests.length;
      const list = await samples(t);
      await loadSample(t, list[list.length - 1].id);
      await t.page.fill('#input', PASTE_TEXT);
      await settle(t, PASTE_TEXT, { timeout: 3000 });
      await chooseFile(t, 'news.txt', Buffer.from(FILE_TEXT, 'utf8'));
      await settle(t, FILE_TEXT, { timeout: 3000 });
      const long = await t.page.evaluate(async () => {
        const text = Array(150).fill(window.qawlPage.sampleText(window.qawlPage.samples()[0].id)).join('\n\n');
        await window.qawlPage.load(text);
        return window.qawlPage.state().chunks;
      });
      assert(long > 1, `the long text was not split: ${long} chunk`);
      await t.page.click('#legend label[data-key="PER"]');
      await t.page.evaluate(() => document.querySelector('#entities button')?.click());
      await sleep(500);
      const after = server.requests.slice(before);
      eq(after.join(' '), '', 'requests after load while annotating');
      return `${before} requests to load, none after`;
    },
  },

  {
    name: 'bidi',
    async run(t) {
      await openReady(t);
      const before = await t.page.evaluate(uiBoxes);
      await t.page.fill('#input', BIDI_TEXT);
      const snap = await settle(t, BIDI_TEXT, { timeout: 3000 });
      assert(snap.state.quotes >= 1, `no quote found in the bidi text: ${show(snap.state)}`);
      const after = await t.page.evaluate(uiBoxes);
      for (const key of Object.keys(before)) eq(after[key], before[key], `box of ${key} after bidi controls`);
      const leaks = await t.page.evaluate(() => {
        const isolating = new Set(['isolate', 'isolate-override', 'plaintext']);
        const controls = /[\u202A-\u202E\u2066-\u2069]/;
        const out = [];
        if (getComputedStyle(document.querySelector('#article')).unicodeBidi !== 'isolate') out.push('#article not isolated');
        for (const root of document.querySelectorAll('#article, .panel, #details, #status, #notice')) {
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (!controls.test(n.data)) continue;
            const el = n.parentElement;
            const own = getComputedStyle(el);
            const block = !own.display.startsWith('inline');
            if (!isolating.has(own.unicodeBidi) && !(block && el.closest('#article'))) {
              out.push(`${el.tagName.toLowerCase()}.${el.className}: ${JSON.stringify(n.data.slice(0, 30))}`);
            }
          }
        }
        // In each quote button, the speaker comes first (right) and its badge after it (left).
        for (const button of document.querySelectorAll('#quotes button')) {
          const speaker = button.querySelector('.speaker').getBoundingClientRect();
          const badge = button.querySelector('.badge').getBoundingClientRect();
          if (badge.right > speaker.left + 1) out.push(`badge right of speaker in ${JSON.stringify(button.textContent.slice(0, 30))}`);
        }
        return out;
      });
      eq(leaks.join('; '), '', 'article text shown without isolation');
      // A file name with an override in the status message.
      await chooseFile(t, '\u202Dملف\u202E.bin', Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7, 8, 9, 0]));
      const message = await t.page.evaluate(() => {
        const s = document.querySelector('#status');
        const name = s.querySelector('bdi');
        if (!name) return null;
        const rest = document.createRange();
        rest.setStartAfter(name);
        rest.setEnd(s, s.childNodes.length);
        const n = name.getBoundingClientRect();
        const r = rest.getBoundingClientRect();
        return { name: name.textContent, state: s.dataset.state, restLeftOfName: r.right <= n.left + 1 || r.top > n.top + 2 };
      });
      assert(message, 'the status message does not isolate the file name in a <bdi>');
      eq(message.state, 'error', '#status after a binary file');
      eq(message.restLeftOfName, true, 'the words after the file name are left of it (or on the next line)');
      return `${Object.keys(before).length} UI boxes unchanged`;
    },
  },

  {
    name: 'surrogates',
    async run(t) {
      await openReady(t);
      // Built in the page: the drivers may replace lone surrogates on the way in.
      const seen = await t.page.evaluate(async () => {
        const lone = [String.fromCharCode(0xd800), String.fromCharCode(0xdc00), String.fromCharCode(0xdbff)];
        const text = `قال ${lone[0]}الرئيس فلاديمير بوتين ${lone[1]} في موسكو إن "${lone[2]}التعاون مع الصين مهم".`;
        const result = await window.qawlPage.annotate(text);
        const wrong = result.entities.filter((e) => text.slice(e.start, e.end).replace(/[\ud800-\udfff]/g, '\ufffd') !== e.text);
        const input = document.querySelector('#input');
        input.value = text;
        input.dispatchEvent(new InputEvent('input', { bubbles: true }));
        for (let i = 0; i < 100 && window.qawlPage.state().text !== text; i++) await new Promise((r) => setTimeout(r, 50));
        await new Promise((r) => setTimeout(r, 300));
        const state = window.qawlPage.state();
        const shown = [...document.querySelectorAll('#article p')].map((p) => p.textContent).join('\n');
        const ranges = [];
        for (const [name, h] of CSS.highlights) {
          if (!name.startsWith('qawl-') || name === 'qawl-quote' || name === 'qawl-active' || name === 'qawl-speaker') continue;
          for (const r of h) ranges.push(window.__qawlE2E.offsetOf(r.startContainer, r.startOffset));
        }
        return {
          length: text.length,
          stateLength: state.text.length,
          shownSame: shown === text,
          entities: result.entities.map((e) => `${e.label}:${e.start}`),
          afterLone: result.entities.filter((e) => e.start > text.indexOf(lone[1])).length,
          wrong: wrong.map((e) => `${e.start}-${e.end}:${e.text}`),
          starts: ranges.sort((a, b) => a - b),
          want: result.entities.map((e) => e.start).sort((a, b) => a - b),
          status: document.querySelector('#status').dataset.state,
        };
      });
      eq(seen.wrong.join(' '), '', 'entities whose offsets do not slice the text');
      assert(seen.afterLone >= 1, `no entity after the lone surrogates: ${show(seen.entities)}`);
      eq(seen.stateLength, seen.length, 'UTF-16 length of the shown text');
      eq(seen.shownSame, true, '#article shows the text with its lone surrogates');
      eq(seen.starts.join(','), seen.want.join(','), 'highlight starts vs entity starts');
      eq(seen.status, 'ready', '#status');
      return seen.entities.join(' ');
    },
  },

  {
    name: 'encodings',
    async run(t) {
      await openReady(t);
      const files = [
        ['cp1256.txt', windows1256(FILE_TEXT), 'windows-1256'],
        ['utf16le-bom.txt', utf16(FILE_TEXT, false, true), 'UTF-16LE'],
        ['utf16be-bom.txt', utf16(FILE_TEXT, true, true), 'UTF-16BE'],
        ['utf16le.txt', utf16(FILE_TEXT, false, false), 'UTF-16LE'],
        ['utf16be.txt', utf16(FILE_TEXT, true, false), 'UTF-16BE'],
        ['utf8-bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(FILE_TEXT)]), 'UTF-8'],
      ];
      const notes = [];
      for (const [name, bytes, encoding] of files) {
        await t.page.fill('#input', PASTE_TEXT);
        await settle(t, PASTE_TEXT, { timeout: 3000 });
        await chooseFile(t, name, bytes);
        const snap = await settle(t, FILE_TEXT, { timeout: 3000, what: `${name} to be shown` });
        const notice = await t.page.evaluate(() => document.querySelector('#notice').textContent);
        assert(notice.includes(encoding), `${name}: #notice does not name ${encoding}: ${show(notice)}`);
        assert(snap.state.entities > 0, `${name}: no entity`);
        notes.push(`${name}→${encoding}`);
      }
      // Binary files: a clear message, and the article stays.
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]);
      const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 255 + 1));
      for (const [name, bytes] of [['picture.png', png], ['noise.bin', noise]]) {
        await chooseFile(t, name, bytes);
        const s = await statusOf(t);
        eq(s.state, 'error', `#status after ${name}`);
        assert(s.text.includes(name), `${name}: the message does not name the file: ${show(s.text)}`);
        const snap = await snapshot(t);
        eq(snap.articleText, FILE_TEXT, `#article after ${name}`);
        eq(snap.state.text, FILE_TEXT, `state().text after ${name}`);
      }
      return notes.join(', ');
    },
  },

  {
    name: 'reload',
    async run(t) {
      await openReady(t);
      const list = await samples(t);
      const chosen = list[1];
      const { text } = await loadSample(t, chosen.id);
      await t.page.click('#legend label[data-key="PER"]');
      await t.page.click('#legend label[data-key="QUOTE"]');
      await sleep(200);
      await t.page.reload();
      await waitReady(t);
      const snap = await settle(t, text, { what: 'the chosen sample after a reload' });
      const kept = await t.page.evaluate(() => ({
        sample: document.querySelector('#sample').value,
        per: document.querySelector('#legend input[data-type=PER]').checked,
        quote: document.querySelector('#legend input[data-type=QUOTE]').checked,
      }));
      eq(kept.sample, chosen.id, '#sample after a reload');
      eq(kept.per, false, 'PER box after a reload');
      eq(kept.quote, false, 'QUOTE box after a reload');
      eq(snap.real['qawl-PER'], 0, 'qawl-PER ranges after a reload');
      assert(!snap.state.visibleTypes.includes('PER'), 'PER in visibleTypes after a reload');
      assert(snap.real['qawl-LOC'] > 0, 'no LOC ranges after a reload');

      // A pasted article survives too.
      await t.page.fill('#input', PASTE_TEXT);
      await settle(t, PASTE_TEXT, { timeout: 3000 });
      await t.page.reload();
      await waitReady(t);
      const pasted = await settle(t, PASTE_TEXT, { what: 'the pasted article after a reload' });
      eq(pasted.inputValue, PASTE_TEXT, '#input after a reload');
      eq(await t.page.evaluate(() => document.querySelector('#sample').value), '', '#sample after a reload');

      // Storage that refuses: the page still annotates and says the text will not be kept.
      await t.page.evaluate(() => {
        Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };
      });
      const other = 'قال شي جين بينغ في بكين "نعم".';
      await t.page.fill('#input', other);
      const full = await settle(t, other, { timeout: 3000, what: 'annotation with full storage' });
      assert(full.state.entities > 0, 'no entity with full storage');
      const notice = await t.page.evaluate(() => {
        const n = document.querySelector('#notice');
        return n.hidden ? '' : n.textContent;
      });
      assert(notice.includes('QuotaExceededError') || notice.includes('full'), `#notice with full storage: ${show(notice)}`);
      return `sample ${chosen.id}, PER and QUOTE off, pasted text kept; full storage: ${notice.slice(0, 40)}`;
    },
  },

  {
    name: 'panic',
    async run(t) {
      await openReady(t);
      const list = await samples(t);
      const { text } = await loadSample(t, list[0].id);
      const reason = await t.page.evaluate(() => window.qawlPage.panicCore());
      assert(/panicNow/.test(String(reason)), `panicCore() did not report the panic: ${show(reason)}`);
      const s = await t.page.waitFor(
        () => {
          const el = document.querySelector('#status');
          return el.dataset.state === 'error' ? el.textContent : null;
        },
        undefined,
        { timeout: 3000, message: '#status to report the panic', explain: brief },
      );
      assert(s.includes('panicNow'), `#status does not say what happened: ${show(s)}`);
      const snap = await snapshot(t);
      eq(snap.articleText, text, '#article after the panic');
      eq(snap.inputValue, text, '#input after the panic');
      // The page starts a fresh core: the next text is annotated.
      await t.page.fill('#input', PASTE_TEXT);
      const after = await settle(t, PASTE_TEXT, { timeout: 5000, what: 'annotation after the panic' });
      assert(after.state.entities > 0, `no entity after the panic: ${show(after.state)}`);
      eq((await statusOf(t)).state, 'ready', '#status after annotating again');
      return show(s.slice(0, 90));
    },
  },

  {
    name: 'benchmarks',
    async run(t) {
      await t.page.open(`${t.url}benchmarks.html`);
      const seen = await t.page.waitFor(() => {
        const img = document.querySelector('img[src="bench/annotate-time.png"]');
        const status = document.querySelector('#bench-status');
        if (!img || !img.complete || status.textContent.includes('…')) return null;
        return {
          image: img.naturalWidth,
          rows: document.querySelectorAll('#bench-figures tr').length,
          sizes: document.querySelectorAll('#bench-size tr').length,
          status: status.textContent,
          linked: !!document.querySelector('a[href="index.html"]'),
        };
      }, undefined, { timeout: 5000, message: 'the benchmarks page to show its plot and figures' });
      assert(seen.image > 0, 'the plot did not load');
      eq(seen.status, '', '#bench-status (an error loading bench/summary.json?)');
      assert(seen.rows > 1 && seen.sizes > 1, `empty tables: ${show(seen)}`);
      assert(seen.linked, 'no link back to the annotator');
      const fromMain = await t.page.evaluate(async () => {
        const html = await (await fetch('index.html')).text();
        return html.includes('href="benchmarks.html"');
      });
      eq(fromMain, true, 'index.html links to benchmarks.html');
      eq(t.page.errors.join(' '), '', 'console errors on the benchmarks page');
      return `plot ${seen.image} px wide, ${seen.rows - 1} figures, ${seen.sizes - 1} size rows`;
    },
  },

  {
    name: 'large',
    async run(t) {
      await openReady(t);
      const started = await t.page.evaluate(() => {
        window.__longTasks = null;
        if ((PerformanceObserver.supportedEntryTypes || []).includes('longtask')) {
          window.__longTasks = [];
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) window.__longTasks.push(Math.round(entry.duration));
          }).observe({ type: 'longtask' });
        }
        const seeds = window.qawlPage.samples().map((s) => window.qawlPage.sampleText(s.id));
        const encoder = new TextEncoder();
        const parts = [];
        let bytes = 0;
        for (let i = 0; bytes < 10_000_000; i++) {
          const seed = seeds[i % seeds.length];
          parts.push(seed);
          bytes += encoder.encode(seed).length + 2;
        }
        const text = parts.join('\n\n');
        window.__large = text;
        window.__largeStart = performance.now();
        // Pasted, as a person would: a paste event carrying the text.
        const data = new DataTransfer();
        data.setData('text/plain', text);
        const input = document.querySelector('#input');
        input.focus();
        input.select();
        const paste = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
        input.dispatchEvent(paste);
        // Firefox hides the data of a paste event made by a script; load the text as a paste would.
        const pasted = paste.defaultPrevented;
        if (!pasted) window.qawlPage.load(text);
        return { length: text.length, bytes, pasted };
      });
      const done = await t.page.waitFor(
        () => {
          const s = window.qawlPage.state();
          return s.text === window.__large && s.chunks > 1 && s.annotatedChunks === s.chunks &&
            document.querySelector('#status').dataset.state === 'ready'
            ? { chunks: s.chunks, ms: performance.now() - window.__largeStart } : null;
        },
        undefined,
        { timeout: 60_000, interval: 250, message: 'the 10 MB text to be annotated', explain: brief },
      );
      const check = await t.page.evaluate(async () => {
        const text = window.__large;
        const { entities, quotes } = window.qawlPage.result();
        const chunks = window.qawlPage.chunks();
        const problems = [];
        let joined = 0;
        chunks.forEach((c, i) => {
          if (i && c.start !== chunks[i - 1].end) problems.push(`chunk ${i} starts at ${c.start}, not ${chunks[i - 1].end}`);
        });
        if (chunks[chunks.length - 1].end !== text.length) problems.push('the chunks do not cover the text');
        for (const e of entities) if (text.slice(e.start, e.end) !== e.text) { problems.push(`entity ${e.start}-${e.end}`); break; }
        for (const q of quotes) if (text.slice(q.start, q.end) !== q.text) { problems.push(`quote ${q.start}-${q.end}`); break; }
        for (let i = 1; i < entities.length; i++) if (entities[i].start < entities[i - 1].start) { problems.push('entities out of order'); break; }
        // Chunks after a join, annotated on their own, give the same annotations moved by their start.
        for (const i of [1, Math.floor(chunks.length / 2), chunks.length - 1]) {
          const c = chunks[i];
          const own = await window.qawlPage.annotate(text.slice(c.start, c.end));
          const want = own.entities.map((e) => `${e.start + c.start}-${e.end + c.start}:${e.label}`).join(' ');
          const got = entities.filter((e) => e.start >= c.start && e.start < c.end).map((e) => `${e.start}-${e.end}:${e.label}`).join(' ');
          if (want !== got) problems.push(`chunk ${i}: ${got.slice(0, 80)} vs ${want.slice(0, 80)}`);
          if (!own.entities.length) problems.push(`chunk ${i} has no entity`);
          joined += own.entities.length;
        }
        // Highlights: some, all on entities, and only near the viewport.
        const at = new Set(entities.map((e) => `${e.start}-${e.end}`));
        let painted = 0;
        for (const [name, h] of CSS.highlights) {
          if (!/^qawl-(PER|LOC|ORG|NORP|DATE|TIME|MONEY|PERCENT)$/.test(name)) continue;
          for (const r of h) {
            painted++;
            const key = `${window.__qawlE2E.offsetOf(r.startContainer, r.startOffset)}-${window.__qawlE2E.offsetOf(r.endContainer, r.endOffset)}`;
            if (!at.has(key)) { problems.push(`range ${key} on no entity`); break; }
          }
        }
        const shown = [...document.querySelectorAll('#article p')].length;
        return { problems, entities: entities.length, quotes: quotes.length, painted, joined, shown, longTasks: window.__longTasks };
      });
      eq(check.problems.join('; '), '', 'the 10 MB text');
      assert(check.painted > 0 && check.painted < check.entities, `painted ranges ${check.painted} of ${check.entities} entities`);
      const longest = check.longTasks && check.longTasks.length ? Math.max(...check.longTasks) : 0;
      return `${started.pasted ? 'pasted' : 'loaded'} ${(started.bytes / 1e6).toFixed(1)} MB in ${done.chunks} chunks, ${(done.ms / 1000).toFixed(1)} s, ` +
        `${check.entities} entities, ${check.quotes} quotes, ${check.painted} ranges painted; ` +
        `long tasks: ${check.longTasks ? `${check.longTasks.length}, longest ${longest} ms` : 'not observable'}`;
    },
  },
];

export { AssertionError, installHelpers, core };
