// Qawl's exports and imports: the annotations of the page in the formats other tools read, and
// our own JSON read back to resume work. Everything here is plain string work on the text and
// the annotations the core returned (UTF-16 offsets, as JavaScript strings count them); no HTML
// is ever parsed or inserted into the page.
//
// Offsets in the files:
//   JSON    `start`/`end` in Unicode code points, as the CLI writes them, and `start_utf16`/
//           `end_utf16` in UTF-16 code units (JavaScript's String.slice);
//   brat    code points (brat slices Python strings);
//   JSONL   code points (spaCy's Doc.char_span and Python slicing);
//   CoNLL   no offsets: one token per line; tokens are cut at spaces, at punctuation and at every
//           entity edge (a proclitic before a name is a token of its own), so every entity is a
//           whole number of tokens.

/** Version of our JSON export; import accepts this one and the CLI's output plus a `text`. */
export const FORMAT = 'qawl-annotations/1';

// --- Offsets --------------------------------------------------------------------------------

/**
 * For each UTF-16 offset 0..text.length, the number of code points before it. An offset inside
 * a surrogate pair counts the pair's code point as not yet passed.
 */
export function codePointTable(text) {
  const table = new Uint32Array(text.length + 1);
  let points = 0;
  for (let unit = 0; unit < text.length; unit++) {
    table[unit] = points;
    const code = text.charCodeAt(unit);
    const pairStart = code >= 0xd800 && code <= 0xdbff && unit + 1 < text.length
      && (text.charCodeAt(unit + 1) & 0xfc00) === 0xdc00;
    if (pairStart) {
      table[unit + 1] = points;
      unit++;
    }
    points++;
  }
  table[text.length] = points;
  return table;
}

/** The inverse of codePointTable: for each code point offset, its UTF-16 offset. */
function unitTable(text) {
  const units = [0];
  for (let unit = 0; unit < text.length;) {
    const code = text.codePointAt(unit);
    unit += code > 0xffff ? 2 : 1;
    units.push(unit);
  }
  return units;
}

// --- JSON -----------------------------------------------------------------------------------

function withOffsets(span, points, keys) {
  if (!span) return null;
  const out = { start: points[span.start], end: points[span.end], start_utf16: span.start, end_utf16: span.end };
  for (const key of keys) out[key] = span[key] === undefined ? null : span[key];
  return out;
}

/**
 * Our JSON: the CLI's schema (`entities`, `quotes`, code-point `start`/`end`) with the text, the
 * UTF-16 offsets of every span and a note naming the units.
 */
export function toJson(text, result, file = null) {
  const points = codePointTable(text);
  const participant = (p) => withOffsets(p, points, ['text', 'canonical', 'entity']);
  const document = {
    format: FORMAT,
    file,
    offsets: 'start/end: Unicode code points (as the qawl CLI); start_utf16/end_utf16: UTF-16 code units',
    text,
    entities: result.entities.map((e) => withOffsets(e, points, ['label', 'text', 'canonical', 'entity', 'source'])),
    quotes: result.quotes.map((q) => ({
      ...withOffsets(q, points, ['kind', 'text']),
      speaker: participant(q.speaker),
      cue: withOffsets(q.cue, points, ['text']),
      addressee: participant(q.addressee),
      via: participant(q.via),
      source: q.source,
    })),
  };
  return `${JSON.stringify(document, null, 1)}\n`;
}

const LABELS = new Set(['PER', 'LOC', 'ORG', 'NORP', 'DATE', 'TIME', 'MONEY', 'PERCENT']);
const KINDS = new Set(['direct', 'partial', 'colon', 'indirect']);

class ImportError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ImportError';
  }
}

/**
 * Reads our JSON (or the CLI's output with a `text` added) back into the page's shape: the text
 * and annotations with UTF-16 offsets. Every span must lie inside the text and, when the file
 * gives the span's `text`, slice to exactly it; anything else is refused with a reason.
 */
