// Qawl's page: the WebAssembly core runs in a module worker (worker.js), so typing and scrolling
// never wait for it; the page shows the article and paints the annotations with the CSS Custom
// Highlight API. Text reaches the DOM only through textContent and highlight ranges, never as HTML.
//
// A long text (over LARGE UTF-16 units) is split at paragraph boundaries into chunks annotated one
// after the other, the chunks in view first, with their offsets moved back onto the whole text; it
// is shown in blocks that the browser lays out only near the viewport, and only the blocks near
// the viewport get highlight ranges.

// The core first: its first worker and the compile of the wasm module start before the rest of
// the page is set up.
import { cores } from './core.js';
import { fromJson, toBrat, toConll, toHtml, toJson, toJsonl } from './export.js';
import { LANGUAGES, Language } from './i18n.js';
import { LABELS, applyEdits, textKey, words } from './edit.js';

const TYPES = ['PER', 'LOC', 'ORG', 'NORP', 'DATE', 'TIME', 'MONEY', 'PERCENT'];
const DEBOUNCE_MS = 250;
/** Texts longer than this (UTF-16 units) are annotated in chunks and painted near the viewport. */
const LARGE = 256 * 1024;
/** The size a chunk aims at; it ends at the last paragraph break before it when there is one. */
const CHUNK = 64 * 1024;
/** A block of the shown text holds at most this many lines or about this many units. */
const BLOCK_LINES = 200;
const BLOCK_UNITS = 16 * 1024;
/** How long one slice of rendering may take before it yields to the browser (ms). */
const SLICE_MS = 8;
/** How many entries each list of the side panel shows at most. */
const PANEL_LIMIT = 300;
/** Text longer than this is not kept across reloads (local storage holds a few MB at most). */
const STORE_LIMIT = 2_000_000;
const STORAGE_KEY = 'qawl:v1';
/** The interface language is kept on its own, so that it applies before anything else loads. */
const LANGUAGE_KEY = 'qawl:language';
/** The personal list of names, as text in the gazetteers' format. */
const LIST_KEY = 'qawl:list';
const PLACEHOLDER = document.querySelector('#input').placeholder;

const $ = (selector) => document.querySelector(selector);
const status = $('#status');
const notice = $('#notice');
const progress = $('#progress');
const article = $('#article');
const input = $('#input');
const details = $('#details');
const sheet = $('#drop');
const languageButton = $('#language');

const language = new Language(savedLanguage());

// The personal list every worker uses; each worker gets it when it starts.
const personalList = { text: savedList(), message: null };
if (personalList.text.trim()) {
  cores.list = personalList.text;
  cores.first().request('list', personalList.text).catch(() => {});
}

function savedList() {
  try {
    return window.localStorage.getItem(LIST_KEY) || '';
  } catch {
    return '';
  }
}

function savedLanguage() {
  try {
    return window.localStorage.getItem(LANGUAGE_KEY) || 'ar';
  } catch {
    return 'ar';
  }
}

const page = {
  text: '',
  shown: null,             // the text #article shows (it may lag behind page.text)
  large: false,
  generation: 0,
  chunks: [],              // { start, end, dispatched, result } per chunk of page.text
  done: 0,                 // chunks annotated
  result: { entities: [], quotes: [] },
  paragraphs: [],          // { node, start, end } per line, UTF-16 offsets into page.text
  nodeIndex: new Map(),    // text node -> paragraph index
  blocks: [],              // { element, start, end } per block of lines
  near: new Set(),         // indexes of the blocks near the viewport (large texts)
  annotations: [],         // entities and quotes, in text order, for keyboard navigation
  focus: -1,
  visible: new Set([...TYPES, 'QUOTE']),
  samples: [],
  name: 'qawl',             // the base name of exported files: the sample's id or the file's name
  imported: false,         // the annotations came from an imported file, not from the core
  base: { entities: [], quotes: [] },  // the annotations before corrections
  edits: { key: '', done: [], undone: [] },  // corrections of this text, replayed on `base`
  words: null,             // word edges of page.text, for selecting by keyboard
  cursor: null,            // { anchor, head } word indexes of a selection made by keyboard
  longText: 0,              // the length of a text too long for the text box, else 0
  lastRun: null,           // { ms, coreMs, chunks, characters } of the last finished annotation
  timings: {},             // { initMs, wasm }: module fetch to first worker ready, the wasm fetch
};

// Messages are built from text and isolated pieces: a file name or an error from the core goes
// into a <bdi>, so that its direction (or bidi controls inside it) cannot reorder the sentence.
function fill(target, parts) {
  target.replaceChildren(...parts.map((part) => (typeof part === 'string' ? part : element('bdi', '', part.isolate))));
}

// The status line and the notice remember their message, so that switching the language can say
// them again.
let statusMessage = null;
let noticeMessage = null;

function setStatus(state, key, ...args) {
  statusMessage = [state, key, ...args];
  status.dataset.state = state;
  fill(status, language.say(key, ...args));
}

function setNotice(kind, key, ...args) {
  noticeMessage = key ? [kind, key, ...args] : null;
  notice.dataset.kind = kind || '';
  notice.hidden = !key;
  fill(notice, key ? language.say(key, ...args) : []);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// --- The interface language -----------------------------------------------------------------

function updatePlaceholder() {
  input.placeholder = page.longText
    ? language.text('longTextPlaceholder', page.longText)
    : language.staticText('pastePlaceholder', PLACEHOLDER);
}

// Translates the page's chrome and says the current status and notice again; the article is
// not touched and stays right to left.
function applyLanguage() {
  language.apply(document);
  const other = LANGUAGES[language.code].switchTo;
  const label = other === 'en' ? 'English' : 'العربية';
  if (languageButton.textContent !== label) languageButton.textContent = label;
  languageButton.lang = other;
  languageButton.dir = LANGUAGES[other].dir;
  updatePlaceholder();
  if (statusMessage) setStatus(...statusMessage);
  if (noticeMessage) setNotice(...noticeMessage);
  if (personalList.message) setListStatus(...personalList.message);
  renderPanel();
  hideDetails();
}

languageButton.addEventListener('click', () => {
  language.set(LANGUAGES[language.code].switchTo);
  try {
    storage()?.setItem(LANGUAGE_KEY, language.code);
  } catch {
    // The page says elsewhere when storage fails; the switch still applies to this visit.
  }
  applyLanguage();
});

const errorText = (error) => String(error && error.message ? error.message : error);

// --- Chunks ---------------------------------------------------------------------------------

// Splits a long text into chunks of about CHUNK units that end after a paragraph break (a blank
// line, else a line break, else a space), never inside a surrogate pair.
function splitChunks(text) {
  if (text.length <= LARGE) return [{ start: 0, end: text.length }];
  const chunks = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + CHUNK, text.length);
    if (end < text.length) {
      const floor = start + CHUNK / 2;
      const window = text.slice(floor, end);
      const cut = [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' ')]
        .find((at) => at >= 0);
      if (cut !== undefined) end = floor + cut + 1;
      const unit = text.charCodeAt(end - 1);
      if (unit >= 0xd800 && unit <= 0xdbff) end -= 1;
    }
    chunks.push({ start, end });
    start = end;
  }
  return chunks;
}

