//! The payload under `data/`: walked bounded, matched to the manifests' names across
//! Unicode normalisation forms.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use super::{both, Algorithm, Report, MAX_PAYLOAD_DEPTH, MAX_PAYLOAD_ENTRIES, MAX_PROBLEMS};
use crate::bag::source::{BagSource, Kind};

/// Payload names as the manifests list them: a name listed in another Unicode
/// normalisation form than the file's name as stored (NFC in the manifest, NFD on a
/// macOS-made medium — ガ, パ and é decompose) is the same file, as bagit.py compares
/// them (red team 18, finding 04), said with a warning. Two stored names that are one
/// after normalisation are an error: which one a manifest means cannot be told.
/// Returns the payload keyed as listed, and listed name → stored name where they differ.
pub(super) fn match_normalization(
    report: &mut Report,
    on_disk: BTreeMap<String, u64>,
    expected: &BTreeMap<String, BTreeMap<Algorithm, String>>,
) -> (BTreeMap<String, u64>, BTreeMap<String, String>) {
    use unicode_normalization::UnicodeNormalization;
    let mut by_nfc: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for p in on_disk.keys() {
        by_nfc.entry(p.nfc().collect()).or_default().push(p);
    }
    let mut actual = BTreeMap::new();
    for (nfc, stored) in &by_nfc {
        if stored.len() > 1 {
            report.error(
                stored[0],
                both::tr!(
                    "bag-name-normalization-collision",
                    other = crate::untrusted::sanitize(stored[1])
                ),
            );
            continue;
        }
        let stored = stored[0];
        if expected.contains_key(stored) {
            continue;
        }
        if let Some(listed) = expected
            .keys()
            .find(|m| !on_disk.contains_key(*m) && m.nfc().eq(nfc.chars()))
        {
            report.warn(listed, both::tr!("bag-name-normalization"));
            actual.insert(listed.clone(), stored.clone());
        }
    }
    let mut as_listed = on_disk;
    for (listed, stored) in &actual {
        if let Some(size) = as_listed.remove(stored) {
            as_listed.insert(listed.clone(), size);
        }
    }
    (as_listed, actual)
}

/// Lists regular files under `data/` (relative paths), refusing symlinks and specials.
pub(super) fn walk_payload(
    report: &mut Report,
    bag: &dyn BagSource,
) -> io::Result<BTreeMap<String, u64>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![(String::from("data"), 0usize)];
    let mut seen = 0usize;
    while let Some((dir, depth)) = stack.pop() {
        if depth > MAX_PAYLOAD_DEPTH {
            report.error(
                &dir,
                both::tr!(
                    "bag-payload-too-deep",
                    depth = MAX_PAYLOAD_DEPTH.to_string()
                ),
            );
            continue;
        }
        let entries = match bag.list(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound && dir == "data" => {
                report.error("data/", both::tr!("bag-payload-missing"));
                return Ok(files);
            }
            Err(e) => return Err(e),
        };
        seen += entries.len();
        if seen > MAX_PAYLOAD_ENTRIES {
            report.error(
                "data/",
                both::tr!(
                    "bag-payload-too-many",
                    entries = MAX_PAYLOAD_ENTRIES.to_string()
                ),
            );
            return Ok(files);
        }
        for e in entries {
            if !e.utf8 {
                report.error(&dir, both::tr!("bag-name-not-utf8"));
                continue;
            }
            let rel = format!("{dir}/{}", e.name);
            match e.kind {
                Kind::Symlink => report.error(&rel, both::tr!("bag-payload-symlink")),
                Kind::Dir => stack.push((rel, depth + 1)),
                Kind::File => {
                    files.insert(rel, e.size);
                }
                Kind::Other => report.error(&rel, both::tr!("bag-payload-not-regular")),
            }
        }
    }
    Ok(files)
}

/// Compares the payload present with what each payload manifest lists: a file listed
/// by none, or listed and missing, is an error; one missing that `fetch.txt` lists is
/// still to be fetched (counted in the report, at most [`MAX_PROBLEMS`] of them named).
pub(super) fn compare_listed(
    report: &mut Report,
    bag: &dyn BagSource,
    listed_by: &[(String, BTreeSet<String>)],
    on_disk: &BTreeMap<String, u64>,
    fetch: &BTreeSet<String>,
) {
    let mut to_fetch = BTreeSet::new();
    for (name, listed) in listed_by {
        for p in on_disk.keys().filter(|p| !listed.contains(*p)) {
            report.error(p, both::tr!("bag-not-listed", manifest = name.as_str()));
        }
        for p in listed.iter().filter(|p| !on_disk.contains_key(*p)) {
            // Listed in fetch.txt: not there yet, which is a state, not tampering —
            // unless something else stands where the file is to go (a folder, a link).
            if fetch.contains(p) && matches!(bag.stat(p), Ok(None)) {
                to_fetch.insert(p.clone());
            } else {
                report.error(p, both::tr!("bag-listed-missing", manifest = name.as_str()));
            }
        }
    }
    report.to_fetch_count = to_fetch.len() as u64;
    report.to_fetch = to_fetch.into_iter().take(MAX_PROBLEMS).collect();
}

/// Checks `Payload-Oxum` against the payload found; returns whether the payload may
/// still be hashed (not when it is larger than stated).
pub(super) fn check_oxum(report: &mut Report) -> bool {
    let mut hash_payload = true;
    // Payload-Oxum (bytes and files) is checked before anything is hashed, as bagit.py
    // does: a payload larger than the stated size is not hashed at all (a sparse file of
    // 100 GB on a stick costs nothing to make and hours to hash). A smaller one still
    // is, so every damaged file is named (the work is bounded by the stated size).
    if let Some(oxum) = report.info.get("Payload-Oxum").map(str::to_string) {
        match oxum
            .split_once('.')
            .and_then(|(b, n)| Some((b.parse::<u64>().ok()?, n.parse::<u64>().ok()?)))
        {
            Some((bytes, n)) if bytes == report.payload_bytes && n == report.payload_files => {}
            // Files still to be fetched count in the stated size and number (RFC 8493
            // §2.2.2 Payload-Oxum is of the whole payload): less present is expected.
            Some((bytes, n))
                if report.to_fetch_count > 0
                    && report.payload_bytes <= bytes
                    && report.payload_files + report.to_fetch_count == n => {}
            Some((bytes, n)) => {
                let larger = report.payload_bytes > bytes;
                hash_payload &= !larger;
                report.error(
                    report.info_file(),
                    if larger {
                        both::tr!(
                            "bag-oxum-larger",
                            bytes = bytes.to_string(),
                            files = n.to_string(),
                            found_bytes = report.payload_bytes.to_string(),
                            found_files = report.payload_files.to_string()
                        )
                    } else {
                        both::tr!(
                            "bag-oxum-differs",
                            bytes = bytes.to_string(),
                            files = n.to_string(),
                            found_bytes = report.payload_bytes.to_string(),
                            found_files = report.payload_files.to_string()
                        )
                    },
                )
            }
            None => report.error(
                report.info_file(),
                both::tr!(
                    "bag-oxum-form",
                    oxum = format!("{:?}", crate::untrusted::sanitize(&oxum))
                ),
            ),
        }
    }
    hash_payload
}
