//! The word lists of `src/data/`, compiled in and folded with the same normalization as text.
//!
//! Every list is plain text: one entry per line, `#` comments, TAB-separated fields. Gazetteer
//! lines are `canonical<TAB>variant...` (persons add a gender field after the canonical name);
//! entries of one label with the same canonical name are merged. See each file's header (the
//! comments are left out of the compiled-in copies: see `src/build.rs`).

use crate::error::Error;
use crate::normalize::normalize_cow;
use crate::span::Label;
use crate::tokenize::{phrase_key, phrase_key_cow, WordList};
use hashbrown::HashTable;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::hash::Hasher;

/// A word list of `src/data/`, compiled in as the build script (`src/build.rs`) copied it: its
/// comment lines are empty there, so that the page does not ship the notes written for the
/// lists' editors, and line numbers stay those of the source file.
macro_rules! list {
    ($name:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/data/", $name))
    };
}

/// A normalized key of the lists: borrowed from the compiled-in text of a built-in list when
/// folding leaves it as it is (most entries are), owned otherwise. Borrowing spares start-up an
/// allocation per key, and lookups take a plain `&str` all the same.
pub type Key = Cow<'static, str>;

/// Grammatical gender and number of a speaker or a verb form, for agreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agreement {
    /// Masculine singular (also the default for unknown persons and most organizations).
    MasculineSingular,
    /// Feminine singular (also countries and feminine nouns such as `الحكومة`).
    FeminineSingular,
    /// Two speakers.
    Dual,
    /// Three or more speakers.
    Plural,
    /// Not known or not marked.
    Unknown,
}

impl Agreement {
    fn parse(features: &str) -> Agreement {
        // The marks are read where they are, not collected: a list has hundreds of verb forms.
        let has = |mark: &str| split_at_byte(features, b'.').any(|part| part == mark);
        if has("du") {
            Agreement::Dual
        } else if has("pl") {
            Agreement::Plural
        } else if has("f") {
            Agreement::FeminineSingular
        } else if has("m") {
            Agreement::MasculineSingular
        } else {
            Agreement::Unknown
        }
    }

    /// This agreement if known, else `other`.
    pub fn or(self, other: Agreement) -> Agreement {
        if self == Agreement::Unknown {
            other
        } else {
            self
        }
    }

    /// True when a speaker of agreement `self` can be the subject of a verb of `verb`.
    pub fn agrees_with(self, verb: Agreement) -> bool {
        self == verb || self == Agreement::Unknown || verb == Agreement::Unknown
    }
}

/// One named entity known to a gazetteer.
#[derive(Clone, Debug)]
pub struct NameEntry {
    /// The canonical name, as written in the list.
    pub canonical: Key,
    /// The entity label.
    pub label: Label,
    /// Provenance, e.g. `gazetteer:persons`.
    pub source: &'static str,
    /// Gender for persons; feminine for places (Arabic treats countries as feminine).
    pub agreement: Agreement,
}

/// A title or role that may precede a person's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TitleKind {
    /// `السيد`, `الشيخ`, `الدكتور`.
    Honorific,
    /// `الرئيس`, `وزير الخارجية`, `المتحدث باسم`.
    Role,
    /// `الصحفي`, `اللاعب`, `المدرب`.
    Profession,
}

/// A speech verb form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpeechVerb {
    /// Gender and number of the subject the form agrees with.
    pub agreement: Agreement,
    /// Adverbial participles (`مضيفا`) and verbal nouns (`قوله`) continue a sentence's speaker.
    pub participle: bool,
    /// Verbal nouns (`إبلاغ`, `قوله`), whose agent may follow them.
    pub masdar: bool,
    /// Present-tense forms (`يؤكد`), used in headlines with the subject first.
    pub present: bool,
}

/// A multiword or particle cue of attributed speech.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerKind {
    /// `وفقا ل`, `بحسب`: the source follows.
    SourceBefore,
    /// `بيان`, `تصريحات`: a statement, whose author may follow.
    Statement,
    /// `مصدر مسؤول`, `مسؤولون`: an unnamed source that can be a speaker.
    UnnamedSource,
}

/// A word of date and time expressions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalendarWord {
    /// A month name.
    Month,
    /// A weekday with the article (`الجمعة`).
    Weekday,
    /// A date expression by itself (`اليوم`, `العام المقبل`).
    Relative,
    /// A time-of-day expression by itself (`مساء اليوم`).
    RelativeTime,
    /// An era marker after a year (`م`, `هـ`).
    Era,
    /// A word that leads a year (`عام`, `مطلع`).
    PeriodWord,
    /// An hour of the clock as a word (`الثامنة`), after `الساعة`.
    Hour,
}

/// A word of amounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitWord {
    /// A currency (`دولار`, `ريال سعودي`, `$`).
    Currency,
    /// A scale word (`مليار`).
    Scale,
    /// A percent expression (`في المئة`, `%`).
    Percent,
    /// A word that may precede an amount but is not part of it (`نحو`).
    Approximately,
}

/// A table of phrases keyed by their normalized token sequence.
#[derive(Clone, Debug)]
pub struct PhraseTable<T> {
    map: HashMap<Key, T>,
    /// The first token of every phrase, with what the table knows of it, so that one lookup
    /// tells whether a position opens a phrase, is one, or may go on. Filed by [`token_hash`],
    /// which a text works out once for each word's readings: a lookup hashes nothing again.
    openings: HashTable<(Key, Opening<T>)>,
    /// The hashes of the first tokens (see [`HashFilter`]): nearly every position of a text
    /// opens no phrase of a table, and says so with one bit instead of a lookup.
    first_tokens: HashFilter,
    /// Every proper prefix of a phrase of two or more tokens (`الأمم`, `الأمم المتحدة` for
    /// `الأمم المتحدة للتنمية`), to stop reading on where no phrase goes on.
    prefixes: HashSet<Key>,
    /// The first two tokens of the phrases of two or more, as the [`pair_hash`] of their
    /// hashes: most words that open a phrase (a first name, `وزارة`) are followed by a word
    /// no phrase goes on with, which one bit then says, before a key of the two is built and
    /// looked up.
    first_pairs: HashFilter,
    /// Phrases of two or more tokens filed in `first_pairs` (those added twice counted twice).
    pairs: usize,
    /// The most tokens any phrase has.
    pub max_tokens: usize,
}

/// What a [`PhraseTable`] knows of a token that opens at least one of its phrases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Opening<T> {
    /// The value of the token as a phrase of its own, if it is one.
    pub phrase: Option<T>,
    /// True when a phrase of more tokens begins with it.
    pub goes_on: bool,
}

impl<T> Default for PhraseTable<T> {
    fn default() -> Self {
        PhraseTable {
            map: HashMap::default(),
            openings: HashTable::new(),
            first_tokens: HashFilter::default(),
            prefixes: HashSet::default(),
            first_pairs: HashFilter::default(),
            pairs: 0,
            max_tokens: 0,
        }
    }
}

impl<T: Copy> PhraseTable<T> {
    /// Adds a phrase of a built-in list unless it is already there; returns false for an empty
    /// phrase.
    fn insert(&mut self, phrase: &'static str, value: T) -> bool {
        let (key, tokens) = phrase_key_cow(phrase);
        self.insert_key(key, tokens, value)
    }

    /// Adds a phrase by its key and number of tokens unless it is already there; returns false
    /// for an empty phrase.
    fn insert_key(&mut self, key: Key, tokens: usize, value: T) -> bool {
        if tokens == 0 {
            return false;
        }
        self.max_tokens = self.max_tokens.max(tokens);
        self.update_opening(&key, |opening| {
            if tokens > 1 {
                opening.goes_on = true;
            } else {
                // The first value given stays, as in the table of phrases below.
                opening.phrase.get_or_insert(value);
            }
        });
        if tokens > 1 {
            for (space, _) in key.bytes().enumerate().filter(|&(_, byte)| byte == b' ') {
                insert_part(&mut self.prefixes, &key, space);
            }
            self.file_pair(&key);
        }
        self.map.entry(key).or_insert(value);
        true
    }