// Moves a chunk's annotations onto the whole text: offsets by the chunk's start, entity ids by a
// per-chunk base (mentions are linked within a chunk, not across chunks).
function rebase(result, base, index) {
  const idBase = index * 0x100000;
  const move = (span) => {
    if (!span) return;
    span.start += base;
    span.end += base;
    if (typeof span.entity === 'number') span.entity += idBase;
  };
  for (const entity of result.entities) move(entity);
  for (const quote of result.quotes) {
    move(quote);
    move(quote.speaker);
    move(quote.cue);
    move(quote.addressee);
    move(quote.via);
  }
  const order = (a, b) => a.start - b.start || b.end - a.end;
  result.entities.sort(order);
  result.quotes.sort(order);
  return result;
}

// --- Offsets to DOM positions ---------------------------------------------------------------

function clearText() {
  article.replaceChildren();
  page.paragraphs = [];
  page.nodeIndex = new Map();
  page.blocks = [];
  page.near = new Set();
  page.shown = null;
  blockObserver.disconnect();
}

// Appends the lines of `text` from `from` on, in blocks, until `deadline` (performance.now());
// returns where it stopped.
function renderLines(text, from, deadline) {
  let start = from;
  while (start <= text.length && (deadline === Infinity || performance.now() < deadline)) {
    const block = element('div', 'block');
    const blockStart = start;
    let lines = 0;
    while (start <= text.length && lines < BLOCK_LINES && start - blockStart < BLOCK_UNITS) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const line = text.slice(start, end);
      const p = element('p', line.trim() ? '' : 'blank');
      p.dir = 'auto';
      const node = document.createTextNode(line);
      p.append(node);
      block.append(p);
      page.nodeIndex.set(node, page.paragraphs.length);
      page.paragraphs.push({ node, start, end });
      start = end + 1;
      lines += 1;
    }
    block.dataset.block = String(page.blocks.length);
    page.blocks.push({ element: block, start: blockStart, end: start - 1 });
    article.append(block);
    if (page.large) blockObserver.observe(block);
  }
  return start;
}

// Renders the text in slices of SLICE_MS, yielding to the browser between them.
function renderProgressively(text, generation) {
  return new Promise((resolve) => {
    let from = 0;
    const step = () => {
      if (generation !== page.generation) return resolve(false);
      from = renderLines(text, from, performance.now() + SLICE_MS);
      if (from > text.length) resolve(true); else setTimeout(step, 0);
    };
    step();
  });
}

// The paragraph holding a UTF-16 offset of the whole text: the last one starting at or before it.
function paragraphAt(offset) {
  let low = 0;
  let high = page.paragraphs.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (page.paragraphs[middle].start <= offset) low = middle; else high = middle - 1;
  }
  return page.paragraphs[low];
}

function domPoint(offset) {
  const paragraph = paragraphAt(offset);
  return [paragraph.node, Math.min(offset, paragraph.end) - paragraph.start];
}

function makeRange(start, end) {
  const range = new Range();
  range.setStart(...domPoint(start));
  range.setEnd(...domPoint(end));
  return range;
}

// An annotation's DOM range, made when first needed (a long text has far more than are shown).
function rangeOf(span) {
  if (!span.range) span.range = makeRange(span.start, span.end);
  return span.range;
}

// --- Highlights -----------------------------------------------------------------------------

const highlightsSupported = typeof CSS !== 'undefined' && 'highlights' in CSS;

function setHighlight(name, ranges, priority) {
  if (!highlightsSupported) return;
  const highlight = new Highlight(...ranges);
  highlight.priority = priority;
  CSS.highlights.set(name, highlight);
}

// The blocks near the viewport of a long text, re-painted when they change.
const blockObserver = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    const index = Number(entry.target.dataset.block);
    if (entry.isIntersecting) page.near.add(index); else page.near.delete(index);
  }
  schedulePaint();
}, { root: sheet, rootMargin: '1500px 0px' });

let paintQueued = false;
function schedulePaint() {
  if (paintQueued) return;
  paintQueued = true;
  requestAnimationFrame(() => {
    paintQueued = false;
    paintAnnotations();
  });
}

// The first index in `list` (sorted by start) whose start is at or after `offset`.
function firstFrom(list, offset) {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (list[middle].start < offset) low = middle + 1; else high = middle;
  }
  return low;
}

// The annotations to paint: all of a short text; those starting in the blocks near the viewport
// of a long one, from the chunks annotated so far.
function paintable() {
  if (!page.large) return page.result;
  const entities = [];
  const quotes = [];
  for (const index of [...page.near].sort((a, b) => a - b)) {
    const block = page.blocks[index];
    for (const chunk of page.chunks) {
      if (!chunk.result || chunk.end <= block.start || chunk.start > block.end) continue;
      for (const [list, out] of [[chunk.result.entities, entities], [chunk.result.quotes, quotes]]) {
        for (let i = firstFrom(list, block.start); i < list.length && list[i].start <= block.end; i++) {
          out.push(list[i]);
        }
      }
    }
  }
  return { entities, quotes };
}

function paintAnnotations() {
  const shown = paintable();
  for (const type of TYPES) {
    const ranges = page.visible.has(type)
      ? shown.entities.filter((e) => e.label === type).map(rangeOf)
      : [];
    setHighlight(`qawl-${type}`, ranges, 1);
  }
  const quotes = page.visible.has('QUOTE') ? shown.quotes.map(rangeOf) : [];
  setHighlight('qawl-quote', quotes, 0);
}

function setActive(ranges, speakerRanges = []) {
  setHighlight('qawl-active', ranges, 3);
  setHighlight('qawl-speaker', speakerRanges, 2);
}

// --- Annotating -----------------------------------------------------------------------------

// The core failed (a trap or a panic): say so, and keep the text on screen and in the text box.
function coreFailed(reason) {
  page.generation += 1;
  if (page.shown !== page.text) {
    clearText();
    page.result = { entities: [], quotes: [] };
    renderLines(page.text, 0, Infinity);
    page.shown = page.text;
    paintAnnotations();
    renderPanel();
  }
  progress.hidden = true;
  setStatus('error', 'coreFailed', reason);
}
cores.onFailure = coreFailed;

// Which chunk to annotate next: the first not yet sent that overlaps a block near the viewport,
// else the first not yet sent.
function nextChunk() {
  for (const index of [...page.near].sort((a, b) => a - b)) {
    const block = page.blocks[index];
    const chunk = page.chunks.find((c) => !c.dispatched && c.end > block.start && c.start <= block.end);
    if (chunk) return chunk;
  }
  return page.chunks.find((c) => !c.dispatched);
}

async function annotateChunks(generation) {
  const text = page.text;
  let coreMs = 0;
  const lane = async () => {
    for (let chunk = nextChunk(); chunk; chunk = nextChunk()) {
      chunk.dispatched = true;
      const index = page.chunks.indexOf(chunk);
      const result = await cores.request('annotate', text.slice(chunk.start, chunk.end));
      if (generation !== page.generation) return;
      coreMs += result.elapsedMs;
      chunk.result = rebase(result, chunk.start, index);
      page.done += 1;
      if (page.large) {
        progress.value = page.done / page.chunks.length;
        setStatus('loading', 'chunks', page.done, page.chunks.length);
        schedulePaint();
      }
    }
  };
  // Two requests in flight per worker keep each busy while the page handles an answer.
  const lanes = page.large ? cores.grow() * 2 : 1;
  await Promise.all(Array.from({ length: lanes }, lane));
  return coreMs;
}

