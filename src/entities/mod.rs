//! Entities: gazetteer hits, value rules (dates, sums), name rules, then one non-overlapping set
//! with linked ids.
//!
//! Each finder proposes [`Candidate`]s over word positions; [`resolve`] keeps the longest
//! candidates that do not overlap (the gazetteer wins ties), and `link` gives every mention of
//! one real entity the same id and canonical name.

mod gazetteer;
pub mod model;
pub(crate) mod names;
mod organizations;
mod places;
mod titles;
mod values;

use crate::lexicon::{token_hash, Agreement, Lexicon, Opening, PhraseTable};
use crate::span::{Entity, Label, Span};
use crate::tokenize::{Reading, TokenKind, Tokens};
use rustc_hash::FxHashMap as HashMap;
use std::cell::Cell;

/// The non-space tokens of a text, as positions that phrases are matched over.
pub struct Words<'t, 'a> {
    /// The tokens.
    pub tokens: &'t Tokens<'a>,
    /// Token index of each position.
    pub index: Vec<usize>,
    /// True at a position that follows a line break.
    pub after_break: Vec<bool>,
    /// The normalized text of every position, read by every rule.
    texts: Vec<&'t str>,
    /// The normalized text of every position without its proclitic.
    stems: Vec<&'t str>,
    /// The token kind of every position.
    kinds: Vec<TokenKind>,
    /// The readings of every position's word. Every table lookup starts from them, so they are
    /// worked out once; each is one of a few lists known when compiling.
    readings: Vec<&'static [Reading]>,
    /// The [`token_hash`] of every position's readings' forms, position after position, each
    /// position's in the order of `readings`: worked out once, with the positions (every text
    /// is looked up in the tables at every position), so that the tables tell most positions
    /// that open nothing without hashing the word again for each table. One after another
    /// rather than four slots a position: most words have one reading.
    reading_hashes: Vec<u64>,
    /// Where each position's hashes begin in `reading_hashes`, and after the last, where they
    /// end.
    hash_starts: Vec<u32>,
    /// The buffer phrase keys are built in, kept from one lookup to the next so that reading
    /// phrases at every position allocates once. A lookup takes it and puts it back; one made
    /// while it is out (none is) would start an empty buffer of its own.
    key_buffer: Cell<String>,
}

impl<'t, 'a> Words<'t, 'a> {
    /// Indexes the non-space tokens.
    ///
    /// One pass finds the positions; each column is then mapped from them at its exact length,
    /// a loop of its own without a capacity check per position.
    pub fn new(tokens: &'t Tokens<'a>) -> Self {
        let mut index = Vec::with_capacity(tokens.len());
        let mut after_break = Vec::with_capacity(tokens.len());
        let mut kept = Vec::with_capacity(tokens.len());
        let mut broke = true;
        for (at, token) in tokens.tokens.iter().enumerate() {
            match token.kind {
                TokenKind::Space => {}
                TokenKind::Break => broke = true,
                _ => {
                    index.push(at);
                    after_break.push(broke);
                    kept.push(token);
                    broke = false;
                }
            }
        }
        let normalized = tokens.normalized.as_str();
        let texts: Vec<&'t str> =
            kept.iter().map(|t| normalized.get(t.start..t.end).unwrap_or("")).collect();
        let stems = kept
            .iter()
            .zip(&texts)
            .map(|(token, &text)| match usize::from(token.proclitic) {
                0 => text,
                skip => text.get(skip..).unwrap_or(""),
            })
            .collect();
        let kinds = kept.iter().map(|token| token.kind).collect();
        let readings: Vec<&'static [Reading]> =
            texts.iter().map(|text| crate::tokenize::readings(text)).collect();
        let (reading_hashes, hash_starts) = hash_readings(&texts, &readings);
        Words {
            tokens,
            index,
            after_break,
            texts,
            stems,
            kinds,
            readings,
            reading_hashes,
            hash_starts,
            key_buffer: Cell::default(),
        }
    }

