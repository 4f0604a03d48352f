//! The `qawl` command line: annotate articles as JSON Lines or marked-up text, tag CoNLL files,
//! and score against gold files.

use qawl::eval::{Counts, Scores};
use qawl::{render, Annotator};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage:
  qawl annotate [--format json|text] [FILE ...]   JSON Lines (code-point offsets), one object per file;
                                                  standard input when no file is given
  qawl conll [--score] FILE                       add a column of predicted IOB2 tags (B-PERS, I-LOC, ...);
                                                  --score prints strict span F1 against the gold column
  qawl eval [--errors] DIR                        score every DIR/*.gold.json against its .txt
  qawl ner-scores [DATA]                          strict span F1 of rules, model and both on ANERcorp's test
                                                  files and AQMAR (DATA: ../shared/data)
  qawl train-model [--epochs N] [--dropout PERCENT] [--hold-out N] [--min-weight N]
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
    // Training needs the word lists only: the model it replaces may be out of date.
    let loaded = if command == "train-model" { Annotator::rules_only() } else { Annotator::new() };
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

/// Reads one article as UTF-8 text, with a one-line reason when it cannot be used.
fn read_article(path: &Path) -> Result<String, String> {
    if path.is_dir() {
        return Err("is a directory".to_string());
    }
    let bytes = std::fs::read(path).map_err(|error| match error.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    })?;
    let text = String::from_utf8(bytes).map_err(|error| {
        format!("not valid UTF-8 (first bad byte at offset {})", error.utf8_error().valid_up_to())
    })?;
    if text.trim().is_empty() {
        return Err("empty file".to_string());
    }
    Ok(text)
}

fn annotate(annotator: &Annotator, args: &[String]) -> Result<bool, String> {
    let mut format = "json";
    let mut files: Vec<&str> = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--format" => {
                format = iter.next().map(String::as_str).ok_or("--format needs json or text")?
            }
            flag if flag.starts_with("--format=") => format = &flag["--format=".len()..],
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            file => files.push(file),
        }
    }
    if !["json", "text"].contains(&format) {
        return Err(format!("unknown format {format:?} (json or text)"));
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut all_good = true;
    let emit =
        |name: Option<&str>, text: &str, out: &mut BufWriter<io::StdoutLock>| -> io::Result<()> {
            let document = annotator.annotate(text);
            if format == "text" {
                if let Some(name) = name {
                    writeln!(out, "== {name}")?;
                }
                write!(out, "{}", render::terminal(text, &document))
            } else {
                writeln!(out, "{}", render::to_json(name, text, &document))
            }
        };
    if files.is_empty() {
        let mut text = String::new();
        if let Err(error) = io::stdin().read_to_string(&mut text) {
            return Err(format!("standard input: {error}"));
        }
        emit(None, &text, &mut out).map_err(io_failure)?;
    }
    for file in files {
        match read_article(Path::new(file)) {
            Ok(text) => emit(Some(file), &text, &mut out).map_err(io_failure)?,
            Err(reason) => {
                let _ = out.flush();
                eprintln!("qawl: {file}: {reason}");
                all_good = false;
            }
        }
    }
    out.flush().map_err(io_failure)?;
    Ok(all_good)
}

fn conll(annotator: &Annotator, args: &[String]) -> Result<bool, String> {
    let score = args.iter().any(|a| a == "--score");
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [file] = files.as_slice() else {
        return Err("conll needs exactly one FILE".to_string());
    };
    let text =
        read_article(Path::new(file.as_str())).map_err(|reason| format!("{file}: {reason}"))?;
    let tagged = qawl::conll::tag(annotator, &text);
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
            "--min-weight" => {
                options.min_weight = number(value("--min-weight")?)?.min(127) as i8;
            }
            "--dropout" => options.dropout = number(value("--dropout")?)?,
            "--out" => out = value("--out")?,
            other => data = other.to_string(),
        }
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
