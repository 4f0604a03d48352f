// The end-to-end cases, written once for both engines. Each case gets a context `t`:
//   t.page         the page adapter of browsers.mjs (a fresh page per case)
//   t.url          the URL of the served www/ folder
//   t.engine       'chromium' or 'firefox'
//   t.repo         the repository's root folder
//   t.shot(name)   saves target/screenshots/<engine>-<name>.png
//   t.startServer(options)  another static server on the same folder (closed by the runner)
// and throws on the first failed assertion, with the observed values in the message.
// Functions handed to t.page.evaluate/waitFor run in the page: they must be self-contained.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { show } from './browsers.mjs';

export const ENTITY_TYPES = ['PER', 'LOC', 'ORG', 'NORP', 'DATE', 'TIME', 'MONEY', 'PERCENT'];
export const ALL_TYPES = [...ENTITY_TYPES, 'QUOTE'];
const ENTITY_HIGHLIGHTS = ENTITY_TYPES.map((x) => `qawl-${x}`);
const HIGHLIGHT_OF = (type) => (type === 'QUOTE' ? 'qawl-quote' : `qawl-${type}`);

export const PASTE_TEXT = 'وقال بوتين لشي "يجب تعزيز التعاون بين البلدين".';
export const HTML_TEXT =
  '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> قال بوتين';
// Arabic with a diacritic (قالَ), tatweel (بوتـــين), an emoji outside the BMP (two UTF-16 units)
// and Latin after a proclitic (لـCNN); entities follow the emoji, so UTF-16 offsets matter.
export const OFFSETS_TEXT =
  'قالَ الرئيس الروسي فلاديمير بوتـــين 👍 لـCNN إن روسيا والصين "ستعززان التعاون بينهما" في موسكو يوم 5 مارس.';
export const TYPED_TEXT = 'قال بوتين في موسكو "نعم".';
export const FILE_TEXT = 'وقال الرئيس الصيني شي جين بينغ في بكين إن "العلاقات مع روسيا في أفضل حالاتها".';

// ---------------------------------------------------------------------------------------------
// assertions

export class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AssertionError';
  }
}

export function assert(cond, message) {
  if (!cond) throw new AssertionError(message);
}