export function fromJson(source) {
  let data;
  try {
    data = JSON.parse(source);
  } catch (error) {
    throw new ImportError(`not JSON (${error.message})`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new ImportError('not a JSON object');
  if (typeof data.text !== 'string') throw new ImportError('no "text" string: only files with their text can be resumed');
  if (!Array.isArray(data.entities) || !Array.isArray(data.quotes)) throw new ImportError('no "entities" and "quotes" arrays');
  const { text } = data;
  const units = unitTable(text);
  const span = (value, where, keys) => {
    if (value === null || value === undefined) return null;
    if (typeof value !== 'object') throw new ImportError(`${where} is not an object`);
    let start;
    let end;
    if (Number.isInteger(value.start_utf16) && Number.isInteger(value.end_utf16)) {
      [start, end] = [value.start_utf16, value.end_utf16];
    } else if (Number.isInteger(value.start) && Number.isInteger(value.end)) {
      [start, end] = [units[value.start], units[value.end]];
    }
    if (!(start <= end && end <= text.length)) throw new ImportError(`${where}: offsets outside the text`);
    const out = { start, end, text: text.slice(start, end) };
    if (typeof value.text === 'string' && value.text !== out.text) {
      throw new ImportError(`${where}: its offsets slice «${out.text}», not «${value.text}»`);
    }
    for (const key of keys) {
      const v = value[key];
      out[key] = v === undefined ? null : v;
    }
    return out;
  };
  const entities = data.entities.map((e, i) => {
    const entity = span(e, `entity ${i + 1}`, ['label', 'canonical', 'entity', 'source']);
    if (!entity || !LABELS.has(entity.label)) throw new ImportError(`entity ${i + 1}: unknown label ${JSON.stringify(e && e.label)}`);
    if (typeof entity.canonical !== 'string') entity.canonical = entity.text;
    if (typeof entity.source !== 'string') entity.source = 'import';
    if (!(entity.entity === null || Number.isInteger(entity.entity))) entity.entity = null;
    return entity;
  });
  const participant = (p, where) => {
    const out = span(p, where, ['canonical', 'entity']);
    if (out && typeof out.canonical !== 'string') out.canonical = out.text;
    if (out && !(out.entity === null || Number.isInteger(out.entity))) out.entity = null;
    return out;
  };
  const quotes = data.quotes.map((q, i) => {
    const where = `quote ${i + 1}`;
    const quote = span(q, where, ['kind', 'source']);
    if (!quote || !KINDS.has(quote.kind)) throw new ImportError(`${where}: unknown kind ${JSON.stringify(q && q.kind)}`);
    if (typeof quote.source !== 'string') quote.source = 'import';
    const { source } = quote;
    delete quote.source;
    return {
      ...quote,
      speaker: participant(q.speaker, `${where} speaker`),
      cue: span(q.cue, `${where} cue`, []),
      addressee: participant(q.addressee, `${where} addressee`),
      via: participant(q.via, `${where} via`),
      source,
    };
  });
  const order = (a, b) => a.start - b.start || b.end - a.end;
  entities.sort(order);
  quotes.sort(order);
  return { text, file: typeof data.file === 'string' ? data.file : null, result: { entities, quotes } };
}

/**
 * For sorted annotations, a function that finds the one covering [start, end) for queries in
 * text order, in linear time over a whole document (a scan per query would be quadratic).
 */
function coverer(list) {
  let first = 0;
  return (start, end) => {
    while (first < list.length && list[first].end <= start) first++;
    for (let i = first; i < list.length && list[i].start <= start; i++) {
      if (end <= list[i].end) return list[i];
    }
    return null;
  };
}

// --- CoNLL / IOB2 ---------------------------------------------------------------------------

const SPACE = /\s/u;
const PUNCTUATION = /[\p{P}\p{S}]/u;

/**
 * Tokens of `text` as { start, end } (UTF-16): runs of letters and digits, each punctuation mark
 * or symbol alone, cut again at every edge in `cuts` (a Set of offsets). Sentences end at line
 * breaks and after . ! ? ؟ ; a sentence break is { break: true }.
 */
export function conllTokens(text, cuts) {
  const out = [];
  let start = -1;
  const close = (at) => {
    if (start >= 0 && at > start) out.push({ start, end: at });
    start = -1;
  };
  for (let unit = 0; unit < text.length;) {
    const ch = String.fromCodePoint(text.codePointAt(unit));
    const next = unit + ch.length;
    if (cuts.has(unit)) close(unit);
    if (ch === '\n') {
      close(unit);
      if (out.length && !out[out.length - 1].break) out.push({ break: true });
    } else if (SPACE.test(ch)) {
      close(unit);
    } else if (PUNCTUATION.test(ch)) {
      close(unit);
      out.push({ start: unit, end: next });
      if ('.!?؟'.includes(ch)) out.push({ break: true });
    } else if (start < 0) {
      start = unit;
    }
    unit = next;
  }
  close(text.length);
  return out;
}

/** Token-per-line IOB2: `token TAB B-PER`, a blank line between sentences. */
export function toConll(text, result) {
  const cuts = new Set();
  for (const e of result.entities) cuts.add(e.start).add(e.end);
  const lines = [];
  let last = null;
  const entityAt = coverer(result.entities);
  for (const token of conllTokens(text, cuts)) {
    if (token.break) {
      if (lines.length && lines[lines.length - 1] !== '') lines.push('');
      continue;
    }
    const entity = entityAt(token.start, token.end);
    let tag = 'O';
    if (entity) tag = `${entity === last ? 'I' : 'B'}-${entity.label}`;
    last = entity || null;
    lines.push(`${text.slice(token.start, token.end)}\t${tag}`);
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

// --- brat standoff --------------------------------------------------------------------------

// brat's text-bound annotations cannot cross a line break: a span over several lines becomes
// fragments (`start end;start end`), one per line.
function fragments(text, span, points) {
  const parts = [];
  let start = span.start;
  for (;;) {
    const at = text.indexOf('\n', start);
    const end = at < 0 || at >= span.end ? span.end : at;
    if (end > start) parts.push(`${points[start]} ${points[end]}`);
    if (end === span.end) break;
    start = end + 1;
  }
  return parts.join(';');
}

const oneLine = (s) => s.replace(/[\r\n\t]+/g, ' ');

/**
 * brat standoff: the text as is (`.txt`) and its annotations (`.ann`): T lines for entities
 * (types PER, LOC, …) and quotes (type Quote), an attribute for the quote's kind, Speaker,
 * Addressee and Cue relations, and the canonical name as an annotator note.
 */
export function toBrat(text, result) {
  const points = codePointTable(text);
  const lines = [];
  let t = 0;
  let r = 0;
  let a = 0;
  let n = 0;
  const ids = new Map();
  const textBound = (type, span) => {
    const key = `${type} ${span.start} ${span.end}`;
    if (ids.has(key)) return ids.get(key);
    const id = `T${++t}`;
    ids.set(key, id);
    lines.push(`${id}\t${type} ${fragments(text, span, points)}\t${oneLine(text.slice(span.start, span.end))}`);
    return id;
  };
  const mentionOf = (span) => result.entities.find((e) => e.start === span.start && e.end === span.end);
  for (const e of result.entities) {
    const id = textBound(e.label, e);
    if (e.canonical && e.canonical !== e.text) lines.push(`#${++n}\tAnnotatorNotes ${id}\t${oneLine(e.canonical)}`);
  }
  for (const q of result.quotes) {
    const id = textBound('Quote', q);
    lines.push(`A${++a}\tKind ${id} ${q.kind}`);
    const relate = (role, span, fallback) => {
      if (!span) return;
      const mention = mentionOf(span);
      const target = mention ? textBound(mention.label, mention) : textBound(fallback, span);
      lines.push(`R${++r}\t${role} Arg1:${id} Arg2:${target}`);
    };
    relate('Speaker', q.speaker, 'Source');
    relate('Addressee', q.addressee, 'Source');
    relate('Cue', q.cue, 'Cue');
  }
  return { txt: text, ann: lines.length ? `${lines.join('\n')}\n` : '' };
}

// --- spaCy-style JSON Lines -----------------------------------------------------------------

/**
 * One JSON object on one line: `text`, `spans` (entities: `start`, `end` in code points,
 * `label`, `text`) and `quotes` (the same offsets, with `kind` and the speaker's canonical name).
 */
export function toJsonl(text, result) {
  const points = codePointTable(text);
  const line = {
    text,
    spans: result.entities.map((e) => ({ start: points[e.start], end: points[e.end], label: e.label, text: e.text })),
    quotes: result.quotes.map((q) => ({
      start: points[q.start],
      end: points[q.end],
      kind: q.kind,
      speaker: q.speaker ? q.speaker.canonical : null,
    })),
  };
  return `${JSON.stringify(line)}\n`;
}

// --- A self-contained annotated HTML file ---------------------------------------------------

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escapes text for an HTML text node or a quoted attribute value. */
export const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ESCAPES[c]);

const HTML_STYLE = `body{margin:2rem auto;max-width:50rem;padding:0 1rem;font-family:"Noto Naskh Arabic","Noto Sans Arabic",Tahoma,sans-serif;line-height:2.1;color:#1f1b16;background:#fffdf8}
article{font-size:1.2rem;white-space:pre-wrap;unicode-bidi:isolate}
mark{background:none;color:inherit;text-decoration-thickness:2px;text-underline-offset:.3em}
.PER{background:rgb(0 114 178/.14);text-decoration:underline solid #0072b2}
.LOC{background:rgb(0 158 115/.14);text-decoration:underline dotted #009e73 3px}
.ORG{background:rgb(213 94 0/.13);text-decoration:underline dashed #d55e00}
.NORP{background:rgb(204 121 167/.16);text-decoration:underline double #cc79a7}
.DATE{background:rgb(230 159 0/.16);text-decoration:underline wavy #e69f00}
.TIME{background:rgb(86 180 233/.18);text-decoration:underline wavy #56b4e9}
.MONEY{background:rgb(138 109 0/.13);text-decoration:underline double #8a6d00}
.PERCENT{background:rgb(93 74 156/.13);text-decoration:underline dashed #5d4a9c}
.quote{background:#f7edc4;color:#3d2a00}
h2{font-size:1.1rem}li{margin-bottom:.4rem}.muted{color:#6b6258}`;

async function sha256Base64(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let binary = '';
  for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * A single HTML file that shows the annotated article and who said what, for sharing: no
 * script, every piece of the text escaped, a Content-Security-Policy that allows only its own
 * stylesheet (by hash). Each entity is a <mark class="LABEL" data-start data-end> (UTF-16
 * offsets) whose title names its type, canonical name and source; each quote a
 * <span class="quote" data-quote="N">.
 */
export async function toHtml(text, result, { title = 'Qawl', labels = {}, strings = {} } = {}) {
  const style = HTML_STYLE;
  let policy = "default-src 'none'; base-uri 'none'; form-action 'none'";
  if (globalThis.crypto && crypto.subtle) policy += `; style-src 'sha256-${await sha256Base64(style)}'`;
  // Cut the text at every edge; each piece lies in at most one entity and one quote.
  const edges = new Set([0, text.length]);
  for (const a of [...result.entities, ...result.quotes]) edges.add(a.start).add(a.end);
  const sorted = [...edges].sort((x, y) => x - y);
  const parts = [];
  const entityAt = coverer(result.entities);
  const quoteAt = coverer(result.quotes);
  const quoteNumbers = new Map(result.quotes.map((q, i) => [q, i + 1]));
  for (let i = 0; i + 1 < sorted.length; i++) {
    const [start, end] = [sorted[i], sorted[i + 1]];
    let piece = escapeHtml(text.slice(start, end));
    const entity = entityAt(start, end);
    const quote = quoteAt(start, end);
    if (entity) {
      const hint = [labels[entity.label] || entity.label, entity.canonical, entity.source].join(' · ');
      piece = `<mark class="${entity.label}" data-start="${entity.start}" data-end="${entity.end}" title="${escapeHtml(hint)}">${piece}</mark>`;
    }
    if (quote) {
      const number = quoteNumbers.get(quote);
      piece = `<span class="quote" data-quote="${number}" data-start="${quote.start}" data-end="${quote.end}">${piece}</span>`;
    }
    parts.push(piece);
  }
  const who = result.quotes.map((q, i) => {
    const speaker = q.speaker ? q.speaker.canonical : (strings.unknownSpeaker || '?');
    const words = q.text.length > 160 ? `${q.text.slice(0, 160)}…` : q.text;
    return `<li><b><bdi>${escapeHtml(speaker)}</bdi></b> <span class="muted">(${escapeHtml((strings.kinds && strings.kinds[q.kind]) || q.kind)}، ${i + 1})</span>: <bdi>${escapeHtml(words)}</bdi></li>`;
  });
  return `<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Qawl">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<article dir="rtl" lang="ar">${parts.join('')}</article>
<h2>${escapeHtml(strings.whoSaidWhat || 'من قال ماذا')}</h2>
<ol>${who.join('\n')}</ol>
</body>
</html>
`;
}
