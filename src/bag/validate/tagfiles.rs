//! The tag files that declare the bag: `bagit.txt` (RFC 8493 §2.1.1) and its metadata,
//! `bag-info.txt` (§2.2.2).

use super::encoding::TagEncoding;
use super::{both, io_text, BagInfo, Report, MAX_TAG_FILE};
use crate::bag::source::BagSource;

/// What `bagit.txt` declares (RFC 8493 §2.1.1).
pub(super) struct Declared {
    /// `BagIt-Version` as numbers (1.0 when it cannot be read).
    pub(super) version: (u32, u32),
    /// How the other tag files are decoded (UTF-8 when the declared one cannot be).
    pub(super) encoding: TagEncoding,
    /// The label as written (sanitised), when there is one.
    pub(super) label: Option<String>,
}

/// The oldest and newest BagIt versions read, as the Library of Congress's bagit.py
/// reads them: 0.93 to 1.x (a 2.0 bag may change anything).
const OLDEST_VERSION: (u32, u32) = (0, 93);

/// Reads `bagit.txt`: exactly `BagIt-Version: M.N` and `Tag-File-Character-Encoding:
/// ENCODING`, in that order, UTF-8 without a byte-order mark (RFC 8493 §2.1.1).
/// Problems go to the report; what could be read is used for the rest of the bag.
pub(super) fn read_bagit_txt(report: &mut Report, bag: &dyn BagSource) -> Declared {
    let mut declared = Declared {
        version: (1, 0),
        encoding: TagEncoding::Whatwg(encoding_rs::UTF_8),
        label: None,
    };
    let bytes = match bag.read_bounded("bagit.txt", MAX_TAG_FILE) {
        Ok(Some(b)) => b,
        Ok(None) => {
            report.error("bagit.txt", both::tr!("bag-bagit-txt-missing"));
            return declared;
        }
        Err(e) => {
            report.error("bagit.txt", io_text(&e));
            return declared;
        }
    };
    let body = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => {
            report.error("bagit.txt", both::tr!("bag-bagit-txt-bom"));
            rest
        }
        None => &bytes[..],
    };
    let Ok(text) = std::str::from_utf8(body) else {
        report.error("bagit.txt", both::tr!("bag-bagit-txt-form"));
        return declared;
    };
    // `Label: value`, whitespace around the colon tolerated as in every tag file.
    let tags: Vec<(&str, &str)> = crate::bag::tag_lines(text)
        .filter(|l| !l.trim().is_empty())
        .map(|l| match l.split_once(':') {
            Some((k, v)) => (k.trim(), v.trim()),
            None => ("", l),
        })
        .collect();
    let find = |label: &str| tags.iter().find(|(k, _)| *k == label).map(|(_, v)| *v);
    let (version, encoding) = (find("BagIt-Version"), find("Tag-File-Character-Encoding"));
    let in_order = tags.len() == 2
        && tags[0].0 == "BagIt-Version"
        && tags[1].0 == "Tag-File-Character-Encoding";
    if !in_order {
        report.error("bagit.txt", both::tr!("bag-bagit-txt-form"));
    }
    if let Some(v) = version {
        let number = |t: &str| -> Option<u32> {
            (!t.is_empty() && t.len() <= 4 && t.bytes().all(|c| c.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
        };
        match v
            .split_once('.')
            .and_then(|(a, b)| Some((number(a)?, number(b)?)))
        {
            Some(n) if (OLDEST_VERSION..(2, 0)).contains(&n) => declared.version = n,
            Some(_) => report.error(
                "bagit.txt",
                both::tr!(
                    "bag-version-unsupported",
                    version = format!("{:?}", crate::untrusted::sanitize(v))
                ),
            ),
            None => report.error(
                "bagit.txt",
                both::tr!(
                    "bag-version-form",
                    version = format!("{:?}", crate::untrusted::sanitize(v))
                ),
            ),
        }
    }
    if let Some(e) = encoding {
        declared.label = Some(crate::untrusted::sanitize(e));
        match TagEncoding::of_label(e) {
            Some(t) => declared.encoding = t,
            None => report.error(
                "bagit.txt",
                both::tr!(
                    "bag-encoding-unsupported",
                    encoding = format!("{:?}", crate::untrusted::sanitize(e))
                ),
            ),
        }
    }
    declared
}

/// Reads the metadata file (`bag-info.txt`; `package-info.txt` before BagIt 0.96) in
/// the declared encoding: its fields go to the report, and so do its problems.
pub(super) fn read_bag_info(report: &mut Report, bag: &dyn BagSource, declared: &Declared) {
    let enc = declared.encoding;
    // BagIt 0.93 to 0.95 named the metadata file package-info.txt (as bagit.py reads
    // them); RFC 8493 and 0.96 on, bag-info.txt.
    let info_file = super::report::info_file(declared.version);
    match bag.read_bounded(info_file, MAX_TAG_FILE) {
        Ok(Some(b)) => match enc.decode(&b) {
            // A tag file that holds a secret key (a link to the reader's own identity
            // file) is never parsed into fields that would be shown.
            Some((text, _)) if crate::untrusted::looks_secret(&text) => {
                report.error(info_file, both::tr!("bag-info-secret"))
            }
            Some((text, bom)) => {
                if bom {
                    report.warn(info_file, both::tr!("bag-tag-file-bom"));
                }
                let (info, problems) = BagInfo::parse(&text);
                for p in problems {
                    report.error(info_file, p);
                }
                report.info = info;
            }
            None => report.error(
                info_file,
                both::tr!("bag-tag-file-undecodable", encoding = enc.name()),
            ),
        },
        Ok(None) => {}
        Err(e) => report.error(info_file, io_text(&e)),
    }
}
