//! The JavaScript boundary: the only file that knows JavaScript and UTF-16.
//!
//! `annotate(text)` returns a plain object in the CLI's JSON schema with every offset in UTF-16
//! code units, so that `text.slice(start, end)` in JavaScript is exact. Nothing stays on the Rust
//! heap: the result is copied out. A JavaScript string with lone surrogates arrives with each one
//! replaced by U+FFFD, which is also one UTF-16 unit, so offsets still match the caller's string.
//!
//! A panic cannot unwind out of WebAssembly; the hook installed by `start` keeps its message so
//! that the page can show it (`lastPanic()`) after the call throws, instead of dying silently.

use crate::render::DocumentView;
use crate::span::OffsetConverter;
use serde::Serialize;
use std::sync::Mutex;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A span with its text; offsets are UTF-16 code units into the annotated string. */
export interface Spanned { start: number; end: number; text: string; }
/** A speaker or addressee. `entity` is the id shared by all mentions of one entity, or null. */
export interface Participant extends Spanned { canonical: string; entity: number | null; }
export type Label = "PER" | "LOC" | "ORG" | "NORP" | "DATE" | "TIME" | "MONEY" | "PERCENT";
export interface Entity extends Spanned {
  label: Label; canonical: string; entity: number | null;
  /** Which gazetteer, rule or model found it, e.g. "gazetteer:persons". */
  source: string;
}
export interface Quote extends Spanned {
  kind: "direct" | "partial" | "colon" | "indirect";
  speaker: Participant | null; cue: Spanned | null; addressee: Participant | null;
  /** Who relays the speaker's words in a reported chain (the agency in "نقلت الوكالة عن X"). */
  via: Participant | null;
  source: string;
}
export interface Annotations { entities: Entity[]; quotes: Quote[]; elapsedMs: number; }
export interface Sample { id: string; title: string; text: string; }
"#;

/// The last panic message, for the page to show after a call failed.
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);

    /// `performance.now()` of the global scope: a window or a worker.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Installs the panic hook and builds the word lists' indexes; wasm-bindgen runs it when the
/// module is instantiated, so the page's loading state covers the set-up and the first article
/// is annotated as fast as the next ones.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        console_error(&format!("qawl panicked: {message}"));
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = message;
        }
    }));
    crate::builtin();
}

/// The message of the last panic, or an empty string.
#[wasm_bindgen(js_name = lastPanic)]
pub fn last_panic() -> String {
    LAST_PANIC.lock().map(|last| last.clone()).unwrap_or_default()
}

/// Panics on purpose with `message`. The page's worker calls it only when the page asks it to, so
/// that the end-to-end tests can check that a failing core is reported and loses no text; it reads
/// and writes nothing.
#[wasm_bindgen(js_name = panicNow)]
pub fn panic_now(message: &str) {
    panic!("panicNow: {message}");
}

#[derive(Serialize)]
struct Annotated<'a> {
    #[serde(flatten)]
    document: DocumentView<'a>,
    #[serde(rename = "elapsedMs")]
    elapsed_ms: f64,
}

fn now_ms() -> f64 {
    performance_now()
}

/// Errors become JavaScript `Error`s with a readable message.
fn to_js_error(error: impl std::fmt::Display) -> JsError {
    JsError::new(&error.to_string())
}

/// Finds the entities and quotations of `text`, with UTF-16 offsets, and how long it took in
/// milliseconds (`elapsedMs`, from `performance.now()`).
#[wasm_bindgen(unchecked_return_type = "Annotations")]
pub fn annotate(text: &str) -> Result<JsValue, JsError> {
    annotate_with(crate::builtin(), text)
}

/// An annotator with a personal list of names added to the built-in word lists, in the
/// gazetteers' format with `#! PER` (`LOC`, `ORG`, `NORP`) lines for the type (see
/// `Lexicon::add_user_list`). Its names win over the built-in ones and are found with the source
/// `user:list`. Call `free()` when replacing it.
#[wasm_bindgen(js_name = Annotator)]
pub struct UserAnnotator {
    annotator: crate::Annotator,
    entries: usize,
}

#[wasm_bindgen(js_class = Annotator)]
impl UserAnnotator {
    /// Builds the annotator; throws an `Error` naming the line of a bad list.
    #[wasm_bindgen(constructor)]
    pub fn new(list: &str) -> Result<UserAnnotator, JsError> {
        let mut annotator = crate::builtin().clone();
        let entries = annotator.add_user_list(list).map_err(to_js_error)?;
        Ok(UserAnnotator { annotator, entries })
    }

    /// How many entries the personal list has.
    #[wasm_bindgen(getter)]
    pub fn entries(&self) -> usize {
        self.entries
    }

    /// Like `annotate(text)`, with the personal list.
    #[wasm_bindgen(unchecked_return_type = "Annotations")]
    pub fn annotate(&self, text: &str) -> Result<JsValue, JsError> {
        annotate_with(&self.annotator, text)
    }
}

fn annotate_with(annotator: &crate::Annotator, text: &str) -> Result<JsValue, JsError> {
    let started = now_ms();
    let document = annotator.annotate(text);
    let offsets = OffsetConverter::utf16(text);
    let view = Annotated {
        document: DocumentView::new(text, &document, &offsets),
        elapsed_ms: now_ms() - started,
    };
    view.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(to_js_error)
}

/// The seed articles bundled with the page: id, title and text.
const SAMPLES: [(&str, &str, &str); 5] = [
    (
        "2024-02-09-jakarta-trade-record",
        "جاكرتا: تجارة قياسية بين روسيا والصين (عنترة، 2024)",
        include_str!("../seeds/2024-02-09-jakarta-trade-record.txt"),
    ),
    (
        "2024-02-08-xi-putin-call-outside-interference",
        "شي وبوتين يرفضان «التدخل الخارجي» (2024)",
        include_str!("../seeds/2024-02-08-xi-putin-call-outside-interference.txt"),
    ),
    (
        "2022-12-30-putin-xi-just-world-order",
        "بوتين: التعاون الروسي الصيني ونظام عالمي عادل (2022)",
        include_str!("../seeds/2022-12-30-putin-xi-just-world-order.txt"),
    ),
    (
        "2026-02-04-kuna-xi-putin-video-call",
        "كونا: اتصال مرئي بين شي وبوتين (2026)",
        include_str!("../seeds/2026-02-04-kuna-xi-putin-video-call.txt"),
    ),
    (
        "2024-02-08-xi-urges-strategic-coordination",
        "الرئيس الصيني يدعو إلى تنسيق استراتيجي مع روسيا (2024)",
        include_str!("../seeds/2024-02-08-xi-urges-strategic-coordination.txt"),
    ),
];

/// The sample articles bundled with the page: the five seed articles.
#[wasm_bindgen(unchecked_return_type = "Sample[]")]
pub fn samples() -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Sample {
        id: &'static str,
        title: &'static str,
        text: &'static str,
    }
    let samples: Vec<Sample> =
        SAMPLES.iter().map(|&(id, title, text)| Sample { id, title, text }).collect();
    samples.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(to_js_error)
}
