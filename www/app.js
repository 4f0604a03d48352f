// Qawl's page: loads the WebAssembly core, annotates the article in the browser and paints the
// annotations with the CSS Custom Highlight API. Text reaches the DOM only through textContent and
// highlight ranges, never as HTML.

import init, { annotate, samples, lastPanic } from './pkg/qawl.js';

const TYPES = ['PER', 'LOC', 'ORG', 'NORP', 'DATE', 'TIME', 'MONEY', 'PERCENT'];
const TYPE_NAMES = {
  PER: 'شخص', LOC: 'مكان', ORG: 'منظمة', NORP: 'جنسية', DATE: 'تاريخ', TIME: 'وقت',
  MONEY: 'مبلغ', PERCENT: 'نسبة', QUOTE: 'اقتباس',
};
const KIND_NAMES = { direct: 'مباشر', partial: 'جزئي', colon: 'بعد نقطتين', indirect: 'غير مباشر' };
const DEBOUNCE_MS = 250;

const $ = (selector) => document.querySelector(selector);
const status = $('#status');
const article = $('#article');
const input = $('#input');
const details = $('#details');

const page = {
  text: '',
  result: { entities: [], quotes: [] },
  paragraphs: [],          // { node, start, end } per line, UTF-16 offsets into page.text
  nodeIndex: new Map(),    // text node -> paragraph index
  annotations: [],         // entities and quotes, in text order, for keyboard navigation
  focus: -1,
  visible: new Set([...TYPES, 'QUOTE']),
  samples: [],
};

