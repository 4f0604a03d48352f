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
        (&args[3], "binary file"),
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

fn run_with_input(args: &[&str], input: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = qawl()
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // Written from another thread: the output pipe fills while the input is still coming.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    output
}

const ARTICLE: &str = "وقال الرئيس الروسي فلاديمير بوتين لنظيره الصيني شي جين بينغ «التعاون مهم».";

#[test]
fn json_lines_keep_order_and_ids_one_line_out_per_line_in() {
    let mut input = Vec::new();
    let mut expected = Vec::new();
    for i in 0..300 {
        // Long and short articles interleaved, so that the workers finish out of order.
        let text = if i % 7 == 0 { ARTICLE.repeat(200) } else { ARTICLE.to_string() };
        let line = match i % 50 {
            11 => (b"{\"id\": 11, \"text\": \"unterminated".to_vec(), Some("bad JSON")),
            23 => (br#"{"id": 23}"#.to_vec(), Some("no \"text\"")),
            31 => (br#"{"id": 31, "text": ["a"]}"#.to_vec(), Some("not a string")),
            37 => (b"{\"id\": 37, \"text\": \"\xff\xfe\"}".to_vec(), Some("bad JSON")),
            41 => (Vec::new(), Some("bad JSON")),
            _ => (
                serde_json::json!({"id": format!("a{i}"), "text": text}).to_string().into_bytes(),
                None,
            ),
        };
        input.extend(&line.0);
        input.push(b'\n');
        expected.push(line.1);
    }
    let output = run_with_input(&["annotate", "--jsonl", "--jobs", "3"], &input);
    assert_eq!(output.status.code(), Some(1), "bad lines make the exit status 1");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<serde_json::Value> =
        stdout.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(lines.len(), 300, "one line out per line in");
    for (i, (line, error)) in lines.iter().zip(&expected).enumerate() {
        match error {
            None => {
                assert_eq!(line["id"], format!("a{i}"), "line {} out of order", i + 1);
                let people = line["entities"].as_array().unwrap();
                assert!(people.iter().any(|e| e["canonical"] == "فلاديمير بوتين"), "line {}", i + 1);
                assert!(!line["quotes"].as_array().unwrap().is_empty());
            }
            Some(reason) => {
                assert_eq!(line["line"], i + 1, "the error names its line");
                let message = line["error"].as_str().unwrap();
                assert!(
                    message.contains(reason),
                    "line {}: {message:?} should say {reason:?}",
                    i + 1
                );
                assert!(line.get("entities").is_none());
            }
        }
    }
    assert_eq!(lines[23]["id"], 23, "a bad line keeps its id when it has one");
}

#[test]
fn json_lines_from_files_report_a_missing_file_and_process_the_rest() {
    let dir = scratch("jsonl-files");
    let first = dir.join("first.jsonl");
    let second = dir.join("second.jsonl");
    std::fs::write(&first, format!("{}\n", serde_json::json!({"id": 1, "text": ARTICLE}))).unwrap();
    // CRLF line ends and no final line break.
    std::fs::write(
        &second,
        format!(
            "{}\r\n{}",
            serde_json::json!({"id": 2, "text": ""}),
            serde_json::json!({"id": 3, "text": ARTICLE})
        ),
    )
    .unwrap();
    let missing = dir.join("missing.jsonl");
    let args = [&first, &missing, &second].map(|p| p.to_str().unwrap().to_string());
    let output = qawl().args(["annotate", "--jsonl"]).args(&args).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let ids: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["id"].clone())
        .collect();
    assert_eq!(ids, [1, 2, 3], "empty text is a valid, empty result");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("missing.jsonl: no such file"), "{stderr}");
}

#[test]
fn many_files_come_out_in_argument_order() {
    let dir = scratch("many");
    let mut args = Vec::new();
    for i in 0..40 {
        let file = dir.join(format!("{i:02}.txt"));
        let text = if i % 5 == 0 { ARTICLE.repeat(300) } else { ARTICLE.to_string() };
        std::fs::write(&file, text).unwrap();
        args.push(file.to_str().unwrap().to_string());
    }
    let output = qawl().args(["annotate", "-j", "4"]).args(&args).output().unwrap();
    assert!(output.status.success());
    let files: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["file"].to_string())
        .collect();
    let expected: Vec<String> = args.iter().map(|a| format!("{a:?}")).collect();
    assert_eq!(files, expected);
    assert!(output.stderr.is_empty(), "no progress line when standard error is not a terminal");
}

