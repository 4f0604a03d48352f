//! The tagger's features: hashes of a word, its stem and affixes, its shape, its neighbours, and
//! what the word lists, the gazetteer and the rules say about it. Training and annotation read
//! them through [`Features`] alike.

use super::super::gazetteer::Hit;
use super::super::Words;
use super::known::KnownForms;
use super::{marks, Spot};
use crate::lexicon::Lexicon;
use crate::span::Label;
use crate::tokenize::TokenKind;

/// The features of every position of a text: hashes of the word, its stem and affixes, its
/// shape, its neighbours, and what the word lists say about it.
pub struct Features<'w, 't, 'a> {
    pub(super) words: &'w Words<'t, 'a>,
    /// Gazetteer phrase marks per position (see [`marks`]).
    gazetteer: Vec<u8>,
    /// Marks of what the lists and rules found.
    rules: Vec<u8>,
    /// Per position, the index of its word form in `forms`.
    pub(super) form: Vec<u32>,
    /// Per distinct word form of the text (the edges included), its index among the model's
    /// known forms, or [`Features::UNKNOWN`] (see `KnownForms`).
    pub(super) known: Vec<u32>,
    /// Per distinct word form of the text, what the word lists say about it (see [`lists`]) and
    /// the hashes of its strings, computed once: a feature is then a mix of a few numbers,
    /// however often the word comes back and however many neighbours read it. The last two are
    /// the edges, what a neighbour before the text and after it reads as. Of a known form, only
    /// the word's and stem's hashes are kept (see `KnownForm::form`): its rows sum the rest.
    pub(super) forms: Vec<Form>,
}

/// What the lists say about a word form (the flags of [`lists`] as bits, see [`list_bits`]), and
/// its string hashes.
pub(super) type Form = (u8, Strings);

/// A position's word, the length of its stem and its kind: all its features but its
/// neighbours' depend on them alone (the stem is the word's end, so its length tells it).
type WordForm<'t> = (&'t str, usize, Option<TokenKind>);

/// The distinct word forms of a text, each with its index in [`Features`]'s `forms`: a table
/// with open addressing keyed by the hash the front end already took of every word (see
/// `Words::reading_hashes`), so that a word is not hashed again to be found. Forms whose words
/// share a hash are told apart by comparing them in full.
struct SeenForms<'t> {
    /// Per slot, a word's hash and the index of its form plus one, or 0 for an empty slot. At
    /// most half the slots are full, so that looking for a new word soon meets an empty one;
    /// the table doubles when it would be fuller.
    slots: Vec<(u64, u32)>,
    /// Each form's key, by its index.
    keys: Vec<WordForm<'t>>,
}

impl<'t> SeenForms<'t> {
    /// An empty table with room for `count` forms.
    fn with_capacity(count: usize) -> SeenForms<'t> {
        SeenForms {
            slots: vec![(0, 0); (2 * count).next_power_of_two()],
            keys: Vec::with_capacity(count),
        }
    }

    /// The index of the form `key` of the word hashed `hash`, added as `add()` gives it (the
    /// number of forms added before) when it is new.
    fn index(&mut self, key: WordForm<'t>, hash: u64, add: impl FnOnce() -> u32) -> u32 {
        if 2 * (self.keys.len() + 1) > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            let (slot_hash, index) = self.slots[at];
            if index == 0 {
                self.keys.push(key);
                let index = add();
                self.slots[at] = (hash, index + 1);
                return index;
            }
            if slot_hash == hash && self.keys[index as usize - 1] == key {
                return index - 1;
            }
            at = (at + 1) & mask;
        }
    }

    /// Doubles the slots, each form going where its hash leads in the larger table.
    fn grow(&mut self) {
        let slots = vec![(0, 0); 2 * self.slots.len()];
        let mask = slots.len() - 1;
        for (hash, index) in std::mem::replace(&mut self.slots, slots) {
            if index == 0 {
                continue;
            }
            let mut at = hash as usize & mask;
            while self.slots[at].1 != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = (hash, index);
        }
    }
}