async function run(text) {
  const generation = ++page.generation;
  const started = performance.now();
  page.text = text;
  page.imported = false;
  loadEdits(text);
  save();
  page.chunks = splitChunks(text).map((chunk) => ({ ...chunk, dispatched: false, result: null }));
  page.done = 0;
  page.large = page.chunks.length > 1;
  article.classList.toggle('large', page.large);
  let rendered = Promise.resolve(true);
  if (page.large) {
    // Long text: show it at once (in slices), annotate behind it.
    page.result = { entities: [], quotes: [] };
    page.annotations = [];
    setActive([]);
    hideDetails();
    clearText();
    paintAnnotations();
    progress.value = 0;
    progress.hidden = false;
    setStatus('loading', 'chunks', 0, page.chunks.length);
    rendered = renderProgressively(text, generation);
  }
  // A short text keeps the old one on screen until the new annotations are there.
  let coreMs;
  try {
    coreMs = await annotateChunks(generation);
  } catch (error) {
    if (error.name !== 'CoreFailure') coreFailed(errorText(error));
    return;
  }
  if (generation !== page.generation || !(await rendered) || generation !== page.generation) return;
  if (!page.large) {
    clearText();
    renderLines(text, 0, Infinity);
  }
  page.shown = text;
  await finish(generation, started, coreMs);
}

// Shows `text` with annotations made elsewhere (an imported file, or saved ones restored), without
// asking the core.
async function showAnnotated(text, result, { fresh = false } = {}) {
  clearTimeout(debounce);
  loadEdits(text);
  // An imported file is the new truth for its text: earlier corrections of it are dropped.
  if (fresh) {
    page.edits.done = [];
    saveEdits();
  }
  const generation = ++page.generation;
  const started = performance.now();
  input.value = text.length > LARGE ? '' : text;
  page.text = text;
  page.imported = true;
  page.chunks = [{ start: 0, end: text.length, dispatched: true, result }];
  page.done = 1;
  page.large = text.length > LARGE;
  article.classList.toggle('large', page.large);
  setActive([]);
  hideDetails();
  clearText();
  if (page.large) {
    if (!(await renderProgressively(text, generation))) return;
  } else {
    renderLines(text, 0, Infinity);
  }
  page.shown = text;
  await finish(generation, started, 0);
  if (generation === page.generation) save();
}

const yieldToBrowser = () => new Promise((resolve) => setTimeout(resolve, 0));

// Joins the chunks' annotations and fills the panel, yielding between the steps of a long text.
async function finish(generation, started, coreMs) {
  const entities = [];
  const quotes = [];
  const annotations = [];
  const groups = new Map();
  let slice = performance.now();
  for (const chunk of page.chunks) {
    for (const e of chunk.result.entities) entities.push(e);
    for (const q of chunk.result.quotes) {
      q.index = quotes.length;
      quotes.push(q);
    }
    const items = [
      ...chunk.result.entities.map((annotation) => ({ type: annotation.label, annotation })),
      ...chunk.result.quotes.map((annotation) => ({ type: 'QUOTE', annotation, index: annotation.index })),
    ].sort((a, b) => a.annotation.start - b.annotation.start || b.annotation.end - a.annotation.end);
    for (const item of items) annotations.push(item);
    groupEntities(chunk.result.entities, groups);
    // A long text: yield to the browser between slices, so that no task runs long.
    if (page.large && performance.now() - slice > SLICE_MS) {
      await yieldToBrowser();
      if (generation !== page.generation) return;
      slice = performance.now();
    }
  }
  page.result = { entities, quotes };
  if (!page.large) {
    for (const entity of entities) rangeOf(entity);
    for (const quote of quotes) {
      rangeOf(quote);
      if (quote.speaker) rangeOf(quote.speaker);
    }
  }
  page.annotations = annotations;
  page.focus = -1;
  if (page.large) await yieldToBrowser();
  if (generation !== page.generation) return;
  article.dataset.entities = String(entities.length);
  article.dataset.quotes = String(quotes.length);
  paintAnnotations();
  setActive([]);
  hideDetails();
  renderPanel(groups);
  progress.hidden = true;
  const ms = performance.now() - started;
  page.lastRun = { ms, coreMs, chunks: page.chunks.length, characters: page.text.length };
  const took = coreMs < 1 ? '< 1' : coreMs.toFixed(1);
  if (!page.text.trim()) setStatus('ready', 'ready');
  else if (page.imported) setStatus('ready', 'imported', entities.length, quotes.length);
  else setStatus('ready', 'annotated', entities.length, quotes.length, took);
  page.base = page.result;
  if (page.edits.done.length) refresh();
  updateHistory();
}

// --- Side panel -----------------------------------------------------------------------------

function entityKey(entity) {
  return entity.entity === null ? `${entity.label}:${entity.canonical}` : `id:${entity.entity}`;
}

function more(list, count) {
  if (count > PANEL_LIMIT) list.append(element('li', 'empty', language.text('more', count - PANEL_LIMIT)));
}

// Groups entity mentions by entity (or by label and name when unlinked), adding to `groups`.
function groupEntities(entities, groups = new Map()) {
  for (const entity of entities) {
    const key = entityKey(entity);
    let group = groups.get(key);
    if (!group) {
      group = { label: entity.label, canonical: entity.canonical, mentions: [] };
      groups.set(key, group);
    }
    group.mentions.push(entity);
  }
  return groups;
}

function renderPanel(groups = groupEntities(page.result.entities)) {
  const quoteList = $('#quotes');
  quoteList.replaceChildren();
  page.result.quotes.slice(0, PANEL_LIMIT).forEach((quote, index) => {
    const button = element('button');
    button.type = 'button';
    button.dataset.quote = String(index);
    const speaker = element('span', 'speaker', `${index + 1}. `);
    speaker.append(element('bdi', '', quote.speaker ? quote.speaker.canonical : language.text('unknownSpeaker')));
    button.append(speaker);
    button.append(element('span', 'badge', language.kind(quote.kind)));
    const words = quote.text.split(/\s+/);
    const excerpt = element('bdi', 'quote-text', words.length > 14 ? `${words.slice(0, 14).join(' ')}…` : quote.text);
    excerpt.dir = 'auto';
    button.append(excerpt);
    button.addEventListener('click', () => select([rangeOf(quote)], quote.speaker ? [rangeOf(quote.speaker)] : [], button));
    button.addEventListener('focus', () => showDetailsFor({ type: 'QUOTE', annotation: quote, index }, button));
    button.addEventListener('blur', hideDetails);
    const item = element('li');
    item.append(button);
    quoteList.append(item);
  });
  more(quoteList, page.result.quotes.length);
  if (!page.result.quotes.length) quoteList.append(element('li', 'empty', language.text('noQuotes')));

  const sorted = [...groups.entries()].sort((a, b) => b[1].mentions.length - a[1].mentions.length
    || TYPES.indexOf(a[1].label) - TYPES.indexOf(b[1].label));
  const entityList = $('#entities');
  entityList.replaceChildren();
  for (const [key, group] of sorted.slice(0, PANEL_LIMIT)) {
    const button = element('button');
    button.type = 'button';
    button.dataset.entity = key;
    const name = element('bdi', 'speaker', group.canonical);
    button.append(name, element('span', 'badge', language.type(group.label)), element('span', 'count', `× ${group.mentions.length}`));
    button.addEventListener('click', () => select(group.mentions.map(rangeOf), [], button));
    const item = element('li');
    item.append(button);
    entityList.append(item);
  }
  more(entityList, sorted.length);
  if (!sorted.length) entityList.append(element('li', 'empty', language.text('noEntities')));
}

