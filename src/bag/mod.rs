//! BagIt 1.0 bags (RFC 8493): writing isou media and validating any bag.
//!
//! A bag is a directory with `bagit.txt`, a payload under `data/`, payload manifests
//! (`manifest-ALG.txt`: `checksum  path` per file), optional metadata (`bag-info.txt`)
//! and tag manifests (`tagmanifest-ALG.txt`) over the other tag files. isou writes
//! SHA-256 manifests with two spaces between checksum and path, so `sha256sum -c
//! manifest-sha256.txt` works from the bag root, and validates SHA-256, SHA-512, and (with
//! a warning) MD5 and SHA-1 bags as RFC 8493 §2.4 allows.

pub mod source;
pub mod validate;
pub mod write;

use std::fmt;

pub use source::{BagSource, DirSource};
pub use validate::{validate, Algorithm, Problem, Report, Severity, Text};
pub use write::{write_tag_files, TagFiles};

/// The `bagit.txt` isou writes (RFC 8493 §2.1.1).
pub const BAGIT_TXT: &str = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

/// The lines of a tag file: ended by LF, CR or CRLF, as RFC 8493 §2 allows and bagit.py
/// reads them. Every reader of tag files splits them so (the validator, the signature
/// check, the set reader): a bag-info.txt with lone CRs once hid isou's marks from one
/// reader and not from another (red team 18 second pass, finding 00).
pub fn tag_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let t = rest?;
        match t.find(['\r', '\n']) {
            Some(i) => {
                let skip = if t[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&t[i + skip..]).filter(|r| !r.is_empty());
                Some(&t[..i])
            }
            None => {
                rest = None;
                (!t.is_empty()).then_some(t)
            }
        }
    })
}

/// Percent-encodes a path for a manifest line (RFC 8493 §2.1.3: `%`, CR and LF).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Reverses [`encode_path`]. Other `%XX` sequences are left as they are, as RFC 8493
/// defines only these three.
pub fn decode_path(path: &str) -> String {
    path.replace("%0D", "\r")
        .replace("%0d", "\r")
        .replace("%0A", "\n")
        .replace("%0a", "\n")
        .replace("%25", "%")
}

/// Ordered `bag-info.txt` metadata. Labels and values are checked as they are added, so
/// no value can inject a line (CR/LF) or a second label.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BagInfo {
    fields: Vec<(String, String)>,
}

/// A metadata label or value that cannot be written safely.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BagInfoError {
    /// The label concerned.
    pub label: String,
    /// What is wrong.
    pub why: String,
}

impl fmt::Display for BagInfoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::tr!(
            "bag-info-field",
            label = format!("{:?}", crate::untrusted::sanitize(&self.label)),
            why = self.why.as_str()
        ))
    }
}

impl std::error::Error for BagInfoError {}

impl BagInfo {
    /// Adds a field. Values may be any UTF-8 text (Japanese included) without control
    /// characters; surrounding whitespace is trimmed.
    pub fn push(&mut self, label: &str, value: &str) -> Result<(), BagInfoError> {
        let err = |why: String| BagInfoError {
            label: label.to_string(),
            why,
        };
        if label.is_empty()
            || label.contains(':')
            || label.chars().any(|c| c.is_control() || c.is_whitespace())
        {
            return Err(err(crate::tr!("bag-info-label-form")));
        }
        // RFC 8493 §2.2.2 allows folded values, but a CR or LF in a value is how a
        // crafted tracking number or name would forge another field: refuse them.
        if value.chars().any(char::is_control) {
            return Err(err(crate::tr!("bag-info-value-control")));
        }
        self.fields
            .push((label.to_string(), value.trim().to_string()));
        Ok(())
    }

    /// The first value of `label`.
    pub fn get(&self, label: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(l, _)| l.eq_ignore_ascii_case(label))
            .map(|(_, v)| v.as_str())
    }

    /// All fields in order.
    pub fn fields(&self) -> &[(String, String)] {
        &self.fields
    }

    /// The file's text.
    pub fn to_text(&self) -> String {
        self.fields
            .iter()
            .map(|(l, v)| format!("{l}: {v}\n"))
            .collect()
    }

    /// Parses `bag-info.txt` (RFC 8493 §2.2.2: `Label: value`, continuation lines start
    /// with whitespace). Returns the fields and the problems found.
    pub fn parse(text: &str) -> (BagInfo, Vec<validate::Text>) {
        let mut info = BagInfo::default();
        let mut problems = Vec::new();
        for (n, line) in tag_lines(text).enumerate() {
            if line.is_empty() {
                continue;
            }
            if line.starts_with([' ', '\t']) {
                match info.fields.last_mut() {
                    Some((_, v)) => {
                        v.push(' ');
                        v.push_str(line.trim());
                    }
                    None => problems.push(validate::both::tr!(
                        "bag-info-continuation",
                        line = (n + 1).to_string()
                    )),
                }
                continue;
            }
            match line.split_once(':') {
                Some((l, v)) if !l.trim().is_empty() => info
                    .fields
                    .push((l.trim().to_string(), v.trim().to_string())),
                _ => problems.push(validate::both::tr!(
                    "bag-info-line-form",
                    line = (n + 1).to_string()
                )),
            }
        }
        (info, problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip() {
        let p = "data/100%\nfile\r";
        assert_eq!(encode_path(p), "data/100%25%0Afile%0D");
        assert_eq!(decode_path(&encode_path(p)), p);
    }

    #[test]
    fn no_field_can_be_injected() {
        let mut i = BagInfo::default();
        i.push("Tracking-Number", "131-12-38385-2").unwrap();
        i.push("Destination", "大阪府 がん登録室").unwrap();
        assert!(i.push("Carrier", "ゆうパック\nSigner-Key: evil").is_err());
        assert!(i.push("Carrier", "x\r").is_err());
        assert!(i.push("Bad Label", "x").is_err());
        assert!(i.push("Bad:Label", "x").is_err());
        let (back, problems) = BagInfo::parse(&i.to_text());
        assert!(problems.is_empty());
        assert_eq!(back, i);
    }

    #[test]
    fn lines_end_at_lf_cr_or_crlf() {
        let v: Vec<&str> = tag_lines("a\nb\r\nc\rd\r\r\ne").collect();
        assert_eq!(v, ["a", "b", "c", "d", "", "e"]);
        assert_eq!(tag_lines("x\n").collect::<Vec<_>>(), ["x"]);
        assert_eq!(tag_lines("").count(), 0);
    }

    #[test]
    fn folded_values_and_bad_lines() {
        let (i, p) = BagInfo::parse("External-Description: a long\n  folded value\nnonsense\n");
        assert_eq!(i.get("external-description"), Some("a long folded value"));
        assert_eq!(p.len(), 1);
    }
}
