//! Many articles on all cores, results in input order, memory flat: the machinery behind
//! `qawl annotate` over many files or a JSON Lines stream.
//!
//! [`ordered_map`] reads items on one thread, works on them on `workers` threads and hands the
//! results to the caller's sink in input order. At most `window` items are between being read and
//! being written, so memory stays flat however long the stream is: the reader waits for a permit
//! that the sink returns after writing each result. A slow article holds back the results after
//! it (up to `window` of them), never more.
//!
//! Used by the native CLI; the page runs one article at a time in a worker of its own.

use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread;

/// Applies `work` to every item on `workers` threads and passes the results to `sink` in the
/// order of `items`. Stops early, returning the sink's error, when the sink fails (a closed pipe).
pub fn ordered_map<T, R, E>(
    items: impl Iterator<Item = T> + Send,
    workers: usize,
    window: usize,
    work: impl Fn(T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send,
    R: Send,
{
    let workers = workers.max(1);
    let window = window.max(workers);
    let (job_sender, job_receiver) = sync_channel::<(usize, T)>(workers);
    let job_receiver = Arc::new(Mutex::new(job_receiver));
    let (result_sender, result_receiver) = sync_channel::<(usize, R)>(window);
    let (permit_sender, permit_receiver) = sync_channel::<()>(window);
    for _ in 0..window {
        // Cannot fail: the channel has room for exactly `window` permits and its receiver lives.
        let _ = permit_sender.send(());
    }
    thread::scope(|scope| {
        scope.spawn(move || {
            for (index, item) in items.enumerate() {
                // No permit means the sink stopped: read no further.
                if permit_receiver.recv().is_err() || job_sender.send((index, item)).is_err() {
                    return;
                }
            }
        });
        let work = &work;
        for _ in 0..workers {
            let jobs = Arc::clone(&job_receiver);
            let results = result_sender.clone();
            scope.spawn(move || {
                while let Some((index, item)) = next_job(&jobs) {
                    if results.send((index, work(item))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(result_sender);
        // Moved in, so that a failing sink drops both ends and every thread stops waiting.
        write_in_order(result_receiver, permit_sender, &mut sink)
    })
}

/// Passes results to `sink` in index order, returning a permit to the reader for each one.
fn write_in_order<R, E>(
    results: Receiver<(usize, R)>,
    permits: SyncSender<()>,
    sink: &mut impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    let mut pending = BTreeMap::new();
    let mut next = 0;
    for (index, result) in results.iter() {
        pending.insert(index, result);
        while let Some(result) = pending.remove(&next) {
            sink(result)?;
            next += 1;
            let _ = permits.send(());
        }
    }
    Ok(())
}

/// The next job, or `None` when the reader is done; the lock is held only to take one job.
fn next_job<T>(jobs: &Mutex<Receiver<(usize, T)>>) -> Option<(usize, T)> {
    jobs.lock().ok()?.recv().ok()
}

/// One line of a JSON Lines input: `{"id": ..., "text": "..."}`, as read.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// The line's number in its input, from 1.
    pub number: usize,
    /// The raw bytes of the line, without the line break.
    pub bytes: Vec<u8>,
}

/// What a JSON Lines input line asks for, or why it cannot be used.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// The line's `id`, any JSON value, `null` when it has none.
    pub id: Value,
    /// The article, or the reason the line is bad.
    pub text: Result<String, String>,
}

impl Request {
    /// Reads `{"id": ..., "text": "..."}`: `text` must be a string, `id` may be any value or
    /// missing. A bad line keeps its id when it has one, so the error can be joined back.
    pub fn parse(line: &[u8]) -> Request {
        let value: Value = match serde_json::from_slice(line) {
            Ok(value) => value,
            Err(error) => {
                return Request { id: Value::Null, text: Err(format!("bad JSON: {error}")) }
            }
        };
        let Value::Object(mut object) = value else {
            return Request { id: Value::Null, text: Err("not a JSON object".to_string()) };
        };
        let id = object.remove("id").unwrap_or(Value::Null);
        let text = match object.remove("text") {
            Some(Value::String(text)) => Ok(text),
            Some(_) => Err("\"text\" is not a string".to_string()),
            None => Err("no \"text\"".to_string()),
        };
        Request { id, text }
    }
}

/// The output line for a bad input line.
#[derive(Serialize)]
pub struct LineError<'a> {
    /// The input line's id, or `null`.
    pub id: &'a Value,
    /// The input line's number, from 1.
    pub line: usize,
    /// The input file, when the lines came from a file rather than standard input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<&'a str>,
    /// Why the line was not annotated.
    pub error: &'a str,
}

/// The output line for an annotated file: its name, then the document, as [`crate::render::to_json`]
/// gives it, but serialized straight to text without building a JSON tree first (on a long
/// article the tree takes many times the memory of the text).
#[derive(Serialize)]
pub struct FileResult<'a> {
    /// The file's name as given, `null` for standard input.
    pub file: Option<&'a str>,
    /// The entities and quotes, with code-point offsets.
    #[serde(flatten)]
    pub document: crate::render::DocumentView<'a>,
}

/// The output line for an annotated input line: its id, then the document as in the CLI's JSON.
#[derive(Serialize)]
pub struct LineResult<'a> {
    /// The input line's id, or `null`.
    pub id: &'a Value,
    /// The entities and quotes, with code-point offsets.
    #[serde(flatten)]
    pub document: crate::render::DocumentView<'a>,
}

impl FileResult<'_> {
    /// The output line, with its line break: what serializing it with `serde_json` gives,
    /// written directly in one allocation (see [`crate::render::DocumentView::write_json_members`]).
    pub fn json_line(&self) -> String {
        let mut line = String::new();
        line.push_str("{\"file\":");
        match self.file {
            Some(file) => crate::render::write_json_string(&mut line, file),
            None => line.push_str("null"),
        }
        line.push(',');
        self.document.write_json_members(&mut line);
        line.push_str("}\n");
        line
    }
}

impl LineResult<'_> {
    /// The output line, with its line break: what serializing it with `serde_json` gives,
    /// written directly as [`FileResult::json_line`] is.
    pub fn json_line(&self) -> String {
        let mut line = String::new();
        line.push_str("{\"id\":");
        // An id is any JSON value, small: the serializer writes it.
        line.push_str(&serde_json::to_string(self.id).unwrap_or_else(|_| "null".to_string()));
        line.push(',');
        self.document.write_json_members(&mut line);
        line.push_str("}\n");
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_whatever_the_work_takes() {
        let mut seen = Vec::new();
        let items = (0..200u64).map(|i| (i, (i * 7919) % 13));
        let work = |(i, delay): (u64, u64)| {
            thread::sleep(std::time::Duration::from_micros(delay * 50));
            i * 2
        };
        ordered_map(items, 4, 8, work, |r| {
            seen.push(r);
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(seen, (0..200).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_failing_sink_stops_the_reading() {
        let read = std::sync::atomic::AtomicUsize::new(0);
        let items = (0..1_000_000).inspect(|_| {
            read.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
        let result = ordered_map(items, 2, 4, |i| i, |i| if i == 10 { Err(i) } else { Ok(()) });
        assert_eq!(result, Err(10));
        let read = read.load(std::sync::atomic::Ordering::Relaxed);
        assert!(read < 100, "read {read} items after the sink failed; the window is 4");
    }

    #[test]
    fn json_lines_are_written_as_serde_json_writes_them() {
        // Every seed, then texts whose spans hold every char JSON escapes, DEL, an emoji and a
        // lone combining mark.
        let mut texts: Vec<String> = std::fs::read_dir("seeds")
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "txt"))
            .map(|path| std::fs::read_to_string(path).unwrap())
            .collect();
        texts.push(
            "قال الرئيس الروسي فلاديمير بوتين: \"نحن \\ \u{1}\u{8}\t\r\u{c}\u{1f}\u{7f} 👍 هنا\"\nوأضاف أن \"ٌ\" بوتين".to_string(),
        );
        texts.push(String::new());
        let annotator = crate::builtin();
        let id = Value::from("a\"1\n");
        for text in &texts {
            let document = annotator.annotate(text);
            let offsets = crate::OffsetConverter::code_points(text);
            for file in [None, Some("dir/a \"b\"\\.txt")] {
                let view = crate::render::DocumentView::new(text, &document, &offsets);
                let result = FileResult { file, document: view };
                let expected = serde_json::to_string(&result).unwrap() + "\n";
                assert_eq!(result.json_line(), expected, "file line of {text:?}");
            }
            let view = crate::render::DocumentView::new(text, &document, &offsets);
            let result = LineResult { id: &id, document: view };
            let expected = serde_json::to_string(&result).unwrap() + "\n";
            assert_eq!(result.json_line(), expected, "JSON Lines line of {text:?}");
        }
    }

    #[test]
    fn json_strings_are_escaped_as_serde_json_escapes_them() {
        let mut all_bytes: String = (0u8..0x80).map(char::from).collect();
        all_bytes.push_str("قال «» \u{200f} 👍 \u{ffff}");
        for text in [all_bytes.as_str(), "", "\"", "\\", "\u{0}", "ab\ncd\"", "نص\u{1f}"] {
            let mut written = String::new();
            crate::render::write_json_string(&mut written, text);
            assert_eq!(written, serde_json::to_string(text).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn requests_parse_or_say_why_not() {
        let cases: [(&str, Value, Result<&str, &str>); 7] = [
            (r#"{"id": "a1", "text": "قال"}"#, "a1".into(), Ok("قال")),
            (r#"{"id": 7, "text": ""}"#, 7.into(), Ok("")),
            (r#"{"text": "x", "extra": true}"#, Value::Null, Ok("x")),
            (r#"{"id": 8, "text": 5}"#, 8.into(), Err("\"text\" is not a string")),
            (r#"{"id": 9}"#, 9.into(), Err("no \"text\"")),
            (r#"[1, 2]"#, Value::Null, Err("not a JSON object")),
            (r#"{"id": 1, "text": "unterminated"#, Value::Null, Err("bad JSON")),
        ];
        for (line, id, expected) in cases {
            let request = Request::parse(line.as_bytes());
            assert_eq!(request.id, id, "{line}");
            match (request.text, expected) {
                (Ok(text), Ok(expected)) => assert_eq!(text, expected),
                (Err(error), Err(expected)) => assert!(error.starts_with(expected), "{error}"),
                (got, expected) => panic!("{line}: got {got:?}, expected {expected:?}"),
            }
        }
    }
}