function select(ranges, speakerRanges, button) {
  for (const pressed of document.querySelectorAll('.panel button[aria-pressed="true"]')) {
    pressed.setAttribute('aria-pressed', 'false');
  }
  button.setAttribute('aria-pressed', 'true');
  setActive(ranges, speakerRanges);
  if (ranges.length) scrollToRange(ranges[0]);
}

function scrollToRange(range) {
    const rect = range.getBoundingClientRect();
  const frame = sheet.getBoundingClientRect();
  if (rect.top < frame.top + 20 || rect.bottom > frame.bottom - 20) {
    sheet.scrollTop += rect.top - frame.top - sheet.clientHeight / 3;
  }
  if (rect.top < 0 || rect.bottom > window.innerHeight) {
    window.scrollBy({ top: rect.top - window.innerHeight / 3 });
  }
}

// --- Details on hover and keyboard focus ----------------------------------------------------

function row(list, term, value) {
  if (value === undefined || value === null || value === '') return;
  list.append(element('dt', '', term));
  const dd = element('dd');
  dd.append(element('bdi', '', value));
  list.append(dd);
}

function participantText(participant) {
  if (!participant) return '';
  return participant.canonical && participant.canonical !== participant.text
    ? `${participant.canonical} («${participant.text}»)`
    : participant.text;
}

function showDetailsFor(item, anchor) {
  const { type, annotation } = item;
  details.replaceChildren();
  const list = element('dl');
  if (type === 'QUOTE') {
    details.append(element('div', 'title', language.text('quoteTitle', language.kind(annotation.kind), item.index + 1)));
    row(list, language.text('speaker'), annotation.speaker ? participantText(annotation.speaker) : language.text('unknown'));
    row(list, language.text('cue'), annotation.cue ? annotation.cue.text : '');
    row(list, language.text('addressee'), participantText(annotation.addressee));
    row(list, language.text('via'), participantText(annotation.via));
    row(list, language.text('source'), annotation.source);
  } else {
    details.append(element('div', 'title', `${language.type(type)} · ${type}`));
    row(list, language.text('name'), annotation.canonical);
    if (annotation.canonical !== annotation.text) row(list, language.text('inText'), annotation.text);
    row(list, language.text('source'), annotation.source);
  }
  details.append(list);
  details.hidden = false;
  const rect = anchor.getBoundingClientRect();
  const top = rect.bottom + 8 + details.offsetHeight > window.innerHeight ? rect.top - details.offsetHeight - 8 : rect.bottom + 8;
  details.style.top = `${Math.max(4, top)}px`;
  details.style.left = `${Math.min(Math.max(4, rect.left), window.innerWidth - details.offsetWidth - 4)}px`;
}

function hideDetails() {
  details.hidden = true;
  details.replaceChildren();
}

function focusAnnotation(item) {
  const ranges = [rangeOf(item.annotation)];
  const speaker = item.type === 'QUOTE' && item.annotation.speaker ? [rangeOf(item.annotation.speaker)] : [];
  setActive(ranges, speaker);
  showDetailsFor(item, ranges[0]);
}

// The offset under the pointer, if the pointer is over the article's text.
function offsetAt(x, y) {
  let node;
  let offset;
  if (document.caretPositionFromPoint) {
    const position = document.caretPositionFromPoint(x, y);
    if (!position) return -1;
    node = position.offsetNode;
    offset = position.offset;
  } else if (document.caretRangeFromPoint) {
    const range = document.caretRangeFromPoint(x, y);
    if (!range) return -1;
    node = range.startContainer;
    offset = range.startOffset;
  }
  const index = page.nodeIndex.get(node);
  return index === undefined ? -1 : page.paragraphs[index].start + offset;
}

function isOver(range, x, y) {
  for (const rect of range.getClientRects()) {
    if (x >= rect.left - 1 && x <= rect.right + 1 && y >= rect.top - 1 && y <= rect.bottom + 1) return true;
  }
  return false;
}

function annotationAt(x, y) {
  const offset = offsetAt(x, y);
  if (offset < 0) return null;
  const near = (a) => a.start <= offset + 1 && offset - 1 <= a.end && isOver(rangeOf(a), x, y);
  const entity = page.result.entities.find((e) => page.visible.has(e.label) && near(e));
  if (entity) return { type: entity.label, annotation: entity };
  const index = page.result.quotes.findIndex((q) => page.visible.has('QUOTE') && near(q));
  return index < 0 ? null : { type: 'QUOTE', annotation: page.result.quotes[index], index };
}

let hovered = null;
article.addEventListener('mousemove', (event) => {
  if (!editor.hidden) return;
  const item = annotationAt(event.clientX, event.clientY);
  if (item && hovered && item.annotation === hovered.annotation) return;
  hovered = item;
  if (item) focusAnnotation(item); else { setActive([]); hideDetails(); }
});
article.addEventListener('mouseleave', () => { hovered = null; setActive([]); hideDetails(); });

article.addEventListener('keydown', (event) => {
  if (editFromKeyboard(event)) {
    event.preventDefault();
    return;
  }
  const visible = page.annotations.filter((a) => page.visible.has(a.type));
  if (!visible.length) return;
  // Right to left: the next annotation in reading order is to the left.
  const forward = event.key === 'ArrowLeft' || event.key === 'n';
  const backward = event.key === 'ArrowRight' || event.key === 'p';
  if (event.key === 'Escape') {
    page.cursor = null;
    getSelection().removeAllRanges();
    setActive([]);
    hideDetails();
    return;
  }
  if (!forward && !backward) return;
  event.preventDefault();
  page.cursor = null;
  const current = visible.indexOf(page.annotations[page.focus]);
  const next = current < 0 ? (forward ? 0 : visible.length - 1)
    : (current + (forward ? 1 : -1) + visible.length) % visible.length;
  page.focus = page.annotations.indexOf(visible[next]);
  scrollToRange(rangeOf(visible[next].annotation));
  focusAnnotation(visible[next]);
});
article.addEventListener('blur', () => { if (!hovered) hideDetails(); });

// --- Corrections ----------------------------------------------------------------------------

const EDITS_PREFIX = 'qawl:edits:';
const editor = $('#editor');
const undoButton = $('#undo');
const redoButton = $('#redo');

// The corrections of `text`, kept under a hash of it: they come back whenever the same text is
// annotated again (a reload, the same sample, the same file).
function loadEdits(text) {
  const key = textKey(text);
  if (page.edits.key === key) return;
  let done = [];
  try {
    const saved = JSON.parse(storage()?.getItem(EDITS_PREFIX + key) || '[]');
    if (Array.isArray(saved)) done = saved.filter((edit) => edit && typeof edit.op === 'string');
  } catch {
    done = [];
  }
  page.edits = { key, done, undone: [] };
  page.words = null;
  page.cursor = null;
}

function saveEdits() {
  try {
    const store = storage();
    if (!store) return;
    if (page.edits.done.length) store.setItem(EDITS_PREFIX + page.edits.key, JSON.stringify(page.edits.done));
    else store.removeItem(EDITS_PREFIX + page.edits.key);
  } catch (error) {
    setNotice('storage', 'storageFailed', errorText(error));
  }
}

function updateHistory() {
  undoButton.disabled = !page.edits.done.length;
  redoButton.disabled = !page.edits.undone.length;
  undoButton.dataset.count = String(page.edits.done.length);
}

