//! Pairing quotation marks into quoted stretches, whatever the style.
//!
//! Marks are grouped in families (`“ ” „ ‟`, `« »`, `" ＂`, `‘ ’ ‚ '`, `‹ ›`, `〝 〞`). A mark closes
//! the innermost open mark of its family and opens otherwise, so reversed (`» ... «`, `” ... “`)
//! and doubled styles pair as well as straight ones. A mark left open closes at the end of its
//! paragraph; a doubled mark (`''`) counts once. Only outermost pairs are returned: what is quoted
//! inside a quote belongs to it.

use crate::entities::Words;
use crate::tokenize::TokenKind;

/// An outermost quoted stretch over word positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marked {
    /// Position of the opening mark.
    pub open: usize,
    /// Position of the closing mark, or one past the paragraph's last position when the mark
    /// was never closed.
    pub close: usize,
}

fn family(mark: &str) -> u8 {
    match mark {
        "“" | "”" | "„" | "‟" => 0,
        "«" | "»" => 1,
        "\"" | "＂" => 2,
        "‘" | "’" | "‚" | "'" => 3,
        "‹" | "›" => 4,
        _ => 5,
    }
}

/// The outermost quoted stretches, in order.
pub fn pair(words: &Words) -> Vec<Marked> {
    let mut found = Vec::new();
    let mut open: Vec<(usize, u8)> = Vec::new();
    for at in 0..words.len() {
        if !open.is_empty() && words.after_break[at] {
            // A paragraph ended with marks still open: the outermost closes there.
            found.push(Marked { open: open[0].0, close: at });
            open.clear();
        }
        if words.kind(at) != Some(TokenKind::QuoteMark) {
            continue;
        }
        let mark = family(words.text(at));
        // A doubled mark (`''`, `""`) counts once.
        let doubled = at > 0
            && words.kind(at - 1) == Some(TokenKind::QuoteMark)
            && family(words.text(at - 1)) == mark
            && words.span(at - 1, 0, at - 1).end == words.span(at, 0, at).start;
        if doubled {
            continue;
        }
        match open.iter().rposition(|&(_, f)| f == mark) {
            Some(index) => {
                if index == 0 {
                    found.push(Marked { open: open[0].0, close: at });
                }
                open.truncate(index);
            }
            None => open.push((at, mark)),
        }
    }
    if let Some(&(first, _)) = open.first() {
        found.push(Marked { open: first, close: words.len() });
    }
    found
}

/// The stretch opening at position `at`; `marked` is in order, as [`pair`] returns it.
pub fn opening_at(marked: &[Marked], at: usize) -> Option<&Marked> {
    let index = marked.partition_point(|m| m.open < at);
    marked.get(index).filter(|m| m.open == at)
}

/// The stretch whose marks enclose position `at`.
pub fn enclosing(marked: &[Marked], at: usize) -> Option<&Marked> {
    let index = marked.partition_point(|m| m.open < at);
    index.checked_sub(1).map(|i| &marked[i]).filter(|m| at < m.close)
}
