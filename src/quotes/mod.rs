//! Quotations: marked (direct and partial), colon and indirect, each with cue, speaker and
//! addressee.
//!
//! Finding and attributing are separate: [`find`] collects quotes with their cue positions
//! (`kinds.rs` for marked and colon quotes, with `marks.rs` pairing quotation marks, and
//! `indirect.rs` for reported clauses), then walks them in text order so that a bare verb
//! (`وأضاف`) continues the last compatible speaker (`speakers/`, over the mentions of
//! `mentions.rs` and the unnamed speakers of `unnamed.rs`). Provenance: `quote:marks`, `quote:marks-after` (attribution after the quote),
//! `quote:colon`, `quote:headline-colon`, `quote:indirect`.

mod indirect;
mod kinds;
mod marks;
mod mentions;
mod speakers;
mod unnamed;

use crate::entities::{Analysis, Role, Words};
use crate::lexicon::{Agreement, Lexicon, MarkerKind, SpeechVerb};
use crate::span::{Label, Participant, Quote, QuoteKind, Span};
use crate::tokenize::TokenKind;
use mentions::RoleKey;
use speakers::{Attribution, Resolved};
use std::cell::OnceCell;
use std::ops::Range;

/// Complementizers that open reported speech, normalized, with attached pronouns.
const COMPLEMENTIZERS: &[&str] = &[
    "ان",
    "انه",
    "انها",
    "انهم",
    "انهما",
    "انني",
    "اننا",
    "انهن",
    "بان",
    "بانه",
    "بانها",
    "بانهم",
    "بانهما",
    "بانني",
    "باننا",
    "وان",
    "وانه",
];

/// Object pronouns a speech verb may carry (`أجابته`, `أبلغهم`), longest first.
const OBJECT_PRONOUNS: &[&str] = &["هما", "هم", "ها", "ه", "نا"];

/// A quote found, waiting for attribution.
struct Found {
    start: usize,
    last: usize,
    kind: QuoteKind,
    cue: Option<Cue>,
    source: &'static str,
    /// For headline colon quotes: the speaker mention's position.
    headline_speaker: Option<usize>,
    /// Continue the last speaker when nothing else is known (a quote opening a paragraph).
    continues: bool,
}

/// A cue: a speech verb, a marker, or a bare colon.
#[derive(Clone, Copy, Debug)]
struct Cue {
    /// Position of the cue word.
    pub at: usize,
    /// Proclitic bytes to skip in the cue word (`وأضاف` shows `أضاف`).
    pub skip: usize,
    /// The verb's features, if the cue is a speech verb.
    pub verb: Option<SpeechVerb>,
    /// Where the attribution zone ends (a complementizer, a colon or an opening mark).
    pub limit: usize,
    /// The marker, if the cue is a source marker or a statement rather than a verb.
    pub marker: Option<MarkerKind>,
}

/// Finds and attributes the quotes of a text.
pub fn find(words: &Words, lexicon: &Lexicon, analysis: &Analysis) -> Vec<Quote> {
    let finder = Finder::new(words, lexicon, analysis);
    let marked = marks::pair(words);
    let colons = finder.colons(&marked);
    // A short marked phrase inside a colon quote is part of what was said (a title, a name), not
    // a quotation of its own: `سلمى بن عاشور: كتبت «ذاكرة الملح» لأنقذ ...`.
    let mut found: Vec<Found> = finder
        .marked(&marked)
        .into_iter()
        .filter(|m| {
            let short = finder.word_count(m.start, m.last) <= 3;
            !(short && colons.iter().any(|c| c.start <= m.start && m.last <= c.last))
        })
        .collect();
    found.extend(colons);
    found.extend(finder.indirect(&marked));
    found.sort_by_key(|f| (f.cue.map_or(f.start, |c| c.at.min(f.start)), f.start));
    found.dedup_by_key(|f| (f.start, f.last));
    let mut attribution = Attribution::default();
    let mut quotes: Vec<Quote> =
        found.iter().map(|f| finder.attribute(f, &mut attribution)).collect();
    quotes.sort_by_key(|q| (q.span.start, q.span.end));
    quotes
}