    /// Files the first two tokens of `key`, a phrase of two or more about to be added, in
    /// `first_pairs`.
    fn file_pair(&mut self, key: &str) {
        let Some(hash) = first_pair(key) else { return };
        self.pairs += 1;
        let filed = || self.map.keys().filter_map(|key| first_pair(key));
        self.first_pairs.add(hash, self.pairs, filed);
    }

    /// Adds a phrase built at run time from normalized tokens joined by single spaces, unless it
    /// is already there; an empty phrase is left out.
    pub fn insert_joined(&mut self, key: String, value: T) {
        let tokens =
            if key.is_empty() { 0 } else { key.bytes().filter(|&b| b == b' ').count() + 1 };
        self.insert_key(Key::Owned(key), tokens, value);
    }

    /// True when the table has no phrase.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Makes room for this many more phrases, first tokens and prefixes.
    fn reserve(&mut self, phrases: usize, first_tokens: usize, prefixes: usize) {
        self.map.reserve(phrases);
        self.openings.reserve(first_tokens, |(token, _)| token_hash(token));
        let hashes = self.openings.iter().map(|(token, _)| token_hash(token));
        self.first_tokens.make_room(hashes, self.openings.len() + first_tokens);
        self.prefixes.reserve(prefixes);
    }

    /// Updates the opening of the first token of `key`, added empty if it is new: borrowed from
    /// the same text when the key is borrowed, copied only when the key is owned and the token
    /// is new.
    fn update_opening(&mut self, key: &Key, update: impl FnOnce(&mut Opening<T>)) {
        let len = first_token_len(key);
        let first = &key[..len];
        let hash = token_hash(first);
        if let Some((_, opening)) = self.openings.find_mut(hash, |(token, _)| token == first) {
            update(opening);
            return;
        }
        let mut opening = Opening { phrase: None, goes_on: false };
        update(&mut opening);
        let filed = || self.openings.iter().map(|(token, _)| token_hash(token));
        self.first_tokens.add(hash, self.openings.len() + 1, filed);
        let token = match key {
            Cow::Borrowed(key) => Cow::Borrowed(&key[..len]),
            Cow::Owned(_) => Cow::Owned(first.to_string()),
        };
        self.openings.insert_unique(hash, (token, opening), |(token, _)| token_hash(token));
    }

    /// Looks up a key built from normalized tokens joined by single spaces.
    pub fn get(&self, key: &str) -> Option<T> {
        self.map.get(key).copied()
    }

    /// Adds a phrase, or points an existing one at `value`; returns its key, or `None` for an
    /// empty phrase.
    fn replace(&mut self, phrase: &str, value: T) -> Option<Key> {
        let (key, tokens) = phrase_key(phrase);
        if tokens == 0 {
            return None;
        }
        let key = Key::Owned(key);
        self.max_tokens = self.max_tokens.max(tokens);
        self.update_opening(&key, |opening| {
            if tokens == 1 {
                opening.phrase = Some(value);
            }
        });
        if tokens > 1 {
            self.file_pair(&key);
        }
        self.map.insert(key.clone(), value);
        Some(key)
    }

    /// True when some phrase begins with this token.
    pub fn opens_with(&self, token: &str) -> bool {
        self.opening(token).is_some()
    }

    /// What the table knows of a token that opens a phrase; `None` when none begins with it.
    pub fn opening(&self, token: &str) -> Option<Opening<T>> {
        self.opening_hashed(token, token_hash(token))
    }

    /// [`PhraseTable::opening`] of a token whose [`token_hash`] is `hash`.
    pub fn opening_hashed(&self, token: &str, hash: u64) -> Option<Opening<T>> {
        self.openings.find(hash, |(first, _)| first == token).map(|&(_, opening)| opening)
    }

    /// The first tokens of the table's phrases, in no order.
    pub fn first_tokens(&self) -> impl Iterator<Item = &Key> {
        self.openings.iter().map(|(token, _)| token)
    }

    /// False when no phrase begins with a token of this [`token_hash`]; true when one may.
    #[inline]
    pub fn may_open(&self, hash: u64) -> bool {
        self.first_tokens.may_hold(hash)
    }

    /// False when no phrase of two or more tokens begins with two tokens of these
    /// [`token_hash`]es; true when one may.
    #[inline]
    pub fn may_pair(&self, first: u64, second: u64) -> bool {
        self.first_pairs.may_hold(pair_hash(first, second))
    }

    /// True when some phrase of more tokens begins with this key.
    pub fn goes_on_from(&self, key: &str) -> bool {
        self.prefixes.contains(key)
    }

    /// True when the key is a phrase of the table.
    pub fn contains(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// The keys of one word.
    fn single_words(&self) -> impl Iterator<Item = &Key> {
        self.map.keys().filter(|key| is_one_word(key))
    }
}

/// Bytes of the first token of a key: up to its first space.
fn first_token_len(key: &str) -> usize {
    find_byte(key.as_bytes(), b' ').unwrap_or(key.len())
}

/// The [`pair_hash`] of the first two tokens of a key; `None` for a key of one token.
fn first_pair(key: &str) -> Option<u64> {
    let first = first_token_len(key);
    let rest = key.get(first + 1..)?;
    let second = first_token_len(rest);
    Some(pair_hash(token_hash(key.get(..first)?), token_hash(rest.get(..second)?)))
}

/// The hash of two tokens one after the other, from their [`token_hash`]es.
fn pair_hash(first: u64, second: u64) -> u64 {
    let mixed = (first ^ second.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    mixed ^ (mixed >> 29)
}

/// True for a key without a space.
fn is_one_word(key: &str) -> bool {
    find_byte(key.as_bytes(), b' ').is_none()
}

/// The hash a token is filed under in a table's [`HashFilter`]; [`crate::entities::Words`]
/// works it out once for every reading of every word of a text.
pub fn token_hash(token: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(token.as_bytes());
    hasher.finish()
}

/// A short list of words the rules compare a word with, written in the code (`PLACE_HEADS`),
/// with a filter of 128 bits worked out when compiling: a word whose length and last byte no
/// entry shares is told apart with one bit test, not compared with each entry. Most words
/// are in no such list, and a rule asks at every position.
#[derive(Clone, Copy, Debug)]
pub struct WordSet {
    words: &'static [&'static str],
    filter: u128,
}

impl WordSet {
    /// The set of `words`.
    pub const fn new(words: &'static [&'static str]) -> WordSet {
        let mut filter = 0u128;
        let mut index = 0;
        while index < words.len() {
            filter |= 1 << WordSet::bit(words[index].as_bytes());
            index += 1;
        }
        WordSet { words, filter }
    }

    /// True when `word` is one of the set's words.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.filter >> WordSet::bit(word.as_bytes()) & 1 == 1 && self.words.contains(&word)
    }

    /// The filter's bit of a word: its length and last byte, mixed. Arabic letters are two
    /// bytes, and their second bytes tell them apart.
    const fn bit(word: &[u8]) -> u32 {
        let last = match word.last() {
            Some(&byte) => byte as u32,
            None => 0,
        };
        (word.len() as u32).wrapping_mul(0x25).wrapping_add(last.wrapping_mul(0x9D)) % 128
    }
}

/// A set of hashes that may tell wrongly that it holds one, never that it does not: the first
/// tokens of a table's phrases (or the first two, see `PhraseTable::first_pairs`), the speech
/// verbs, the model's feature keys. Each hash is two bits of one word of the filter (a Bloom
/// filter with two hashes, kept in one word so that one read tells): a clear bit says that no
/// hash filed has them, both bits set that one may. With [`HashFilter::BITS_PER_HASH`] bits a
/// hash, about one hash in seventy that was not filed still passes.
#[derive(Clone, Debug, Default)]
pub(crate) struct HashFilter {
    /// The bits, a power of two of them (none for an empty set).
    words: Vec<u64>,
    /// The number of bits less one (0 with none): a hash's bit is its low bits, masked with
    /// this, kept so that each check does not work it out from the length again.
    mask: usize,
}