    /// The ways the word at a position may be read for lookups, whole word first (see
    /// [`crate::tokenize::readings`]); none past the end.
    pub fn readings(&self, at: usize) -> &[Reading] {
        self.readings.get(at).copied().unwrap_or(&[])
    }

    /// Number of positions.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when there are no positions.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Normalized text at a position (`""` past the end).
    pub fn text(&self, at: usize) -> &'t str {
        self.texts.get(at).copied().unwrap_or("")
    }

    /// Normalized text at a position without its proclitic.
    pub fn stem(&self, at: usize) -> &'t str {
        self.stems.get(at).copied().unwrap_or("")
    }

    /// Token kind at a position.
    pub fn kind(&self, at: usize) -> Option<TokenKind> {
        self.kinds.get(at).copied()
    }

    /// True when the position holds a word or a Latin-script token.
    pub fn is_word(&self, at: usize) -> bool {
        matches!(self.kind(at), Some(TokenKind::Word | TokenKind::Latin))
    }

    /// True when the position holds one of the given punctuation marks.
    pub fn punct_is(&self, at: usize, marks: &[&str]) -> bool {
        self.kind(at) == Some(TokenKind::Punct) && marks.contains(&self.text(at))
    }

    /// The original span from position `first` (skipping `skip` normalized bytes) to `last`.
    pub fn span(&self, first: usize, skip: usize, last: usize) -> Span {
        match (self.index.get(first), self.index.get(last)) {
            (Some(&a), Some(&b)) => self.tokens.span_between(a, skip, b),
            _ => Span::default(),
        }
    }

    /// The longest phrase of a table starting at `at`, reading the first token with or without
    /// its proclitic: `(last position, bytes skipped, value)`. The whole word wins ties.
    ///
    /// Most positions open no phrase of a table: the hashes of their readings tell so here,
    /// inlined where the rules ask (a call would cost more than the test), and only the others
    /// are read in full, out of line.
    #[inline(always)]
    pub fn longest_phrase<T: Copy>(
        &self,
        at: usize,
        table: &PhraseTable<T>,
    ) -> Option<(usize, usize, T)> {
        if !self.reading_hashes_at(at).iter().any(|&hash| table.may_open(hash)) {
            return None;
        }
        self.longest_where(at, table.max_tokens, table)
    }

    /// Like [`Words::longest_phrase`], for any lookup of keys of up to `max_tokens` tokens.
    pub fn longest<T: Copy>(
        &self,
        at: usize,
        max_tokens: usize,
        lookup: impl Fn(&str) -> Option<T>,
    ) -> Option<(usize, usize, T)> {
        self.longest_where(at, max_tokens, &AnyKeys(lookup))
    }

    /// The [`token_hash`] of the forms of the readings of the word at a position, in the order of
    /// [`Words::readings`]; none past the end.
    #[inline(always)]
    pub fn reading_hashes_at(&self, at: usize) -> &[u64] {
        match (self.hash_starts.get(at), self.hash_starts.get(at + 1)) {
            (Some(&start), Some(&end)) => {
                self.reading_hashes.get(start as usize..end as usize).unwrap_or(&[])
            }
            _ => &[],
        }
    }

    /// The longest phrase of `phrases` from `at` (see [`Phrases`]). It is kept out of line, so
    /// that the quick test of [`Words::longest_phrase`] inlines alone.
    #[inline(never)]
    fn longest_where<T: Copy>(
        &self,
        at: usize,
        max_tokens: usize,
        phrases: &impl Phrases<T>,
    ) -> Option<(usize, usize, T)> {
        if !self.is_word(at) && self.kind(at) != Some(TokenKind::Punct) {
            return None;
        }
        let mut best: Option<(usize, usize, T)> = None;
        let word = self.text(at);
        // Most positions open no phrase, and most phrases are one word: the first word is read
        // in place, and a key is copied only to extend it.
        let mut key = self.key_buffer.take();
        let hashes = self.reading_hashes_at(at);
        for (index, &reading) in self.readings(at).iter().enumerate() {
            // A reading without its hash (none is) is looked up.
            if !hashes.get(index).is_none_or(|&hash| phrases.may_open(hash)) {
                continue;
            }
            let first = if reading.restores_alef {
                reading.write(word, &mut key);
                key.as_str()
            } else {
                word.get(reading.skip..).unwrap_or("")
            };
            // Every reading has its hash (see `reading_hashes_at`).
            let hash = hashes.get(index).copied().unwrap_or_else(|| token_hash(first));
            let Some(Opening { phrase, goes_on: first_goes_on }) = phrases.opening(first, hash)
            else {
                continue;
            };
            let skip = reading.skip;
            if best.is_none() {
                best = phrase.map(|value| (at, skip, value));
            }
            let end = (at + max_tokens).min(self.len());
            // The word after is read whole: the hash of its first reading is its own.
            let pairs = || {
                let second = self.reading_hashes_at(at + 1).first().copied();
                second.is_none_or(|second| phrases.may_pair(hash, second))
            };
            if at + 1 >= end
                || self.after_break.get(at + 1).is_none_or(|&broke| broke)
                || !first_goes_on
                || !pairs()
            {
                continue;
            }
            // Room for a few words at once: phrases are extended a word at a time.
            key.reserve(64);
            reading.write(word, &mut key);
            for last in at + 1..end {
                if self.after_break[last] || last > at + 1 && !phrases.goes_on(&key) {
                    break;
                }
                key.push(' ');
                key.push_str(self.text(last));
                if best.is_some_and(|(best_last, _, _)| best_last >= last) {
                    continue;
                }
                if let Some(value) = phrases.get(&key) {
                    best = Some((last, skip, value));
                }
            }
        }
        self.key_buffer.set(key);
        best
    }
}

