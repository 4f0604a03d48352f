//! Fuzzes `qawl::annotate`: any bytes, read as UTF-8 with invalid sequences replaced (as the CLI
//! and a JavaScript string would hand them over), must annotate without a panic into spans that
//! keep every invariant of `tests/common/invariants.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../common/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let document = qawl::annotate(&text);
    if let Err(broken) = invariants::check(&text, &document) {
        panic!("{broken}\ntext: {text:?}");
    }
});