impl HashFilter {
    /// Bits a hash at least. Every word of a text is asked about in the gazetteer's filter:
    /// one bit a token in at least 128 took 128 KB for its 5,891 first tokens, and its reads
    /// missed the nearest cache; two bits in at least 16 take 16 KB and turn away about as
    /// many tokens that open nothing (+1.3% on the dev and blind articles in a same-time A/B;
    /// 8 bits in the gazetteer's filters, no faster again).
    const BITS_PER_HASH: usize = 16;

    /// False when this hash was not filed; true when it may have been.
    #[inline]
    pub(crate) fn may_hold(&self, hash: u64) -> bool {
        let (word, bits) = self.place(hash);
        self.words.get(word).is_some_and(|word| word & bits == bits)
    }

    /// Files `hash`, after which the filter holds `count` hashes: by its bits while they leave
    /// room, else the bits grow and every hash is filed again, those filed before (`filed`)
    /// and this one.
    fn add<I: Iterator<Item = u64>>(&mut self, hash: u64, count: usize, filed: impl FnOnce() -> I) {
        if self.has_room_for(count) {
            self.insert(hash);
        } else {
            self.make_room(filed().chain([hash]), count);
        }
    }

    /// Files a hash.
    fn insert(&mut self, hash: u64) {
        let (word, bits) = self.place(hash);
        if let Some(word) = self.words.get_mut(word) {
            *word |= bits;
        }
    }

    /// The word of the filter a hash is filed in, and its two bits there: the hash's low bits
    /// pick one bit of the filter, its top six a second one in the same word. Two bits a hash
    /// turn away as many hashes not filed with a fraction of the bits one did, and one word read
    /// still tells.
    #[inline]
    fn place(&self, hash: u64) -> (usize, u64) {
        let bit = hash as usize & self.mask;
        (bit / 64, 1 << (bit % 64) | 1 << (hash >> 58))
    }

    /// True when `count` hashes leave at least [`HashFilter::BITS_PER_HASH`] bits a hash.
    fn has_room_for(&self, count: usize) -> bool {
        count * Self::BITS_PER_HASH <= self.words.len() * 64
    }

    /// A filter with every one of `hashes`, `count` of them, filed.
    pub(crate) fn of(hashes: impl Iterator<Item = u64>, count: usize) -> HashFilter {
        let mut filter = HashFilter::default();
        filter.make_room(hashes, count);
        filter
    }

    /// Makes room for `count` hashes, refiling the hashes filed (`hashes`) when the bits grow,
    /// so that few bits stay set.
    fn make_room(&mut self, hashes: impl Iterator<Item = u64>, count: usize) {
        if self.has_room_for(count) {
            return;
        }
        let bits = count * Self::BITS_PER_HASH;
        self.words = vec![0; bits.next_power_of_two().max(64) / 64];
        self.mask = self.words.len() * 64 - 1;
        for hash in hashes {
            self.insert(hash);
        }
    }
}

/// Adds the first `len` bytes of `key` to a set: borrowed from the same text when the key is
/// borrowed, copied only when the key is owned and the set lacks them.
fn insert_part(set: &mut HashSet<Key>, key: &Key, len: usize) {
    match key {
        Cow::Borrowed(key) => {
            set.insert(Cow::Borrowed(&key[..len]));
        }
        Cow::Owned(key) => {
            if !set.contains(&key[..len]) {
                set.insert(Cow::Owned(key[..len].to_string()));
            }
        }
    }
}

/// All word lists, folded and indexed.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// Name forms to gazetteer entries.
    pub names: PhraseTable<u32>,
    /// The gazetteer entries.
    pub entries: Vec<NameEntry>,
    /// Titles and roles before names, with the gender they mark.
    pub titles: PhraseTable<(TitleKind, Agreement)>,
    /// Speech verb forms (single words).
    pub verbs: HashMap<Key, SpeechVerb>,
    /// The [`token_hash`]es of the keys of `verbs`: nearly every word of a text is no speech
    /// verb, and says so with one bit instead of a lookup (see [`Lexicon::may_be_verb`]).
    verb_forms: HashFilter,
    /// Speech markers.
    pub markers: PhraseTable<MarkerKind>,
    /// Organization head words; `true` marks media heads (`صحيفة`).
    pub org_heads: HashMap<Key, bool>,
    /// The one-word heads of `org_heads` as a word opening a name may read, with the article
    /// or without (`شركة`, `الشركة`), to the same mark: a table, so that most words, which are
    /// no head, are passed over by its filter (see [`PhraseTable`]).
    pub org_head_forms: PhraseTable<bool>,
    /// Date and time words.
    pub calendar: PhraseTable<CalendarWord>,
    /// Currency, scale and percent words.
    pub units: PhraseTable<UnitWord>,
    /// Function words: never part of a name.
    pub function_words: HashSet<Key>,
    /// Frequent words that are almost never part of an entity (derived from ANERcorp train).
    pub common_words: HashSet<Key>,
    /// Words that are usually part of a person's name (derived from ANERcorp train).
    pub name_words: HashSet<Key>,
    /// Given names, with the gender they mark when known (hand-written list and ANERcorp).
    pub first_names: PhraseTable<Agreement>,
    /// Every word the tokenizer asks about (see [`WordList`]) and every word the tagger's list
    /// features read, with what the lists say of it (see [`WordLists`]): the tagger reads
    /// five lists with one lookup per word instead of one per list.
    known_words: HashMap<Key, WordLists>,
    /// The [`token_hash`]es of the words of `known_words`: the tagger asks about the words it
    /// does not know ahead, and the index has few of them (see [`Lexicon::word_lists_hashed`]).
    known_word_hashes: HashFilter,
    /// The entry of each label and canonical name.
    entry_index: HashMap<(Label, Key), u32>,
}

/// What the lists say of a word, one bit a fact: what the tokenizer asks (see [`WordList`])
/// and the lists the tagger's features read (see [`Lexicon::word_lists`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WordLists(u8);

impl WordLists {
    /// A word the tokenizer knows: a stem that may follow a proclitic (`قال` in `وقال`).
    const KNOWN: u8 = 1;
    /// A word the tokenizer knows as a whole, never split (`بكين`, `لبنان`).
    const WHOLE: u8 = 2;
    /// A one-word phrase of `first_names`.
    const FIRST_NAME: u8 = 4;
    /// A word of `function_words`.
    const FUNCTION_WORD: u8 = 8;
    /// The first token of a phrase of `titles`.
    const OPENS_TITLE: u8 = 16;
    /// A key of `org_heads`, or one after the article (`الشركة` for `شركة`).
    const ORG_HEAD: u8 = 32;
    /// A key of `verbs`.
    const VERB: u8 = 64;

    fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }

    /// True for a phrase of `first_names`.
    pub fn first_name(self) -> bool {
        self.has(Self::FIRST_NAME)
    }

    /// True for a word of `function_words`.
    pub fn function_word(self) -> bool {
        self.has(Self::FUNCTION_WORD)
    }

    /// True for a word that opens a phrase of `titles`.
    pub fn opens_title(self) -> bool {
        self.has(Self::OPENS_TITLE)
    }

    /// True for a key of `org_heads`, or the article and a key.
    pub fn org_head(self) -> bool {
        self.has(Self::ORG_HEAD)
    }

    /// True for a key of `verbs`.
    pub fn verb(self) -> bool {
        self.has(Self::VERB)
    }
}

/// Gazetteer files: contents, label, provenance, and whether a gender field follows the name.
const GAZETTEERS: &[(&str, &str, Label, &str, bool)] = &[
    ("persons", list!("persons.txt"), Label::Person, "gazetteer:persons", true),
    (
        "organizations",
        list!("organizations.txt"),
        Label::Organization,
        "gazetteer:organizations",
        false,
    ),
    ("media", list!("media.txt"), Label::Organization, "gazetteer:media", false),
    ("countries", list!("countries.generated.txt"), Label::Location, "gazetteer:places", false),
    ("places", list!("places.txt"), Label::Location, "gazetteer:places", false),
    ("cities", list!("cities.generated.txt"), Label::Location, "gazetteer:places", false),
    (
        "nationalities",
        list!("nationalities.txt"),
        Label::Nationality,
        "gazetteer:nationalities",
        false,
    ),
];

