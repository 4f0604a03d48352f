//! Bytes to text for the command line: UTF-8 as is, UTF-16 (little or big endian, with or without
//! a byte order mark) and Windows-1256 (the legacy Arabic code page) decoded, binary refused.
//!
//! The page decodes files in JavaScript, so the WebAssembly build leaves Windows-1256 out (and
//! links none of this). Offsets in the CLI's output are code points into the decoded text, so
//! they are the same whichever encoding the file was in.

use std::fmt;

/// An encoding [`decode`] recognizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, taken as is (a UTF-8 byte order mark stays in the text).
    Utf8,
    /// UTF-16, least significant byte first.
    Utf16Le,
    /// UTF-16, most significant byte first.
    Utf16Be,
    /// The Windows Arabic code page, one byte per character.
    Windows1256,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16 LE",
            Encoding::Utf16Be => "UTF-16 BE",
            Encoding::Windows1256 => "Windows-1256",
        })
    }
}

/// Text decoded from bytes, with how it was decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text; a UTF-16 byte order mark is removed, a UTF-8 one kept.
    pub text: String,
    /// The encoding the bytes were read in.
    pub encoding: Encoding,
    /// True when the encoding was announced by a byte order mark rather than guessed.
    pub byte_order_mark: bool,
    /// How many invalid sequences (a lone UTF-16 surrogate, an odd final byte) became U+FFFD.
    pub replaced: usize,
}

impl Decoded {
    /// A one-line note for people when the bytes were not plain UTF-8, e.g.
    /// `decoded from UTF-16 LE (byte order mark)`; `None` for UTF-8.
    pub fn note(&self) -> Option<String> {
        if self.encoding == Encoding::Utf8 {
            return None;
        }
        let how = if self.byte_order_mark { "byte order mark" } else { "guessed" };
        let mut note = format!("decoded from {} ({how})", self.encoding);
        if self.replaced > 0 {
            note.push_str(&format!(", {} invalid sequences replaced by U+FFFD", self.replaced));
        }
        Some(note)
    }
}

/// Decodes the bytes of an article, or says why they are not text.
///
/// In order: a UTF-16 byte order mark decides; valid UTF-8 without NUL bytes is taken as is;
/// UTF-16 without a mark is recognized by its high bytes (mostly `0x00` for Latin, `0x06` for
/// Arabic, in every other byte); anything else with NUL bytes or other control characters is
/// binary; the rest is Windows-1256, where every byte is a character.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    match bytes {
        [0xFF, 0xFE, rest @ ..] => return Ok(utf16(rest, Encoding::Utf16Le, true)),
        [0xFE, 0xFF, rest @ ..] => return Ok(utf16(rest, Encoding::Utf16Be, true)),
        _ => {}
    }
    if !bytes.contains(&0) {
        if let Ok(text) = std::str::from_utf8(bytes) {
            let decoded = Decoded {
                text: text.to_string(),
                encoding: Encoding::Utf8,
                byte_order_mark: false,
                replaced: 0,
            };
            return Ok(decoded);
        }
    }
    if let Some(encoding) = utf16_without_mark(bytes) {
        let decoded = utf16(bytes, encoding, false);
        if decoded.replaced == 0 && !decoded.text.chars().any(is_binary_char) {
            return Ok(decoded);
        }
    }
    if let Some(offset) = bytes.iter().position(|&b| is_binary_char(char::from(b))) {
        return Err(format!(
            "binary file, not text (byte 0x{:02X} at offset {offset}; not UTF-8, UTF-16 or \
             Windows-1256)",
            bytes[offset]
        ));
    }
    let text = windows_1256(bytes)
        .ok_or("not UTF-8 or UTF-16 (Windows-1256 is decoded by the native build only)")?;
    Ok(Decoded { text, encoding: Encoding::Windows1256, byte_order_mark: false, replaced: 0 })
}

/// Windows-1256 to text, every byte a character.
#[cfg(not(target_arch = "wasm32"))]
fn windows_1256(bytes: &[u8]) -> Option<String> {
    Some(encoding_rs::WINDOWS_1256.decode_without_bom_handling(bytes).0.into_owned())
}

/// The page decodes files in JavaScript, so the WebAssembly build leaves the code page table
/// (encoding_rs) out.
#[cfg(target_arch = "wasm32")]
fn windows_1256(_: &[u8]) -> Option<String> {
    None
}

/// C0 control characters that do not occur in text files (all but tab, line breaks and form
/// feed), and DEL. Bytes 0x80 to 0x9F are letters in Windows-1256 (`پ` is 0x81), so C1 controls
/// are not counted.
fn is_binary_char(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}')) || c == '\u{7F}'
}