/// The string hashes of one position.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Strings {
    word: u32,
    stem: u32,
    /// The stem's first 1 to 4 characters, where the stem is longer; 0 where it is not.
    prefixes: [u32; 4],
    /// The stem's last 1 to 4 characters, where the stem is longer; 0 where it is not.
    suffixes: [u32; 4],
    /// The stem without its article, when at least two characters remain.
    bare: Option<u32>,
    /// The proclitics split off the word.
    clitic: u32,
    /// Token kind, length class and article, as one small number.
    shape: u32,
    /// Characters in the stem.
    chars: usize,
}

pub(super) fn label_index(label: Label) -> u8 {
    Label::ALL.iter().position(|&l| l == label).unwrap_or(0) as u8
}

/// FNV-1a's hash of no bytes, where every string's hash starts.
const FNV_OFFSET: u32 = 0x811c_9dc5;

/// A word's shape feature: its token kind, its length in chars in five bands, and whether it
/// opens with the article before two or more chars.
fn shape(kind: Option<TokenKind>, chars: usize, bare: bool) -> u32 {
    let kind = match kind {
        Some(TokenKind::Word) => 0,
        Some(TokenKind::Latin) => 1,
        Some(TokenKind::Number) => 2,
        Some(TokenKind::QuoteMark) => 3,
        _ => 4,
    };
    let length = match chars {
        0..=2 => 0,
        3 => 1,
        4 => 2,
        5..=6 => 3,
        _ => 4,
    };
    kind * 16 + length * 2 + u32::from(bare)
}

/// FNV-1a over the bytes of a string.
fn string_hash(text: &str) -> u32 {
    hash_on(FNV_OFFSET, text.as_bytes())
}

/// True for a byte that goes on with a UTF-8 character (`0b10xx_xxxx`) rather than starting one.
fn continues_char(byte: u8) -> bool {
    byte & 0xc0 == 0x80
}

/// Where the character after the one starting at `at` starts (the end of `bytes` after the
/// last one).
fn next_char_start(bytes: &[u8], at: usize) -> usize {
    let mut next = at + 1;
    while bytes.get(next).is_some_and(|&byte| continues_char(byte)) {
        next += 1;
    }
    next.min(bytes.len())
}

/// Where the character that ends right before `at` starts (0 at the beginning).
fn char_start_before(bytes: &[u8], at: usize) -> usize {
    let mut start = at.saturating_sub(1);
    while start > 0 && bytes.get(start).is_some_and(|&byte| continues_char(byte)) {
        start -= 1;
    }
    start
}

/// FNV-1a carried on from `hash` over more bytes: the hash of a string's beginning is a step on
/// the way to the whole string's, so one pass gives both. Four bytes a round leave the loop's
/// own work to a quarter of the bytes.
fn hash_on(mut hash: u32, bytes: &[u8]) -> u32 {
    let mut rounds = bytes.chunks_exact(4);
    for round in &mut rounds {
        for &byte in round {
            hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
        }
    }
    for &byte in rounds.remainder() {
        hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
    }
    hash
}

/// A feature's hash: its template number mixed with the numbers it reads.
fn feature(template: u8, parts: &[u32]) -> u32 {
    let mut hash = 0x9e37_79b9u32 ^ u32::from(template).wrapping_mul(0x85eb_ca6b);
    for &part in parts {
        hash = (hash ^ part).wrapping_mul(0xcc9e_2d51).rotate_left(15).wrapping_mul(0x1b87_3593);
    }
    hash ^= hash >> 16;
    hash = hash.wrapping_mul(0x85eb_ca6b);
    hash ^= hash >> 13;
    hash = hash.wrapping_mul(0xc2b2_ae35);
    hash ^ (hash >> 16)
}