/// What a gazetteer's names are: its name for errors, their label and provenance, and whether a
/// gender field follows the canonical name.
struct Names<'a> {
    list: &'a str,
    label: Label,
    source: &'static str,
    gendered: bool,
}

/// Provenance of the names of a personal list ([`Lexicon::add_user_list`]).
pub const USER_SOURCE: &str = "user:list";

/// The number of lines of a list, an upper bound of its entries: evaluated when compiling, it
/// tells how much room to reserve at no cost at start-up.
const fn line_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 1;
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'\n' {
            count += 1;
        }
        at += 1;
    }
    count
}

/// The entries of a list: line number and TAB-separated fields, comments and blanks skipped.
fn entries(text: &str) -> impl Iterator<Item = (usize, Fields<'_>)> {
    split_at_byte(text, b'\n').enumerate().filter_map(|(index, line)| {
        let line = if line.ends_with('\r') { line.trim_end_matches('\r') } else { line };
        // Most lines open with a char that is no whitespace, told by its first byte.
        let opens_plain = line.as_bytes().first().is_some_and(|&first| opens_no_whitespace(first));
        if line.starts_with('#') || (!opens_plain && line.chars().all(char::is_whitespace)) {
            return None;
        }
        Some((index + 1, Fields::new(line)))
    })
}

/// The TAB-separated fields of one line, each trimmed, read in order where they are rather than
/// collected: a list has thousands of lines, and each field is read once.
#[derive(Clone)]
struct Fields<'t> {
    /// The fields not read yet; `None` after the last.
    rest: Option<&'t str>,
    /// How many fields were asked for so far.
    read: usize,
}

impl<'t> Fields<'t> {
    fn new(line: &'t str) -> Fields<'t> {
        Fields { rest: Some(line), read: 0 }
    }

    /// The next field, which must be there and not empty; the error says which one is missing.
    fn required(&mut self, list: &str, line: usize) -> Result<&'t str, Error> {
        let at = self.read;
        match self.next() {
            Some(value) if !value.is_empty() => Ok(value),
            _ => Err(Error::bad_line(list, line, format!("field {} is missing", at + 1))),
        }
    }
}

impl<'t> Iterator for Fields<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        self.read += 1;
        let rest = self.rest?;
        let (field, after) = match find_byte(rest.as_bytes(), b'\t') {
            Some(tab) => (&rest[..tab], Some(&rest[tab + 1..])),
            None => (rest, None),
        };
        self.rest = after;
        Some(trim(field))
    }
}

/// Splits `text` at every `separator`, an ASCII byte (so that every piece is on char
/// boundaries). Cheaper than the searcher of a char pattern, most of all in the browser's
/// baseline WebAssembly compiler, which start-up runs in.
fn split_at_byte(text: &str, separator: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let piece = rest?;
        match find_byte(piece.as_bytes(), separator) {
            Some(at) => {
                rest = Some(&piece[at + 1..]);
                Some(&piece[..at])
            }
            None => {
                rest = None;
                Some(piece)
            }
        }
    })
}

/// Where `needle` first is in `haystack`, read eight bytes at a time: a word without it is
/// passed over in a few arithmetic operations instead of eight comparisons, and the word with it
/// tells where it is. A haystack of eight bytes or more ends with a word that overlaps the one
/// before it rather than with a byte loop.
fn find_byte(haystack: &[u8], needle: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `chunk` equal to `needle`, and maybe of bytes above the first
    // one: the bytes equal to `needle` are the zero bytes of `word`, and subtracting one from
    // each byte sets the high bit of a zero byte that was clear before (the borrow only runs
    // upwards, so the lowest bit set is always a true match).
    let matches = |chunk: &[u8]| {
        let word =
            u64::from_le_bytes(chunk.try_into().expect("eight bytes")) ^ (ONES * u64::from(needle));
        word.wrapping_sub(ONES) & !word & HIGH_BITS
    };
    let Some(last) = haystack.len().checked_sub(8) else {
        return haystack.iter().position(|&byte| byte == needle);
    };
    let mut start = 0;
    while start < last {
        let found = matches(&haystack[start..start + 8]);
        if found != 0 {
            return Some(start + (found.trailing_zeros() / 8) as usize);
        }
        start += 8;
    }
    // The last eight bytes: those before `start` were looked at already and are not `needle`.
    let found = matches(&haystack[last..]);
    (found != 0).then(|| last + (found.trailing_zeros() / 8) as usize)
}

/// True for a first byte of a char that is surely no whitespace: printable ASCII, or the lead
/// byte of a two-byte char from `0xC3` to `0xDF` (U+00C0..U+07FF, Arabic included); the
/// two-byte whitespace chars U+0085 and U+00A0 have the lead byte `0xC2`.
fn opens_no_whitespace(byte: u8) -> bool {
    byte.is_ascii_graphic() || (0xC3..=0xDF).contains(&byte)
}

/// `str::trim`, after a quick look at the bytes of both ends: fields almost never have spaces
/// around them (see [`opens_no_whitespace`]).
fn trim(field: &str) -> &str {
    let plain_lead = |byte: u8| (0xC3..=0xDF).contains(&byte);
    let bytes = field.as_bytes();
    let starts_plain = bytes.first().is_some_and(|&first| opens_no_whitespace(first));
    let ends_plain = match bytes {
        [.., last] if last.is_ascii_graphic() => true,
        // A lead byte is always followed by its continuation byte: here the last one.
        [.., lead, _] => plain_lead(*lead),
        _ => false,
    };
    if starts_plain && ends_plain {
        field
    } else {
        field.trim()
    }
}

impl Lexicon {
    /// Loads the built-in lists.
    pub fn builtin() -> Result<Lexicon, Error> {
        let mut lexicon = Lexicon::default();
        // Room for about what the built-in lists hold, so that loading them does not grow the
        // large tables step by step, rehashing every key at each step. A list that outgrows its
        // room only costs such a step again.
        lexicon.names.reserve(8_000, 6_000, 2_700);
        lexicon.entries.reserve(3_100);
        lexicon.entry_index.reserve(3_100);
        lexicon.first_names.reserve(1_500, 1_400, 0);
        lexicon.common_words.reserve(4_000);
        // The smaller tables have at most an entry per line (and about as many first tokens and
        // prefixes), counted when compiling.
        const TITLES: usize = line_count(list!("titles.txt"));
        const MARKERS: usize = line_count(list!("speech_markers.txt"));
        const CALENDAR: usize = line_count(list!("calendar.txt"));
        const UNITS: usize = line_count(list!("units.txt"));
        lexicon.titles.reserve(TITLES, TITLES, TITLES);
        lexicon.markers.reserve(MARKERS, MARKERS, MARKERS);
        lexicon.calendar.reserve(CALENDAR, CALENDAR, CALENDAR);
        lexicon.units.reserve(UNITS, UNITS, UNITS);
        const VERBS: usize = line_count(list!("speech_verbs.txt"));
        const ORG_HEADS: usize = line_count(list!("org_heads.txt"));
        const FUNCTION_WORDS: usize = line_count(list!("function_words.txt"));
        const NAME_WORDS: usize = line_count(list!("name_words.generated.txt"));
        const CLITIC_EXCEPTIONS: usize = line_count(list!("clitic_exceptions.txt"));
        lexicon.verbs.reserve(VERBS);
        lexicon.org_heads.reserve(ORG_HEADS);
        lexicon.org_head_forms.reserve(2 * ORG_HEADS, 2 * ORG_HEADS, 0);
        lexicon.function_words.reserve(FUNCTION_WORDS);
        lexicon.name_words.reserve(NAME_WORDS);
        for &(list, text, label, source, gendered) in GAZETTEERS {
            let names = Names { list, label, source, gendered };
            lexicon.add_names(names, text, Key::Borrowed, phrase_key_cow)?;
        }
        lexicon.add_titles(list!("titles.txt"))?;
        lexicon.add_verbs(list!("speech_verbs.txt"))?;
        lexicon.add_markers(list!("speech_markers.txt"))?;
        lexicon.add_org_heads(list!("org_heads.txt"))?;
        lexicon.add_calendar(list!("calendar.txt"))?;
        lexicon.add_units(list!("units.txt"))?;
        add_words(&mut lexicon.function_words, list!("function_words.txt"));
        add_words(&mut lexicon.common_words, list!("common_words.generated.txt"));
        add_words(&mut lexicon.name_words, list!("name_words.generated.txt"));
        lexicon.add_first_names(list!("first_names.txt"))?;
        for (_, mut fields) in entries(list!("first_names.generated.txt")) {
            lexicon.first_names.insert(fields.next().unwrap_or(""), Agreement::Unknown);
        }
        let mut exceptions = HashSet::default();
        exceptions.reserve(CLITIC_EXCEPTIONS);
        add_words(&mut exceptions, list!("clitic_exceptions.txt"));
        lexicon.index_words(exceptions);
        Ok(lexicon)
    }

