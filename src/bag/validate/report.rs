//! What validating a bag finds: each [`Problem`], and the [`Report`] that holds them,
//! bounded ([`MAX_PROBLEMS`]).

use std::fmt;

use super::{BagInfo, Text, MAX_PROBLEMS};

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The bag is invalid.
    Error,
    /// Worth telling, but the bag is valid.
    Warning,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The file concerned, relative to the bag (sanitised for display).
    pub file: String,
    /// What is wrong, in the language of the run.
    pub message: String,
    /// The same in English: for `--json` and anything stored (not localised).
    pub message_en: String,
    /// What kind of problem it is, whatever the language: the catalogue id of the
    /// message (`bag-cannot-be-read`), `""` for a text from outside.
    pub id: &'static str,
}

impl Problem {
    /// A problem of `severity` with `file` and `text`.
    pub fn new(severity: Severity, file: &str, text: Text) -> Problem {
        Problem {
            severity,
            file: file.to_string(),
            message: text.local,
            message_en: text.en,
            id: text.id,
        }
    }

    /// A device error reading the file (EIO): the medium may be intact and reading it
    /// again may work. Decided by the kind of problem, not by its (localised) words.
    pub fn is_read_error(&self) -> bool {
        self.id == "bag-cannot-be-read"
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A problem of the whole medium (a disc image's structures) names no file.
        if self.file.is_empty() {
            return write!(f, "{}", self.message);
        }
        write!(
            f,
            "{}: {}",
            crate::untrusted::sanitize(&self.file),
            self.message
        )
    }
}

/// The result of validating a bag.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Everything found, errors and warnings.
    pub problems: Vec<Problem>,
    /// `bag-info.txt` metadata (empty when absent).
    pub info: BagInfo,
    /// Payload files found under `data/`.
    pub payload_files: u64,
    /// Their total size.
    pub payload_bytes: u64,
    /// Errors found beyond the [`MAX_PROBLEMS`] kept (counted, not listed).
    pub more_errors: u64,
    /// `BagIt-Version` as read (1.0 when it could not be).
    pub version: (u32, u32),
    /// `Tag-File-Character-Encoding` as written (sanitised), when there is one.
    pub encoding: Option<String>,
    /// Payload files listed in `fetch.txt` and in the manifests but not present: a
    /// "holey" bag (RFC 8493 §2.2.3), incomplete until someone fetches them (isou never
    /// does: no network, §2.2⑪). At most [`MAX_PROBLEMS`] are listed.
    pub to_fetch: Vec<String>,
    /// How many files are still to be fetched (all of them, also beyond those listed).
    pub to_fetch_count: u64,
    /// Bytes of manifests read so far (against [`MAX_MANIFESTS_TOTAL`](super::MAX_MANIFESTS_TOTAL)).
    pub(super) manifest_bytes: u64,
}

impl Report {
    /// The metadata file of the bag's declared version: `package-info.txt` before
    /// BagIt 0.96 (as bagit.py reads such bags), `bag-info.txt` from 0.96 on.
    pub fn info_file(&self) -> &'static str {
        info_file(self.version)
    }

    /// Whether the bag is valid: complete (nothing left to fetch) and no error found
    /// (RFC 8493 §3).
    pub fn is_valid(&self) -> bool {
        self.is_intact() && self.to_fetch_count == 0
    }

    /// Whether nothing present is wrong: no error found, though files listed in
    /// `fetch.txt` may still be missing.
    pub fn is_intact(&self) -> bool {
        self.more_errors == 0 && !self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// Intact, with payload still to be fetched: incomplete, not damaged.
    pub fn is_holey(&self) -> bool {
        self.is_intact() && self.to_fetch_count > 0
    }

    pub(super) fn error(&mut self, file: &str, message: Text) {
        if self.problems.len() >= MAX_PROBLEMS {
            self.more_errors += 1;
            return;
        }
        self.problems
            .push(Problem::new(Severity::Error, file, message));
    }

    pub(super) fn warn(&mut self, file: &str, message: Text) {
        if self.problems.len() >= MAX_PROBLEMS {
            return;
        }
        self.problems
            .push(Problem::new(Severity::Warning, file, message));
    }
}

/// The metadata file of BagIt `version` (see [`Report::info_file`]).
pub(super) fn info_file(version: (u32, u32)) -> &'static str {
    if version < (0, 96) {
        "package-info.txt"
    } else {
        "bag-info.txt"
    }
}