impl Strings {
    pub(super) fn of(word: &str, stem: &str, kind: Option<TokenKind>) -> Strings {
        let bytes = stem.as_bytes();
        let chars = stem.chars().count();
        // Only the affixes shorter than the stem count: the first and last `affixes` characters.
        let affixes = chars.saturating_sub(1).min(4);
        // A prefix's hash is the stem's hash after its first characters, so the stem is hashed
        // once, stopping at each prefix's end on the way.
        let mut prefixes = [0; 4];
        let mut hash = FNV_OFFSET;
        let mut hashed = 0;
        for prefix in prefixes.iter_mut().take(affixes) {
            let end = next_char_start(bytes, hashed);
            hash = hash_on(hash, &bytes[hashed..end]);
            hashed = end;
            *prefix = hash;
        }
        let stem_hash = hash_on(hash, &bytes[hashed..]);
        let mut suffixes = [0; 4];
        let mut start = bytes.len();
        for suffix in suffixes.iter_mut().take(affixes) {
            start = char_start_before(bytes, start);
            *suffix = hash_on(FNV_OFFSET, &bytes[start..]);
        }
        // The article is two characters: what follows it has two more when the stem has four.
        let bare = stem.strip_prefix("ال").filter(|_| chars >= 4);
        // The proclitics are the word's first bytes, the stem the rest: the word's hash goes on
        // from the proclitics' one.
        let clitic_bytes = if stem.len() < word.len() { word.len() - stem.len() } else { 0 };
        let (clitic, rest) = word.as_bytes().split_at(clitic_bytes);
        let clitic = hash_on(FNV_OFFSET, clitic);
        Strings {
            word: hash_on(clitic, rest),
            stem: stem_hash,
            prefixes,
            suffixes,
            bare: bare.map(string_hash),
            clitic,
            shape: shape(kind, chars, bare.is_some()),
            chars,
        }
    }

    /// [`Strings::of`] as first written, each hash over its own string: the fast one must
    /// give the same hashes.
    #[cfg(test)]
    pub(super) fn plain(word: &str, stem: &str, kind: Option<TokenKind>) -> Strings {
        let chars = stem.chars().count();
        let mut prefixes = [0; 4];
        for (length, (start, c)) in stem.char_indices().enumerate().take(4) {
            if chars > length + 1 {
                prefixes[length] = string_hash(&stem[..start + c.len_utf8()]);
            }
        }
        let mut suffixes = [0; 4];
        for (length, (start, _)) in stem.char_indices().rev().enumerate().take(4) {
            if chars > length + 1 {
                suffixes[length] = string_hash(&stem[start..]);
            }
        }
        let bare = stem.strip_prefix("ال").filter(|rest| rest.chars().nth(1).is_some());
        let clitic = if stem.len() < word.len() { &word[..word.len() - stem.len()] } else { "" };
        Strings {
            word: string_hash(word),
            stem: string_hash(stem),
            prefixes,
            suffixes,
            bare: bare.map(string_hash),
            clitic: string_hash(clitic),
            shape: shape(kind, chars, bare.is_some()),
            chars,
        }
    }

    /// The word's and stem's hashes, which [`Features::pairs_of`] reads.
    pub(super) fn pair(&self) -> (u32, u32) {
        (self.word, self.stem)
    }

    /// Strings with only the word's and stem's hashes (see [`Strings::pair`]).
    pub(super) fn of_pair((word, stem): (u32, u32)) -> Strings {
        Strings { word, stem, ..Strings::default() }
    }

    /// Before the first position and after the last.
    fn edge(marker: &str) -> Strings {
        let hash = string_hash(marker);
        Strings { word: hash, stem: hash, chars: marker.chars().count(), ..Strings::default() }
    }
}

impl<'w, 't, 'a> Features<'w, 't, 'a> {
    /// Prepares the features of a text, with the rules' spans `rules` (see [`Spot`]).
    pub fn new(words: &'w Words<'t, 'a>, lexicon: &'w Lexicon, rules: &[Spot]) -> Self {
        let hits = super::super::gazetteer::hits(words, lexicon);
        let mut features = Features::without_rules(words, lexicon, &hits, &KnownForms::default());
        features.rules = marks(words.len(), rules.iter().copied());
        features
    }

    /// A form not among the known forms.
    pub(super) const UNKNOWN: u32 = u32::MAX;

    /// What the lists say of a word with its stem and kind, and its string hashes.
    pub(super) fn form_of(
        lexicon: &Lexicon,
        (word, hash): (&str, u64),
        stem: &str,
        kind: Option<TokenKind>,
    ) -> Form {
        (list_bits(lists(lexicon, stem, (word, hash))), Strings::of(word, stem, kind))
    }