#[test]
fn utf16_and_windows_1256_files_are_decoded_and_said_so() {
    let dir = scratch("encodings");
    let text = "قال بوتين إن «التعاون مع الصين مهم».\n";
    let utf16 = |little: bool, mark: bool| -> Vec<u8> {
        let units = mark.then_some(0xFEFF_u16).into_iter().chain(text.encode_utf16());
        units.flat_map(|u| if little { u.to_le_bytes() } else { u.to_be_bytes() }).collect()
    };
    // The same text in Windows-1256 (every letter here is one byte there).
    let windows_1256: Vec<u8> = text
        .chars()
        .map(|c| match c {
            'ق' => 0xDE,
            'ا' => 0xC7,
            'ل' => 0xE1,
            'ب' => 0xC8,
            'و' => 0xE6,
            'ت' => 0xCA,
            'ي' => 0xED,
            'ن' => 0xE4,
            'إ' => 0xC5,
            '«' => 0xAB,
            '»' => 0xBB,
            'ع' => 0xDA,
            'م' => 0xE3,
            'ص' => 0xD5,
            'ه' => 0xE5,
            c if c.is_ascii() => c as u8,
            c => panic!("{c} missing from the table"),
        })
        .collect();
    let cases = [
        ("utf8.txt", text.as_bytes().to_vec(), None),
        ("le-bom.txt", utf16(true, true), Some("decoded from UTF-16 LE (byte order mark)")),
        ("be-bom.txt", utf16(false, true), Some("decoded from UTF-16 BE (byte order mark)")),
        ("le.txt", utf16(true, false), Some("decoded from UTF-16 LE (guessed)")),
        ("be.txt", utf16(false, false), Some("decoded from UTF-16 BE (guessed)")),
        ("cp1256.txt", windows_1256, Some("decoded from Windows-1256 (guessed)")),
    ];
    let mut results = Vec::new();
    for (name, bytes, note) in cases.clone() {
        let file = dir.join(name);
        std::fs::write(&file, bytes).unwrap();
        let output = qawl().args(["annotate", file.to_str().unwrap()]).output().unwrap();
        assert!(output.status.success(), "{name}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        match note {
            Some(note) => assert!(stderr.contains(&format!("{name}: {note}")), "{stderr}"),
            None => assert!(stderr.is_empty(), "{stderr}"),
        }
        let mut json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        json.as_object_mut().unwrap().remove("file");
        results.push(json);
    }
    assert!(results[0]["quotes"][0]["speaker"]["canonical"] == "فلاديمير بوتين", "{}", results[0]);
    for (json, (name, _, _)) in results.iter().zip(cases.iter()) {
        assert_eq!(json, &results[0], "{name} annotates like the UTF-8 file, same offsets");
    }
}

#[test]
fn standard_input_is_decoded_too_and_binary_input_refused() {
    let text = "قال بوتين إن «التعاون مهم».";
    let utf16: Vec<u8> =
        [0xFEFF_u16].into_iter().chain(text.encode_utf16()).flat_map(u16::to_be_bytes).collect();
    let output = run_with_input(&["annotate"], &utf16);
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("standard input: decoded from UTF-16 BE (byte order mark)"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["quotes"][0]["text"], "التعاون مهم");
    let output = run_with_input(&["annotate"], b"\x7fELF\x02\x01\x01\x00\x00\x00");
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("standard input: binary file"), "{stderr}");
}

#[test]
fn training_refuses_a_fold_that_is_not_held_out() {
    // Reading the training file comes after the options are checked: no data is needed here.
    for args in
        [&["train-model", "--fold", "2"][..], &["train-model", "--hold-out", "2", "--fold", "2"]]
    {
        let output = qawl().args(args).args(["--out", "/nonexistent/model.bin"]).output().unwrap();
        assert!(!output.status.success(), "{args:?} should fail");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("--fold 2 needs --hold-out N with N above it"),
            "{args:?}: {stderr}"
        );
    }
}