// Shows the base annotations with the corrections replayed on them.
function refresh() {
  let result;
  try {
    result = applyEdits(page.base, page.edits.done, page.text);
  } catch {
    // Edits are checked one by one; should one still throw, show the annotations without them.
    result = applyEdits(page.base, [], page.text);
  }
  result.quotes.forEach((quote, index) => { quote.index = index; });
  page.result = result;
  page.chunks = [{ start: 0, end: page.text.length, dispatched: true, result }];
  page.done = 1;
  page.annotations = [
    ...result.entities.map((annotation) => ({ type: annotation.label, annotation })),
    ...result.quotes.map((annotation) => ({ type: 'QUOTE', annotation, index: annotation.index })),
  ].sort((a, b) => a.annotation.start - b.annotation.start || b.annotation.end - a.annotation.end);
  page.focus = -1;
  article.dataset.entities = String(result.entities.length);
  article.dataset.quotes = String(result.quotes.length);
  article.dataset.edits = String(page.edits.done.length);
  paintAnnotations();
  setActive([]);
  renderPanel();
  updateHistory();
  if (page.edits.done.length) {
    setStatus('ready', 'corrected', result.entities.length, result.quotes.length, page.edits.done.length);
  } else {
    setStatus('ready', page.imported ? 'imported' : 'annotated', result.entities.length, result.quotes.length,
      page.lastRun ? page.lastRun.coreMs.toFixed(1) : '0');
  }
}

function applyCorrection(edit) {
  if (page.shown !== page.text) return;
  page.edits.done.push(edit);
  page.edits.undone = [];
  saveEdits();
  refresh();
}

function undo() {
  if (!page.edits.done.length || page.shown !== page.text) return;
  page.edits.undone.push(page.edits.done.pop());
  saveEdits();
  refresh();
}

function redo() {
  if (!page.edits.undone.length || page.shown !== page.text) return;
  page.edits.done.push(page.edits.undone.pop());
  saveEdits();
  refresh();
}

undoButton.addEventListener('click', undo);
redoButton.addEventListener('click', redo);
document.addEventListener('keydown', (event) => {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
  if (event.target.closest && event.target.closest('textarea, input, select')) return;
  const key = event.key.toLowerCase();
  if (key === 'z' && !event.shiftKey) undo();
  else if ((key === 'z' && event.shiftKey) || key === 'y') redo();
  else return;
  event.preventDefault();
});

// The UTF-16 offset of a DOM point inside the article, or -1.
function pointOffset(node, offset) {
  let index = page.nodeIndex.get(node);
  if (index !== undefined) return page.paragraphs[index].start + offset;
  // A point between children of a paragraph: before or after its text.
  if (node.nodeType === Node.ELEMENT_NODE && node.matches('#article p') && node.firstChild) {
    index = page.nodeIndex.get(node.firstChild);
    if (index !== undefined) return offset ? page.paragraphs[index].end : page.paragraphs[index].start;
  }
  return -1;
}

// The article's selected text as UTF-16 offsets, without surrounding spaces; null when nothing
// in one line of the article is selected.
function selectedSpan() {
  const selection = getSelection();
  if (!selection.rangeCount || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  let start = pointOffset(range.startContainer, range.startOffset);
  let end = pointOffset(range.endContainer, range.endOffset);
  if (start < 0 || end < 0) return null;
  if (start > end) [start, end] = [end, start];
  while (start < end && /\s/.test(page.text[start])) start++;
  while (end > start && /\s/.test(page.text[end - 1])) end--;
  if (end <= start || page.text.slice(start, end).includes('\n')) return null;
  return { start, end };
}

// The word edges next to a span's ends, for growing or shrinking it by one word.
function wordEdges() {
  if (!page.words) page.words = words(page.text);
  return page.words;
}

function resized(entity, side, grow) {
  const list = wordEdges();
  let { start, end } = entity;
  if (side === 'start' && grow) {
    const before = list.filter(([, e]) => e <= start && !page.text.slice(e, start).includes('\n')).pop();
    if (before) [start] = before;
  } else if (side === 'start') {
    const next = list.find(([s]) => s > start && s < end);
    if (next) [start] = next;
  } else if (grow) {
    const after = list.find(([s]) => s >= end && !page.text.slice(end, s).includes('\n'));
    if (after) [, end] = after;
  } else {
    const previous = list.filter(([, e]) => e < end && e > start).pop();
    if (previous) [, end] = previous;
  }
  return start === entity.start && end === entity.end ? null : [start, end];
}

// Entity groups of the current annotations (one per real entity), most mentioned first.
function entityGroups() {
  return [...groupEntities(page.result.entities).values()]
    .sort((a, b) => b.mentions.length - a.mentions.length);
}

let editorTarget = null;
let editorReturn = null;

function closeEditor({ refocus = true } = {}) {
  if (editor.hidden) return;
  editor.hidden = true;
  editor.replaceChildren();
  editorTarget = null;
  if (refocus && editorReturn) editorReturn.focus();
  editorReturn = null;
}

function editorButton(label, action, { key, pressed, className, name } = {}) {
  const button = element('button', className || '');
  button.type = 'button';
  if (name) button.dataset.action = name;
  if (key) {
    button.append(element('kbd', '', key), ' ');
    button.dataset.key = key;
  }
  // A name from the article is isolated, so that its direction cannot reorder the type after it.
  const [shown, ...rest] = Array.isArray(label) ? label : [label];
  button.append(element('bdi', '', shown), ...rest);
  if (pressed !== undefined) button.setAttribute('aria-pressed', String(pressed));
  button.addEventListener('click', () => {
    closeEditor();
    action();
  });
  return button;
}

function editorGroup(title, buttons, name) {
  const group = element('div', 'editor-group');
  if (!buttons.length) return group;
  group.setAttribute('role', 'group');
  group.dataset.group = name;
  const heading = element('div', 'editor-heading', title);
  heading.id = `editor-${name}`;
  group.setAttribute('aria-labelledby', heading.id);
  const row = element('div', 'editor-row');
  row.append(...buttons);
  group.append(heading, row);
  return group;
}

// Opens the correction menu for a selection ({ start, end }), an entity or a quote, next to
// `rect`; the first button takes the focus.
function openEditor(target, rect) {
  hideDetails();
  editorReturn = document.activeElement && document.activeElement !== document.body ? document.activeElement : article;
  editorTarget = target;
  editor.replaceChildren();
  const title = element('div', 'editor-title');
  title.id = 'editor-title';
  const typeButtons = (current, pick) => LABELS.map((label, i) => editorButton(
    language.type(label), () => pick(label), { key: String(i + 1), pressed: current ? current === label : undefined, className: `type-${label}`, name: label },
  ));
  if (target.kind === 'selection') {
    const { start, end } = target;
    title.append(language.text('addEntity'), ' ', element('bdi', '', `«${page.text.slice(start, end)}»`));
    editor.append(title, editorGroup(language.text('chooseType'), typeButtons(null, (label) => applyCorrection({ op: 'add', start, end, label })), 'types'));
  } else if (target.kind === 'entity') {
    const entity = target.annotation;
    const { start, end } = entity;
    title.append(`${language.type(entity.label)}: `, element('bdi', '', `«${entity.text}»`));
    const sizes = [['start', true, 'growStart'], ['start', false, 'shrinkStart'], ['end', true, 'growEnd'], ['end', false, 'shrinkEnd']]
      .map(([side, grow, key]) => [resized(entity, side, grow), key])
      .filter(([to]) => to)
      .map(([to, key]) => editorButton(language.text(key), () => applyCorrection({ op: 'resize', start, end, to }), { name: key }));
    // Names merge with names (dates and sums are not linked), those of the same type first.
    const names = ['PER', 'LOC', 'ORG', 'NORP'];
    const others = !names.includes(entity.label) ? [] : entityGroups()
      .filter((g) => !g.mentions.includes(entity) && names.includes(g.label))
      .sort((a, b) => (b.label === entity.label) - (a.label === entity.label))
      .slice(0, 16)
      .map((g) => editorButton([g.canonical, ` (${language.type(g.label)})`],
        () => applyCorrection({ op: 'merge', start, end, into: [g.mentions[0].start, g.mentions[0].end] }), { className: 'merge', name: `merge:${g.canonical}` }));
    editor.append(title,
      editorGroup(language.text('changeType'), typeButtons(entity.label, (label) => applyCorrection({ op: 'label', start, end, label })), 'types'),
      editorGroup(language.text('bounds'), sizes, 'bounds'),
      editorGroup(language.text('mergeInto'), others, 'merge'),
      editorGroup('', [editorButton(language.text('remove'), () => applyCorrection({ op: 'remove', start, end }), { key: 'Delete', className: 'remove', name: 'remove' })], 'remove'));
  } else {
    const quote = target.annotation;
    const { start, end } = quote;
    title.append(language.text('quoteTitle', language.kind(quote.kind), target.index + 1));
    const speakerEntity = quote.speaker && quote.speaker.entity;
    // A speaker is named by the mention nearest before the quote, else the group's first.
    const candidates = entityGroups().filter((g) => ['PER', 'ORG', 'NORP', 'LOC'].includes(g.label)).slice(0, 24).map((g) => {
      const before = g.mentions.filter((m) => m.end <= start).pop() || g.mentions[0];
      const current = quote.speaker && (speakerEntity !== null ? g.mentions[0].entity === speakerEntity
        : g.mentions.some((m) => m.start === quote.speaker.start));
      return editorButton([g.canonical, ` (${language.type(g.label)})`],
        () => applyCorrection({ op: 'speaker', start, end, speaker: [before.start, before.end] }), { pressed: Boolean(current), className: 'speaker-choice', name: `speaker:${g.canonical}` });
    });
    candidates.push(editorButton(language.text('unknownSpeaker'), () => applyCorrection({ op: 'speaker', start, end, speaker: null }),
      { pressed: !quote.speaker, className: 'speaker-unknown', name: 'speaker:' }));
    editor.append(title, editorGroup(language.text('speaker'), candidates, 'speaker'));
  }
  editor.append(editorButton(language.text('close'), () => {}, { key: 'Esc', className: 'close', name: 'close' }));
  editor.setAttribute('aria-labelledby', 'editor-title');
  editor.hidden = false;
  const top = rect.bottom + 8 + editor.offsetHeight > window.innerHeight ? rect.top - editor.offsetHeight - 8 : rect.bottom + 8;
  editor.style.top = `${Math.max(4, top)}px`;
  editor.style.left = `${Math.min(Math.max(4, rect.right - editor.offsetWidth), window.innerWidth - editor.offsetWidth - 4)}px`;
  editor.querySelector('button').focus();
}

editor.addEventListener('keydown', (event) => {
  const buttons = [...editor.querySelectorAll('button')];
  const index = buttons.indexOf(document.activeElement);
  if (event.key === 'Escape') {
    closeEditor();
  } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    const step = event.key === 'ArrowDown' ? 1 : -1;
    buttons[(index + step + buttons.length) % buttons.length].focus();
  } else if (/^[1-8]$/.test(event.key) || event.key === 'Delete') {
    const button = editor.querySelector(`button[data-key="${event.key}"]`);
    if (button) button.click();
  } else {
    return;
  }
  event.preventDefault();
});

