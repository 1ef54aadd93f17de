//! Manifests and tag manifests (RFC 8493 §2.1.3, §2.2.1): found in the bag root, read
//! bounded, parsed line by line, every path kept inside the bag.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use super::encoding::TagEncoding;
use super::{both, decode_path, io_text, Algorithm, Report, Text};
use super::{MAX_MANIFEST, MAX_MANIFESTS_TOTAL, MAX_MANIFEST_LINES, MAX_TAG_HASHED};
use crate::bag::source::{BagSource, Kind};

/// A manifest path that stays inside the bag: relative, `/`-separated, no empty, `.` or
/// `..` components, no NUL.
pub(super) fn safe_relative(path: &str) -> Result<(), Text> {
    if path.is_empty() {
        return Err(both::tr!("bag-path-empty"));
    }
    if path.starts_with('/')
        || path.starts_with('\\')
        || path.get(1..3) == Some(":\\")
        || path.get(1..3) == Some(":/")
    {
        return Err(both::tr!("bag-path-absolute"));
    }
    if path.contains('\0') {
        return Err(both::tr!("bag-path-nul"));
    }
    // `~/x` is the reader's home to a shell and to Python's expanduser (bagit.py
    // refuses it as dangerous).
    if path.starts_with('~') {
        return Err(both::tr!("bag-path-home"));
    }
    if path
        .split(['/', '\\'])
        .any(|c| c.is_empty() || c == "." || c == "..")
    {
        return Err(both::tr!("bag-path-component"));
    }
    Ok(())
}

pub(super) type Manifest = BTreeMap<String, String>;

/// A manifest's text, or `None` with the reason in the report.
pub(super) fn read_manifest(
    report: &mut Report,
    bag: &dyn BagSource,
    name: &str,
    enc: TagEncoding,
) -> Option<String> {
    let left = MAX_MANIFESTS_TOTAL.saturating_sub(report.manifest_bytes);
    if let Ok(Some((_, size))) = bag.stat(name) {
        if size > left {
            report.error(
                name,
                both::tr!(
                    "bag-manifests-too-large",
                    limit = (MAX_MANIFESTS_TOTAL >> 20).to_string()
                ),
            );
            return None;
        }
    }
    let bytes = match bag.read_bounded(name, MAX_MANIFEST.min(left)) {
        Ok(Some(b)) => b,
        Ok(None) => return None,
        Err(e) => {
            report.error(name, io_text(&e));
            return None;
        }
    };
    report.manifest_bytes += bytes.len() as u64;
    match enc.decode(&bytes) {
        Some((text, bom)) => {
            if bom {
                report.warn(name, both::tr!("bag-tag-file-bom"));
            }
            Some(text)
        }
        None => {
            report.error(
                name,
                both::tr!("bag-tag-file-undecodable", encoding = enc.name()),
            );
            None
        }
    }
}

/// Parses a manifest; problems go to the report.
pub(super) fn parse_manifest(
    report: &mut Report,
    name: &str,
    text: &str,
    alg: Algorithm,
    payload: bool,
) -> Manifest {
    let mut m = Manifest::new();
    let (mut starred, mut comments, mut entries) = (0usize, 0usize, 0usize);
    for (n, line) in crate::bag::tag_lines(text).enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        entries += 1;
        if entries > MAX_MANIFEST_LINES {
            report.error(
                name,
                both::tr!(
                    "bag-manifest-too-many-lines",
                    most = MAX_MANIFEST_LINES.to_string()
                ),
            );
            break;
        }
        // Not in RFC 8493, but bagit.py skips lines starting with '#': said, not judged.
        if line.starts_with('#') {
            comments += 1;
            continue;
        }
        let Some((sum, path)) = line.split_once([' ', '\t']) else {
            report.error(
                name,
                both::tr!("bag-manifest-line-form", line = (n + 1).to_string()),
            );
            continue;
        };
        let path = entry_path(path, &mut starred);
        let sum = sum.to_ascii_lowercase();
        if sum.len() != alg.hex_len() || !sum.bytes().all(|b| b.is_ascii_hexdigit()) {
            report.error(
                name,
                both::tr!(
                    "bag-manifest-line-checksum",
                    line = (n + 1).to_string(),
                    sum = format!("{:?}", crate::untrusted::sanitize(&sum)),
                    algorithm = alg.name()
                ),
            );
            continue;
        }
        if let Err(why) = safe_relative(&path) {
            report.error(name, line_path("bag-manifest-line-path", n + 1, why, &path));
            continue;
        }
        if payload != path.starts_with("data/") {
            report.error(name, wrong_side(payload, n + 1, &path));
            continue;
        }
        if m.insert(path.clone(), sum).is_some() {
            report.error(
                name,
                both::tr!(
                    "bag-manifest-line-twice",
                    line = (n + 1).to_string(),
                    path = crate::untrusted::sanitize(&path)
                ),
            );
        }
    }
    if starred > 0 {
        report.warn(name, both::tr!("bag-manifest-binary-mode", count = starred));
    }
    if comments > 0 {
        report.warn(name, both::tr!("bag-manifest-comments", count = comments));
    }
    m
}

