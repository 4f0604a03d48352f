//! Qawl (قول, "saying"): entities and who-said-what in Arabic news, with exact offsets.
//!
//! The pipeline has one module per stage: [`normalize`] (with a map back to the original text),
//! [`tokenize`] (lossless, proclitics as sub-spans), [`entities`] (gazetteers and rules) and
//! [`quotes`] (marks, cue verbs, speakers). Every span is a UTF-8 byte range into the text as
//! given; [`OffsetConverter`] turns it into code points or UTF-16 units at the edges.
//!
//! ```
//! let text = "وقال شي لبوتين \"يجب على الجانبين تعزيز التعاون\".";
//! let document = qawl::annotate(text);
//! let quote = &document.quotes[0];
//! assert_eq!(quote.span.slice(text), "يجب على الجانبين تعزيز التعاون");
//! let speaker = quote.speaker.as_ref().expect("Xi is the speaker");
//! assert_eq!(speaker.canonical, "شي جين بينغ");
//! assert_eq!(quote.addressee.as_ref().map(|a| a.span.slice(text)), Some("بوتين"));
//! ```
#![deny(missing_docs)]

pub mod batch;
pub mod conll;
pub mod decode;
pub mod entities;
mod error;
pub mod eval;
pub mod lexicon;
pub mod normalize;
pub mod quotes;
pub mod render;
pub mod span;
pub mod tokenize;
pub mod train;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::Error;
pub use span::{Document, Entity, Label, OffsetConverter, Participant, Quote, QuoteKind, Span};

use entities::model::Model;
use entities::Words;
use lexicon::Lexicon;
use std::sync::OnceLock;
use tokenize::Tokens;

/// `model` with the features of the words `lexicon` knows summed ahead ([`Model::knowing`]),
/// natively. The page's build leaves them out, since there start-up counts for more: summing
/// them took some 25 ms of WebAssembly in Chromium (first annotated article 166 -> 192 ms) and
/// saved 0.2-0.3 ms per seed article (none measurable at 1 and 10 MB), about a hundred articles
/// to win it back.
fn knowing(model: Model, lexicon: &Lexicon) -> Model {
    if cfg!(target_arch = "wasm32") {
        model
    } else {
        model.knowing(lexicon)
    }
}

/// An annotator with its word lists loaded and indexed; build it once and reuse it.
#[derive(Clone, Debug)]
pub struct Annotator {
    lexicon: Lexicon,
    model: Option<Model>,
}

impl Annotator {
    /// Loads the built-in word lists and the built-in tagger model.
    pub fn new() -> Result<Annotator, Error> {
        let lexicon = Lexicon::builtin()?;
        let model = knowing(Model::builtin()?, &lexicon);
        Ok(Annotator { lexicon, model: Some(model) })
    }

    /// Loads the built-in word lists only: gazetteers and rules, no model (training uses it,
    /// since a model made for an older feature set does not load).
    pub fn rules_only() -> Result<Annotator, Error> {
        Ok(Annotator { lexicon: Lexicon::builtin()?, model: None })
    }

    /// Finds the entities and quotations of `text`. Never fails and never panics.
    ///
    /// The memory a reading holds at once is kept small: about 110 KB for the median
    /// development article of 2.5 KB, 160 KB before. With more than 128 KB freed at the top of
    /// the heap, glibc's allocator gives it back to the system after every article and faults
    /// it in again for the next, which made a stream of news articles some 5% slower (`strace
    /// -c`: 3 `brk` calls an article before, 0.13 now).
    pub fn annotate(&self, text: &str) -> Document {
        self.annotate_with(text, self.model.as_ref())
    }

    /// Like [`Annotator::annotate`] with gazetteers and rules only, for measuring what the model
    /// adds.
    pub fn annotate_without_model(&self, text: &str) -> Document {
        self.annotate_with(text, None)
    }

    fn annotate_with(&self, text: &str, model: Option<&Model>) -> Document {
        let tokens = Tokens::new(text, &self.lexicon);
        let words = Words::new(&tokens);
        let analysis = entities::find(&words, &self.lexicon, model);
        let quotes = quotes::find(&words, &self.lexicon, &analysis);
        Document { entities: analysis.entities, quotes }
    }

    /// The tagger model in use, if any.
    pub fn model(&self) -> Option<&Model> {
        self.model.as_ref()
    }

    /// The same word lists with another model (`None`: gazetteers and rules only).
    pub fn with_model(mut self, model: Option<Model>) -> Annotator {
        self.model = model.map(|model| knowing(model, &self.lexicon));
        self
    }

    /// The same annotator with a personal list of names added to its word lists (the format of
    /// [`Lexicon::add_user_list`]); its names win over the built-in lists'.
    pub fn with_user_list(&self, list: &str) -> Result<Annotator, Error> {
        let mut annotator = self.clone();
        annotator.add_user_list(list)?;
        Ok(annotator)
    }

    /// Adds a personal list of names to the word lists (see [`Annotator::with_user_list`]);
    /// returns how many entries it has.
    pub fn add_user_list(&mut self, list: &str) -> Result<usize, Error> {
        let entries = self.lexicon.add_user_list(list)?;
        // What the lists say of the model's known words may have changed with them.
        self.model = self.model.take().map(|model| knowing(model, &self.lexicon));
        Ok(entries)
    }

    /// The word lists in use.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }
}

/// Annotates `text` with the built-in word lists, loaded on first use.
pub fn annotate(text: &str) -> Document {
    builtin().annotate(text)
}

/// The shared annotator with the built-in word lists.
pub fn builtin() -> &'static Annotator {
    static BUILTIN: OnceLock<Annotator> = OnceLock::new();
    // The built-in lists are checked by `lexicon::tests::builtin_lists_load`.
    BUILTIN.get_or_init(|| Annotator::new().expect("built-in word lists parse"))
}
