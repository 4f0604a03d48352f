//! The crate's one error type, for configuration and loading. Annotating itself never fails.

use std::fmt;

/// Why loading a word list or configuring an annotator failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum ErrorKind {
    /// A line of a word list does not have the expected fields.
    BadLine { list: String, line: usize, message: String },
    /// The embedded or given tagger model cannot be read.
    Model { message: String },
}

impl Error {
    pub(crate) fn bad_line(list: &str, line: usize, message: impl Into<String>) -> Error {
        Error { kind: ErrorKind::BadLine { list: list.to_string(), line, message: message.into() } }
    }

    pub(crate) fn model(message: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Model { message: message.into() } }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::BadLine { list, line, message } => {
                write!(f, "word list {list}, line {line}: {message}")
            }
            ErrorKind::Model { message } => write!(f, "tagger model: {message}"),
        }
    }
}

impl std::error::Error for Error {}