/// The path of a manifest entry, as written after its checksum: without the white
/// space before it, a binary-mode `*` (counted in `starred`) or a leading `./`,
/// percent-decoded.
fn entry_path(path: &str, starred: &mut usize) -> String {
    // "One or more linear whitespace characters" (RFC 8493 §2.1.3). The `*` that
    // md5sum/sha256sum write in binary mode (`HASH *data/file`) is accepted by
    // coreutils and bagit.py; not BagIt, so said once per manifest.
    let path = path.trim_start_matches([' ', '\t']);
    let path = match path.strip_prefix('*') {
        Some(p) => {
            *starred += 1;
            p
        }
        None => path,
    };
    // `./data/file`: written by earlier BagIt tools and read by the reference
    // validators; the same file as `data/file`. Only a leading `./` is dropped:
    // `..`, absolute and drive paths are still refused below.
    let mut path = path;
    while let Some(p) = path.strip_prefix("./") {
        path = p;
    }
    decode_path(path)
}

/// An entry on the wrong side of `data/` (line `line`): a payload manifest's outside
/// the payload, a tag manifest's inside it.
fn wrong_side(payload: bool, line: usize, path: &str) -> Text {
    let path = crate::untrusted::sanitize(path);
    if payload {
        both::tr!(
            "bag-manifest-outside-data",
            line = line.to_string(),
            path = path
        )
    } else {
        both::tr!(
            "bag-tagmanifest-inside-data",
            line = line.to_string(),
            path = path
        )
    }
}

/// Message `id` (`$line: $why: $path`) for an unsafe path on line `line` of a tag
/// file, each language with its own `why`.
pub(super) fn line_path(id: &'static str, line: usize, why: Text, path: &str) -> Text {
    let path = crate::untrusted::sanitize(path);
    let args = |why: String| {
        let mut a = crate::i18n::Args::new();
        a.set("line", line.to_string());
        a.set("why", why);
        a.set("path", path.as_str());
        a
    };
    Text {
        id: why.id,
        local: crate::i18n::tr(id, Some(&args(why.local))),
        en: crate::i18n::tr_in(crate::i18n::Lang::En, id, Some(&args(why.en))),
    }
}

/// The manifests in the bag root, each with its algorithm, sorted by name.
pub(super) struct Found {
    /// `manifest-ALG.txt`.
    pub(super) payload: Vec<(String, Algorithm)>,
    /// `tagmanifest-ALG.txt`.
    pub(super) tag: Vec<(String, Algorithm)>,
}

/// Checksums expected: path → algorithm → checksum.
pub(super) type Expected = BTreeMap<String, BTreeMap<Algorithm, String>>;