    /// Adds a gazetteer in the `canonical<TAB>variant...` format (with a gender field after the
    /// canonical name when `gendered`). Entries whose label and canonical name are already known
    /// add their variants to the existing entry.
    pub fn add_gazetteer(
        &mut self,
        list: &str,
        text: &str,
        label: Label,
        source: &'static str,
        gendered: bool,
    ) -> Result<(), Error> {
        let owned_key = |phrase: &str| {
            let (key, tokens) = phrase_key(phrase);
            (Key::Owned(key), tokens)
        };
        let names = Names { list, label, source, gendered };
        self.add_names(names, text, |canonical: &str| Key::Owned(canonical.to_string()), owned_key)
    }

    /// Adds the names of a gazetteer ([`Lexicon::add_gazetteer`]); `keep` makes a key of a
    /// canonical name and `key_of` of a name form, borrowing from a built-in list's text or
    /// copying from another.
    fn add_names<'t>(
        &mut self,
        names: Names<'_>,
        text: &'t str,
        keep: impl Fn(&'t str) -> Key,
        key_of: impl Fn(&'t str) -> (Key, usize),
    ) -> Result<(), Error> {
        let Names { list, label, source, gendered } = names;
        for (line, mut fields) in entries(text) {
            let canonical = fields.required(list, line)?;
            let agreement = if gendered {
                match fields.required(list, line)? {
                    "m" => Agreement::MasculineSingular,
                    "f" => Agreement::FeminineSingular,
                    other => {
                        return Err(Error::bad_line(
                            list,
                            line,
                            format!("gender {other:?} is not m or f"),
                        ))
                    }
                }
            } else if label == Label::Location {
                Agreement::FeminineSingular
            } else {
                Agreement::Unknown
            };
            let id = self.entry_id(label, keep(canonical), source, agreement);
            // The fields after the canonical name (and gender) are its variants.
            for form in std::iter::once(canonical).chain(fields) {
                if !form.is_empty() {
                    let (key, tokens) = key_of(form);
                    self.names.insert_key(key, tokens, id);
                }
            }
        }
        Ok(())
    }

    /// Adds a personal list and returns how many entries it has. Its format is the gazetteers'
    /// (`canonical<TAB>variant<TAB>...`, `#` comments), so that any built-in list reads as one;
    /// a line `#! PER` (or `LOC`, `ORG`, `NORP`) gives the type of the entries after it, `PER`
    /// before any such line; a person's canonical name may be followed by a gender field (`m` or
    /// `f`), as in `persons.txt`. A spelling already known points to the personal entry
    /// afterwards: the person's list wins. Entries found in text have the source
    /// [`USER_SOURCE`].
    ///
    /// ```
    /// let mut lexicon = qawl::lexicon::Lexicon::builtin().unwrap();
    /// let list = "#! ORG\nدار الحكمة\tالحكمة\n#! PER\nكريم الزين\tm\tالزين\n";
    /// assert_eq!(lexicon.add_user_list(list).unwrap(), 2);
    /// assert!(lexicon.add_user_list("#! FOO\nx\n").is_err());
    /// ```
    pub fn add_user_list(&mut self, text: &str) -> Result<usize, Error> {
        const LIST: &str = "personal list";
        let mut label = Label::Person;
        let mut count = 0;
        for (index, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if let Some(directive) = line.trim_start().strip_prefix("#!") {
                label =
                    Label::parse(directive.trim()).filter(|l| l.is_name()).ok_or_else(|| {
                        Error::bad_line(
                            LIST,
                            index + 1,
                            format!("type {:?} is not PER, LOC, ORG or NORP", directive.trim()),
                        )
                    })?;
                continue;
            }
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let mut fields = Fields::new(line);
            let canonical = fields.required(LIST, index + 1)?;
            let (agreement, gendered) = match (label, fields.clone().next()) {
                (Label::Person, Some("m")) => (Agreement::MasculineSingular, true),
                (Label::Person, Some("f")) => (Agreement::FeminineSingular, true),
                (Label::Location, _) => (Agreement::FeminineSingular, false),
                _ => (Agreement::Unknown, false),
            };
            if gendered {
                fields.next();
            }
            let id =
                self.entry_id(label, Key::Owned(canonical.to_string()), USER_SOURCE, agreement);
            let forms = std::iter::once(canonical).chain(fields);
            for form in forms.filter(|form| !form.is_empty()) {
                // The tokenizer must keep the new names whole and know their first words, as
                // `index_words` does for the built-in names.
                if let Some(key) = self.names.replace(form, id) {
                    if is_one_word(&key) {
                        mark_word(&mut self.known_words, &key, WordLists::WHOLE);
                    } else {
                        mark_first_token(&mut self.known_words, &key, first_token_len(&key), 0);
                    }
                }
            }
            count += 1;
        }
        self.file_known_words();
        Ok(count)
    }

    /// The entry of a canonical name of a type, added with its source and agreement when new.
    fn entry_id(
        &mut self,
        label: Label,
        canonical: Key,
        source: &'static str,
        agreement: Agreement,
    ) -> u32 {
        let key = (label, canonical);
        if let Some(&id) = self.entry_index.get(&key) {
            return id;
        }
        let id = self.entries.len() as u32;
        self.entries.push(NameEntry { canonical: key.1.clone(), label, source, agreement });
        self.entry_index.insert(key, id);
        id
    }

    fn add_first_names(&mut self, text: &'static str) -> Result<(), Error> {
        for (line, mut fields) in entries(text) {
            let name = fields.required("first_names", line)?;
            let agreement = match fields.next().unwrap_or("-") {
                "m" => Agreement::MasculineSingular,
                "f" => Agreement::FeminineSingular,
                _ => Agreement::Unknown,
            };
            self.first_names.insert(name, agreement);
        }
        Ok(())
    }

    fn add_titles(&mut self, text: &'static str) -> Result<(), Error> {
        for (line, mut fields) in entries(text) {
            let phrase = fields.required("titles", line)?;
            let kind = match fields.required("titles", line)? {
                "honorific" => TitleKind::Honorific,
                "role" => TitleKind::Role,
                "profession" => TitleKind::Profession,
                other => {
                    return Err(Error::bad_line("titles", line, format!("unknown kind {other:?}")))
                }
            };
            let agreement = match fields.next().unwrap_or("-") {
                "m" => Agreement::MasculineSingular,
                "f" => Agreement::FeminineSingular,
                _ => Agreement::Unknown,
            };
            self.titles.insert(phrase, (kind, agreement));
        }
        Ok(())
    }

    fn add_verbs(&mut self, text: &'static str) -> Result<(), Error> {
        for (line, mut fields) in entries(text) {
            let form = normalize_cow(fields.required("speech_verbs", line)?);
            // The second field is the lemma, which loading does not need.
            fields.next();
            let features = fields.required("speech_verbs", line)?;
            let verb = SpeechVerb {
                agreement: Agreement::parse(features),
                participle: features.starts_with("ptcp") || features.starts_with("masdar"),
                masdar: features.starts_with("masdar"),
                present: features.starts_with("pres"),
            };
            self.verbs.entry(form).or_insert(verb);
        }
        self.verb_forms =
            HashFilter::of(self.verbs.keys().map(|verb| token_hash(verb)), self.verbs.len());
        Ok(())
    }

    fn add_markers(&mut self, text: &'static str) -> Result<(), Error> {
        for (line, mut fields) in entries(text) {
            let phrase = fields.required("speech_markers", line)?;
            let kind = match fields.required("speech_markers", line)? {
                "source-before" => MarkerKind::SourceBefore,
                "statement" => MarkerKind::Statement,
                "unnamed-source" => MarkerKind::UnnamedSource,
                other => {
                    return Err(Error::bad_line(
                        "speech_markers",
                        line,
                        format!("unknown kind {other:?}"),
                    ))
                }
            };
            self.markers.insert(phrase, kind);
        }
        Ok(())
    }

    fn add_org_heads(&mut self, text: &'static str) -> Result<(), Error> {
        for (line, mut fields) in entries(text) {
            let word = normalize_cow(fields.required("org_heads", line)?);
            let media = fields.next() == Some("media");
            self.org_heads.entry(word).or_insert(media);
        }
        // A key of two words never matches one word, as the heads are read.
        let one_word = |(head, _): &(&Key, &bool)| is_one_word(head);
        for (head, &media) in self.org_heads.iter().filter(one_word) {
            self.org_head_forms.insert_key(head.clone(), 1, media);
        }
        // A head read with the article is the head's own form when the list has it, else the
        // bare head's.
        for (head, &media) in self.org_heads.iter().filter(one_word) {
            let definite = ["ال", head].concat();
            if !self.org_heads.contains_key(definite.as_str()) {
                self.org_head_forms.insert_key(Key::Owned(definite), 1, media);
            }
        }
        Ok(())
    }

    fn add_calendar(&mut self, text: &'static str) -> Result<(), Error> {
        for (line, mut fields) in entries(text) {
            let kind = match fields.required("calendar", line)? {
                "month" => CalendarWord::Month,
                "weekday" => CalendarWord::Weekday,
                "relative" => CalendarWord::Relative,
                "relative-time" => CalendarWord::RelativeTime,
                "era" => CalendarWord::Era,
                "period-word" => CalendarWord::PeriodWord,
                "hour" => CalendarWord::Hour,
                other => {
                    return Err(Error::bad_line(
                        "calendar",
                        line,
                        format!("unknown kind {other:?}"),
                    ))
                }
            };
            self.calendar.insert(fields.required("calendar", line)?, kind);
        }
        Ok(())
    }

    fn add_units(&mut self, text: &'static str) -> Result<(), Error> {
        for (line, mut fields) in entries(text) {
            let kind = match fields.required("units", line)? {
                "currency" => UnitWord::Currency,
                "scale" => UnitWord::Scale,
                "percent" => UnitWord::Percent,
                "approx" => UnitWord::Approximately,
                other => {
                    return Err(Error::bad_line("units", line, format!("unknown kind {other:?}")))
                }
            };
            self.units.insert(fields.required("units", line)?, kind);
        }
        Ok(())
    }

    /// Builds the index of the words the tokenizer asks about (words known as a whole, never
    /// split, and stems that may follow a proclitic) and of the lists the tagger reads.
    fn index_words(&mut self, exceptions: HashSet<Key>) {
        // Room for about the 12,300 words the built-in lists hold (see `Lexicon::builtin`) and
        // the heads after the article.
        let mut known: HashMap<Key, WordLists> = HashMap::default();
        known.reserve(12_500 + self.org_heads.len());
        // A name or title of one word is known as a whole; the first word of a longer one is a
        // stem. That marks every first token of the two tables, read from their phrases: the
        // first tokens of one-word phrases, the phrases themselves, are not looked up twice.
        let phrases = self.names.map.keys().map(|phrase| (phrase, 0));
        let titles = self.titles.map.keys().map(|phrase| (phrase, WordLists::OPENS_TITLE));
        for (phrase, bits) in phrases.chain(titles) {
            match first_token_len(phrase) {
                len if len == phrase.len() => {
                    mark_word(&mut known, phrase, WordLists::WHOLE | bits)
                }
                len => mark_first_token(&mut known, phrase, len, bits),
            }
        }
        let whole =
            exceptions.iter().chain(self.calendar.single_words()).chain(self.units.single_words());
        for word in whole {
            mark_word(&mut known, word, WordLists::WHOLE);
        }
        for word in &self.function_words {
            mark_word(&mut known, word, WordLists::WHOLE | WordLists::FUNCTION_WORD);
        }
        for word in self.verbs.keys() {
            mark_word(&mut known, word, WordLists::WHOLE | WordLists::VERB);
        }
        for word in self.org_heads.keys() {
            mark_word(&mut known, word, WordLists::WHOLE | WordLists::ORG_HEAD);
        }
        // The first tokens of the markers are the first words of their phrases.
        let stems = self.markers.first_tokens().chain(&self.common_words).chain(&self.name_words);
        for word in stems {
            mark_word(&mut known, word, 0);
        }
        // A word of a text has no space, so the tagger reads only the names of one word.
        for name in self.first_names.single_words() {
            mark_word(&mut known, name, WordLists::FIRST_NAME);
        }
        for head in self.org_heads.keys() {
            mark_for_tagger(&mut known, ["ال", head].concat(), WordLists::ORG_HEAD);
        }
        self.known_words = known;
        self.file_known_words();
    }

    /// Files every word of the index in its filter, once the index is made or has grown.
    fn file_known_words(&mut self) {
        let hashes = self.known_words.keys().map(|word| token_hash(word));
        self.known_word_hashes = HashFilter::of(hashes, self.known_words.len());
    }

    /// False when no key of `verbs` has this [`token_hash`]; true when one may.
    #[inline]
    pub fn may_be_verb(&self, hash: u64) -> bool {
        self.verb_forms.may_hold(hash)
    }

    /// The words of [`Lexicon::word_lists`]'s index.
    pub fn indexed_words(&self) -> impl Iterator<Item = &str> {
        self.known_words.keys().map(|word| word.as_ref())
    }

    /// What the lists the tagger reads say of a word, with one lookup.
    pub fn word_lists(&self, word: &str) -> WordLists {
        self.known_words.get(word).copied().unwrap_or_default()
    }

    /// [`Lexicon::word_lists`] of a word whose [`token_hash`] is `hash`: a word the index lacks
    /// is mostly told so by its filter, with no lookup.
    pub fn word_lists_hashed(&self, word: &str, hash: u64) -> WordLists {
        if !self.known_word_hashes.may_hold(hash) {
            return WordLists::default();
        }
        self.word_lists(word)
    }
}

impl WordList for Lexicon {
    fn keeps_whole(&self, word: &str) -> bool {
        self.known_words.get(word).is_some_and(|lists| lists.has(WordLists::WHOLE))
    }

