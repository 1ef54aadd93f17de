//! Validating a bag (RFC 8493 §3): every problem is collected, not only the first.
//!
//! Everything in a bag that arrives by post is untrusted: sizes are bounded before
//! reading, manifest paths must stay inside the bag (`..`, absolute paths and `./` are
//! refused, as in CVE-2018-1000804-style path traversals through manifests), payload
//! symlinks and special files are refused, and files are hashed on all cores.

mod algorithm;
mod checksums;
mod encoding;
mod fetch;
mod manifest;
mod payload;
mod report;
mod tagfiles;

use std::io;
use std::path::Path;

use super::{decode_path, BagInfo};
use crate::bag::source::{BagSource, DirSource};
use checksums::{compare_sums, hash_files, hash_jobs};
use fetch::read_fetch;
use manifest::{find_manifests, read_payload_manifests, read_tag_manifests};
use payload::{check_oxum, compare_listed, match_normalization, walk_payload};
use tagfiles::{read_bag_info, read_bagit_txt};

pub use algorithm::Algorithm;
pub use report::{Problem, Report, Severity};

// The message in both languages (for people and for `--json`/what is stored) lives in
// the catalogue's module; re-exported here where the bag readers first needed it.
pub use crate::i18n::text::{both, io_text, Text};

/// Largest tag file read (bagit.txt, bag-info.txt, and the like).
const MAX_TAG_FILE: u64 = 1024 * 1024;
/// Largest manifest read: about 300 000 entries.
const MAX_MANIFEST: u64 = 64 * 1024 * 1024;
/// Largest total of manifests, tag manifests and fetch.txt read: each is bounded, and
/// so is their sum (a bag may hold 24 manifests; 1.5 GB of them once took 6 minutes and
/// 2.7 GB of memory, red team 18 finding 12).
const MAX_MANIFESTS_TOTAL: u64 = 128 * 1024 * 1024;
/// Most entries read from one manifest: no payload isou reads has more files
/// ([`MAX_PAYLOAD_ENTRIES`]), so a longer manifest cannot describe a valid bag.
const MAX_MANIFEST_LINES: usize = MAX_PAYLOAD_ENTRIES;
/// Largest tag file hashed (tag files are metadata; isou's are a few KiB).
const MAX_TAG_HASHED: u64 = 64 * 1024 * 1024;

/// Problems kept in a report: a medium with half a million stray files is reported
/// with the first of them and a count, not with half a million lines held in memory.
pub const MAX_PROBLEMS: usize = 1000;
/// Entries walked under `data/` at most (as for ISO images and `open`).
pub const MAX_PAYLOAD_ENTRIES: usize = 100_000;
/// Folders nested under `data/` at most: each level costs a path walk, and a few KiB
/// of nested folders once made verify run for hours.
pub const MAX_PAYLOAD_DEPTH: usize = 64;

/// Validates the bag at `bag`, hashing on `threads` threads. An `Err` means the bag
/// could not be read at all; everything wrong with its contents is in the report.
pub fn validate(bag: &Path, threads: usize) -> io::Result<Report> {
    validate_with_progress(&DirSource(bag.to_path_buf()), threads, &Default::default())
}

/// [`validate`] for a bag in any [`BagSource`], advancing `progress` by the bytes hashed.
pub fn validate_with_progress(
    bag: &dyn BagSource,
    threads: usize,
    progress: &crate::progress::Progress,
) -> io::Result<Report> {
    validate_inner(bag, threads, progress, true)
}

/// Everything [`validate`] checks except the payload files' checksums, which the caller
/// has checked itself (isou's read-back hashes each segment as soon as it is written).
pub fn validate_except_payload_hashes(bag: &dyn BagSource) -> io::Result<Report> {
    validate_inner(bag, 1, &Default::default(), false)
}

/// The checks, in this order: `bagit.txt`, the metadata file, the manifests found, the
/// payload manifests, `fetch.txt`, the payload present against the manifests, the tag
/// manifests, `Payload-Oxum` (before anything is hashed), then the checksums.
fn validate_inner(
    bag: &dyn BagSource,
    threads: usize,
    progress: &crate::progress::Progress,
    mut hash_payload: bool,
) -> io::Result<Report> {
    let mut report = Report::default();

    let declared = read_bagit_txt(&mut report, bag);
    report.version = declared.version;
    report.encoding = declared.label.clone();
    let enc = declared.encoding;
    read_bag_info(&mut report, bag, &declared);

    let found = find_manifests(&mut report, bag)?;
    let (expected, listed_by) = read_payload_manifests(&mut report, bag, &found.payload, enc);
    let fetch = read_fetch(&mut report, bag, enc, &listed_by);

    let on_disk = walk_payload(&mut report, bag)?;
    let (on_disk, actual) = match_normalization(&mut report, on_disk, &expected);
    report.payload_files = on_disk.len() as u64;
    report.payload_bytes = on_disk.values().sum();
    compare_listed(&mut report, bag, &listed_by, &on_disk, &fetch);

    let tag_expected = read_tag_manifests(&mut report, bag, &found.tag, enc);
    hash_payload &= check_oxum(&mut report);
    let (listed, jobs) = hash_jobs(&expected, &tag_expected, &on_disk, &actual, hash_payload);
    let hashed = hash_files(bag, &jobs, threads, progress);
    compare_sums(&mut report, &listed, hashed, &expected, &tag_expected);

    Ok(report)
}

#[cfg(test)]
mod tests;