/// What [`Words::longest_where`] asks of a table of phrases, from the cheapest test to the
/// lookup: most positions are turned away by the first.
trait Phrases<T> {
    /// False when no phrase opens with a token of this [`token_hash`]; true when one may. It is
    /// asked of each reading's form: a word read whole often opens none where its reading
    /// without the proclitic does, or the other way round.
    fn may_open(&self, hash: u64) -> bool;
    /// What the table knows of a first token (as read), whose [`token_hash`] is `hash`: one
    /// lookup for the common case of a position that opens nothing; `None` when no phrase opens
    /// with it.
    fn opening(&self, first: &str, hash: u64) -> Option<Opening<T>>;
    /// False when no phrase of two tokens or more begins with two tokens of these
    /// [`token_hash`]es: asked before a key of the two is built.
    fn may_pair(&self, first: u64, second: u64) -> bool;
    /// True when a phrase of more tokens begins with this key of two or more.
    fn goes_on(&self, key: &str) -> bool;
    /// The value of a key of two or more tokens.
    fn get(&self, key: &str) -> Option<T>;
}

impl<T: Copy> Phrases<T> for PhraseTable<T> {
    #[inline]
    fn may_open(&self, hash: u64) -> bool {
        PhraseTable::may_open(self, hash)
    }

    fn opening(&self, first: &str, hash: u64) -> Option<Opening<T>> {
        PhraseTable::opening_hashed(self, first, hash)
    }

    fn may_pair(&self, first: u64, second: u64) -> bool {
        PhraseTable::may_pair(self, first, second)
    }

    fn goes_on(&self, key: &str) -> bool {
        self.goes_on_from(key)
    }

    fn get(&self, key: &str) -> Option<T> {
        PhraseTable::get(self, key)
    }
}

/// Any lookup of keys as [`Phrases`] (see [`Words::longest`]): every token may open a phrase
/// and every key go on.
struct AnyKeys<F>(F);

impl<T, F: Fn(&str) -> Option<T>> Phrases<T> for AnyKeys<F> {
    fn may_open(&self, _: u64) -> bool {
        true
    }

    fn opening(&self, first: &str, _: u64) -> Option<Opening<T>> {
        Some(Opening { phrase: (self.0)(first), goes_on: true })
    }

    fn may_pair(&self, _: u64, _: u64) -> bool {
        true
    }

    fn goes_on(&self, _: &str) -> bool {
        true
    }

    fn get(&self, key: &str) -> Option<T> {
        (self.0)(key)
    }
}