/// The manifests present in the bag root. One of an algorithm nobody here can compute
/// is warned of; a bag with no payload manifest that can be checked is invalid.
pub(super) fn find_manifests(report: &mut Report, bag: &dyn BagSource) -> io::Result<Found> {
    let mut payload_manifests = Vec::new();
    let mut tag_manifests = Vec::new();
    let mut unknown = Vec::new();
    for e in bag.list("")? {
        let name = e.name;
        let (tag, rest) = if let Some(r) = name.strip_prefix("tagmanifest-") {
            (true, r)
        } else if let Some(r) = name.strip_prefix("manifest-") {
            (false, r)
        } else {
            continue;
        };
        let Some(alg) = rest.strip_suffix(".txt") else {
            continue;
        };
        match Algorithm::from_name(alg) {
            Some(a) if tag => tag_manifests.push((name, a)),
            Some(a) => payload_manifests.push((name, a)),
            // An algorithm nobody here can compute is not a missing manifest: it is
            // one that cannot be checked, said once (bagit.py skips it silently).
            None => {
                report.warn(
                    &name,
                    both::tr!(
                        "bag-algorithm-unsupported",
                        algorithm = format!("{:?}", crate::untrusted::sanitize(alg))
                    ),
                );
                if !tag {
                    unknown.push(crate::untrusted::sanitize(&name));
                }
            }
        }
    }
    payload_manifests.sort();
    tag_manifests.sort();
    unknown.sort();
    if payload_manifests.is_empty() {
        if unknown.is_empty() {
            report.error("manifest-sha256.txt", both::tr!("bag-no-payload-manifest"));
        } else {
            // Nothing the payload could be checked against: not valid (RFC 8493 §3
            // asks every payload manifest entry to be verified), as bagit.py says.
            report.error(
                &unknown[0],
                both::tr!("bag-no-checkable-manifest", manifests = unknown.join(", ")),
            );
        }
    }
    Ok(Found {
        payload: payload_manifests,
        tag: tag_manifests,
    })
}

/// Reads the payload manifests: the checksums they expect, and the paths each lists
/// (by manifest name).
pub(super) fn read_payload_manifests(
    report: &mut Report,
    bag: &dyn BagSource,
    payload_manifests: &[(String, Algorithm)],
    enc: TagEncoding,
) -> (Expected, Vec<(String, BTreeSet<String>)>) {
    let mut expected: Expected = BTreeMap::new();
    let mut listed_by: Vec<(String, BTreeSet<String>)> = Vec::new();
    for (name, alg) in payload_manifests {
        if alg.is_weak() {
            report.warn(name, both::tr!("bag-weak-checksum", algorithm = alg.name()));
        }
        let Some(text) = read_manifest(report, bag, name, enc) else {
            continue;
        };
        let m = parse_manifest(report, name, &text, *alg, true);
        listed_by.push((name.clone(), m.keys().cloned().collect()));
        for (p, sum) in m {
            expected.entry(p).or_default().insert(*alg, sum);
        }
    }
    (expected, listed_by)
}

/// Reads the tag manifests: the tag files they list and their checksums. A listed tag
/// file must be there, regular and of at most [`MAX_TAG_HASHED`] bytes.
pub(super) fn read_tag_manifests(
    report: &mut Report,
    bag: &dyn BagSource,
    tag_manifests: &[(String, Algorithm)],
    enc: TagEncoding,
) -> Expected {
    // Tag manifests: their entries are hashed with the payload, in the same pool.
    let mut tag_expected: Expected = BTreeMap::new();
    for (name, alg) in tag_manifests {
        let Some(text) = read_manifest(report, bag, name, enc) else {
            continue;
        };
        for (p, sum) in parse_manifest(report, name, &text, *alg, false) {
            match bag.stat(&p) {
                // A tag file is metadata: one of 100 GB (a sparse file costs nothing
                // to make) would keep verify hashing for minutes. Refused unread.
                Ok(Some((Kind::File, size))) if size > MAX_TAG_HASHED => report.error(
                    &p,
                    both::tr!(
                        "bag-tag-file-too-large",
                        manifest = name.as_str(),
                        size = size.to_string(),
                        limit = (MAX_TAG_HASHED >> 20).to_string()
                    ),
                ),
                Ok(Some((Kind::File, _))) => {
                    tag_expected.entry(p).or_default().insert(*alg, sum);
                }
                Ok(Some(_)) => report.error(
                    &p,
                    both::tr!("bag-listed-not-regular", manifest = name.as_str()),
                ),
                _ => report.error(
                    &p,
                    both::tr!("bag-listed-missing", manifest = name.as_str()),
                ),
            }
        }
    }
    tag_expected
}