    /// Prepares the features of a text with no rules' spans marked; the list lookups and string
    /// hashes run once here, and not at all for the forms `known` holds (pass none to compute
    /// them all).
    pub(super) fn without_rules(
        words: &'w Words<'t, 'a>,
        lexicon: &'w Lexicon,
        gazetteer: &[Hit],
        known: &KnownForms,
    ) -> Self {
        let gazetteer = marks(
            words.len(),
            gazetteer.iter().map(|&(first, last, _, entry)| {
                (first, last, lexicon.entries[entry as usize].label)
            }),
        );
        // A word is looked up and hashed once per text, however often it comes back. Room for
        // distinct words up to half the positions (a third is usual in news), so that the table
        // seldom grows while it fills yet is not zeroed at twice the size it needs; a long
        // text's table grows with its distinct words rather than starting as large as the text,
        // where every word would be a trip to memory.
        let mut seen = SeenForms::with_capacity((words.len() / 2).min(1 << 14));
        // The position each distinct form is first met at, and its word's hash: the forms are
        // worked out once all are found, into a table of their exact number (a form takes 72
        // bytes, and the table was the largest block of a text's reading).
        let mut firsts = Vec::with_capacity((words.len() / 2).min(1 << 14));
        let form = (0..words.len())
            .map(|at| {
                let (word, stem, kind) = (words.text(at), words.stem(at), words.kind(at));
                // The first reading of a word is the whole word (see `tokenize::readings`).
                let hash = words.reading_hashes_at(at).first().copied().unwrap_or(0);
                seen.index((word, stem.len(), kind), hash, || {
                    firsts.push((at, hash));
                    (firsts.len() - 1) as u32
                })
            })
            .collect();
        let mut forms = Vec::with_capacity(firsts.len() + 2);
        let mut known_forms = Vec::with_capacity(firsts.len() + 2);
        for (at, hash) in firsts {
            let (word, stem, kind) = (words.text(at), words.stem(at), words.kind(at));
            let (index, form) = match known.find(hash, word, stem.len(), kind) {
                Some((index, known)) => (index, known.form()),
                None => (Features::UNKNOWN, Features::form_of(lexicon, (word, hash), stem, kind)),
            };
            forms.push(form);
            known_forms.push(index);
        }
        forms.push((0, Strings::edge("<s>")));
        forms.push((0, Strings::edge("</s>")));
        known_forms.extend([Features::UNKNOWN; 2]);
        Features { words, gazetteer, rules: vec![0; words.len()], form, known: known_forms, forms }
    }

    /// The form of position `at`, if it is inside the text.
    fn form(&self, at: isize) -> Option<&Form> {
        let at = usize::try_from(at).ok()?;
        Some(&self.forms[*self.form.get(at)? as usize])
    }

    /// The index in `forms` of the word form at `position`, or of an edge outside the text.
    pub(super) fn form_index(&self, position: isize) -> usize {
        match usize::try_from(position).ok().and_then(|p| self.form.get(p)) {
            Some(&form) => form as usize,
            None if position < 0 => self.forms.len() - 2,
            None => self.forms.len() - 1,
        }
    }

    /// Appends the feature hashes of position `at`. The functions below hand each hash to a
    /// closure instead: training collects them here, and a text's reading gathers a row's
    /// keys to look them up together (see `Model::read`).
    pub fn at(&self, at: usize, out: &mut Vec<u32>) {
        let mut push = |key| out.push(key);
        self.base(at, &mut push);
        rule_features(&self.rules, at, &mut push);
    }

    /// Hands `out` the feature hashes of position `at` but those of the rules' spans.
    fn base(&self, at: usize, out: &mut impl FnMut(u32)) {
        if let Some(form) = self.form(at as isize) {
            Features::own(form, out);
        }
        self.context(at, out);
    }

    /// Hands `out` the feature hashes of a word form by itself, wherever it stands: its identity
    /// first (see `train::IDENTITY`: bias, word, stem), its affixes and shape, what the lists
    /// say about it.
    pub(super) fn own(form: &Form, out: &mut impl FnMut(u32)) {
        out(bias_feature());
        Features::own_but_bias(form, out);
    }