fn utf16(bytes: &[u8], encoding: Encoding, byte_order_mark: bool) -> Decoded {
    let units = bytes.chunks(2).map(|pair| match (pair, encoding) {
        ([low, high], Encoding::Utf16Le) => u16::from_le_bytes([*low, *high]),
        ([high, low], _) => u16::from_be_bytes([*high, *low]),
        // An odd final byte cannot be a unit; a lone surrogate is replaced like one.
        _ => 0xD800,
    });
    let mut replaced = 0;
    let text = char::decode_utf16(units)
        .map(|unit| {
            unit.unwrap_or_else(|_| {
                replaced += 1;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    Decoded { text, encoding, byte_order_mark, replaced }
}

/// UTF-16 without a byte order mark: in text that is mostly Latin or Arabic, nearly every high
/// byte is `0x00` or `0x06` and the low bytes are not.
fn utf16_without_mark(bytes: &[u8]) -> Option<Encoding> {
    if bytes.len() < 2 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let high_share = |high: usize| {
        let count = bytes.chunks_exact(2).filter(|pair| matches!(pair[high], 0x00 | 0x06)).count();
        count as f64 / pairs as f64
    };
    let (first, second) = (high_share(0), high_share(1));
    if second >= 0.6 && first < 0.2 {
        Some(Encoding::Utf16Le)
    } else if first >= 0.6 && second < 0.2 {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Used only by the native tests below (the wasm32 lint run would call it dead).
    #[cfg(not(target_arch = "wasm32"))]
    const ARABIC: &str = "قال بوتين: «نعم».\n";

    fn utf16_bytes(text: &str, little_endian: bool, mark: bool) -> Vec<u8> {
        let units = mark.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
        units.flat_map(|u| if little_endian { u.to_le_bytes() } else { u.to_be_bytes() }).collect()
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn every_encoding_decodes_to_the_same_text() {
        // "قال" in Windows-1256: qaf DE, alef C7, lam E1.
        // Peh (0x81) is a letter there, not a control character.
        let windows_1256 = [0xDE, 0xC7, 0xE1, b' ', 0x81, b' ', b'1', b'0', b'%'];
        let cases: Vec<(Vec<u8>, &str, Encoding, bool)> = vec![
            (ARABIC.as_bytes().to_vec(), ARABIC, Encoding::Utf8, false),
            (utf16_bytes(ARABIC, true, true), ARABIC, Encoding::Utf16Le, true),
            (utf16_bytes(ARABIC, false, true), ARABIC, Encoding::Utf16Be, true),
            (utf16_bytes(ARABIC, true, false), ARABIC, Encoding::Utf16Le, false),
            (utf16_bytes(ARABIC, false, false), ARABIC, Encoding::Utf16Be, false),
            (
                utf16_bytes("Putin said yes.", true, false),
                "Putin said yes.",
                Encoding::Utf16Le,
                false,
            ),
            (windows_1256.to_vec(), "قال پ 10%", Encoding::Windows1256, false),
        ];
        for (bytes, text, encoding, mark) in cases {
            let decoded = decode(&bytes).unwrap_or_else(|e| panic!("{encoding}: {e}"));
            assert_eq!(decoded.text, text, "{encoding}");
            assert_eq!((decoded.encoding, decoded.byte_order_mark), (encoding, mark), "{text}");
            assert_eq!(decoded.replaced, 0);
            assert_eq!(decoded.note().is_some(), encoding != Encoding::Utf8);
        }
    }

    #[test]
    fn binary_is_refused_with_the_offending_byte() {
        for (bytes, offset) in [
            (&b"\x7FELF\x02\x01\x01\x00"[..], "offset 0"),
            (b"\x89PNG\r\n\x1a\n\x00\x00", "offset 6"),
            (b"abc\x00def", "offset 3"),
            (b"\xE3\xC7\xE1\x01", "offset 3"),
        ] {
            let error = decode(bytes).expect_err("binary");
            assert!(error.starts_with("binary file") && error.contains(offset), "{error}");
        }
    }

    #[test]
    fn broken_utf16_is_decoded_with_replacements_and_says_so() {
        let mut bytes = utf16_bytes("قال", true, true);
        bytes.extend([0x00, 0xD8, b'x']); // a lone high surrogate, then an odd byte
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, "قال\u{FFFD}\u{FFFD}");
        assert_eq!(decoded.replaced, 2);
        assert!(decoded.note().unwrap().contains("2 invalid sequences replaced"));
    }
}