document.addEventListener('mousedown', (event) => {
  if (!editor.hidden && !editor.contains(event.target)) closeEditor({ refocus: false });
});

// A selection made with the mouse opens the menu to add an entity.
article.addEventListener('mouseup', () => {
  setTimeout(() => {
    const span = selectedSpan();
    if (!span) return;
    page.cursor = null;
    openEditor({ kind: 'selection', ...span }, getSelection().getRangeAt(0).getBoundingClientRect());
  }, 0);
});

// A click on an annotation opens its menu.
article.addEventListener('click', (event) => {
  if (!getSelection().isCollapsed) return;
  const item = annotationAt(event.clientX, event.clientY);
  if (!item) return;
  openEditor(item.type === 'QUOTE' ? { kind: 'quote', annotation: item.annotation, index: item.index }
    : { kind: 'entity', annotation: item.annotation }, rangeOf(item.annotation).getBoundingClientRect());
});

// Selecting by keyboard: Shift with the arrows selects whole words from the annotation in focus
// (or the first word), the next word in reading order being to the left.
function moveCursor(forward) {
  const list = wordEdges();
  if (!list.length) return;
  if (!page.cursor) {
    const focused = page.annotations[page.focus];
    const from = focused ? Math.max(0, list.findIndex(([, e]) => e > focused.annotation.start)) : 0;
    page.cursor = { anchor: from, head: from };
  } else {
    page.cursor.head = Math.min(list.length - 1, Math.max(0, page.cursor.head + (forward ? 1 : -1)));
  }
  const low = Math.min(page.cursor.anchor, page.cursor.head);
  const high = Math.max(page.cursor.anchor, page.cursor.head);
  const range = makeRange(list[low][0], list[high][1]);
  const selection = getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  scrollToRange(range);
}

function cursorSpan() {
  if (!page.cursor) return null;
  const list = wordEdges();
  const low = Math.min(page.cursor.anchor, page.cursor.head);
  const high = Math.max(page.cursor.anchor, page.cursor.head);
  const span = { start: list[low][0], end: list[high][1] };
  return page.text.slice(span.start, span.end).includes('\n') ? null : span;
}

function editFromKeyboard(event) {
  if (event.shiftKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight')) {
    moveCursor(event.key === 'ArrowLeft');
    return true;
  }
  const span = cursorSpan();
  if (span && /^[1-8]$/.test(event.key)) {
    page.cursor = null;
    getSelection().removeAllRanges();
    applyCorrection({ op: 'add', ...span, label: LABELS[Number(event.key) - 1] });
    return true;
  }
  if (event.key !== 'Enter' && event.key !== 'Delete') return false;
  if (span && event.key === 'Enter') {
    openEditor({ kind: 'selection', ...span }, makeRange(span.start, span.end).getBoundingClientRect());
    return true;
  }
  const item = page.annotations[page.focus];
  if (!item) return false;
  if (event.key === 'Delete') {
    if (item.type === 'QUOTE') return false;
    applyCorrection({ op: 'remove', start: item.annotation.start, end: item.annotation.end });
    return true;
  }
  openEditor(item.type === 'QUOTE' ? { kind: 'quote', annotation: item.annotation, index: item.index }
    : { kind: 'entity', annotation: item.annotation }, rangeOf(item.annotation).getBoundingClientRect());
  return true;
}

// --- The personal list of names --------------------------------------------------------------

const listText = $('#list-text');
const listStatus = $('#list-status');
const LIST_HEADER = '# Qawl personal list, in the format of the built-in lists (src/data/*.txt): one name per\n'
  + '# line, the canonical name then its other spellings, separated by tabs; "#! PER" (LOC, ORG,\n'
  + '# NORP) before the names of each type; a person may have m or f after the canonical name.\n';

function setListStatus(state, key, ...args) {
  personalList.message = [state, key, ...args];
  listStatus.dataset.state = state;
  fill(listStatus, language.say(key, ...args));
}