/// The [`token_hash`] of the forms of the readings of every word, word after word, each word's
/// in the order of its readings, and where each word's begin (and the last ends).
fn hash_readings(texts: &[&str], readings: &[&'static [Reading]]) -> (Vec<u64>, Vec<u32>) {
    let mut form = String::new();
    let mut hashes = Vec::with_capacity(texts.len() + texts.len() / 2);
    let mut starts = Vec::with_capacity(texts.len() + 1);
    // A text of 2^32 readings or more is 20 GB or more; the starts past would read as none.
    let start = |hashes: &Vec<u64>| u32::try_from(hashes.len()).unwrap_or(u32::MAX);
    for (&word, &readings) in texts.iter().zip(readings) {
        starts.push(start(&hashes));
        // Most words are read whole only: their one hash is taken without the loop.
        if readings.len() == 1 {
            hashes.push(token_hash(word));
            continue;
        }
        for &reading in readings {
            hashes.push(if reading.restores_alef {
                reading.write(word, &mut form);
                token_hash(&form)
            } else {
                token_hash(word.get(reading.skip..).unwrap_or(""))
            });
        }
    }
    starts.push(start(&hashes));
    (hashes, starts)
}

/// A proposed entity over word positions.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// First position.
    pub first: usize,
    /// Last position (inclusive).
    pub last: usize,
    /// Normalized bytes of the first token that are not part of the entity (a proclitic).
    pub skip: usize,
    /// The label.
    pub label: Label,
    /// The gazetteer entry, when a list knows the entity.
    pub entry: Option<u32>,
    /// Provenance.
    pub source: &'static str,
}

/// A role phrase (`الرئيس الصيني`) and the person it was seen next to, if any: quotes resolve
/// role subjects through these.
#[derive(Clone, Debug)]
pub struct Role {
    /// The role phrase, title and nationality.
    pub span: Span,
    /// A normalized key: the title without its article, and the nationality's canonical name.
    pub key: String,
    /// The person named right after the role, as an index into the entity list.
    pub person: Option<usize>,
    /// The gender the title marks.
    pub agreement: Agreement,
    /// First word position of the role phrase.
    pub first: usize,
    /// Last word position of the role phrase.
    pub last: usize,
}

/// What the entity stage hands to the quote stage.
pub struct Analysis {
    /// The entities, sorted and non-overlapping.
    pub entities: Vec<Entity>,
    /// Role phrases seen in the text.
    pub roles: Vec<Role>,
    /// The agreement of each entity (gender for persons).
    pub agreement: Vec<Agreement>,
    /// First and last word position of each entity.
    pub positions: Vec<(usize, usize)>,
}