/// How far, in words, a mention looks for the role or organization it points back to. Articles
/// are far shorter; the bound keeps a long stream of articles read as one text linear.
const ANTECEDENT_WINDOW: usize = 5000;

/// The shared state of the quote finders.
struct Finder<'r, 't, 'a> {
    words: &'r Words<'t, 'a>,
    lexicon: &'r Lexicon,
    analysis: &'r Analysis,
    /// The entity covering each position, read through [`Finder::entity_at`]. Indexes are kept
    /// as `u32` with [`NO_INDEX`] for none, half the bytes of an `Option<u32>` and a quarter of
    /// an `Option<usize>`: the three tables of positions are made (and filled) for every text,
    /// and filling fewer bytes takes less time.
    entity_ids: Vec<u32>,
    /// The role phrase starting at each position, read through [`Finder::role_at`].
    role_starts: Vec<u32>,
    /// The first role phrase covering each position, read through [`Finder::role_over`].
    role_covers: Vec<u32>,
    /// The sentence each position is in.
    sentence: Vec<usize>,
    /// The label of each entity id.
    labels: Vec<Option<Label>>,
    /// The speech verb at each position, as [`Finder::verb_at`] gives it: every finder asks
    /// about the words around its cues again and again, so each word is read once.
    /// Read on first use, since many positions are never asked about.
    speech_verbs: Vec<OnceCell<Option<(usize, SpeechVerb)>>>,
    /// Whether the marks opening at each position hold a name rather than speech, as
    /// [`Finder::is_name_in_marks`] tells; worked out on first use, as the finders ask about
    /// the same marks several times. Marks are paired once per text, so a position opens one
    /// pair at most.
    names_in_marks: Vec<OnceCell<bool>>,
    /// True at each position holding a complementizer, as [`Finder::is_complementizer`] tells.
    complementizers: Vec<bool>,
    /// The key of each role phrase, split once for the matching of roles to persons.
    role_keys: Vec<RoleKey<'r>>,
}

