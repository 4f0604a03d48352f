//! The scores of the words news is mostly made of, worked out once when the model meets its word
//! lists: more than half the distinct words of an article are words the lexicon knows,
//! punctuation marks or small numbers, and for those a text's reading copies their string hashes
//! and rows instead of hashing the word again and looking up two dozen features (see
//! [`KnownForms`]).

use super::features::{Features, Form, Strings};
use super::{FeatureTable, Partial};
use crate::lexicon::{token_hash, Lexicon};
use crate::normalize::normalize_cow;
use crate::tokenize::{split, TokenKind};
use hashbrown::HashTable;

/// Word forms whose features are summed ahead: each word of the lexicon's index of what the
/// lists say of a word (the common words of ANERcorp's training text, function words, speech
/// verbs, titles, first names, the first words of names; see `Lexicon::word_lists`), each
/// punctuation mark of [`MARKS`], the numbers to 100 and the years 1950 to 2049, as the
/// tokenizer cuts them.
///
/// Everything kept for a form is what a text's reading would compute for it, so copying it
/// changes no score; the form of a position is only taken from here when its word, stem length
/// and kind are the same.
#[derive(Clone, Debug, Default)]
pub(super) struct KnownForms {
    /// Each form's index, found by the [`token_hash`] of its word (the hash a text's positions
    /// carry) and told from others by [`KnownForm::tag`]: four bytes an entry, where a map from
    /// the hash took sixteen; nearly every word of a text is looked up here.
    index: HashTable<u32>,
    forms: Vec<KnownForm>,
    /// The words of the forms, one after another.
    words: String,
}

/// What a text's reading needs of one known word form, in two cache lines: a text's reading
/// finds some hundreds of known forms among the thousands kept, and each is a trip to memory.
/// The full form's other string hashes are left out; its rows already sum what they add.
#[derive(Clone, Debug)]
#[repr(C, align(64))]
pub(super) struct KnownForm {
    /// The word's first bytes, zero after its end: a word of [`HEAD`] bytes or fewer (most
    /// are) is checked against the text on the form's own cache lines.
    head: [u8; HEAD],
    /// Where the word starts in [`KnownForms::words`].
    start: u32,
    /// The high half of the word's [`token_hash`], which tells the forms under one slot of the
    /// index apart.
    tag: u32,
    /// The word's and stem's string hashes, which the pair features read.
    pairs: (u32, u32),
    /// The word's length in bytes.
    len: u16,
    /// The sum of its own features but the bias (see [`Features::own_but_bias`]).
    pub(super) own: Partial,
    /// What it adds to the scores of the positions at each of [`Features::NEIGHBOURS`].
    pub(super) neighbours: [Partial; Features::NEIGHBOURS.len()],
    /// Bytes of proclitics before the stem.
    proclitic: u8,
    kind: TokenKind,
    /// What the lists say of the form (see `Features::form_of`).
    lists: u8,
}