/// Finds the entities of a tokenized text; the model, when given, adds the names no list or
/// rule found.
pub fn find(words: &Words, lexicon: &Lexicon, model: Option<&model::Model>) -> Analysis {
    let hits = gazetteer::hits(words, lexicon);
    let mut candidates = values::find(words, lexicon);
    candidates.extend(gazetteer::find(words, lexicon, &hits));
    candidates.extend(organizations::organizations(words, lexicon));
    let given = names::given_names(words, lexicon, &candidates);
    candidates.extend(given);
    let title_phrases = titles::title_phrases(words, lexicon);
    let claimed = Claimed::new(&candidates, words.len());
    let titled = titles::titled_names(words, lexicon, &title_phrases, &claimed);
    let named = titled.iter().any(|t| t.name.is_some());
    candidates.extend(titled.iter().filter_map(|t| t.name.clone()));
    // Once every title has found its name, roles bind to names that later titles introduced
    // (`الباحثة الرئيسية في التقرير، الدكتورة سلام العاروري`). The places rule reads the same
    // candidates, indexed once for both. When the titles named no one, the candidates are those
    // the titles just read, and reading them again would find the same.
    let claimed = Claimed::new(&candidates, words.len());
    let titled =
        if named { titles::titled_names(words, lexicon, &title_phrases, &claimed) } else { titled };
    let places = places::places(words, lexicon, &claimed);
    candidates.extend(places);
    // A dateline names its source, whatever else the word may be (`الغد`, `العمانية`).
    let datelines = organizations::datelines(words, lexicon, &candidates);
    candidates.retain(|c| !datelines.iter().any(|d| c.first <= d.last && d.first <= c.last));
    candidates.extend(datelines);
    let mut kept = resolve(candidates);
    let reading = model.map(|model| model.read(words, lexicon, &hits));
    if let Some(reading) = &reading {
        reading.trim_names(&mut kept);
    }
    // The later mentions fall on words nothing kept covers: put in order, they usually lie apart
    // from the rest, which `resolve` then keeps without sorting them by rank. The sort is stable,
    // so candidates starting at one position stay in the order that breaks their ties.
    let repeats = names::repeated_names(words, lexicon, &kept);
    kept.extend(repeats);
    kept.sort_by_key(|c| c.first);
    let mut kept = resolve(kept);
    if let Some(reading) = &reading {
        // The lists and rules know their names and values best; the model only adds names on
        // words none of them claimed, with titles and proclitics left out like the rules do.
        // Later bare mentions of a model-found name are then picked up like any other name's.
        let found = reading.candidates(&kept);
        if !found.is_empty() {
            kept.extend(found);
            kept.sort_by_key(|c| c.first);
            let repeats = names::repeated_names(words, lexicon, &kept);
            kept.extend(repeats);
            kept.sort_by_key(|c| c.first);
            kept = resolve(kept);
        }
    }
    let (entities, agreement) = link(words, lexicon, &kept);
    let roles = titles::roles(words, titled, &kept);
    let positions = kept.iter().map(|c| (c.first, c.last)).collect();
    Analysis { entities, roles, agreement, positions }
}

/// What the lists and rules alone find, as the model's features see it.
pub fn rule_spots(words: &Words, lexicon: &Lexicon) -> Vec<model::Spot> {
    let analysis = find(words, lexicon, None);
    analysis.positions.iter().zip(&analysis.entities).map(|(&(a, b), e)| (a, b, e.label)).collect()
}

/// Candidates indexed by position: the longest one starting at each position, and whether any
/// covers it. Built in one pass, so that rules ask in constant time.
pub(super) struct Claimed<'c> {
    candidates: &'c [Candidate],
    /// At each position, the index of the longest candidate starting there; else
    /// [`Claimed::COVERED`] when a candidate covers it, or [`Claimed::NONE`]. One `u32` a
    /// position keeps the index small to build for every rule that reads it.
    longest_at: Vec<u32>,
}

impl<'c> Claimed<'c> {
    /// No candidate starts at or covers the position.
    const NONE: u32 = u32::MAX;
    /// No candidate starts at the position, but one covers it.
    const COVERED: u32 = u32::MAX - 1;

    pub(super) fn new(candidates: &'c [Candidate], positions: usize) -> Self {
        let mut longest_at = vec![Self::NONE; positions];
        for (index, c) in candidates.iter().enumerate() {
            // A text has far fewer candidates than 2^32; any past that would not be indexed,
            // never wrongly.
            let Some(index) = u32::try_from(index).ok().filter(|&index| index < Self::COVERED)
            else {
                break;
            };
            let Some(slot) = longest_at.get_mut(c.first) else { continue };
            if candidates.get(*slot as usize).is_none_or(|other| other.last < c.last) {
                *slot = index;
            }
            for slot in longest_at.iter_mut().take(c.last + 1).skip(c.first + 1) {
                if *slot == Self::NONE {
                    *slot = Self::COVERED;
                }
            }
        }
        Claimed { candidates, longest_at }
    }

    /// The longest candidate starting at `at`.
    pub(super) fn at(&self, at: usize) -> Option<&'c Candidate> {
        self.longest_at.get(at).and_then(|&index| self.candidates.get(index as usize))
    }

    /// True when a candidate covers `at`.
    pub(super) fn covers(&self, at: usize) -> bool {
        self.longest_at.get(at).is_some_and(|&slot| slot != Self::NONE)
    }
}