// Hands the list to every worker; a list that does not parse is refused and the old one stays.
// The article is annotated again with it (not an imported one: those are shown as they are).
async function applyList(text) {
  const answer = await cores.setList(text);
  if (answer.error) {
    setListStatus('error', 'listError', answer.error);
    return false;
  }
  personalList.text = text;
  listText.value = text;
  try {
    if (text.trim()) storage()?.setItem(LIST_KEY, text); else storage()?.removeItem(LIST_KEY);
  } catch (error) {
    setNotice('storage', 'storageFailed', errorText(error));
  }
  setListStatus('ready', 'listApplied', answer.entries);
  if (!page.imported && page.shown === page.text) await run(page.text);
  return true;
}

// The list with one more line, under a `#! TYPE` line when the entries before it are of another
// type.
function withEntry(text, type, line) {
  const lines = text.trim() ? text.replace(/\s+$/, '').split('\n') : [];
  let current = 'PER';
  for (const l of lines) {
    const directive = l.match(/^\s*#!\s*(\S+)/);
    if (directive) current = directive[1];
  }
  if (current !== type || !lines.length) lines.push(`#! ${type}`);
  lines.push(line);
  return `${lines.join('\n')}\n`;
}

const oneField = (s) => s.replace(/[\t\r\n]+/g, ' ').trim();

$('#list-add').addEventListener('click', async () => {
  const canonical = oneField($('#list-canonical').value);
  if (!canonical) {
    setListStatus('error', 'listEmptyName');
    $('#list-canonical').focus();
    return;
  }
  const variants = $('#list-variants').value.split(/[,،\n]/).map(oneField).filter(Boolean);
  const line = [canonical, ...variants].join('\t');
  if (await applyList(withEntry(listText.value, $('#list-type').value, line))) {
    $('#list-canonical').value = '';
    $('#list-variants').value = '';
  }
});

$('#list-apply').addEventListener('click', () => applyList(listText.value));

$('#list-export').addEventListener('click', () => {
  const text = listText.value.startsWith('# Qawl personal list') ? listText.value : LIST_HEADER + listText.value;
  download({ name: 'qawl-personal-list.txt', type: 'text/plain', content: text });
});

// An imported list is added to the current one; its entries before any `#! TYPE` line are people,
// as they would be in a list of their own.
$('#list-import').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  event.target.value = '';
  if (!file) return;
  const decoded = decodeText(new Uint8Array(await file.arrayBuffer()));
  if (!decoded) {
    setListStatus('error', 'notText', file.name);
    return;
  }
  const current = listText.value.trim() ? `${listText.value.replace(/\s+$/, '')}\n` : '';
  await applyList(`${current}#! PER\n${decoded.text.replace(/\s+$/, '')}\n`);
});

// --- Keeping the article and the settings across reloads ------------------------------------

// Local storage may be missing (disabled, private mode) or full; the page works without it and
// says so once.
function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function restore() {
  try {
    const saved = JSON.parse(storage()?.getItem(STORAGE_KEY) || 'null');
    return saved && typeof saved === 'object' ? saved : null;
  } catch {
    return null;
  }
}

let storageNoted = false;
function save() {
  const text = page.generation ? page.text : input.value;
  const state = {
    sample: $('#sample').value,
    hidden: [...TYPES, 'QUOTE'].filter((type) => !page.visible.has(type)),
    text: text.length <= STORE_LIMIT ? text : null,
    name: page.name,
    // Imported annotations are kept with their text; the core's are made again on reload.
    annotations: page.imported && text.length <= STORE_LIMIT ? toJson(text, page.base) : null,
  };
  let problem = null;
  try {
    const store = storage();
    if (!store) throw new Error('local storage is not available');
    store.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch (error) {
    problem = error;
  }
  if (problem) {
    if (!storageNoted) setNotice('storage', 'storageFailed', errorText(problem));
    storageNoted = true;
  } else if (state.text === null) {
    setNotice('storage', 'tooLongToKeep', text.length);
  } else if (notice.dataset.kind === 'storage') {
    setNotice('', null);
    storageNoted = false;
  }
}

// --- Loading text ---------------------------------------------------------------------------

let debounce = 0;
input.addEventListener('input', () => {
  $('#sample').value = '';
  page.name = 'qawl';
  clearTimeout(debounce);
  debounce = setTimeout(() => run(input.value), DEBOUNCE_MS);
});

// A long text does not go into the text box: a browser takes many seconds to lay out megabytes
// in a <textarea>. The article shows it; the box says where it went.
function loadText(text) {
  clearTimeout(debounce);
  input.value = text.length > LARGE ? '' : text;
  page.longText = text.length > LARGE ? text.length : 0;
  updatePlaceholder();
  return run(text);
}

// A long paste goes straight to the article, not through the text box.
input.addEventListener('paste', (event) => {
  const text = event.clipboardData ? event.clipboardData.getData('text/plain') : '';
  if (text.length <= LARGE) return;
  event.preventDefault();
  const { selectionStart, selectionEnd, value } = input;
  $('#sample').value = '';
  loadText(value.slice(0, selectionStart) + text + value.slice(selectionEnd));
});

$('#sample').addEventListener('change', (event) => {
  const sample = page.samples.find((s) => s.id === event.target.value);
  if (!sample) return;
  page.name = sample.id;
  loadText(sample.text);
});

// A file name for exports: letters (any script), digits, dots, dashes and underscores.
function baseName(name) {
  const safe = String(name).replace(/[^\p{L}\p{M}\p{N}._-]+/gu, '-').replace(/^[-.]+|-+$/g, '').slice(0, 80);
  return safe || 'qawl';
}

// Share of characters that are not text: C0 controls other than tab and line breaks, and U+FFFD.
function junkShare(text) {
  if (!text.length) return 0;
  let junk = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if ((unit < 0x20 && unit !== 9 && unit !== 10 && unit !== 13) || unit === 0xfffd || unit === 0x7f) junk++;
  }
  return junk / text.length;
}

function decodeAs(label, bytes) {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

// Decodes a file's bytes: a byte order mark decides; else UTF-16 when zero bytes fall mostly on
// one side of each pair; else UTF-8 when valid; else Windows-1256 (Arabic Windows). Returns
// { text, encoding } or null for something that is not text.
function decodeText(bytes) {
  const has = (...marks) => marks.every((mark, i) => bytes[i] === mark);
  let text = null;
  let encoding = null;
  if (has(0xef, 0xbb, 0xbf)) [encoding, text] = ['UTF-8', decodeAs('utf-8', bytes)];
  else if (has(0xff, 0xfe)) [encoding, text] = ['UTF-16LE', decodeAs('utf-16le', bytes)];
  else if (has(0xfe, 0xff)) [encoding, text] = ['UTF-16BE', decodeAs('utf-16be', bytes)];
  else {
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) { if (i % 2) oddZeros++; else evenZeros++; }
    const half = bytes.length / 2;
    const candidates = [];
    // UTF-16 text (Arabic is U+06xx, Latin U+00xx) has a zero or a 0x06 in every high byte, and
    // spaces and line breaks put zeros there; UTF-8 text has no zero bytes at all.
    if (bytes.length % 2 === 0 && half > 0) {
      const highs = (parity) => {
        let n = 0;
        for (let i = parity; i < bytes.length; i += 2) if (bytes[i] === 0 || bytes[i] === 6) n++;
        return n / Math.max(1, half);
      };
      if (highs(1) > 0.9) candidates.push('UTF-16LE');
      if (highs(0) > 0.9) candidates.push('UTF-16BE');
    }
    if (evenZeros + oddZeros === 0) candidates.push('UTF-8', 'windows-1256');
    for (const candidate of candidates) {
      const decoded = decodeAs(candidate.toLowerCase(), bytes);
      if (decoded !== null && junkShare(decoded) < 0.01) {
        [encoding, text] = [candidate, decoded];
        break;
      }
    }
  }
  if (text === null || junkShare(text) >= 0.01) return null;
  return { text: text.replace(/^\uFEFF/, ''), encoding };
}

