//! Golden files: every seed article's annotations, one line each, compared with
//! `seeds/*.expected`. After reading the diff, re-approve with `UPDATE_EXPECT=1 cargo test`.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

#[test]
fn seeds_match_their_golden_files() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut seeds: Vec<_> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"))
        .expect("seeds/ exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 5, "the five seed articles");
    let mut stale = Vec::new();
    for seed in seeds {
        let text = std::fs::read_to_string(&seed).expect("seed is UTF-8");
        let rendered = qawl::render::golden(&text, &qawl::annotate(&text));
        let expected_path = seed.with_extension("expected");
        if update {
            std::fs::write(&expected_path, &rendered).expect("write golden file");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != rendered {
            let first_difference = expected
                .lines()
                .zip(rendered.lines())
                .find(|(e, r)| e != r)
                .map(|(e, r)| format!("\n  expected: {e}\n  got:      {r}"))
                .unwrap_or_else(|| "\n  (one file has extra lines)".to_string());
            stale.push(format!("{}{first_difference}", expected_path.display()));
        }
    }
    assert!(
        stale.is_empty(),
        "annotations changed; read the diff, then re-approve with UPDATE_EXPECT=1 cargo test:\n{}",
        stale.join("\n")
    );
}
