//! The command line as users and the outside evaluation call it: JSON Lines with code-point
//! offsets, bad files reported one per line while the good ones are still processed.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::Command;

fn qawl() -> Command {
    Command::new(env!("CARGO_BIN_EXE_qawl"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qawl-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn code_point_offsets_slice_the_text_as_read() {
    let dir = scratch("offsets");
    // Diacritics, tatweel, an emoji (two UTF-16 units, one code point) and Latin before names.
    let text = "👍 قالَ بوتـــين لـCNN إن «التعاون مع الصين مهم جدا».\n";
    let file = dir.join("a.txt");
    std::fs::write(&file, text).unwrap();
    let output = qawl().args(["annotate", file.to_str().unwrap()]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let line = String::from_utf8(output.stdout).unwrap();
    let json: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    let points: Vec<char> = text.chars().collect();
    let slice = |v: &serde_json::Value| -> String {
        let (start, end) =
            (v["start"].as_u64().unwrap() as usize, v["end"].as_u64().unwrap() as usize);
        points[start..end].iter().collect()
    };
    let entities = json["entities"].as_array().unwrap();
    let texts: Vec<String> = entities.iter().map(slice).collect();
    assert!(texts.contains(&"بوتـــين".to_string()), "tatweel stays inside the name: {texts:?}");
    assert!(texts.contains(&"CNN".to_string()), "the proclitic stays outside: {texts:?}");
    for entity in entities {
        assert_eq!(slice(entity), entity["text"].as_str().unwrap());
    }
    let quote = &json["quotes"][0];
    assert_eq!(slice(quote), "التعاون مع الصين مهم جدا");
    assert_eq!(quote["speaker"]["canonical"], "فلاديمير بوتين");
    assert_eq!(slice(&quote["addressee"]), "CNN");
    assert_eq!(json["file"], file.to_str().unwrap());
}

#[test]
fn bad_files_are_reported_and_good_ones_still_processed() {
    let dir = scratch("bad");
    let good = dir.join("good.txt");
    std::fs::write(&good, "قال بوتين إن التعاون مهم.").unwrap();
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "  \n").unwrap();
    let binary = dir.join("latin1.txt");
    std::fs::write(&binary, [0x71, 0xe1, 0xff, 0x00]).unwrap();
    let missing = dir.join("missing.txt");
    let args = [&missing, &dir, &empty, &binary, &good].map(|p| p.to_str().unwrap().to_string());
    let output = qawl().arg("annotate").args(&args).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "some files failed");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "one JSON line for the one good file");
    assert!(stdout.contains("good.txt"));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let reasons: Vec<&str> = stderr.lines().collect();
    assert_eq!(reasons.len(), 4, "one line per bad file: {stderr}");
    for (line, (file, reason)) in reasons.iter().zip([
        (&args[0], "no such file"),
        (&args[1], "is a directory"),
        (&args[2], "empty file"),
        (&args[3], "not valid UTF-8"),
    ]) {
        assert!(
            line.contains(file.as_str()) && line.contains(reason),
            "{line:?} should name {file} and say {reason}"
        );
    }
}

#[test]
fn standard_input_and_text_format() {
    use std::io::Write;
    let mut child = qawl()
        .args(["annotate", "--format", "text"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("وقال شي لبوتين \"يجب تعزيز التعاون\".".as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let shown = String::from_utf8(output.stdout).unwrap();
    assert!(shown.contains("[شي|PER]") && shown.contains("⟦يجب تعزيز التعاون⟧1"), "{shown}");
    assert!(shown.contains("speaker: شي جين بينغ"), "{shown}");
}

#[test]
fn conll_adds_a_column_and_scores() {
    let dir = scratch("conll");
    let file = dir.join("a.conll");
    std::fs::write(&file, "قال O\nبوتين B-PERS\nفي O\nموسكو B-LOC\n\nزار O\nالصين B-LOC\n")
        .unwrap();
    let output = qawl().args(["conll", file.to_str().unwrap()]).output().unwrap();
    let tagged = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        tagged,
        "قال O O\nبوتين B-PERS B-PERS\nفي O O\nموسكو B-LOC B-LOC\n\nزار O O\nالصين B-LOC B-LOC\n"
    );
    let output = qawl().args(["conll", "--score", file.to_str().unwrap()]).output().unwrap();
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(report.contains("micro  P 1.000  R 1.000  F1 1.000"), "{report}");
}
