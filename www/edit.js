// Corrections: a list of edits replayed on the annotations the core (or an imported file) gave,
// so that undo is dropping the last edit and a correction survives re-annotation of the same
// text. Each edit names its targets by their UTF-16 spans in the text, never by a position in a
// list; an edit whose target is gone (the core changed) is skipped.
//
//   { op: 'add', start, end, label }                     a new entity (overlapping ones go)
//   { op: 'label', start, end, label }                   another type for an entity
//   { op: 'remove', start, end }                         no entity there
//   { op: 'resize', start, end, to: [start, end] }       new ends for an entity
//   { op: 'speaker', start, end, speaker: [s, e] | null } a quote's speaker: the entity at [s, e), or unknown
//   { op: 'merge', start, end, into: [s, e] }            the entity at [start, end) and all its mentions
//                                                        become mentions of the entity at [s, e)

export const LABELS = ['PER', 'LOC', 'ORG', 'NORP', 'DATE', 'TIME', 'MONEY', 'PERCENT'];

/** Types whose mentions are linked to one entity id (the others have `entity: null`). */
const LINKED = new Set(['PER', 'LOC', 'ORG', 'NORP']);

/** Where the edits of a text are kept: a hash of the whole text (FNV-1a, two 32-bit lanes). */
export function textKey(text) {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}-${text.length}`;
}

const copySpan = (s) => (s ? { start: s.start, end: s.end, text: s.text } : null);
const copyParticipant = (p) => (p ? { ...copySpan(p), canonical: p.canonical, entity: p.entity } : null);

/** A deep copy of the fields of a result (no DOM ranges or list indexes). */
export function copyResult(result) {
  return {
    entities: result.entities.map((e) => ({
      start: e.start, end: e.end, label: e.label, text: e.text, canonical: e.canonical, entity: e.entity, source: e.source,
    })),
    quotes: result.quotes.map((q) => ({
      start: q.start, end: q.end, kind: q.kind, text: q.text,
      speaker: copyParticipant(q.speaker), cue: copySpan(q.cue), addressee: copyParticipant(q.addressee),
      via: copyParticipant(q.via), source: q.source,
    })),
  };
}

const overlaps = (a, start, end) => a.start < end && start < a.end;
const at = (list, start, end) => list.find((x) => x.start === start && x.end === end);
const order = (a, b) => a.start - b.start || b.end - a.end;

function nextId(result) {
  let max = -1;
  for (const e of result.entities) if (typeof e.entity === 'number' && e.entity > max) max = e.entity;
  return max + 1;
}

// Keeps speakers, addressees and relays that name an entity in step with it.
function forParticipants(result, visit) {
  for (const q of result.quotes) for (const role of ['speaker', 'addressee', 'via']) if (q[role]) visit(q[role]);
}

/** Applies one edit to `result` (changed in place); returns whether it found its target. */
export function applyEdit(result, edit, text) {
  const { entities } = result;
  const valid = (s, e) => Number.isInteger(s) && Number.isInteger(e) && s >= 0 && s < e && e <= text.length;
  switch (edit.op) {
    case 'add': {
      if (!valid(edit.start, edit.end) || !LABELS.includes(edit.label)) return false;
      const slice = text.slice(edit.start, edit.end);
      result.entities = entities.filter((e) => !overlaps(e, edit.start, edit.end));
      result.entities.push({
        start: edit.start, end: edit.end, label: edit.label, text: slice, canonical: slice,
        entity: LINKED.has(edit.label) ? nextId(result) : null, source: 'user',
      });
      result.entities.sort(order);
      return true;
    }
    case 'label': {
      const entity = at(entities, edit.start, edit.end);
      if (!entity || !LABELS.includes(edit.label)) return false;
      entity.label = edit.label;
      entity.source = 'user';
      if (!LINKED.has(edit.label)) entity.entity = null;
      else if (entity.entity === null) entity.entity = nextId(result);
      return true;
    }
    case 'remove': {
      const entity = at(entities, edit.start, edit.end);
      if (!entity) return false;
      result.entities = entities.filter((e) => e !== entity);
      return true;
    }
    case 'resize': {
      const entity = at(entities, edit.start, edit.end);
      const [start, end] = Array.isArray(edit.to) ? edit.to : [];
      if (!entity || !valid(start, end)) return false;
      const renamed = entity.canonical === entity.text;
      entity.start = start;
      entity.end = end;
      entity.text = text.slice(start, end);
      if (renamed) entity.canonical = entity.text;
      entity.source = 'user';
      result.entities = entities.filter((e) => e === entity || !overlaps(e, start, end));
      result.entities.sort(order);
      return true;
    }
    case 'speaker': {
      const quote = at(result.quotes, edit.start, edit.end);
      if (!quote) return false;
      if (edit.speaker === null) {
        quote.speaker = null;
      } else {
        if (!Array.isArray(edit.speaker)) return false;
        const entity = at(entities, edit.speaker[0], edit.speaker[1]);
        if (!entity) return false;
        quote.speaker = { start: entity.start, end: entity.end, text: entity.text, canonical: entity.canonical, entity: entity.entity };
      }
      quote.source = 'user';
      return true;
    }
    case 'merge': {
      const from = at(entities, edit.start, edit.end);
      const into = Array.isArray(edit.into) && at(entities, edit.into[0], edit.into[1]);
      if (!from || !into || from === into) return false;
      if (into.entity === null) into.entity = nextId(result);
      const fromId = from.entity;
      const moved = (x) => x === from || (fromId !== null && x.entity === fromId);
      for (const e of entities) {
        if (!moved(e)) continue;
        e.entity = into.entity;
        e.canonical = into.canonical;
        e.label = into.label;
        e.source = 'user';
      }
      forParticipants(result, (p) => {
        if ((fromId !== null && p.entity === fromId) || (p.start === from.start && p.end === from.end)) {
          p.entity = into.entity;
          p.canonical = into.canonical;
        }
      });
      return true;
    }
    default:
      return false;
  }
}

/** `base` with `edits` applied in order, as a new result; `base` is not changed. */
export function applyEdits(base, edits, text) {
  const result = copyResult(base);
  for (const edit of edits) if (edit && typeof edit === 'object') applyEdit(result, edit, text);
  // Speakers and addressees follow the entities they name (a relabel or a new canonical name).
  const byId = new Map(result.entities.filter((e) => e.entity !== null).map((e) => [e.entity, e]));
  forParticipants(result, (p) => {
    const entity = p.entity !== null && byId.get(p.entity);
    if (entity) p.canonical = entity.canonical;
  });
  return result;
}

/** Word edges of `text` (UTF-16): letters, marks, digits and tatweel, as [start, end] pairs. */
export function words(text) {
  const out = [];
  for (const match of text.matchAll(/[\p{L}\p{M}\p{N}_%]+/gu)) out.push([match.index, match.index + match[0].length]);
  return out;
}
