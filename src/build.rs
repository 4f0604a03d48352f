//! Build script: copies the word lists of `src/data/` into `OUT_DIR` without their comments, which
//! the library compiles in with `include_str!` (see `lexicon::list!`). A comment line becomes an
//! empty line, so that line numbers in messages about a list stay those of its source file; the
//! page then ships the words without the notes written for their editors.

use std::path::Path;
use std::{env, fs};

fn main() {
    let source = Path::new("src/data");
    let target = Path::new(&env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("data");
    fs::create_dir_all(&target).expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed={}", source.display());
    let mut names: Vec<_> = fs::read_dir(source)
        .expect("src/data is readable")
        .map(|entry| entry.expect("src/data is readable").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "txt"))
        .collect();
    names.sort();
    for path in names {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).expect("a word list is UTF-8 text");
        let mut stripped = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            let skipped =
                if line.starts_with('#') { line.trim_end_matches(['\r', '\n']).len() } else { 0 };
            stripped.push_str(&line[skipped..]);
        }
        let name = path.file_name().expect("a file has a name");
        fs::write(target.join(name), stripped).expect("OUT_DIR is writable");
    }
}