/// Keeps the longest candidates that do not overlap, earlier ones first on ties of length; a
/// gazetteer hit beats a rule of the same length.
pub fn resolve(candidates: Vec<Candidate>) -> Vec<Candidate> {
    // Candidates already in order and apart (the later mentions of names added to what was
    // kept) are all kept, in that order: the sort below would only confirm it.
    if candidates.windows(2).all(|pair| pair[0].last < pair[1].first)
        && candidates.iter().all(|c| c.first <= c.last)
    {
        return candidates;
    }
    // The order candidates are tried in: longer first; a name beats a nationality adjective of
    // the same length (`البلوشي` in a person's name), and a gazetteer hit beats a rule; then
    // earlier first, then the order they came in. Each finder proposes its candidates left to
    // right, so a stable sort by first position mostly merges runs already in order; a stable
    // counting sort by rank, of which there are few, then puts the higher ranks first.
    let rank = |c: &Candidate| {
        c.last.saturating_sub(c.first) * 4
            + usize::from(c.label != Label::Nationality) * 2
            + usize::from(c.source.starts_with("gazetteer"))
    };
    let ranks: Vec<usize> = candidates.iter().map(rank).collect();
    let mut by_first: Vec<usize> = (0..candidates.len()).collect();
    // The later passes hand their candidates in order already, which only needs telling.
    if !candidates.is_sorted_by_key(|c| c.first) {
        by_first.sort_by_key(|&index| candidates[index].first);
    }
    // The highest rank goes in the first bucket; `bucket_starts[b]` is where bucket `b` begins
    // in the order, moved on as it is filled.
    let top = ranks.iter().max().map_or(0, |&highest| highest + 1);
    let bucket = |rank: usize| top - 1 - rank;
    let mut bucket_starts = vec![0; top + 1];
    for &rank in &ranks {
        bucket_starts[bucket(rank) + 1] += 1;
    }
    for b in 1..bucket_starts.len() {
        bucket_starts[b] += bucket_starts[b - 1];
    }
    let mut order = vec![0; candidates.len()];
    for &index in &by_first {
        let start = &mut bucket_starts[bucket(ranks[index])];
        order[*start] = index;
        *start += 1;
    }
    let positions = candidates.iter().map(|c| c.last + 1).max().unwrap_or(0);
    let mut taken = vec![false; positions];
    let mut keep = vec![false; candidates.len()];
    for &index in &order {
        let span = candidates[index].first..=candidates[index].last;
        if !taken[span.clone()].iter().any(|&t| t) {
            taken[span].iter_mut().for_each(|t| *t = true);
            keep[index] = true;
        }
    }
    let mut kept: Vec<Candidate> =
        candidates.into_iter().zip(keep).filter_map(|(c, keep)| keep.then_some(c)).collect();
    // Kept candidates do not overlap, so no two start at the same position; kept from
    // candidates in order, they are in order.
    if !kept.is_sorted_by_key(|c| c.first) {
        kept.sort_unstable_by_key(|c| c.first);
    }
    kept
}