async function loadFile(file) {
  if (!file) return;
  const decoded = decodeText(new Uint8Array(await file.arrayBuffer()));
  if (!decoded) {
    setStatus('error', 'notText', file.name);
    return;
  }
  $('#sample').value = '';
  page.name = baseName(file.name.replace(/\.[^.]*$/, ''));
  notice.dataset.encoding = decoded.encoding;
  setNotice('encoding', 'opened', file.name, decoded.encoding);
  await loadText(decoded.text);
}

$('#file').addEventListener('change', (event) => loadFile(event.target.files[0]));

// --- Export and import ----------------------------------------------------------------------

// The files of one export: [{ name, type, content }].
async function exportFiles(format) {
  const { text, result, name } = { text: page.text, result: page.result, name: page.name };
  switch (format) {
    case 'json':
      return [{ name: `${name}.qawl.json`, type: 'application/json', content: toJson(text, result, name) }];
    case 'conll':
      return [{ name: `${name}.conll`, type: 'text/plain', content: toConll(text, result) }];
    case 'brat': {
      const { txt, ann } = toBrat(text, result);
      return [
        { name: `${name}.txt`, type: 'text/plain', content: txt },
        { name: `${name}.ann`, type: 'text/plain', content: ann },
      ];
    }
    case 'jsonl':
      return [{ name: `${name}.jsonl`, type: 'application/jsonl', content: toJsonl(text, result) }];
    case 'html': {
      const html = await toHtml(text, result, {
        title: language.text('sharedTitle', name),
        labels: Object.fromEntries(TYPES.map((type) => [type, language.type(type)])),
        strings: {
          whoSaidWhat: language.text('whoSaidWhat'),
          unknownSpeaker: language.text('unknownSpeaker'),
          kinds: Object.fromEntries(['direct', 'partial', 'colon', 'indirect'].map((k) => [k, language.kind(k)])),
        },
      });
      return [{ name: `${name}.html`, type: 'text/html', content: html }];
    }
    default:
      return [];
  }
}

function download({ name, type, content }) {
  const url = URL.createObjectURL(new Blob([content], { type: `${type};charset=utf-8` }));
  const link = element('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

for (const button of document.querySelectorAll('#export button[data-format]')) {
  button.addEventListener('click', async () => {
    if (page.shown !== page.text) return;
    for (const file of await exportFiles(button.dataset.format)) download(file);
  });
}

async function importFile(file) {
  if (!file) return;
  let imported;
  try {
    imported = fromJson(await file.text());
  } catch (error) {
    setStatus('error', 'importFailed', file.name, errorText(error));
    return;
  }
  $('#sample').value = '';
  page.name = baseName(imported.file || file.name.replace(/\.qawl\.json$|\.json$/i, ''));
  setNotice('import', 'importDone', file.name);
  await showAnnotated(imported.text, imported.result, { fresh: true });
}

$('#import').addEventListener('change', (event) => {
  importFile(event.target.files[0]);
  event.target.value = '';
});
sheet.addEventListener('dragover', (event) => { event.preventDefault(); sheet.classList.add('dragging'); });
sheet.addEventListener('dragleave', () => sheet.classList.remove('dragging'));
sheet.addEventListener('drop', (event) => {
  event.preventDefault();
  sheet.classList.remove('dragging');
  loadFile(event.dataTransfer.files[0]);
});

for (const box of document.querySelectorAll('#legend input[data-type]')) {
  box.addEventListener('change', () => {
    if (box.checked) page.visible.add(box.dataset.type); else page.visible.delete(box.dataset.type);
    paintAnnotations();
    save();
  });
}

// --- Start ----------------------------------------------------------------------------------

function countRanges() {
  const counts = {};
  if (!highlightsSupported) return counts;
  for (const [name, highlight] of CSS.highlights) counts[name] = highlight.size;
  return counts;
}

async function start() {
  const core = cores.first();
  let ready;
  try {
    ready = await core.ready;
  } catch (error) {
    setStatus('error', 'noCore', errorText(error));
    return;
  }
  performance.mark('qawl-core-ready');
  // The module is fetched by the page (core.js), so its resource timing is the page's.
  const resource = performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('.wasm'));
  page.timings = {
    initMs: ready.loadMs,
    wasm: resource
      ? { fetchMs: resource.responseEnd - resource.startTime, bytes: resource.encodedBodySize || 0 }
      : null,
  };
  page.samples = ready.samples;
  const menu = $('#sample');
  for (const sample of page.samples) {
    const option = element('option', '', sample.title);
    option.value = sample.id;
    menu.append(option);
  }
  window.qawlPage = {
    annotate: (text) => cores.first().request('annotate', text),
    samples: () => page.samples.map(({ id, title }) => ({ id, title })),
    state: () => ({
      text: page.text,
      entities: page.result.entities.length,
      quotes: page.result.quotes.length,
      highlightRanges: countRanges(),
      visibleTypes: [...page.visible],
      chunks: page.chunks.length,
      workers: cores.pool.length,
      workersReady: cores.pool.filter((c) => c.isReady).length,
      annotatedChunks: page.done,
      busy: status.dataset.state === 'loading',
    }),
    // The whole annotations of the shown text, for checks that need every offset.
    result: () => page.result,
    load: (text) => loadText(text),
    chunks: () => page.chunks.map(({ start, end }) => ({ start, end })),
    sampleText: (id) => page.samples.find((s) => s.id === id)?.text ?? null,
    timings: () => ({ ...page.timings, lastRun: page.lastRun }),
    // Makes the core panic, as a bug in it would, to check that the page recovers.
    panicCore: () => cores.first().request('panic', '').catch((error) => error.message),
  };
  const saved = restore();
  for (const type of saved?.hidden || []) {
    const box = document.querySelector(`#legend input[data-type="${type}"]`);
    if (box) {
      box.checked = false;
      page.visible.delete(type);
    }
  }
  if (saved && typeof saved.text === 'string') {
    const sample = page.samples.find((s) => s.id === saved.sample && s.text === saved.text);
    menu.value = sample ? sample.id : '';
    if (typeof saved.name === 'string') page.name = baseName(saved.name);
    let imported = null;
    try {
      if (typeof saved.annotations === 'string') imported = fromJson(saved.annotations);
    } catch {
      imported = null;
    }
    if (imported && imported.text === saved.text) await showAnnotated(imported.text, imported.result);
    else await loadText(saved.text);
  } else {
    menu.value = page.samples[0].id;
    page.name = page.samples[0].id;
    await loadText(page.samples[0].text);
  }
  performance.mark('qawl-first-annotated');
  // The other workers load once the first article is shown, so that they do not slow it down.
  cores.grow();
  if (!highlightsSupported) {
    setStatus('error', 'noHighlights');
  }
}

listText.value = personalList.text;
applyLanguage();
setStatus('loading', 'loading');
start();
