//! `fetch.txt` (RFC 8493 §2.2.3): the payload files a "holey" bag still lacks.

use std::collections::BTreeSet;

use super::encoding::TagEncoding;
use super::manifest::{line_path, read_manifest, safe_relative};
use super::{both, decode_path, Report};
use crate::bag::source::BagSource;

/// Reads `fetch.txt` (RFC 8493 §2.2.3: `URL LENGTH FILEPATH` per line, LENGTH in
/// octets or `-`) and returns the payload paths it lists. Nothing is ever fetched: isou
/// makes no network connection (§2.2⑪ of the manual), it only tells what is missing.
/// A path leaving the payload (`../`, absolute, `~`), a tag file, or a file no payload
/// manifest lists makes the bag invalid, as for bagit.py (CVE-2018-1000804-style
/// traversal through a fetch list).
pub(super) fn read_fetch(
    report: &mut Report,
    bag: &dyn BagSource,
    enc: TagEncoding,
    listed_by: &[(String, BTreeSet<String>)],
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Some(text) = read_manifest(report, bag, "fetch.txt", enc) else {
        return out;
    };
    const NAME: &str = "fetch.txt";
    for (n, line) in crate::bag::tag_lines(&text).enumerate() {
        let line_no = (n + 1).to_string();
        let line = line.trim();
        // Every line is `URL LENGTH FILEPATH` (RFC 8493 §2.2.3 MUST); bagit.py refuses
        // a blank one too.
        if line.is_empty() {
            report.error(NAME, both::tr!("bag-fetch-line-form", line = line_no));
            continue;
        }
        let Some((url, (length, path))) =
            split(line).and_then(|(url, rest)| Some((url, split(rest)?)))
        else {
            report.error(NAME, both::tr!("bag-fetch-line-form", line = line_no));
            continue;
        };
        if !url_ok(url) {
            report.error(
                NAME,
                both::tr!(
                    "bag-fetch-url",
                    line = line_no.as_str(),
                    url = format!("{:?}", crate::untrusted::sanitize(url))
                ),
            );
        }
        if !length_ok(length) {
            report.error(
                NAME,
                both::tr!(
                    "bag-fetch-length",
                    line = line_no.as_str(),
                    length = format!("{:?}", crate::untrusted::sanitize(length))
                ),
            );
        }
        let mut path = path;
        while let Some(p) = path.strip_prefix("./") {
            path = p;
        }
        let path = decode_path(path);
        if let Err(why) = safe_relative(&path) {
            report.error(NAME, line_path("bag-fetch-line-path", n + 1, why, &path));
            continue;
        }
        if !path.starts_with("data/") {
            report.error(
                NAME,
                both::tr!(
                    "bag-fetch-outside-data",
                    line = line_no.as_str(),
                    path = crate::untrusted::sanitize(&path)
                ),
            );
            continue;
        }
        // In *every* payload manifest (RFC 8493 §2.2.3): a file to be fetched vouched
        // for by one weak manifest only is not the bag's (red team 18, finding 06).
        if let Some((manifest, _)) = listed_by.iter().find(|(_, l)| !l.contains(&path)) {
            report.error(
                NAME,
                both::tr!(
                    "bag-fetch-not-in-manifest",
                    line = line_no.as_str(),
                    path = crate::untrusted::sanitize(&path),
                    manifest = manifest.as_str()
                ),
            );
            continue;
        }
        out.insert(path);
    }
    out
}

/// The first field of `t` and the rest, split at white space (one or more blanks).
fn split(t: &str) -> Option<(&str, &str)> {
    t.split_once([' ', '\t'])
        .map(|(a, b)| (a, b.trim_start_matches([' ', '\t'])))
}

/// A URL with a scheme and a host, or a file: URL (what bagit.py accepts).
fn url_ok(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, rest)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && (scheme.eq_ignore_ascii_case("file")
                || rest
                    .strip_prefix("//")
                    .is_some_and(|r| !r.is_empty() && !r.starts_with('/')))
    })
}

/// LENGTH: octets (at most 20 digits) or `-` (unknown).
fn length_ok(length: &str) -> bool {
    length == "-"
        || (!length.is_empty() && length.len() <= 20 && length.bytes().all(|b| b.is_ascii_digit()))
}