    fn knows(&self, stem: &str) -> bool {
        self.known_words.get(stem).is_some_and(|lists| lists.has(WordLists::KNOWN))
    }
}

/// Adds the facts `bits` to a word of the index; false when the index lacks the word. The one
/// place that looks a word up to mark it.
#[inline(always)]
fn add_bits(known: &mut HashMap<Key, WordLists>, word: &str, bits: u8) -> bool {
    match known.get_mut(word) {
        Some(lists) => {
            lists.0 |= bits;
            true
        }
        None => false,
    }
}

/// Adds a word to the index of known words with the facts `bits` (known as a whole, and the
/// tagger's lists), copying an owned key only when the index lacks it.
fn mark_word(known: &mut HashMap<Key, WordLists>, word: &Key, bits: u8) {
    let bits = bits | WordLists::KNOWN;
    if !add_bits(known, word, bits) {
        known.insert(word.clone(), WordLists(bits));
    }
}

/// Adds the first token of a phrase of several, its first `len` bytes, to the index of known
/// words as a stem with the tagger's lists `bits`: borrowed from a borrowed phrase, copied from
/// an owned one only when the index lacks it.
fn mark_first_token(known: &mut HashMap<Key, WordLists>, phrase: &Key, len: usize, bits: u8) {
    let bits = bits | WordLists::KNOWN;
    if !add_bits(known, &phrase[..len], bits) {
        let token = match phrase {
            Cow::Borrowed(phrase) => Cow::Borrowed(&phrase[..len]),
            Cow::Owned(phrase) => Cow::Owned(phrase[..len].to_string()),
        };
        known.insert(token, WordLists(bits));
    }
}

/// Adds to a word of the index the tagger's lists `bits`, without making it known to the
/// tokenizer: the word is added only for the tagger when it is not known already.
fn mark_for_tagger(known: &mut HashMap<Key, WordLists>, word: String, bits: u8) {
    if !add_bits(known, &word, bits) {
        known.insert(Key::Owned(word), WordLists(bits));
    }
}

fn add_words(set: &mut HashSet<Key>, text: &'static str) {
    for (_, mut fields) in entries(text) {
        set.insert(normalize_cow(fields.next().unwrap_or("")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_set_holds_its_words_and_no_other() {
        const SET: WordSet = WordSet::new(&["مدينة", "حي", "مطار", "الدولي", "24", ""]);
        for &word in SET.words {
            assert!(SET.contains(word), "{word:?} is in the set");
        }
        // Same length and last byte as an entry (the filter lets them through), one letter
        // off, a prefix, other scripts.
        for word in ["مدينه", "مدينت", "حى", "ح", "مطا", "مطارا", "الدولية", "25", "24 ", "🙂", "x"]
        {
            assert!(!SET.contains(word), "{word:?} is not in the set");
        }
        // The filter, not the list, turns away most words: of the common words of news, at
        // most a quarter reach the comparisons.
        let lexicon = Lexicon::builtin().unwrap();
        let common: Vec<&str> = lexicon.common_words.iter().map(|w| w.as_ref()).collect();
        let through = common.iter().filter(|w| SET.filter >> WordSet::bit(w.as_bytes()) & 1 == 1);
        assert!(common.len() > 1000);
        assert!(through.count() * 4 < common.len(), "the filter lets most words through");
    }

    #[test]
    fn a_table_files_the_first_two_tokens_of_its_longer_phrases() {
        let mut table: PhraseTable<u8> = PhraseTable::default();
        table.insert("الأمم المتحدة للتنمية", 1);
        table.insert("بغداد", 2);
        table.insert_joined("وزارة الخارجية".to_string(), 3);
        // Enough phrases for the filter to grow, refiling what it held.
        let many: Vec<String> = (0..5000).map(|n| format!("شركة {n}")).collect();
        for phrase in &many {
            table.insert_joined(phrase.clone(), 4);
        }
        table.replace("مدينة الصدر", 5);
        let pair =
            |first: &str, second: &str| table.may_pair(token_hash(first), token_hash(second));
        assert!(pair("الامم", "المتحدة"), "the first two tokens of three");
        assert!(pair("وزارة", "الخارجية"), "a phrase built at run time");
        assert!(pair("مدينة", "الصدر"), "a phrase pointed at a new value");
        assert!(many.iter().all(|phrase| pair("شركة", &phrase["شركة ".len()..])), "refiled");
        // No phrase goes on from `بغداد`, and one bit in 32 or more is set: of a thousand pairs
        // that open nothing, few get through.
        let through = (0..1000).filter(|n| pair("بغداد", &n.to_string())).count();
        assert!(through < 100, "{through} of 1000 pairs that open nothing get through");
        assert!(!pair("المتحدة", "الامم"), "the tokens in the other order");
    }

    #[test]
    fn an_opening_says_what_the_table_holds_of_a_first_token() {
        let mut table: PhraseTable<u8> = PhraseTable::default();
        table.insert("الأمم المتحدة للتنمية", 1);
        table.insert("الأمم", 2);
        table.insert("الأمم", 3);
        table.insert("بغداد", 4);
        table.insert_joined("وزارة الخارجية".to_string(), 5);
        let opening = |token: &str| table.opening(token);
        let open = |phrase, goes_on| Some(Opening { phrase, goes_on });
        assert_eq!(opening("الامم"), open(Some(2), true), "a phrase and the start of a longer one");
        assert_eq!(opening("بغداد"), open(Some(4), false), "a phrase alone");
        assert_eq!(opening("وزارة"), open(None, true), "only the start of a longer phrase");
        assert_eq!(opening("المتحدة"), None, "inside a phrase, not at its start");
        for token in ["الامم", "بغداد", "وزارة", "المتحدة"] {
            assert_eq!(opening(token).is_some(), table.opens_with(token), "{token}");
            if let Some(found) = opening(token) {
                assert_eq!(found.phrase, table.get(token), "{token}: the phrase's own value");
                assert_eq!(found.goes_on, table.goes_on_from(token), "{token}: goes on");
            }
        }
        table.replace("بغداد", 6);
        assert_eq!(table.opening("بغداد"), open(Some(6), false), "a personal list's value wins");
    }

    #[test]
    fn every_first_token_passes_its_tables_filter() {
        let mut lexicon = Lexicon::builtin().unwrap();
        lexicon.add_user_list("#! ORG\nدار الحكمة\tالحكمة\n").unwrap();
        fn check<T: Copy>(name: &str, table: &PhraseTable<T>) {
            for token in table.first_tokens() {
                assert!(table.may_open(token_hash(token)), "{name}: {token} was not filed");
            }
        }
        check("names", &lexicon.names);
        check("titles", &lexicon.titles);
        check("markers", &lexicon.markers);
        check("calendar", &lexicon.calendar);
        check("units", &lexicon.units);
        check("first names", &lexicon.first_names);
        // A table filled at run time grows its filter from nothing, refiling as it goes.
        let mut grown: PhraseTable<usize> = PhraseTable::default();
        assert!(!grown.may_open(token_hash("بغداد")), "an empty table opens nothing");
        for (value, word) in lexicon.first_names.first_tokens().take(300).enumerate() {
            grown.insert_joined(format!("{word} الثاني"), value);
        }
        check("grown", &grown);
        // Few tokens that open nothing pass the filter of the largest table.
        let passed =
            lexicon.common_words.iter().filter(|w| lexicon.names.may_open(token_hash(w))).count();
        let opening = lexicon.common_words.iter().filter(|w| lexicon.names.opens_with(w)).count();
        // Two bits in at least 16 a token leave about one in seventy.
        let (wrongly, others) = (passed - opening, lexicon.common_words.len() - opening);
        assert!(wrongly * 40 < others, "{wrongly} of {others} words that open no name passed");
    }

    #[test]
    fn every_speech_verb_passes_the_verb_filter() {
        let lexicon = Lexicon::builtin().unwrap();
        assert!(!lexicon.verbs.is_empty());
        for form in lexicon.verbs.keys() {
            assert!(lexicon.may_be_verb(token_hash(form)), "{form}");
        }
        // Most other words are told apart by the filter alone.
        let others = ["الرئيس", "الصين", "في", "من", "روسيا", "العالم", "التعاون", "2024"];
        let passed = others.iter().filter(|word| lexicon.may_be_verb(token_hash(word))).count();
        assert!(passed <= 1, "{passed} of {} non-verbs passed", others.len());
    }

    #[test]
    fn every_list_phrase_keys_as_its_tokens() {
        let odd = "أوبك+\tبنك  مصر\t ال\tCoca Cola\tمجموعة الـ20\tالأُمَم المتحدة\tجنرال-موتورز";
        let lists = GAZETTEERS.iter().map(|&(_, text, ..)| text).chain([
            list!("titles.txt"),
            list!("speech_markers.txt"),
            list!("calendar.txt"),
            list!("units.txt"),
            odd,
        ]);
        for text in lists {
            for (_, fields) in entries(text) {
                for phrase in fields {
                    let slow = crate::tokenize::key_of_tokens(&crate::normalize::normalize(phrase));
                    assert_eq!(phrase_key(phrase), slow, "{phrase:?}");
                }
            }
        }
    }

    #[test]
    fn finds_bytes_as_a_byte_loop_does() {
        let text = "ab\tcdefghijklmnop\tq\n\n0123456789abcdef\t";
        for start in 0..text.len() {
            let haystack = &text.as_bytes()[start..];
            for needle in [b'\t', b'\n', b'a', b'z'] {
                let expected = haystack.iter().position(|&byte| byte == needle);
                assert_eq!(find_byte(haystack, needle), expected, "{needle} from {start}");
            }
        }
    }

    #[test]
    fn compiled_lists_are_the_sources_without_comments() {
        let compiled = [
            ("persons.txt", list!("persons.txt")),
            ("places.txt", list!("places.txt")),
            ("speech_verbs.txt", list!("speech_verbs.txt")),
            ("countries.generated.txt", list!("countries.generated.txt")),
        ];
        for (name, text) in compiled {
            let path = format!("{}/src/data/{name}", env!("CARGO_MANIFEST_DIR"));
            let source = std::fs::read_to_string(&path).expect("the list's source is readable");
            assert!(source.lines().any(|line| line.starts_with('#')), "{name} has no comment");
            assert_eq!(text.lines().count(), source.lines().count(), "{name}: lines moved");
            for (kept, line) in text.lines().zip(source.lines()) {
                let expected = if line.starts_with('#') { "" } else { line };
                assert_eq!(kept, expected, "{name}: src/build.rs changed a line it should keep");
            }
        }
    }

    #[test]
    fn builtin_lists_load() {
        let lexicon = Lexicon::builtin().expect("every built-in list parses");
        for (form, canonical) in
            [("بوتن", "فلاديمير بوتين"), ("الصين", "الصين"), ("الكرملين", "الكرملين")]
        {
            let (key, _) = phrase_key(form);
            let id = lexicon.names.get(&key).unwrap_or_else(|| panic!("{form} is missing"));
            assert_eq!(lexicon.entries[id as usize].canonical, canonical);
        }
        assert!(lexicon.verbs.contains_key("اكدت"), "speech verbs are folded like text");
        assert!(lexicon.keeps_whole("بكين") && lexicon.keeps_whole("لبنان"));
    }

    #[test]
    fn known_words_are_the_whole_words_and_first_tokens_of_the_lists() {
        let lexicon = Lexicon::builtin().expect("every built-in list parses");
        let mut exceptions = HashSet::default();
        add_words(&mut exceptions, list!("clitic_exceptions.txt"));
        // The index as its definition says, from the tables' sets of first tokens.
        let mut expected: HashMap<&str, bool> = HashMap::default();
        let whole = exceptions
            .iter()
            .chain(lexicon.names.single_words())
            .chain(lexicon.titles.single_words())
            .chain(lexicon.calendar.single_words())
            .chain(lexicon.units.single_words())
            .chain(&lexicon.function_words)
            .chain(lexicon.verbs.keys())
            .chain(lexicon.org_heads.keys());
        for word in whole {
            expected.insert(word, true);
        }
        let stems = lexicon
            .names
            .first_tokens()
            .chain(lexicon.titles.first_tokens())
            .chain(lexicon.markers.first_tokens())
            .chain(&lexicon.common_words)
            .chain(&lexicon.name_words)
            .chain(lexicon.first_names.single_words());
        for word in stems {
            expected.entry(word).or_insert(false);
        }
        let known = lexicon.known_words.values().filter(|lists| lists.has(WordLists::KNOWN));
        assert_eq!(known.count(), expected.len());
        for (word, whole) in expected {
            let lists = lexicon.known_words.get(word).copied().unwrap_or_default();
            assert!(lists.has(WordLists::KNOWN), "{word}");
            assert_eq!(lists.has(WordLists::WHOLE), whole, "{word}");
        }
    }

    #[test]
    fn the_filter_of_known_words_holds_every_word_of_the_index_and_few_others() {
        let mut lexicon = Lexicon::builtin().unwrap();
        let hashed =
            |lexicon: &Lexicon, word: &str| lexicon.word_lists_hashed(word, token_hash(word));
        // Words a personal list brings are filed too.
        for word in ["زنغربيلوف", "كوارتيلانو"] {
            assert_eq!(hashed(&lexicon, word), WordLists::default(), "{word} is in no list yet");
        }
        lexicon.add_user_list("زنغربيلوف\nكوارتيلانو بيترسكي\n").unwrap();
        let whole = hashed(&lexicon, "زنغربيلوف");
        assert!(whole.has(WordLists::WHOLE) && whole.has(WordLists::KNOWN), "a name of one word");
        assert!(hashed(&lexicon, "كوارتيلانو").has(WordLists::KNOWN), "a first word of a name");
        for word in lexicon.indexed_words() {
            assert_eq!(hashed(&lexicon, word), lexicon.word_lists(word), "{word}");
        }
        let passed = (0..20_000)
            .map(|n| format!("كلمة{n}"))
            .filter(|word| lexicon.known_word_hashes.may_hold(token_hash(word)))
            .count();
        assert!(passed < 20_000 / 40, "{passed} of 20000 words no list has passed");
    }

    #[test]
    fn reports_bad_lines_with_list_and_line() {
        let mut lexicon = Lexicon::default();
        let error = lexicon
            .add_gazetteer("mine", "# names\nفلان\tx\n", Label::Person, "gazetteer:user", true)
            .unwrap_err();
        assert_eq!(error.to_string(), "word list mine, line 2: gender \"x\" is not m or f");
    }

    #[test]
    fn personal_list_names_are_found_with_their_type_and_source() {
        let list =
            "# mine\n#! ORG\nدار الحكمة\tالحكمة\n#! PER\nكريم الزين\tm\tالزين\n#! LOC\nلافروف\n";
        let annotator = crate::Annotator::new().unwrap().with_user_list(list).unwrap();
        let text = "وافتتحت دار الحكمة معرضا، وقال الزين إن الحكمة ضرورية. وزار وكريم الزين لافروف.";
        let document = annotator.annotate(text);
        let found: Vec<(&str, &str, &str)> = document
            .entities
            .iter()
            .map(|e| (e.span.slice(text), e.label.as_str(), e.source))
            .collect();
        for expected in [
            ("دار الحكمة", "ORG", USER_SOURCE),
            ("الحكمة", "ORG", USER_SOURCE),
            ("الزين", "PER", USER_SOURCE),
            // A proclitic before a personal name is split off, as for the built-in names.
            ("كريم الزين", "PER", USER_SOURCE),
            // The personal list wins over the built-in one for the same spelling.
            ("لافروف", "LOC", USER_SOURCE),
        ] {
            assert!(
                found.contains(&expected),
                "{expected:?} not in {found:?}: the personal list is not used"
            );
        }
        let builtin = crate::annotate(text);
        assert!(
            !builtin.entities.iter().any(|e| e.source == USER_SOURCE),
            "the personal list leaked into the shared built-in annotator"
        );
    }

    #[test]
    fn personal_list_reports_unknown_types_and_missing_names() {
        let mut lexicon = Lexicon::default();
        let error = lexicon.add_user_list("#! PER\nفلان\n#! DATE\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "word list personal list, line 3: type \"DATE\" is not PER, LOC, ORG or NORP"
        );
        let error = lexicon.add_user_list("\tm\n").unwrap_err();
        assert_eq!(error.to_string(), "word list personal list, line 1: field 1 is missing");
        assert_eq!(lexicon.add_user_list("").unwrap(), 0);
    }
}