impl<'r, 't, 'a> Finder<'r, 't, 'a> {
    /// The roles whose phrase starts within [`ANTECEDENT_WINDOW`] words of `at`, in text order.
    fn roles_near(&self, at: usize) -> &'r [Role] {
        let (before, after) = self.roles_around(at);
        self.analysis.roles.get(before.start..after.end).unwrap_or(&[])
    }

    /// The indexes of [`Finder::roles_near`] split where `at` stands: the roles starting before
    /// it, then the others. A search for the nearest role walks out from the split.
    fn roles_around(&self, at: usize) -> (Range<usize>, Range<usize>) {
        let roles = &self.analysis.roles;
        let from = roles.partition_point(|r| r.first + ANTECEDENT_WINDOW < at);
        let to = roles.partition_point(|r| r.first <= at + ANTECEDENT_WINDOW).max(from);
        let middle = roles.partition_point(|r| r.first < at).clamp(from, to);
        (from..middle, middle..to)
    }

    fn new(words: &'r Words<'t, 'a>, lexicon: &'r Lexicon, analysis: &'r Analysis) -> Self {
        // A text has fewer than 2^32 entities and roles; an index beyond would read as none.
        let index_of = |index: usize| u32::try_from(index).unwrap_or(NO_INDEX);
        let mut entity_ids = vec![NO_INDEX; words.len()];
        for (index, &(first, last)) in analysis.positions.iter().enumerate() {
            for slot in entity_ids.iter_mut().take(last + 1).skip(first) {
                *slot = index_of(index);
            }
        }
        debug_assert!(analysis.roles.is_sorted_by_key(|r| r.first), "roles come in text order");
        let mut role_starts = vec![NO_INDEX; words.len()];
        let mut role_covers = vec![NO_INDEX; words.len()];
        for (index, role) in analysis.roles.iter().enumerate() {
            if let Some(slot) = role_starts.get_mut(role.first) {
                *slot = index_of(index);
            }
            for slot in role_covers.iter_mut().take(role.last + 1).skip(role.first) {
                if *slot == NO_INDEX {
                    *slot = index_of(index);
                }
            }
        }
        // Collected rather than pushed, so that no position checks the table's capacity.
        let mut current = 0;
        let sentence = (words.after_break.iter().enumerate())
            .map(|(at, &broke)| {
                if broke && at > 0 {
                    current += 1;
                }
                let this = current;
                if words.punct_is(at, &[".", "؟", "?", "!"]) {
                    current += 1;
                }
                this
            })
            .collect();
        let mut labels = Vec::new();
        for entity in &analysis.entities {
            if let Some(id) = entity.id {
                if labels.len() <= id as usize {
                    labels.resize(id as usize + 1, None);
                }
                labels[id as usize] = Some(entity.label);
            }
        }
        let mut finder = Finder {
            words,
            lexicon,
            analysis,
            entity_ids,
            role_starts,
            role_covers,
            sentence,
            labels,
            speech_verbs: vec![OnceCell::new(); words.len()],
            complementizers: Vec::new(),
            names_in_marks: vec![OnceCell::new(); words.len()],
            role_keys: analysis.roles.iter().map(|role| RoleKey::new(&role.key)).collect(),
        };
        // Telling a complementizer asks the finder itself (its speech verbs), so their table is
        // filled once the finder stands.
        finder.complementizers =
            (0..words.len()).map(|at| finder.read_complementizer(at)).collect();
        finder
    }

    /// The index of the entity covering a position, if any (none past the end).
    fn entity_at(&self, at: usize) -> Option<usize> {
        read_index(&self.entity_ids, at)
    }

    /// The index of the role phrase starting at a position, if any (none past the end).
    fn role_at(&self, at: usize) -> Option<usize> {
        read_index(&self.role_starts, at)
    }

    /// The index of the first role phrase covering a position, if any (none past the end).
    fn role_over(&self, at: usize) -> Option<usize> {
        read_index(&self.role_covers, at)
    }

    /// `يذكر أن`, `يشار إلى أن` at the head of a sentence: impersonal, not speech.
    fn is_impersonal(&self, at: usize) -> bool {
        let Some((_, verb)) = self.verb_at(at) else { return false };
        let next = if self.words.text(at + 1) == "الي" { at + 2 } else { at + 1 };
        verb.present && self.is_complementizer(next) && self.opens_sentence(at)
    }

    /// `فضلت عدم ذكر اسمها`: a verbal noun after `عدم` reports no speech.
    fn is_negated_noun(&self, at: usize) -> bool {
        at > 0 && self.words.text(at - 1) == "عدم"
    }

    /// `عن عضوين ... أنهما يرفضان "..."`: a verb right after `أنه`/`أنهما` is part of what is
    /// reported; the marks after it belong to the reporting verb before.
    fn after_pronoun_complementizer(&self, at: usize) -> bool {
        at > 0
            && self.is_complementizer(at - 1)
            && self.words.text(at - 1).ends_with(['ه', 'ا', 'م'])
    }

    /// `طلب عدم نشر اسمه`, `فضل عدم ذكر اسمها`: a verb whose object is `عدم` asks not to be named;
    /// it reports no speech, and a complementizer after it belongs to the sentence's cue.
    fn asks_not_to_be_named(&self, at: usize) -> bool {
        self.words.text(at + 1) == "عدم"
    }

    fn opens_sentence(&self, at: usize) -> bool {
        at == 0 || !self.same_sentence(at - 1, at)
    }

    fn same_sentence(&self, a: usize, b: usize) -> bool {
        // The table has a sentence for each position, so its bounds are the words'.
        self.sentence.get(a).is_some_and(|sentence| self.sentence.get(b) == Some(sentence))
    }

    /// The speech verb at a position, whole or after the conjunctions `و`/`ف` only: prepositions
    /// do not attach to verbs, so `بحثا` is not `ب` + `حثا`; a verbal noun may take them
    /// (`بالقول`), and a present verb the lam of purpose (`لتؤكد`).
    fn verb_at(&self, at: usize) -> Option<(usize, SpeechVerb)> {
        let cell = self.speech_verbs.get(at)?;
        *cell.get_or_init(|| self.read_verb(at))
    }

    /// The speech verb at a position when read after a proclitic (`وقال`, `فأكد`, `بالقول`): as
    /// [`Finder::verb_at`] gives it, with proclitic bytes. Such a proclitic is made of `و`, `ف`,
    /// `ب` and `ل` only, so a word opening with another letter is not looked up: the reported
    /// clauses ask about every word they hold.
    fn verb_with_proclitic_at(&self, at: usize) -> Option<(usize, SpeechVerb)> {
        if !self.words.text(at).starts_with(['و', 'ف', 'ب', 'ل']) {
            return None;
        }
        self.verb_at(at).filter(|&(skip, _)| skip > 0)
    }

    /// Reads the speech verb at a position from the lexicon, for [`Finder::verb_at`]'s table.
    fn read_verb(&self, at: usize) -> Option<(usize, SpeechVerb)> {
        if self.words.kind(at) != Some(TokenKind::Word) {
            return None;
        }
        let text = self.words.text(at);
        let verbs = &self.lexicon.verbs;
        // Every object pronoun ends with `ه`, `م` or `ا`, whose last bytes these are; the forms
        // of a word end as the word does. A form that is no verb (as its hash tells) and cannot
        // carry a pronoun is not looked up.
        let may_carry_object = matches!(text.as_bytes().last(), Some(0x85 | 0x87 | 0xA7));
        // Checked when compiling: every object pronoun ends with one of those bytes.
        const _: () = {
            let mut at = 0;
            while at < OBJECT_PRONOUNS.len() {
                let bytes = OBJECT_PRONOUNS[at].as_bytes();
                assert!(matches!(bytes[bytes.len() - 1], 0x85 | 0x87 | 0xA7));
                at += 1;
            }
        };
        let hashes = self.words.reading_hashes_at(at);
        // A verbal noun takes prepositions too: `وختم بالقول إن`.
        let mut form = String::new();
        self.words.readings(at).iter().zip(hashes).find_map(|(&reading, &hash)| {
            let may_be_verb = self.lexicon.may_be_verb(hash);
            if !may_be_verb && !may_carry_object {
                return None;
            }
            let skip = reading.skip;
            let stem = if reading.restores_alef {
                reading.write(text, &mut form);
                form.as_str()
            } else {
                &text[skip..]
            };
            // `فأجابته القحطاني بأن`, `أبلغها`: a finite verb with an object pronoun.
            let with_object = || {
                OBJECT_PRONOUNS
                    .iter()
                    .find_map(|suffix| verbs.get(stem.strip_suffix(suffix)?))
                    .filter(|v| !v.masdar && !v.participle)
            };
            let whole = if may_be_verb { verbs.get(stem) } else { None };
            let verb = whole.or_else(|| may_carry_object.then(with_object).flatten())?;
            let conjunctions = text[..skip].chars().all(|c| c == 'و' || c == 'ف');
            // `وعادت الوزيرة لتؤكد أن`: the lam of purpose takes a present verb.
            let purpose = verb.present
                && !verb.masdar
                && text[..skip].ends_with('ل')
                && text[..skip].chars().all(|c| "وفل".contains(c));
            let preposition = verb.masdar && text[..skip].chars().all(|c| "وفبل".contains(c));
            // `القول` is a cue after `ب` only (`ختم بالقول إن`): `يمكن القول إن` is impersonal,
            // and in `نقلت عن شي القول إن` the cue is the verb of the chain.
            let bare_saying = stem == "القول" && !text[..skip].contains('ب');
            (conjunctions || preposition || purpose)
                .then_some((skip, *verb))
                .filter(|_| !bare_saying)
        })
    }

    /// True for `أن`/`إن` opening reported speech; not after a temporal or final particle
    /// (`بعد أن`, `قبل أن`, `دون أن`), where it opens an ordinary clause.
    fn is_complementizer(&self, at: usize) -> bool {
        self.complementizers.get(at).copied().unwrap_or(false)
    }

    /// Reads whether a position holds a complementizer, for [`Finder::is_complementizer`]'s
    /// table.
    fn read_complementizer(&self, at: usize) -> bool {
        let after_particle = || {
            at > 0
                && ["بعد", "قبل", "منذ", "دون", "حتي", "بدلا", "عوضا", "رغم", "بمجرد"]
                    .contains(&self.words.text(at - 1))
        };
        self.opens_reported_speech(at) && !after_particle()
    }

    fn opens_reported_speech(&self, at: usize) -> bool {
        let word = self.words.text(at);
        // Every complementizer holds `ان` from its first or second letter (`بأن`, `وأن`), which
        // few words do: the others, asked about at every position, are not compared with each
        // entry of the list.
        // The bytes are compared, not the letters: `ا` opens with a byte that continues no
        // letter, so they match where a letter starts only.
        let holds_an = |from: usize| word.as_bytes().get(from..from + 4) == Some("ان".as_bytes());
        (holds_an(0) || holds_an('ب'.len_utf8()))
            && self.words.kind(at) == Some(TokenKind::Word)
            && COMPLEMENTIZERS.contains(&word)
    }

    /// The last speech verb before `before` in the same sentence, at most `reach` positions back.
    fn cue_before(&self, before: usize, reach: usize) -> Option<Cue> {
        let anchor = if before < self.words.len() { before } else { before.checked_sub(1)? };
        (before.saturating_sub(reach)..before)
            .rev()
            .take_while(|&at| self.same_sentence(at, anchor))
            .find_map(|at| {
                let statement = || {
                    self.statement_after_in(at).map(|(skip, _)| Cue {
                        at,
                        skip,
                        verb: None,
                        limit: before,
                        marker: Some(MarkerKind::Statement),
                    })
                };
                let cue = self
                    .verb_at(at)
                    .map(|(skip, verb)| Cue {
                        at,
                        skip,
                        verb: Some(verb),
                        limit: before,
                        marker: None,
                    })
                    .or_else(statement)?;
                // Asked of cues only, not of every word on the way back to one.
                let reports_no_speech = self.is_impersonal(at)
                    || self.is_negated_noun(at)
                    || self.asks_not_to_be_named(at)
                    || self.after_pronoun_complementizer(at);
                (!reports_no_speech).then_some(cue)
            })
    }

    /// The quoted words between two positions, without surrounding punctuation: `(first, last)`.
    fn trimmed(&self, first: usize, last: usize) -> Option<(usize, usize)> {
        let content = |at: usize| {
            matches!(
                self.words.kind(at),
                Some(TokenKind::Word | TokenKind::Latin | TokenKind::Number)
            )
        };
        let first = (first..=last).find(|&at| content(at))?;
        let last =
            (first..=last).rev().find(|&at| content(at) || self.words.punct_is(at, &["%", ")"]))?;
        Some((first, last))
    }

    fn word_count(&self, first: usize, last: usize) -> usize {
        (first..=last).filter(|&at| self.words.is_word(at)).count()
    }

    /// Attributes one quote and records its speaker for the ones after it.
    fn attribute(&self, found: &Found, attribution: &mut Attribution) -> Quote {
        let span = self.words.span(found.start, 0, found.last);
        let Resolved { speaker, addressee, via } = match (found.headline_speaker, found.cue) {
            (Some(at), _) => Resolved {
                speaker: self
                    .mention_at(at)
                    .or_else(|| self.headline_source(at))
                    .map(|m| (m.participant, m.agreement)),
                ..Resolved::default()
            },
            (None, Some(cue)) => self.resolve(cue, attribution),
            (None, None) if found.continues => Resolved {
                speaker: attribution.last_any().map(|p| (p, Agreement::Unknown)),
                ..Resolved::default()
            },
            (None, None) => Resolved::default(),
        };
        let speaker = speaker.map(|(speaker, agreement)| {
            attribution.remember(
                speaker.clone(),
                agreement,
                found.cue.map_or(found.start, |c| c.at),
            );
            speaker
        });
        let cue = found.cue.map(|c| self.words.span(c.at, c.skip, c.at));
        Quote { span, kind: found.kind, speaker, cue, addressee, via, source: found.source }
    }
}

/// The index that stands for none in the [`Finder`]'s tables of positions.
const NO_INDEX: u32 = u32::MAX;

/// The index a table of positions holds at `at`, if any (none past the end).
fn read_index(table: &[u32], at: usize) -> Option<usize> {
    table.get(at).copied().filter(|&index| index != NO_INDEX).map(|index| index as usize)
}

/// A participant for a span with a canonical name and an optional entity id.
fn participant(span: Span, canonical: String, entity: Option<u32>) -> Participant {
    Participant { span, canonical, entity }
}

#[cfg(test)]
mod tests;
