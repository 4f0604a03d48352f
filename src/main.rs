//! The `qawl` command line: annotate articles as JSON Lines or marked-up text, tag CoNLL files,
//! and score against gold files.

use qawl::batch::{ordered_map, FileResult, Line, LineError, LineResult, Request};
use qawl::decode::{decode, Decoded};
use qawl::entities::model::Model;
use qawl::eval::{Counts, Scores};
use qawl::render::{self, DocumentView};
use qawl::{Annotator, OffsetConverter};
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// The allocator of the command line. Annotating an article makes some 290 allocations (the
/// tables of its positions, names, quotes), and glibc's allocator spent about 8% of the
/// instructions of a news article on them: with mimalloc the 48 development and blind articles
/// read one after another 5.3% faster in the criterion bench (5.9% in a plain loop, medians of
/// interleaved runs). The library sets no allocator; a program embedding it chooses its own.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage:
  qawl annotate [--format json|text] [--jobs N] [FILE ...]
                                      JSON Lines (code-point offsets), one object per file, in order;
                                      standard input when no file is given; UTF-16 and Windows-1256
                                      files are decoded (said on standard error)
  qawl annotate --jsonl [--format json|text] [--jobs N] [FILE ...]
                                      JSON Lines in ({\"id\", \"text\"} per line; standard input when no
                                      file is given), one result line out per line in, in order;
                                      a bad line gives {\"id\", \"line\", \"error\"}
  qawl conll [--score] [--model-only] FILE        add a column of predicted IOB2 tags (B-PERS, I-LOC, ...);
                                                  --score prints strict span F1 against the gold column;
                                                  --model-only tags with the learned model alone
  qawl eval [--errors] DIR                        score every DIR/*.gold.json against its .txt
  qawl ner-scores [DATA]                          strict span F1 of rules, model and both on ANERcorp's test
                                                  files, AQMAR and the Wojood sample's val and test files
                                                  (PERS/LOC/ORG only; DATA: ../shared/data)
  qawl COMMAND --model FILE ...                   eval, conll, ner-scores, annotate with another model file
  qawl train-model [--epochs N] [--dropout PERCENT] [--hold-out N [--fold K]] [--min-weight N]
                  [--min-count N] [--cost N] [--miss-cost N]
                  [--out FILE] [TRAIN]
                                                  train the tagger on TRAIN (../shared/data/anercorp/train.txt)
                                                  and write FILE (src/data/ner_model.generated.bin)";

const BROKEN_PIPE: &str = "broken pipe";

/// Writes to standard output; a closed pipe becomes [`BROKEN_PIPE`].
fn write_out(text: &str) -> Result<(), String> {
    io::stdout().lock().write_all(text.as_bytes()).map_err(io_failure)
}

fn io_failure(error: io::Error) -> String {
    if error.kind() == io::ErrorKind::BrokenPipe {
        BROKEN_PIPE.to_string()
    } else {
        error.to_string()
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    // `--model FILE` anywhere after the command: another model than the embedded one, to measure
    // a retrained model without rebuilding.
    let (model_file, rest) = match rest.iter().position(|a| a == "--model") {
        Some(at) if at + 1 < rest.len() && command != "train-model" => {
            let mut others = rest.to_vec();
            let file = others.remove(at + 1);
            others.remove(at);
            (Some(file), others)
        }
        _ => (None, rest.to_vec()),
    };
    let rest = rest.as_slice();
    // Training needs the word lists only: the model it replaces may be out of date.
    let loaded = if command == "train-model" || model_file.is_some() {
        Annotator::rules_only()
    } else {
        Annotator::new()
    };
    let loaded = loaded.map_err(|error| error.to_string()).and_then(|annotator| match model_file {
        Some(file) => std::fs::read(&file)
            .map_err(|e| format!("{file}: {e}"))
            .and_then(|bytes| Model::from_bytes(&bytes).map_err(|e| format!("{file}: {e}")))
            .map(|model| annotator.with_model(Some(model))),
        None => Ok(annotator),
    });
    let annotator = match loaded {
        Ok(annotator) => annotator,
        Err(error) => {
            eprintln!("qawl: {error}");
            return ExitCode::from(2);
        }
    };
    let result = match command.as_str() {
        "annotate" => annotate(&annotator, rest),
        "conll" => conll(&annotator, rest),
        "eval" => eval(&annotator, rest),
        "ner-scores" => {
            let data = rest.first().map_or("../shared/data", String::as_str);
            write_out(&qawl::conll::report(&annotator, Path::new(data))).map(|()| true)
        }
        "train-model" => train_model(&annotator, rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(true)
        }
        other => Err(format!("unknown command {other:?}\n{USAGE}")),
    };
    // The process ends here: the operating system takes back the word lists and the model at
    // once, which is much cheaper than freeing their many allocations one by one.
    std::mem::forget(annotator);
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        // The reader went away (`qawl eval seeds/ | head`): nothing more to say.
        Err(message) if message == BROKEN_PIPE => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("qawl: {message}");
            ExitCode::from(2)
        }
    }
}

/// Reads one article, decoding UTF-16 and Windows-1256, with a one-line reason when it cannot
/// be used. Says on standard error when the file was not UTF-8.
fn read_article(path: &Path) -> Result<String, String> {
    let decoded = read_decoded(path)?;
    if let Some(note) = decoded.note() {
        eprintln!("qawl: {}: {note}", path.display());
    }
    Ok(decoded.text)
}

fn read_decoded(path: &Path) -> Result<Decoded, String> {
    if path.is_dir() {
        return Err("is a directory".to_string());
    }
    let bytes = std::fs::read(path).map_err(|error| match error.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    })?;
    check_decoded(decode(&bytes))
}

fn check_decoded(decoded: Result<Decoded, String>) -> Result<Decoded, String> {
    let decoded = decoded?;
    if decoded.text.trim().is_empty() {
        return Err("empty file".to_string());
    }
    Ok(decoded)
}

/// One unit of work for `annotate`: a whole article, or one line of a JSON Lines input.
enum Job {
    /// An article file.
    File(String),
    /// Standard input as one article.
    Stdin(Vec<u8>),
    /// One JSON Lines line, from a named file or standard input (`None`).
    Line(Option<Arc<str>>, Line),
    /// A file or stream that could not be opened or read on.
    Unreadable(String, String),
}

/// What `annotate` prints for one job, in input order.
#[derive(Default)]
struct Outcome {
    stdout: String,
    stderr: Vec<String>,
    failed: bool,
    /// Input bytes, for the progress line.
    bytes: usize,
}

impl Outcome {
    fn failure(message: String) -> Outcome {
        Outcome { stderr: vec![message], failed: true, ..Outcome::default() }
    }
}

struct Options {
    format: Format,
    json_lines: bool,
    jobs: usize,
    sources: Vec<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Json,
    Text,
}

fn annotate_options(args: &[String]) -> Result<Options, String> {
    let mut format = "json".to_string();
    let mut json_lines = false;
    let mut jobs = thread::available_parallelism().map_or(1, |n| n.get());
    let mut sources = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |what: &str| {
            inline.clone().or_else(|| iter.next().cloned()).ok_or(format!("{flag} needs {what}"))
        };
        match flag {
            "--format" => format = value("json or text")?,
            "--jsonl" => json_lines = true,
            "--jobs" | "-j" => {
                jobs = value("a number")?
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or(format!("{flag} needs a number above 0"))?
            }
            "-" => sources.push(arg.clone()),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            _ => sources.push(arg.clone()),
        }
    }
    let format = match format.as_str() {
        "json" => Format::Json,
        "text" => Format::Text,
        other => return Err(format!("unknown format {other:?} (json or text)")),
    };
    Ok(Options { format, json_lines, jobs, sources })
}

/// The jobs of a JSON Lines input, read one line at a time from each source in turn.
fn line_jobs(sources: Vec<String>) -> impl Iterator<Item = Job> + Send {
    let sources = if sources.is_empty() { vec!["-".to_string()] } else { sources };
    sources.into_iter().flat_map(|source| {
        let (name, reader): (Option<Arc<str>>, Box<dyn BufRead + Send>) = if source == "-" {
            (None, Box::new(BufReader::with_capacity(1 << 16, io::stdin())))
        } else {
            match std::fs::File::open(&source) {
                Ok(file) => (Some(source.as_str().into()), Box::new(BufReader::new(file))),
                Err(error) => {
                    let reason = if error.kind() == io::ErrorKind::NotFound {
                        "no such file".to_string()
                    } else {
                        error.to_string()
                    };
                    let unreadable: Box<dyn Iterator<Item = Job> + Send> =
                        Box::new(std::iter::once(Job::Unreadable(source, reason)));
                    return unreadable;
                }
            }
        };
        let label = name.as_deref().unwrap_or("standard input").to_string();
        let mut reader = reader;
        let mut number = 0;
        let mut done = false;
        Box::new(std::iter::from_fn(move || {
            if done {
                return None;
            }
            let mut bytes = Vec::new();
            match reader.read_until(b'\n', &mut bytes) {
                Ok(0) => None,
                Ok(_) => {
                    number += 1;
                    if bytes.last() == Some(&b'\n') {
                        bytes.pop();
                        if bytes.last() == Some(&b'\r') {
                            bytes.pop();
                        }
                    }
                    Some(Job::Line(name.clone(), Line { number, bytes }))
                }
                Err(error) => {
                    done = true;
                    Some(Job::Unreadable(label.clone(), format!("read failed: {error}")))
                }
            }
        }))
    })
}

/// Annotates one job into what to print.
fn run_job(annotator: &Annotator, format: Format, job: Job) -> Outcome {
    let article = |name: Option<&str>, decoded: Result<Decoded, String>, bytes: usize| {
        let label = name.unwrap_or("standard input");
        let decoded = match check_decoded(decoded) {
            Ok(decoded) => decoded,
            Err(reason) => return Outcome::failure(format!("{label}: {reason}")),
        };
        let stderr = decoded.note().map(|note| format!("{label}: {note}")).into_iter().collect();
        let text = decoded.text;
        let document = annotator.annotate(&text);
        let stdout = match format {
            Format::Text => {
                let heading = name.map(|name| format!("== {name}\n")).unwrap_or_default();
                heading + &render::terminal(&text, &document)
            }
            Format::Json => {
                let offsets = OffsetConverter::code_points(&text);
                let document = DocumentView::new(&text, &document, &offsets);
                FileResult { file: name, document }.json_line()
            }
        };
        Outcome { stdout, stderr, failed: false, bytes }
    };
    match job {
        Job::File(file) => {
            let bytes = std::fs::metadata(&file).map_or(0, |m| m.len() as usize);
            article(Some(&file), read_decoded(Path::new(&file)), bytes)
        }
        Job::Stdin(bytes) => article(None, decode(&bytes), bytes.len()),
        Job::Unreadable(source, reason) => Outcome::failure(format!("{source}: {reason}")),
        Job::Line(file, line) => {
            let bytes = line.bytes.len() + 1;
            let request = Request::parse(&line.bytes);
            let text = match request.text {
                Ok(text) => text,
                Err(reason) => {
                    let where_ = file.as_deref().unwrap_or("standard input");
                    let message = format!("{where_}: line {}: {reason}", line.number);
                    let error = LineError {
                        id: &request.id,
                        line: line.number,
                        file: file.as_deref(),
                        error: &reason,
                    };
                    let stdout = match format {
                        Format::Json => json_line(&error),
                        Format::Text => String::new(),
                    };
                    let stderr = if format == Format::Text { vec![message] } else { Vec::new() };
                    return Outcome { stdout, stderr, failed: true, bytes };
                }
            };
            let document = annotator.annotate(&text);
            let stdout = match format {
                Format::Json => {
                    let offsets = OffsetConverter::code_points(&text);
                    let document = DocumentView::new(&text, &document, &offsets);
                    LineResult { id: &request.id, document }.json_line()
                }
                Format::Text => {
                    format!("== {}\n{}", request.id, render::terminal(&text, &document))
                }
            };
            Outcome { stdout, stderr: Vec::new(), failed: false, bytes }
        }
    }
}

fn json_line(value: &impl serde::Serialize) -> String {
    // Serializing plain structs of strings and numbers into a String cannot fail.
    serde_json::to_string(value).unwrap_or_default() + "\n"
}

/// A one-line progress report on standard error, redrawn at most four times a second, shown
/// only when standard error is a terminal.
struct Progress {
    shown: bool,
    started: Instant,
    drawn: Instant,
    jobs: usize,
    bytes: usize,
}

impl Progress {
    fn new() -> Progress {
        let now = Instant::now();
        Progress { shown: io::stderr().is_terminal(), started: now, drawn: now, jobs: 0, bytes: 0 }
    }

    fn add(&mut self, bytes: usize) {
        self.jobs += 1;
        self.bytes += bytes;
        if self.shown && self.drawn.elapsed() >= Duration::from_millis(250) {
            self.drawn = Instant::now();
            self.draw();
        }
    }

    fn draw(&self) {
        let megabytes = self.bytes as f64 / 1e6;
        let rate = megabytes / self.started.elapsed().as_secs_f64().max(1e-9);
        eprint!("\r\x1b[Kqawl: {} done, {megabytes:.1} MB, {rate:.1} MB/s", self.jobs);
    }

    /// Clears the line before a message, so that messages never mix with the report.
    fn clear(&self) {
        if self.shown {
            eprint!("\r\x1b[K");
        }
    }

    fn finish(&self) {
        if self.shown && self.jobs > 0 {
            self.draw();
            eprintln!();
        }
    }
}

fn annotate(annotator: &Annotator, args: &[String]) -> Result<bool, String> {
    let options = annotate_options(args)?;
    let format = options.format;
    let jobs: Box<dyn Iterator<Item = Job> + Send> = if options.json_lines {
        Box::new(line_jobs(options.sources))
    } else if options.sources.is_empty() || options.sources == ["-"] {
        let mut bytes = Vec::new();
        if let Err(error) = io::stdin().read_to_end(&mut bytes) {
            return Err(format!("standard input: {error}"));
        }
        Box::new(std::iter::once(Job::Stdin(bytes)))
    } else {
        Box::new(options.sources.into_iter().map(Job::File))
    };
    // Flush whenever nothing more is in flight, so that a pipeline feeding one line at a time
    // gets each answer without waiting for the buffer to fill.
    let read = AtomicUsize::new(0);
    let jobs = jobs.inspect(|_| {
        read.fetch_add(1, Ordering::SeqCst);
    });
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut all_good = true;
    let mut written = 0;
    let mut progress = Progress::new();
    let window = 4 * options.jobs;
    let work = |job| run_job(annotator, format, job);
    ordered_map(jobs, options.jobs, window, work, |outcome: Outcome| {
        out.write_all(outcome.stdout.as_bytes())?;
        if !outcome.stderr.is_empty() {
            out.flush()?;
            progress.clear();
            for message in &outcome.stderr {
                eprintln!("qawl: {message}");
            }
        }
        all_good &= !outcome.failed;
        written += 1;
        progress.add(outcome.bytes);
        if written == read.load(Ordering::SeqCst) {
            out.flush()?;
        }
        Ok(())
    })
    .map_err(io_failure)?;
    out.flush().map_err(io_failure)?;
    progress.finish();
    Ok(all_good)
}

fn conll(annotator: &Annotator, args: &[String]) -> Result<bool, String> {
    let score = args.iter().any(|a| a == "--score");
    let tagger = if args.iter().any(|a| a == "--model-only") {
        qawl::conll::Tagger::Model
    } else {
        qawl::conll::Tagger::Combined
    };
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [file] = files.as_slice() else {
        return Err("conll needs exactly one FILE".to_string());
    };
    let text =
        read_article(Path::new(file.as_str())).map_err(|reason| format!("{file}: {reason}"))?;
    let tagged = qawl::conll::tag_with(annotator, &text, tagger);
    if !score {
        write_out(&tagged)?;
        return Ok(true);
    }
    let scores = qawl::conll::score(&tagged);
    let mut total = Counts::default();
    let mut report = format!("strict span scores for {file}:\n");
    for (kind, counts) in &scores {
        report.push_str(&format_counts(kind, counts));
        total.add(*counts);
    }
    report.push_str(&format_counts("micro", &total));
    write_out(&report)?;
    Ok(true)
}

fn train_model(annotator: &Annotator, args: &[String]) -> Result<bool, String> {
    let mut options = qawl::train::Options::default();
    let mut out = "src/data/ner_model.generated.bin".to_string();
    let mut data = "../shared/data/anercorp/train.txt".to_string();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = |name: &str| rest.next().cloned().ok_or(format!("{name} needs a value"));
        let number = |text: String| text.parse::<u32>().map_err(|e| format!("{text}: {e}"));
        match arg.as_str() {
            "--epochs" => options.epochs = number(value("--epochs")?)?,
            "--hold-out" => options.hold_out = number(value("--hold-out")?)? as usize,
            "--fold" => options.fold = number(value("--fold")?)? as usize,
            "--min-count" => options.min_count = number(value("--min-count")?)? as usize,
            "--min-weight" => {
                options.min_weight = number(value("--min-weight")?)?.min(127) as i8;
            }
            "--dropout" => options.dropout = number(value("--dropout")?)?,
            "--cost" => options.cost = number(value("--cost")?)?,
            "--miss-cost" => options.miss_cost = number(value("--miss-cost")?)?,
            "--out" => out = value("--out")?,
            other => data = other.to_string(),
        }
    }
    if options.fold > 0 && options.fold >= options.hold_out {
        return Err(format!(
            "--fold {} needs --hold-out N with N above it (folds are numbered from 0)",
            options.fold
        ));
    }
    let bytes = std::fs::read(&data).map_err(|e| format!("{data}: {e}"))?;
    let started = std::time::Instant::now();
    let (model, report) = qawl::train::train(annotator.lexicon(), &bytes, options);
    std::fs::write(&out, model).map_err(|e| format!("{out}: {e}"))?;
    write_out(&format!("{report}wrote {out} in {:.1} s\n", started.elapsed().as_secs_f64()))?;
    Ok(true)
}

fn format_counts(name: &str, c: &Counts) -> String {
    format!("  {name:<6} {}\n", c.summary())
}

fn eval(annotator: &Annotator, args: &[String]) -> Result<bool, String> {
    let errors = args.iter().any(|a| a == "--errors");
    let dirs: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [dir] = dirs.as_slice() else {
        return Err("eval needs exactly one DIR".to_string());
    };
    let mut golds: Vec<PathBuf> = std::fs::read_dir(dir.as_str())
        .map_err(|e| format!("{dir}: {e}"))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.to_string_lossy().ends_with(".gold.json"))
        .collect();
    golds.sort();
    if golds.is_empty() {
        return Err(format!("{dir}: no .gold.json files"));
    }
    let mut scores = Scores::default();
    let mut all_good = true;
    for gold_path in golds {
        let text_path = PathBuf::from(gold_path.to_string_lossy().replace(".gold.json", ".txt"));
        let loaded = read_article(&gold_path).and_then(|gold| {
            let gold: serde_json::Value =
                serde_json::from_str(&gold).map_err(|e| format!("bad JSON: {e}"))?;
            Ok((
                gold,
                read_article(&text_path).map_err(|e| format!("{}: {e}", text_path.display()))?,
            ))
        });
        let (gold, text) = match loaded {
            Ok(loaded) => loaded,
            Err(reason) => {
                eprintln!("qawl: {}: {reason}", gold_path.display());
                all_good = false;
                continue;
            }
        };
        let document = annotator.annotate(&text);
        let predicted = render::to_json(None, &text, &document);
        if errors {
            let name = gold_path.display().to_string();
            write_out(&qawl::eval::differences(&name, &gold, &predicted))?;
        }
        scores.add(&gold, &predicted);
    }
    write_out(&scores.report())?;
    Ok(all_good)
}