function setStatus(state, message) {
  status.dataset.state = state;
  status.textContent = message;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// --- Offsets to DOM positions ---------------------------------------------------------------

function renderText(text) {
  article.replaceChildren();
  page.paragraphs = [];
  page.nodeIndex = new Map();
  let start = 0;
  for (const line of text.split('\n')) {
    const p = element('p', line.trim() ? '' : 'blank');
    p.dir = 'auto';
    const node = document.createTextNode(line);
    p.append(node);
    article.append(p);
    page.nodeIndex.set(node, page.paragraphs.length);
    page.paragraphs.push({ node, start, end: start + line.length });
    start += line.length + 1;
  }
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

// --- Highlights -----------------------------------------------------------------------------

const highlightsSupported = typeof CSS !== 'undefined' && 'highlights' in CSS;

function setHighlight(name, ranges, priority) {
  if (!highlightsSupported) return;
  const highlight = new Highlight(...ranges);
  highlight.priority = priority;
  CSS.highlights.set(name, highlight);
}

function paintAnnotations() {
  for (const type of TYPES) {
    const ranges = page.visible.has(type)
      ? page.result.entities.filter((e) => e.label === type).map((e) => e.range)
      : [];
    setHighlight(`qawl-${type}`, ranges, 1);
  }
  const quotes = page.visible.has('QUOTE') ? page.result.quotes.map((q) => q.range) : [];
  setHighlight('qawl-quote', quotes, 0);
}

function setActive(ranges, speakerRanges = []) {
  setHighlight('qawl-active', ranges, 3);
  setHighlight('qawl-speaker', speakerRanges, 2);
}

// --- Annotating -----------------------------------------------------------------------------

function analyse(text) {
  try {
    return annotate(text);
  } catch (error) {
    const reason = lastPanic() || String(error && error.message ? error.message : error);
    setStatus('error', `تعذّر تحليل هذا النص (${reason}). النص محفوظ في خانة الإدخال.`);
    return null;
  }
}

function run(text) {
  const result = analyse(text);
  if (!result) return;
  page.text = text;
  page.result = result;
  renderText(text);
  for (const entity of result.entities) entity.range = makeRange(entity.start, entity.end);
  for (const quote of result.quotes) {
    quote.range = makeRange(quote.start, quote.end);
    if (quote.speaker) quote.speaker.range = makeRange(quote.speaker.start, quote.speaker.end);
  }
  page.annotations = [
    ...result.entities.map((annotation) => ({ type: annotation.label, annotation })),
    ...result.quotes.map((annotation, index) => ({ type: 'QUOTE', annotation, index })),
  ].sort((a, b) => a.annotation.start - b.annotation.start || b.annotation.end - a.annotation.end);
  page.focus = -1;
  article.dataset.entities = String(result.entities.length);
  article.dataset.quotes = String(result.quotes.length);
  paintAnnotations();
  setActive([]);
  hideDetails();
  renderPanel();
  const took = result.elapsedMs < 1 ? '< 1' : result.elapsedMs.toFixed(1);
  setStatus('ready', text.trim()
    ? `${result.entities.length} كيانا و${result.quotes.length} اقتباسا، حُلّلت في ${took} م.ث.`
    : 'جاهز. اختر مقالا أو الصق نصا.');
}

// --- Side panel -----------------------------------------------------------------------------

function entityKey(entity) {
  return entity.entity === null ? `${entity.label}:${entity.canonical}` : `id:${entity.entity}`;
}

function renderPanel() {
  const quoteList = $('#quotes');
  quoteList.replaceChildren();
  page.result.quotes.forEach((quote, index) => {
    const button = element('button');
    button.type = 'button';
    button.dataset.quote = String(index);
    const who = quote.speaker ? quote.speaker.canonical : 'متحدث غير محدد';
    button.append(element('span', 'speaker', `${index + 1}. ${who}`));
    button.append(element('span', 'badge', KIND_NAMES[quote.kind] || quote.kind));
    const words = quote.text.split(/\s+/);
    button.append(element('span', 'quote-text', words.length > 14 ? `${words.slice(0, 14).join(' ')}…` : quote.text));
    button.addEventListener('click', () => select([quote.range], quote.speaker ? [quote.speaker.range] : [], button));
    button.addEventListener('focus', () => showDetailsFor({ type: 'QUOTE', annotation: quote, index }, button));
    button.addEventListener('blur', hideDetails);
    const item = element('li');
    item.append(button);
    quoteList.append(item);
  });
  if (!page.result.quotes.length) quoteList.append(element('li', 'empty', 'لا اقتباسات.'));

  const groups = new Map();
  for (const entity of page.result.entities) {
    const key = entityKey(entity);
    if (!groups.has(key)) groups.set(key, { label: entity.label, canonical: entity.canonical, mentions: [] });
    groups.get(key).mentions.push(entity);
  }
  const sorted = [...groups.entries()].sort((a, b) => b[1].mentions.length - a[1].mentions.length
    || TYPES.indexOf(a[1].label) - TYPES.indexOf(b[1].label));
  const entityList = $('#entities');
  entityList.replaceChildren();
  for (const [key, group] of sorted) {
    const button = element('button');
    button.type = 'button';
    button.dataset.entity = key;
    const name = element('bdi', 'speaker', group.canonical);
    button.append(name, element('span', 'badge', TYPE_NAMES[group.label]), element('span', 'count', `× ${group.mentions.length}`));
    button.addEventListener('click', () => select(group.mentions.map((m) => m.range), [], button));
    const item = element('li');
    item.append(button);
    entityList.append(item);
  }
  if (!sorted.length) entityList.append(element('li', 'empty', 'لا كيانات.'));
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
  const sheet = $('#drop');
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
    details.append(element('div', 'title', `اقتباس ${KIND_NAMES[annotation.kind] || annotation.kind} · QUOTE ${item.index + 1}`));
    row(list, 'المتحدث', annotation.speaker ? participantText(annotation.speaker) : 'غير محدد');
    row(list, 'الفعل', annotation.cue ? annotation.cue.text : '');
    row(list, 'الموجَّه إليه', participantText(annotation.addressee));
    row(list, 'نقلًا عبر', participantText(annotation.via));
    row(list, 'المصدر', annotation.source);
  } else {
    details.append(element('div', 'title', `${TYPE_NAMES[type]} · ${type}`));
    row(list, 'الاسم', annotation.canonical);
    if (annotation.canonical !== annotation.text) row(list, 'في النص', annotation.text);
    row(list, 'المصدر', annotation.source);
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
  const ranges = [item.annotation.range];
  const speaker = item.type === 'QUOTE' && item.annotation.speaker ? [item.annotation.speaker.range] : [];
  setActive(ranges, speaker);
  showDetailsFor(item, item.annotation.range);
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
  const near = (a) => a.start <= offset + 1 && offset - 1 <= a.end && isOver(a.range, x, y);
  const entity = page.result.entities.find((e) => page.visible.has(e.label) && near(e));
  if (entity) return { type: entity.label, annotation: entity };
  const index = page.result.quotes.findIndex((q) => page.visible.has('QUOTE') && near(q));
  return index < 0 ? null : { type: 'QUOTE', annotation: page.result.quotes[index], index };
}

let hovered = null;
article.addEventListener('mousemove', (event) => {
  const item = annotationAt(event.clientX, event.clientY);
  if (item && hovered && item.annotation === hovered.annotation) return;
  hovered = item;
  if (item) focusAnnotation(item); else { setActive([]); hideDetails(); }
});
article.addEventListener('mouseleave', () => { hovered = null; setActive([]); hideDetails(); });

article.addEventListener('keydown', (event) => {
  const visible = page.annotations.filter((a) => page.visible.has(a.type));
  if (!visible.length) return;
  // Right to left: the next annotation in reading order is to the left.
  const forward = event.key === 'ArrowLeft' || event.key === 'n';
  const backward = event.key === 'ArrowRight' || event.key === 'p';
  if (event.key === 'Escape') { setActive([]); hideDetails(); return; }
  if (!forward && !backward) return;
  event.preventDefault();
  const current = visible.indexOf(page.annotations[page.focus]);
  const next = current < 0 ? (forward ? 0 : visible.length - 1)
    : (current + (forward ? 1 : -1) + visible.length) % visible.length;
  page.focus = page.annotations.indexOf(visible[next]);
  scrollToRange(visible[next].annotation.range);
  focusAnnotation(visible[next]);
});
article.addEventListener('blur', () => { if (!hovered) hideDetails(); });

// --- Loading text ---------------------------------------------------------------------------

let debounce = 0;
input.addEventListener('input', () => {
  $('#sample').value = '';
  clearTimeout(debounce);
  debounce = setTimeout(() => run(input.value), DEBOUNCE_MS);
});

function loadText(text) {
  input.value = text;
  run(text);
}

$('#sample').addEventListener('change', (event) => {
  const sample = page.samples.find((s) => s.id === event.target.value);
  if (sample) loadText(sample.text);
});

async function loadFile(file) {
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    setStatus('error', `الملف «${file.name}» ليس نصا بترميز UTF-8.`);
    return;
  }
  if (text.includes('\u0000')) {
    setStatus('error', `الملف «${file.name}» لا يبدو ملفا نصيا.`);
    return;
  }
  $('#sample').value = '';
  loadText(text.replace(/^\uFEFF/, ''));
}

$('#file').addEventListener('change', (event) => loadFile(event.target.files[0]));
const sheet = $('#drop');
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
  try {
    await init();
  } catch (error) {
    setStatus('error', `تعذّر تحميل محرك التحليل (WebAssembly): ${error && error.message ? error.message : error}. جرّب متصفحا حديثا.`);
    return;
  }
  page.samples = samples();
  const menu = $('#sample');
  for (const sample of page.samples) {
    const option = element('option', '', sample.title);
    option.value = sample.id;
    menu.append(option);
  }
  window.qawlPage = {
    annotate: (text) => annotate(text),
    samples: () => page.samples.map(({ id, title }) => ({ id, title })),
    state: () => ({
      text: page.text,
      entities: page.result.entities.length,
      quotes: page.result.quotes.length,
      highlightRanges: countRanges(),
      visibleTypes: [...page.visible],
    }),
  };
  menu.value = page.samples[0].id;
  loadText(page.samples[0].text);
  performance.mark('qawl-first-annotated');
  if (!highlightsSupported) {
    setStatus('error', 'هذا المتصفح لا يدعم واجهة التمييز (CSS Custom Highlight API)؛ تظهر القوائم دون تمييز في النص.');
  }
}

start();