    /// Hands `out` the features of [`Features::own`] but the bias, which every word has: a
    /// text's reading scores it once.
    pub(super) fn own_but_bias((lists, this): &Form, out: &mut impl FnMut(u32)) {
        out(feature(1, &[this.word]));
        out(feature(2, &[this.stem]));
        for (length, &prefix) in this.prefixes.iter().enumerate() {
            if this.chars > length + 1 {
                out(feature(51 + length as u8, &[prefix]));
            }
        }
        for (length, &suffix) in this.suffixes.iter().enumerate() {
            if this.chars > length + 1 {
                out(feature(56 + length as u8, &[suffix]));
            }
        }
        if let Some(bare) = this.bare {
            out(feature(10, &[bare]));
        }
        out(feature(11, &[this.shape]));
        out(feature(12, &[this.clitic]));
        for list in members(*lists) {
            out(feature(31, &[list]));
        }
    }

    /// Hands `out` the feature hashes of position `at` that read its neighbours or its place in
    /// the text: neighbouring words and stems, their lists and suffixes (see
    /// [`Features::neighbour`]), word and stem pairs, the gazetteer's phrases, a line break
    /// before it (see [`Features::around`]).
    pub(super) fn context(&self, at: usize, out: &mut impl FnMut(u32)) {
        for offset in Features::NEIGHBOURS {
            Features::neighbour(&self.forms[self.form_index(at as isize + offset)], offset, out);
        }
        self.around(at, out);
    }

    /// The four places [`Features::context`] reads a neighbouring word form from.
    pub(super) const NEIGHBOURS: [isize; 4] = [-2, -1, 1, 2];

    /// Hands `out` the features of [`Features::context`] that read only the word form `offset`
    /// places away (one of [`Features::NEIGHBOURS`]): they are the same wherever that form
    /// stands, so a text's reading can score them once per distinct form. With
    /// [`Features::around`] they make up `context` exactly.
    pub(super) fn neighbour((lists, other): &Form, offset: isize, out: &mut impl FnMut(u32)) {
        let (word, stem, suffix, list) = match offset {
            -2 => (13, 25, None, None),
            -1 => (14, 18, Some(27), Some(30)),
            1 => (15, 19, Some(28), Some(32)),
            _ => (16, 26, None, None),
        };
        out(feature(word, &[other.word]));
        out(feature(stem, &[other.stem]));
        if let Some(template) = suffix.filter(|_| other.chars > 3) {
            out(feature(template, &[other.suffixes[1]]));
        }
        if let Some(template) = list {
            for index in members(*lists) {
                out(feature(template, &[index]));
            }
        }
    }

    /// Hands `out` the features of [`Features::context`] that read more than one word form or the
    /// position itself: word and stem pairs (see [`Features::pairs`]), the gazetteer's phrases
    /// at each of [`MARK_PLACES`] (see [`gazetteer_feature`]), a line break before it.
    pub(super) fn around(&self, at: usize, out: &mut impl FnMut(u32)) {
        self.pairs(at, out);
        for offset in MARK_PLACES {
            out(gazetteer_feature(offset, mark_at(&self.gazetteer, at, offset)));
        }
        if self.after_break(at) {
            out(break_feature());
        }
    }

    /// Hands `out` the word and stem pair features of position `at`.
    pub(super) fn pairs(&self, at: usize, out: &mut impl FnMut(u32)) {
        let i = at as isize;
        let strings = [i - 1, i, i + 1].map(|position| &self.forms[self.form_index(position)].1);
        Features::pairs_of(strings, out);
    }

    /// Hands `out` the word and stem pair features of a position whose word, the one before it
    /// and the one after it have the strings `[before, this, after]`.
    pub(super) fn pairs_of(strings: [&Strings; 3], out: &mut impl FnMut(u32)) {
        Features::pair_keys(strings).into_iter().for_each(out);
    }

    /// The keys [`Features::pairs_of`] hands out, as many for every position.
    pub(super) fn pair_keys([before, this, after]: [&Strings; 3]) -> [u32; 5] {
        [
            feature(20, &[before.word, this.word]),
            feature(21, &[this.word, after.word]),
            feature(22, &[before.stem, after.stem]),
            feature(23, &[before.stem, this.stem]),
            feature(24, &[this.stem, after.stem]),
        ]
    }

    /// The gazetteer's marks of the text's positions (see [`marks`]).
    pub(super) fn gazetteer_marks(&self) -> &[u8] {
        &self.gazetteer
    }