impl KnownForms {
    /// The words of `lexicon`'s index, the [`MARKS`] and small numbers and years, with their
    /// features summed by `table`. A word the tokenizer cuts into more than one token, or that
    /// normalization would change, is left out.
    pub(super) fn new(table: &FeatureTable, lexicon: &Lexicon) -> KnownForms {
        let numbers: Vec<String> = (0..=100).chain(1950..2050).map(|n| n.to_string()).collect();
        let words = (lexicon.indexed_words())
            .chain(MARKS.split(' '))
            .chain(numbers.iter().map(String::as_str));
        let mut known = KnownForms::default();
        let (count, _) = words.size_hint();
        known.forms.reserve(count);
        // Each form's word hash, to find a word met twice and to grow the index by (the index
        // is empty when it makes room here, and has nothing to hash).
        let mut hashes: Vec<u64> = Vec::with_capacity(count);
        let hash_of = |hashes: &[u64], index: u32| hashes.get(index as usize).copied();
        known.index.reserve(count, |_| 0);
        let mut keys = Vec::new();
        for word in words {
            let hash = token_hash(word);
            if known.index.find(hash, |&index| hash_of(&hashes, index) == Some(hash)).is_some() {
                continue;
            }
            let tokens = split(word, Some(lexicon));
            let [token] = tokens.as_slice() else { continue };
            if token.end != word.len() || normalize_cow(word) != word {
                continue;
            }
            // A form must say where its word is in few bytes; words are far shorter.
            let (Ok(start), Ok(len)) =
                (u32::try_from(known.words.len()), u16::try_from(word.len()))
            else {
                continue;
            };
            let stem = &word[usize::from(token.proclitic)..];
            let hashed = (word, token_hash(word));
            let (lists, strings) = Features::form_of(lexicon, hashed, stem, Some(token.kind));
            // Its own row, then one per neighbouring place, summed together.
            keys.clear();
            Features::own_but_bias(&(lists, strings), &mut |key| keys.push(key));
            let mut ends = [keys.len() as u32; ROWS];
            for (end, offset) in ends[1..].iter_mut().zip(Features::NEIGHBOURS) {
                Features::neighbour(&(lists, strings), offset, &mut |key| keys.push(key));
                *end = keys.len() as u32;
            }
            let rows = table.sums(&keys, &ends);
            let own = rows[0];
            let neighbours = std::array::from_fn(|slot| rows[1 + slot]);
            let index = known.forms.len() as u32;
            hashes.push(hash);
            known
                .index
                .insert_unique(hash, index, |&index| hash_of(&hashes, index).unwrap_or_default());
            let mut head = [0; HEAD];
            let kept = word.len().min(HEAD);
            head[..kept].copy_from_slice(&word.as_bytes()[..kept]);
            known.words.push_str(word);
            known.forms.push(KnownForm {
                head,
                start,
                tag: tag_of(hash),
                len,
                proclitic: token.proclitic,
                kind: token.kind,
                lists,
                pairs: strings.pair(),
                own,
                neighbours,
            });
        }
        known
    }

    /// The known form of `word`, with a stem of `stem_len` bytes and of kind `kind`, whose
    /// [`token_hash`] is `hash`, and its index. A word found under another word's tag (two
    /// hashes alike in their high half) is not found: its form is then worked out as any
    /// unknown one, to the same scores.
    pub(super) fn find(
        &self,
        hash: u64,
        word: &str,
        stem_len: usize,
        kind: Option<TokenKind>,
    ) -> Option<(u32, &KnownForm)> {
        let tag = tag_of(hash);
        let forms = &self.forms;
        let &index = self
            .index
            .find(hash, |&index| forms.get(index as usize).is_some_and(|known| known.tag == tag))?;
        let known = forms.get(index as usize)?;
        let same_stem = usize::from(known.proclitic) + stem_len == word.len();
        (same_stem && Some(known.kind) == kind && self.is(known, word)).then_some((index, known))
    }

    /// The known form of index `index` (from [`KnownForms::find`]).
    pub(super) fn get(&self, index: u32) -> Option<&KnownForm> {
        self.forms.get(index as usize)
    }

    /// Number of known forms.
    pub(super) fn len(&self) -> usize {
        self.forms.len()
    }

    /// True when `known`'s word is `word`.
    fn is(&self, known: &KnownForm, word: &str) -> bool {
        if usize::from(known.len) != word.len() {
            return false;
        }
        match word.as_bytes().get(..HEAD) {
            None => known.head.starts_with(word.as_bytes()),
            Some(_) => {
                let start = known.start as usize;
                self.words.get(start..start + word.len()) == Some(word)
            }
        }
    }
}

impl KnownForm {
    /// What a text's reading needs of the form's [`Form`]: what the lists say and the hashes
    /// its pairs read. The other string hashes only feed its rows, which are summed here.
    pub(super) fn form(&self) -> Form {
        (self.lists, Strings::of_pair(self.pairs))
    }
}

/// The [`KnownForm::tag`] of a word's hash.
fn tag_of(hash: u64) -> u32 {
    (hash >> 32) as u32
}

/// Bytes of a known word kept in its form (see `KnownForm::head`).
const HEAD: usize = 16;

/// The rows of a known form: its own, then one per place of [`Features::NEIGHBOURS`].
const ROWS: usize = 1 + Features::NEIGHBOURS.len();

/// The punctuation marks of news text, each a token of its own and a form of nearly every
/// article.
const MARKS: &str = "، . \" - : % / « » ( ) “ ” ؛ ؟ ! ? , ; ' [ ] – — … + = _ * & # @";