/// Turns candidates into entities with ids and canonical names. Gazetteer mentions share their
/// entry; a rule-found person is linked to an earlier person whose name ends with it (`أوشاكوف`
/// after `يوري أوشاكوف`); other rule-found names are linked by their normalized text.
fn link(words: &Words, lexicon: &Lexicon, kept: &[Candidate]) -> (Vec<Entity>, Vec<Agreement>) {
    // Each entity's id, the mention whose canonical name it has (an index into `entities`: the
    // name is copied from there, not kept twice) and its gender. Sized for every mention at once
    // (each adds at most two keys), not grown as they come.
    let mut ids: HashMap<String, (u32, usize, Agreement)> =
        HashMap::with_capacity_and_hasher(2 * kept.len(), Default::default());
    // Each word-final part of a person's name (`العاروري`, `صالح العاروري`) mapped to the
    // latest full name that ends with it.
    let mut full_names: HashMap<String, String> = HashMap::default();
    let mut next_id = 0u32;
    let mut entities = Vec::with_capacity(kept.len());
    let mut agreement = Vec::with_capacity(kept.len());
    // Most mentions repeat an entity already seen: their normalized text and id key are built
    // in these two buffers and only looked up, and a `String` is made only for what is kept.
    let mut normalized = String::new();
    let mut key = String::new();
    for candidate in kept {
        let span = words.span(candidate.first, candidate.skip, candidate.last);
        let text = || span.slice(words.tokens.original).to_string();
        if !candidate.label.is_name() {
            entities.push(Entity {
                span,
                label: candidate.label,
                canonical: text(),
                id: None,
                source: candidate.source,
            });
            agreement.push(Agreement::Unknown);
            continue;
        }
        normalized.clear();
        push_normalized_text(words, candidate, &mut normalized);
        // A surname alone belongs to the full name the article gave earlier, even when a list
        // knows someone else by it (`العاروري` after `سلام العاروري`).
        let earlier =
            full_names.get(normalized.as_str()).filter(|_| candidate.label == Label::Person);
        let entry =
            candidate.entry.filter(|_| earlier.is_none() || candidate.first < candidate.last);
        key.clear();
        key.push_str(candidate.label.as_str());
        match entry {
            Some(entry) => {
                key.push_str(":entry:");
                key.push_str(&lexicon.entries[entry as usize].canonical);
            }
            None => {
                key.push(':');
                key.push_str(earlier.unwrap_or(&normalized));
            }
        }
        // The canonical name and gender are worked out at the first mention of an entity only;
        // later mentions copy them.
        let (id, canonical, gender) = match ids.get(key.as_str()) {
            Some(&(id, named, gender)) => (id, entities[named].canonical.clone(), gender),
            None => {
                let (canonical, gender) = match entry {
                    Some(entry) => {
                        let entry = &lexicon.entries[entry as usize];
                        (entry.canonical.to_string(), entry.agreement)
                    }
                    None => match earlier.and_then(|full| ids.get(full)) {
                        Some(&(_, named, gender)) => (entities[named].canonical.clone(), gender),
                        None => {
                            let given = words.stem(candidate.first);
                            let gender =
                                lexicon.first_names.get(given).unwrap_or(Agreement::Unknown);
                            (text(), gender)
                        }
                    },
                };
                let id = next_id;
                next_id += 1;
                // This mention is pushed below, at index `entities.len()`.
                ids.insert(key.clone(), (id, entities.len(), gender));
                (id, canonical, gender)
            }
        };
        if candidate.entry.is_none() {
            if !ids.contains_key(normalized.as_str()) {
                ids.insert(normalized.clone(), (id, entities.len(), gender));
            }
            if candidate.label == Label::Person {
                for (at, _) in normalized.match_indices(' ') {
                    full_names.insert(normalized[at + 1..].to_string(), normalized.clone());
                }
            }
        }
        entities.push(Entity {
            span,
            label: candidate.label,
            canonical,
            id: Some(id),
            source: candidate.source,
        });
        agreement.push(gender);
    }
    (entities, agreement)
}

/// The normalized text of a candidate, proclitic removed, words joined by single spaces.
pub fn normalized_text(words: &Words, candidate: &Candidate) -> String {
    let mut text = String::new();
    push_normalized_text(words, candidate, &mut text);
    text
}

/// Appends the normalized text of a candidate (see [`normalized_text`]) to `out`; nothing when a
/// line break lies inside it.
fn push_normalized_text(words: &Words, candidate: &Candidate, out: &mut String) {
    let first = words.text(candidate.first);
    let head = &first[candidate.skip.min(first.len())..];
    let start = out.len();
    out.push_str(head);
    if !push_rest_of_key(words, candidate.first, candidate.last, out) {
        out.truncate(start);
    }
}

/// Appends the words of positions `first + 1..=last` to `out`, each after a space, as
/// the phrase tables key a phrase; false (with `out` partly written) when a line break lies
/// inside.
fn push_rest_of_key(words: &Words, first: usize, last: usize, out: &mut String) -> bool {
    for at in first + 1..=last {
        if at >= words.len() || words.after_break[at] {
            return false;
        }
        out.push(' ');
        out.push_str(words.text(at));
    }
    true
}

#[cfg(test)]
mod tests;