    /// True when a line break comes right before position `at`.
    pub(super) fn after_break(&self, at: usize) -> bool {
        self.words.after_break.get(at).copied().unwrap_or(false)
    }
}

/// Hands `out` the features of the rules' spans (`marks`, see [`marks`]) around position `at`: one
/// per place of [`MARK_PLACES`], each reading the mark there.
pub(super) fn rule_features(marks: &[u8], at: usize, out: &mut impl FnMut(u32)) {
    for offset in MARK_PLACES {
        out(rule_feature(offset, mark_at(marks, at, offset)));
    }
}

/// The places, relative to a position, whose gazetteer and rules' marks are its features.
pub(super) const MARK_PLACES: [isize; 3] = [-1, 0, 1];

/// The mark `offset` places from `at` (0 outside the text).
pub(super) fn mark_at(marks: &[u8], at: usize, offset: isize) -> u8 {
    usize::try_from(at as isize + offset)
        .ok()
        .and_then(|position| marks.get(position))
        .copied()
        .unwrap_or(0)
}

/// The feature of the rules' mark `mark` at `offset` (one of [`MARK_PLACES`]).
pub(super) fn rule_feature(offset: isize, mark: u8) -> u32 {
    feature(46 + (offset + 1) as u8, &[u32::from(mark)])
}

/// The feature of the gazetteer's mark `mark` at `offset` (one of [`MARK_PLACES`]).
pub(super) fn gazetteer_feature(offset: isize, mark: u8) -> u32 {
    feature(40 + (offset + 1) as u8, &[u32::from(mark)])
}

/// The feature every position has, whatever its word.
pub(super) fn bias_feature() -> u32 {
    feature(0, &[])
}

/// The feature of a line break right before a position.
pub(super) fn break_feature() -> u32 {
    feature(45, &[])
}

/// The flags of [`lists`] as bits, list `i` at bit `i`: a word is in one list or none, and its
/// features then visit the lists it is in instead of all seven.
fn list_bits(flags: [bool; 7]) -> u8 {
    flags.iter().rev().fold(0, |bits, &member| bits << 1 | u8::from(member))
}

/// The lists of `bits` (see [`list_bits`]), in increasing order.
fn members(mut bits: u8) -> impl Iterator<Item = u32> {
    std::iter::from_fn(move || {
        (bits != 0).then(|| {
            let list = bits.trailing_zeros();
            bits &= bits - 1;
            list
        })
    })
}

/// What the word lists say about a stem (and the word it came from, with its [`token_hash`]),
/// as flags: one lookup of the lexicon's index of what the lists say of a word (see
/// [`Lexicon::word_lists`]) for a word without proclitic, two for one with.
pub(super) fn lists(lexicon: &Lexicon, stem: &str, (word, hash): (&str, u64)) -> [bool; 7] {
    let of_word = lexicon.word_lists_hashed(word, hash);
    // The stem is the word's end: as long as the word, it is the word.
    let has_proclitic = stem.len() < word.len();
    let of_stem = if has_proclitic { lexicon.word_lists(stem) } else { of_word };
    [
        of_stem.first_name(),
        // `name_words` and `common_words` are left out: they were derived from the training
        // labels themselves, so the model would trust them more than they deserve.
        false,
        false,
        of_word.function_word(),
        // A title of one word opens a title phrase too.
        of_stem.opens_title(),
        // The index marks a head after the article too.
        of_stem.org_head(),
        of_word.verb() || has_proclitic && of_stem.verb(),
    ]
}

/// [`lists`] as first written, a lookup per list: the index must say the same.
#[cfg(test)]
pub(super) fn plain_lists(lexicon: &Lexicon, stem: &str, word: &str) -> [bool; 7] {
    let bare = stem.strip_prefix("ال").unwrap_or(stem);
    [
        lexicon.first_names.get(stem).is_some(),
        false,
        false,
        lexicon.function_words.contains(word),
        lexicon.titles.opens_with(stem),
        lexicon.org_heads.contains_key(stem)
            || bare.len() < stem.len() && lexicon.org_heads.contains_key(bare),
        lexicon.verbs.contains_key(word)
            || stem.len() < word.len() && lexicon.verbs.contains_key(stem),
    ]
}