export function eq(actual, expected, what) {
  // An undefined expectation would let an undefined observation pass: that is a harness bug.
  if (expected === undefined) throw new Error(`harness: nothing to compare ${what} with`);
  if (actual !== expected) {
    throw new AssertionError(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// page-side helpers (installed once per page as window.__qawlE2E)

export function installHelpers() {
  if (window.__qawlE2E) return true;
  const names = [
    'qawl-PER', 'qawl-LOC', 'qawl-ORG', 'qawl-NORP', 'qawl-DATE', 'qawl-TIME', 'qawl-MONEY',
    'qawl-PERCENT', 'qawl-quote', 'qawl-active',
  ];
  const article = () => document.querySelector('#article');
  const paras = () => [...article().querySelectorAll('p')];
  const textNodes = (el) => {
    const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const out = [];
    for (let n = w.nextNode(); n; n = w.nextNode()) out.push(n);
    return out;
  };
  // A UTF-16 offset into the article's text (paragraphs joined with \n) → a DOM boundary point.
  const locate = (offset) => {
    let pos = 0;
    for (const p of paras()) {
      const len = p.textContent.length;
      if (offset <= pos + len) {
        let rest = offset - pos;
        for (const n of textNodes(p)) {
          if (rest <= n.length) return { node: n, offset: rest };
          rest -= n.length;
        }
        return { node: p, offset: p.childNodes.length };
      }
      pos += len + 1;
    }
    return null;
  };
  const rangeFor = (start, end) => {
    const a = locate(start);
    const b = locate(end);
    if (!a || !b) return null;
    const r = document.createRange();
    r.setStart(a.node, a.offset);
    r.setEnd(b.node, b.offset);
    return r;
  };
  // A DOM boundary point inside an article paragraph → its UTF-16 offset in the article's text.
  const offsetOf = (node, off) => {
    const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const p = el && el.closest('#article p');
    if (!p) return null;
    let pos = 0;
    for (const q of paras()) {
      if (q === p) break;
      pos += q.textContent.length + 1;
    }
    const r = document.createRange();
    r.setStart(p, 0);
    r.setEnd(node, off);
    return pos + r.toString().length;
  };
  const live = (r) => {
    const lr = document.createRange();
    lr.setStart(r.startContainer, r.startOffset);
    lr.setEnd(r.endContainer, r.endOffset);
    return lr;
  };
  const rangesOf = (name) => {
    const h = CSS.highlights.get(name);
    if (!h) return [];
    return [...h].map((r) => ({
      start: offsetOf(r.startContainer, r.startOffset),
      end: offsetOf(r.endContainer, r.endOffset),
      text: live(r).toString(),
    }));
  };
  const counts = () => {
    const out = {};
    for (const n of names) out[n] = CSS.highlights.has(n) ? CSS.highlights.get(n).size : 0;
    return out;
  };
  // Is some part of this range inside the viewport and inside every clipping ancestor?
  const isVisible = (r) => {
    const rects = [...live(r).getClientRects()].filter((x) => x.width > 0 && x.height > 0);
    const clips = [];
    for (let el = r.startContainer.parentElement; el; el = el.parentElement) {
      const s = getComputedStyle(el);
      if (/(auto|scroll|hidden|clip)/.test(s.overflowY + s.overflowX)) {
        clips.push(el.getBoundingClientRect());
      }
    }
    return rects.some((x) => {
      const inView = x.bottom > 0 && x.top < innerHeight && x.right > 0 && x.left < innerWidth;
      return inView && clips.every((c) => x.bottom > c.top && x.top < c.bottom);
    });
  };
  const snapshot = () => {
    const s = window.qawlPage.state();
    const art = article();
    const ps = paras();
    return {
      state: JSON.parse(JSON.stringify(s)),
      real: counts(),
      inputValue: document.querySelector('#input').value,
      articleText: ps.map((p) => p.textContent).join('\n'),
      paragraphs: ps.length,
      elementsInParagraphs: ps.reduce((n, p) => n + p.querySelectorAll('*').length, 0),
      dataEntities: art.getAttribute('data-entities'),
      dataQuotes: art.getAttribute('data-quotes'),
      details: (document.querySelector('#details')?.textContent || '').trim(),
    };
  };
  const core = async (text) => JSON.parse(JSON.stringify(await window.qawlPage.annotate(text)));
  window.__qawlE2E = { locate, rangeFor, offsetOf, rangesOf, counts, isVisible, snapshot, core, live };
  return true;
}

// Measures the first long annotated paragraph of #article against a plain copy (page side).
function measureJoining() {
  const H = window.__qawlE2E;
  const ps = [...document.querySelectorAll('#article p')];
  const all = [];
  for (const [name, h] of CSS.highlights) {
    if (name.startsWith('qawl-')) for (const r of h) all.push(H.live(r));
  }
  const annotated = (p) => all.some((r) => p.contains(r.startContainer));
  const p = ps.find((p) => p.textContent.length >= 80 && annotated(p));
  if (!p) return null;
  const measure = (el) => {
    const box = el.getBoundingClientRect();
    const r = document.createRange();
    r.selectNodeContents(el);
    const text = r.getBoundingClientRect();
    return {
      width: box.width,
      height: box.height,
      textWidth: text.width,
      textHeight: text.height,
      rects: [...r.getClientRects()].filter((x) => x.width > 0).length,
    };
  };
  // A fresh plain paragraph with the same text, a sibling (so the same CSS rules apply),
  // hidden without leaving the layout; no highlight range touches its text.
  const fresh = document.createElement('p');
  fresh.setAttribute('dir', p.getAttribute('dir') || 'auto');
  fresh.className = p.className;
  if (p.hasAttribute('style')) fresh.setAttribute('style', p.getAttribute('style'));
  fresh.textContent = p.textContent;
  fresh.style.visibility = 'hidden';
  p.after(fresh);
  const res = { annotated: measure(p), plain: measure(fresh), length: p.textContent.length };
  fresh.remove();
  // No element inside #article may be laid out as inline-block (it would break joining).
  res.inlineBlocks = [...document.querySelectorAll('#article *')]
    .filter((el) => getComputedStyle(el).display.includes('inline-block'))
    .map((el) => el.tagName.toLowerCase());
  return res;
}

// ---------------------------------------------------------------------------------------------
// steps shared by the cases

/** Opens the page and waits (≤ 10 s) until #status says ready; fails on `error`. */
export async function openReady(t, url = t.url) {
  const started = Date.now();
  await t.page.open(url);
  return waitReady(t, started);
}

/** Waits (≤ 10 s from `started`) until #status says ready and the test helpers are installed. */
export async function waitReady(t, started = Date.now()) {
  const status = await t.page.waitFor(
    () => {
      const s = document.querySelector('#status');
      const state = s && s.getAttribute('data-state');
      return state && state !== 'loading' ? { state, text: s.textContent.trim() } : null;
    },
    undefined,
    { timeout: 10_000 - (Date.now() - started), message: '#status[data-state] to leave loading' },
  );
  assert(status.state === 'ready', `#status is ${show(status.state)} (text ${show(status.text)}), not ready`);
  const api = await t.page.evaluate(() =>
    window.qawlPage
      ? ['annotate', 'state', 'samples'].map((k) => `${k}:${typeof window.qawlPage[k]}`)
      : null,
  );
  assert(api, 'window.qawlPage is missing although #status is ready');
  eq(api.join(' '), 'annotate:function state:function samples:function', 'window.qawlPage API');
  await t.page.evaluate(installHelpers);
  return Date.now() - started;
}

// What the page shows, briefly, for the message of a failed wait.
export function brief() {
  const cut = (s) => (typeof s === 'string' && s.length > 60 ? `${s.slice(0, 60)}…(${s.length})` : s);
  try {
    const s = window.__qawlE2E.snapshot();
    return {
      'state()': { ...s.state, text: cut(s.state.text) },
      article: cut(s.articleText),
      input: cut(s.inputValue),
      ranges: s.real,
      details: cut(s.details),
    };
  } catch (e) {
    return `snapshot failed: ${e.message}`;
  }
}

export const snapshot = (t) => t.page.evaluate(() => window.__qawlE2E.snapshot());
export const core = (t, text) => t.page.evaluate(async (text) => window.__qawlE2E.core(text), text);

/**
 * Waits until the page shows `text` (state().text and the article) and its state stopped moving
 * (two equal snapshots 150 ms apart); returns the last snapshot.
 */
export async function settle(t, text, { timeout = 5000, what = 'the page to show the text' } = {}) {
  await t.page.waitFor(
    (text) => {
      const s = window.__qawlE2E.snapshot();
      return s.state.text === text && s.articleText === text;
    },
    text,
    { timeout, message: `${what} (state().text and #article p joined with \\n)`, explain: brief },
  );
  let prev = JSON.stringify(await snapshot(t));
  for (let i = 0; i < 20; i++) {
    await sleep(150);
    const cur = JSON.stringify(await snapshot(t));
    if (cur === prev) break;
    prev = cur;
  }
  return JSON.parse(prev);
}

export async function samples(t) {
  const list = await t.page.evaluate(() => JSON.parse(JSON.stringify(window.qawlPage.samples())));
  assert(Array.isArray(list) && list.length > 0, `samples() is not a non-empty array: ${show(list)}`);
  for (const s of list) {
    assert(
      s && typeof s.id === 'string' && s.id && typeof s.title === 'string' && s.title,
      `samples() entry without a string id and title: ${show(s)}`,
    );
  }
  return list;
}

/** Selects a sample in #sample and waits until it is annotated; returns { text, snap }. */
export async function loadSample(t, id) {
  await t.page.select('#sample', id);
  const text = await t.page.waitFor(
    () => {
      const v = document.querySelector('#input').value;
      return v && window.qawlPage.state().text === v ? v : null;
    },
    undefined,
    { timeout: 5000, message: `sample ${id} in #input and state().text`, explain: brief },
  );
  const snap = await settle(t, text, { what: `sample ${id} to be shown` });
  return { text, snap };
}

/** Loads the first sample whose core result satisfies `pred(result)`. */
async function loadSampleWith(t, pred, what) {
  for (const s of await samples(t)) {
    const loaded = await loadSample(t, s.id);
    const result = await core(t, loaded.text);
    if (pred(result)) return { ...loaded, result, id: s.id };
  }
  throw new AssertionError(`no sample has ${what}`);
}

/** Marks one element with data-e2e-target so that the drivers can click it. */
export async function markTarget(t, selector) {
  const found = await t.page.evaluate((selector) => {
    for (const el of document.querySelectorAll('[data-e2e-target]')) {
      el.removeAttribute('data-e2e-target');
    }
    let el = document.querySelector(selector);
    if (!el) return false;
    // A visually hidden checkbox is clicked through its label, as a person would.
    const box = el.getBoundingClientRect();
    if (el.matches('input') && (box.width < 1 || box.height < 1)) {
      el = el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`)) || el;
    }
    el.setAttribute('data-e2e-target', '');
    return true;
  }, selector);
  assert(found, `no element matches ${selector}`);
  return '[data-e2e-target]';
}

const safeName = (s) => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);

const countBy = (items, key) => {
  const m = {};
  for (const x of items) m[key(x)] = (m[key(x)] || 0) + 1;
  return m;
};

// ---------------------------------------------------------------------------------------------
// the cases

export const cases = [
  {
    name: 'loads',
    async run(t) {
      const html = await (await fetch(t.url)).text();
      const tag = html.match(/<[a-z]+\b[^>]*\bid\s*=\s*["']?status\b[^>]*>/i);
      assert(tag, 'index.html has no element with id="status"');
      assert(
        /\bdata-state\s*=\s*["']?loading\b/.test(tag[0]),
        `#status does not start as loading in index.html: ${tag[0]}`,
      );
      const ms = await openReady(t);
      await sleep(500);
      const list = await samples(t);
      const options = await t.page.evaluate(() =>
        [...document.querySelectorAll('#sample option')].map((o) => o.value),
      );
      for (const s of list) {
        assert(options.includes(s.id), `#sample has no option for sample ${show(s.id)}: ${show(options)}`);
      }
      const checks = await t.page.evaluate(() =>
        [...document.querySelectorAll('#legend input[type=checkbox][data-type]')].map(
          (c) => `${c.dataset.type}:${c.checked}`,
        ),
      );
      const want = ['PER', 'LOC', 'ORG', 'NORP', 'DATE', 'TIME', 'MONEY', 'PERCENT', 'QUOTE'];
      eq(checks.slice().sort().join(' '), want.map((x) => `${x}:true`).sort().join(' '), '#legend checkboxes');
      assert(
        t.page.errors.length === 0,
        `console errors while loading: ${show(t.page.errors)}` +
          (t.page.failedResponses.length ? `; failed requests: ${show(t.page.failedResponses)}` : ''),
      );
      return `ready in ${ms} ms, ${list.length} samples`;
    },
  },

  {
    name: 'seeds',
    async run(t) {
      await openReady(t);
      const notes = [];
      for (const s of await samples(t)) {
        const { text, snap } = await loadSample(t, s.id);
        await t.shot(`seeds-${safeName(s.id)}`);
        const where = `sample ${s.id}`;
        const r = await core(t, text);
        eq(snap.inputValue, text, `${where}: #input value`);
        // A sample named after a seed article shows that article exactly.
        const seed = path.join(t.repo, 'seeds', `${s.id}.txt`);
        if (fs.existsSync(seed)) eq(text, fs.readFileSync(seed, 'utf8'), `${where}: text vs seeds/${s.id}.txt`);
        eq(snap.articleText, text, `${where}: #article p joined with \\n`);
        eq(snap.elementsInParagraphs, 0, `${where}: elements inside #article p`);
        eq(snap.state.entities, r.entities.length, `${where}: state().entities vs annotate(text).entities.length`);
        eq(snap.state.quotes, r.quotes.length, `${where}: state().quotes vs annotate(text).quotes.length`);
        eq(snap.dataEntities, String(r.entities.length), `${where}: #article[data-entities]`);
        eq(snap.dataQuotes, String(r.quotes.length), `${where}: #article[data-quotes]`);
        const hr = snap.state.highlightRanges || {};
        const sum = ENTITY_HIGHLIGHTS.reduce((n, k) => n + (hr[k] || 0), 0);
        eq(sum, r.entities.length, `${where}: sum of state().highlightRanges over the 8 entity highlights`);
        for (const k of [...ENTITY_HIGHLIGHTS, 'qawl-quote']) {
          eq(hr[k] || 0, snap.real[k], `${where}: state().highlightRanges[${k}] vs CSS.highlights.get(${k}).size`);
        }
        const byLabel = countBy(r.entities, (e) => e.label);
        for (const x of ENTITY_TYPES) {
          eq(snap.real[`qawl-${x}`], byLabel[x] || 0, `${where}: ranges in qawl-${x} vs ${x} entities`);
        }
        const crossing = r.quotes.filter((q) => text.slice(q.start, q.end).includes('\n')).length;
        if (crossing === 0) eq(snap.real['qawl-quote'], r.quotes.length, `${where}: ranges in qawl-quote`);
        else {
          assert(
            snap.real['qawl-quote'] >= r.quotes.length,
            `${where}: qawl-quote has ${snap.real['qawl-quote']} ranges for ${r.quotes.length} quotes`,
          );
        }
        // Every highlighted range sits exactly on an entity of that label (UTF-16 → DOM mapping).
        const ranges = await t.page.evaluate(
          (names) => names.map((n) => window.__qawlE2E.rangesOf(n)),
          ENTITY_HIGHLIGHTS,
        );
        ENTITY_TYPES.forEach((x, i) => {
          const got = ranges[i].map((g) => `${g.start}-${g.end}:${g.text}`).sort();
          const want = r.entities
            .filter((e) => e.label === x)
            .map((e) => `${e.start}-${e.end}:${e.text}`)
            .sort();
          eq(got.join(' | '), want.join(' | '), `${where}: positions of the qawl-${x} ranges`);
        });
        const quoteRanges = await t.page.evaluate(() => window.__qawlE2E.rangesOf('qawl-quote'));
        for (const g of quoteRanges) {
          assert(
            r.quotes.some((q) => g.start >= q.start - 1 && g.end <= q.end + 1),
            `${where}: qawl-quote range ${g.start}-${g.end} ${show(g.text)} lies in no quote`,
          );
        }
        for (const q of r.quotes) {
          assert(
            quoteRanges.some((g) => g.end > q.start && g.start < q.end),
            `${where}: quote ${q.start}-${q.end} ${show(q.text.slice(0, 40))} has no qawl-quote range`,
          );
        }
        notes.push(`${s.id}: ${r.entities.length}e/${r.quotes.length}q`);
      }
      return notes.join(', ');
    },
  },

  {
    name: 'offsets',
    async run(t) {
      await openReady(t);
      const text = OFFSETS_TEXT;
      const r = await core(t, text);
      assert(r && Array.isArray(r.entities) && Array.isArray(r.quotes), `annotate() result: ${show(r)}`);
      const emoji = text.indexOf('👍');
      assert(r.entities.some((e) => e.start > emoji), `no entity after the emoji: ${show(r.entities)}`);
      for (const e of r.entities) {
        eq(text.slice(e.start, e.end), e.text, `entity ${e.label} at ${e.start}-${e.end}: text.slice`);
      }
      for (const q of r.quotes) {
        eq(text.slice(q.start, q.end), q.text, `quote at ${q.start}-${q.end}: text.slice`);
        for (const k of ['speaker', 'cue', 'addressee']) {
          const p = q[k];
          if (p && typeof p.start === 'number') {
            eq(text.slice(p.start, p.end), p.text, `quote ${k} at ${p.start}-${p.end}: text.slice`);
          }
        }
      }
      // The same offsets drive the highlights: pasted, each range covers exactly its entity.
      await t.page.fill('#input', text);
      await settle(t, text, { timeout: 2000 });
      const ranges = await t.page.evaluate(
        (names) => names.flatMap((n) => window.__qawlE2E.rangesOf(n)),
        ENTITY_HIGHLIGHTS,
      );
      const got = ranges.map((g) => `${g.start}-${g.end}:${g.text}`).sort();
      const want = r.entities.map((e) => `${e.start}-${e.end}:${e.text}`).sort();
      eq(got.join(' | '), want.join(' | '), 'highlight ranges of the pasted text');
      return r.entities.map((e) => `${e.label}:${e.text}`).join(' ');
    },
  },

  {
    name: 'hover',
    async run(t) {
      await openReady(t);
      const { result, id } = await loadSampleWith(
        t,
        (r) => r.entities.some((e) => e.label === 'PER'),
        'a PER entity',
      );
      // Prefer a PER mention outside every quote, so nothing else claims the pointer.
      const pers = result.entities.filter((e) => e.label === 'PER');
      const outside = pers.filter((e) => !result.quotes.some((q) => e.end > q.start && e.start < q.end));
      const target = (outside.length ? outside : pers).sort((a, b) => b.text.length - a.text.length)[0];
      const point = await t.page.evaluate(({ start, end }) => {
        const r = window.__qawlE2E.rangeFor(start, end);
        if (!r) return null;
        r.startContainer.parentElement.scrollIntoView({ block: 'center' });
        const rect = [...r.getClientRects()].find((x) => x.width > 2 && x.height > 2);
        if (!rect) return null;
        const x = rect.left + rect.width / 2;
        const y = rect.top + rect.height / 2;
        const hit = document.elementFromPoint(x, y);
        return { x, y, hit: hit ? hit.closest('#article') !== null : false, text: r.toString() };
      }, target);
      assert(point, `no client rect for PER ${show(target.text)} at ${target.start}-${target.end}`);
      eq(point.text, target.text, 'text of the DOM range at the entity offsets');
      assert(point.hit, `the point (${point.x}, ${point.y}) of ${show(target.text)} is covered by another element`);
      await t.page.hover(2, 2);
      await t.page.hover(point.x, point.y);
      const label = await t.page.evaluate(() => {
        const c = document.querySelector('#legend input[data-type=PER]');
        const l = c && (c.closest('label') || (c.id && document.querySelector(`label[for="${c.id}"]`)));
        return l ? l.textContent.replace(/[\d\u0660-\u0669()[\]]/g, '').trim() : '';
      });
      const want = { canonical: target.canonical, source: target.source, label };
      let details;
      try {
        details = await t.page.waitFor(
          ({ canonical, source, label }) => {
            const d = (document.querySelector('#details')?.textContent || '').replace(/\s+/g, ' ');
            const hasLabel = d.includes('PER') || (label && d.includes(label));
            return hasLabel && d.includes(canonical) && d.includes(source) ? d : null;
          },
          want,
          { timeout: 2000, message: '#details' },
        );
      } catch (e) {
        const d = await t.page.evaluate(() => document.querySelector('#details')?.textContent || '');
        throw new AssertionError(
          `after hovering PER ${show(target.text)} (sample ${id}) at (${Math.round(point.x)}, ${Math.round(point.y)}), ` +
            `#details is ${show(d.trim())}; wanted PER or ${show(label)}, ${show(target.canonical)}, ${show(target.source)}`,
        );
      }
      const role = await t.page.evaluate(() => document.querySelector('#details').getAttribute('role'));
      eq(role, 'status', '#details[role]');
      return `${target.text} → ${details.trim().slice(0, 80)}`;
    },
  },

  {
    name: 'keyboard',
    async run(t) {
      await openReady(t);
      await loadSampleWith(t, (r) => r.entities.length + r.quotes.length >= 3, 'three annotations');
      const tab = await t.page.evaluate(() => document.querySelector('#article').getAttribute('tabindex'));
      eq(tab, '0', '#article[tabindex]');
      await t.page.focus('#article');
      const focused = await t.page.evaluate(() => document.activeElement?.id);
      eq(focused, 'article', 'document.activeElement after focusing #article');
      const details = () => t.page.evaluate(() => (document.querySelector('#details')?.textContent || '').trim());
      const waitChange = async (from, key) => {
        try {
          return await t.page.waitFor(
            (from) => {
              const d = (document.querySelector('#details')?.textContent || '').trim();
              return d && d !== from ? d : null;
            },
            from,
            { timeout: 2000, message: '#details' },
          );
        } catch {
          throw new AssertionError(`#details did not change after pressing ${key}: ${show(await details())}`);
        }
      };
      const d0 = await details();
      await t.page.press('ArrowLeft');
      const d1 = await waitChange(d0, 'ArrowLeft (first)');
      await t.page.press('ArrowLeft');
      const d2 = await waitChange(d1, 'ArrowLeft (second)');
      // ArrowRight walks back the other way; n and p step too.
      await t.page.press('ArrowRight');
      const d3 = await waitChange(d2, 'ArrowRight');
      eq(d3, d1, '#details after ArrowLeft, ArrowLeft, ArrowRight (should be back on the first)');
      await t.page.press('n');
      const d4 = await waitChange(d3, 'n');
      await t.page.press('p');
      const d5 = await waitChange(d4, 'p');
      eq(d5, d3, '#details after n then p');
      return `${d1.slice(0, 40)} → ${d2.slice(0, 40)}`;
    },
  },

  {
    name: 'toggles',
    async run(t) {
      await openReady(t);
      const { snap } = await loadSampleWith(
        t,
        (r) => r.entities.some((e) => e.label === 'PER') && r.quotes.length > 0,
        'a PER entity and a quote',
      );
      const notes = [];
      for (const type of ['PER', 'QUOTE']) {
        const hl = HIGHLIGHT_OF(type);
        const before = snap.real[hl];
        assert(before > 0, `${hl} has no range before unchecking ${type}`);
        const others = Object.fromEntries(Object.entries(snap.real).filter(([k]) => k !== hl && k !== 'qawl-active'));
        const box = `#legend input[type=checkbox][data-type=${type}]`;
        await t.page.click(await markTarget(t, box));
        const off = await t.page.waitFor(
          ({ hl, type, box }) => {
            const s = window.__qawlE2E.snapshot();
            const vis = s.state.visibleTypes || [];
            const real = s.real[hl];
            const reported = (s.state.highlightRanges || {})[hl] || 0;
            const checked = document.querySelector(box).checked;
            return real === 0 && reported === 0 && !vis.includes(type) && !checked ? s : null;
          },
          { hl, type, box },
          { timeout: 2000, message: `${hl} to be empty, ${type} out of visibleTypes, box unchecked`, explain: brief },
        );
        for (const [k, v] of Object.entries(others)) {
          eq(off.real[k], v, `${k} after unchecking ${type}`);
        }
        await t.page.click(await markTarget(t, box));
        await t.page.waitFor(
          ({ hl, type, before, box }) => {
            const s = window.__qawlE2E.snapshot();
            const vis = s.state.visibleTypes || [];
            const checked = document.querySelector(box).checked;
            return s.real[hl] === before && (s.state.highlightRanges || {})[hl] === before &&
              vis.includes(type) && checked;
          },
          { hl, type, before, box },
          { timeout: 2000, message: `${hl} back to ${before} ranges and ${type} in visibleTypes`, explain: brief },
        );
        notes.push(`${hl} ${before}→0→${before}`);
      }
      return notes.join(', ');
    },
  },

  {
    name: 'paste',
    async run(t) {
      await openReady(t);
      await t.page.fill('#input', PASTE_TEXT);
      const started = Date.now();
      const s = await t.page.waitFor(
        (text) => {
          const s = window.qawlPage.state();
          return s.text === text && s.quotes >= 1 ? s : null;
        },
        PASTE_TEXT,
        { timeout: 2000, interval: 25, message: 'state().text to equal the pasted text with ≥ 1 quote', explain: brief },
      );
      const ms = Date.now() - started;
      const snap = await settle(t, PASTE_TEXT, { timeout: 1000 });
      eq(snap.articleText, PASTE_TEXT, '#article text after the paste');
      assert(snap.real['qawl-quote'] >= 1, `qawl-quote has ${snap.real['qawl-quote']} ranges after the paste`);
      return `annotated after ≈${ms} ms: ${s.entities} entities, ${s.quotes} quotes`;
    },
  },

  {
    name: 'typing',
    async run(t) {
      await openReady(t);
      // A person opens whatever folds the text box away (a <details>) before typing.
      const opened = await t.page.evaluate(() => {
        const box = document.querySelector('#input');
        const fold = box.closest('details');
        if (fold && !fold.open) {
          fold.querySelector('summary').setAttribute('data-e2e-target', '');
          return true;
        }
        return false;
      });
      if (opened) await t.page.click('[data-e2e-target]');
      await t.page.fill('#input', '');
      await settle(t, '', { timeout: 2000, what: 'the emptied text box to empty the article' });
      await t.page.type('#input', TYPED_TEXT);
      const s = await t.page.waitFor(
        (text) => {
          const s = window.qawlPage.state();
          return s.text === text && s.entities >= 1 ? s : null;
        },
        TYPED_TEXT,
        { timeout: 2000, message: 'state().text to equal the typed text with ≥ 1 entity', explain: brief },
      );
      eq(await t.page.evaluate(() => document.querySelector('#input').value), TYPED_TEXT, '#input value');
      return `${s.entities} entities, ${s.quotes} quotes`;
    },
  },

  {
    name: 'no-html',
    async run(t) {
      await openReady(t);
      await t.page.fill('#input', HTML_TEXT);
      const snap = await settle(t, HTML_TEXT, { timeout: 2000 });
      await sleep(700);
      const seen = await t.page.evaluate(() => {
        const a = document.querySelector('#article');
        return {
          pwned: typeof window.__pwned === 'undefined' ? 'undefined' : String(window.__pwned),
          elements: a.querySelectorAll('img, script').length,
          imgsInDocument: document.querySelectorAll('img[src=x]').length,
          text: a.textContent,
        };
      });
      eq(seen.pwned, 'undefined', 'window.__pwned');
      eq(seen.elements, 0, 'img/script elements in #article');
      eq(seen.imgsInDocument, 0, 'img[src=x] elements anywhere in the document');
      assert(seen.text.includes('<img src=x'), `#article textContent lacks "<img src=x": ${show(seen.text)}`);
      eq(snap.elementsInParagraphs, 0, 'elements inside #article p');
      return `${snap.state.entities} entities`;
    },
  },

  {
    name: 'joining',
    async run(t) {
      await openReady(t);
      // The first sample with a long paragraph holding a highlight range.
      let m = null;
      let id = null;
      for (const s of await samples(t)) {
        await loadSample(t, s.id);
        id = s.id;
        m = await t.page.evaluate(measureJoining);
        if (m) break;
      }
      assert(m, 'no sample has an #article p of ≥ 80 characters holding a highlight range');
      for (const k of ['width', 'height', 'textWidth', 'textHeight']) {
        assert(
          Math.abs(m.annotated[k] - m.plain[k]) <= 0.5,
          `sample ${id}: ${k} of the annotated paragraph ${m.annotated[k]} vs a plain copy ${m.plain[k]}`,
        );
      }
      eq(m.annotated.rects, m.plain.rects, `sample ${id}: client rects of the annotated paragraph's text vs a plain copy`);
      eq(m.inlineBlocks.join(' '), '', 'elements inside #article with display inline-block');
      return `sample ${id}: ${m.length} chars, ${m.annotated.textWidth.toFixed(1)}×${m.annotated.textHeight.toFixed(1)} px, ${m.annotated.rects} rects`;
    },
  },

  {
    name: 'panel',
    async run(t) {
      await openReady(t);
      const { text, result } = await loadSampleWith(
        t,
        (r) => r.entities.length > 0 && r.quotes.length > 0,
        'an entity and a quote',
      );
      const buttons = await t.page.evaluate(() => ({
        entities: document.querySelectorAll('#entities button[data-entity]').length,
        quotes: document.querySelectorAll('#quotes button[data-quote]').length,
      }));
      assert(buttons.entities >= 1, 'no #entities button[data-entity]');
      assert(
        buttons.entities <= result.entities.length,
        `${buttons.entities} entity group buttons for ${result.entities.length} mentions`,
      );
      eq(buttons.quotes, result.quotes.length, '#quotes button[data-quote] count vs quotes');
      const scrollAway = () =>
        t.page.evaluate(() => {
          for (let el = document.querySelector('#article'); el; el = el.parentElement) {
            el.scrollTop = el.scrollHeight;
          }
          window.scrollTo(0, document.documentElement.scrollHeight);
        });

      const visibleNow = (spans) =>
        t.page.evaluate(
          (spans) => spans.map((x) => window.__qawlE2E.isVisible(window.__qawlE2E.rangeFor(x.start, x.end))),
          spans.map(({ start, end }) => ({ start, end })),
        );

      // An entity group: all its mentions in qawl-active, the first one scrolled into view.
      await scrollAway();
      const entityShownBefore = await visibleNow(result.entities);
      await t.page.click('#entities button[data-entity]');
      const active = await t.page.waitFor(
        () => {
          const r = window.__qawlE2E.rangesOf('qawl-active');
          return r.length ? r : null;
        },
        undefined,
        { timeout: 2000, message: 'qawl-active to hold a range after clicking an entity group' },
      );
      const mentions = active.map((g) => result.entities.find((e) => e.start === g.start && e.end === g.end));
      assert(
        mentions.every(Boolean),
        `qawl-active ranges not on entities: ${show(active.filter((g, i) => !mentions[i]))}`,
      );
      const canon = new Set(mentions.map((e) => e.canonical));
      assert(canon.size === 1, `qawl-active mixes entities: ${show([...canon])}`);
      // One real entity: the mentions sharing its id (or, without an id, its label and name).
      const m0 = mentions[0];
      const group = result.entities.filter((e) =>
        m0.entity !== null && m0.entity !== undefined
          ? e.entity === m0.entity
          : e.entity === m0.entity && e.canonical === m0.canonical && e.label === m0.label,
      );
      eq(active.length, group.length, `qawl-active ranges for ${mentions[0].canonical} vs its mentions`);
      const firstVisible = await t.page.waitFor(
        () => {
          const h = CSS.highlights.get('qawl-active');
          const rs = [...h].map((r) => window.__qawlE2E.live(r));
          rs.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
          return rs.length && window.__qawlE2E.isVisible(rs[0]);
        },
        undefined,
        { timeout: 2000, message: 'the first mention of the clicked entity group to be in view' },
      );
      assert(firstVisible, 'first mention not visible');
      const firstIndex = result.entities.indexOf(group.slice().sort((a, b) => a.start - b.start)[0]);
      const scrolledE = entityShownBefore[firstIndex] ? 'was already in view' : 'scrolled into view';

      // A quote: its range(s) in qawl-active and in view.
      await scrollAway();
      const quoteShownBefore = await visibleNow(result.quotes);
      await t.page.click('#quotes button[data-quote]');
      const q = await t.page.waitFor(
        (before) => {
          const r = window.__qawlE2E.rangesOf('qawl-active');
          return r.length && JSON.stringify(r) !== before ? r : null;
        },
        JSON.stringify(active),
        { timeout: 2000, message: 'qawl-active to hold the quote after clicking a quote' },
      );
      const quote = result.quotes.find((x) => q.every((g) => g.start >= x.start - 1 && g.end <= x.end + 1));
      assert(quote, `qawl-active after the quote click holds no quote: ${show(q)}`);
      await t.page.waitFor(
        () => [...CSS.highlights.get('qawl-active')].some((r) => window.__qawlE2E.isVisible(r)),
        undefined,
        { timeout: 2000, message: 'the clicked quote to be in view' },
      );
      const scrolledQ = quoteShownBefore[result.quotes.indexOf(quote)] ? 'was already in view' : 'scrolled into view';
      return `${mentions[0].canonical} ×${active.length} (${scrolledE}); ` +
        `quote ${show(text.slice(quote.start, quote.start + 30))} (${scrolledQ})`;
    },
  },

  {
    name: 'file',
    async run(t) {
      await openReady(t);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qawl-e2e-'));
      const file = path.join(dir, 'مقال.txt');
      fs.writeFileSync(file, FILE_TEXT, 'utf8');
      try {
        await t.page.setInputFiles('#file', file);
        const snap = await settle(t, FILE_TEXT, { timeout: 3000, what: 'the chosen file to be shown' });
        eq(snap.state.text, FILE_TEXT, 'state().text after choosing the file');
        const r = await core(t, FILE_TEXT);
        eq(snap.state.entities, r.entities.length, 'state().entities for the file');
        assert(r.entities.length > 0, `annotate(file text) found no entity: ${show(r)}`);
        return `${snap.state.entities} entities, ${snap.state.quotes} quotes`;
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  },

  {
    name: 'wasm-error',
    async run(t) {
      const broken = await t.startServer({ failWasm: true });
      await t.page.open(broken.url);
      const s = await t.page.waitFor(
        () => {
          const el = document.querySelector('#status');
          const state = el && el.getAttribute('data-state');
          return state && state !== 'loading' ? { state, text: el.textContent.trim() } : null;
        },
        undefined,
        { timeout: 10_000, message: '#status to leave loading when the wasm is missing' },
      );
      eq(s.state, 'error', '#status[data-state] when the wasm cannot load');
      assert(
        s.text.length >= 5 && !/undefined|\[object /.test(s.text),
        `#status text is not a human message: ${show(s.text)}`,
      );
      return show(s.text.slice(0, 80));
    },
  },

  {
    // The first worker starts in the page's head and can be ready before the page's modules run
    // (a slow network, a busy machine): its "ready" must not be lost in between.
    name: 'late-modules',
    async run(t) {
      const slow = await t.startServer({ slowAppMs: 1500 });
      const started = Date.now();
      await t.page.open(slow.url);
      // waitReady fails unless #status says ready within 10 s; a lost "ready" leaves it loading.
      const ms = await waitReady(t, started);
      return `ready after ${ms} ms with app.js held back 1.5 s`;
    },
  },
];
