//! Validating a bag (RFC 8493 §3): every problem is collected, not only the first.
//!
//! Everything in a bag that arrives by post is untrusted: sizes are bounded before
//! reading, manifest paths must stay inside the bag (`..`, absolute paths and `./` are
//! refused, as in CVE-2018-1000804-style path traversals through manifests), payload
//! symlinks and special files are refused, and files are hashed on all cores.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::{self, Read};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use sha2::Digest;

use super::source::{BagSource, DirSource, Kind};
use super::{decode_path, BagInfo};

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

/// Checksum algorithms of manifests: those bagit.py (the Library of Congress validator)
/// checks, under its names (Python's `hashlib.algorithms_guaranteed`, but the SHAKE
/// functions, which have no fixed length).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Algorithm {
    /// MD5 (weak: a warning).
    Md5,
    /// SHA-1 (weak: a warning).
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// BLAKE2b (512 bits, as Python's `hashlib.blake2b`).
    Blake2b,
    /// BLAKE2s (256 bits, as Python's `hashlib.blake2s`).
    Blake2s,
    /// SHA3-224.
    Sha3_224,
    /// SHA3-256.
    Sha3_256,
    /// SHA3-384.
    Sha3_384,
    /// SHA3-512.
    Sha3_512,
}

impl Algorithm {
    /// Every algorithm, in the order manifests are read.
    pub const ALL: [Algorithm; 12] = [
        Algorithm::Md5,
        Algorithm::Sha1,
        Algorithm::Sha224,
        Algorithm::Sha256,
        Algorithm::Sha384,
        Algorithm::Sha512,
        Algorithm::Blake2b,
        Algorithm::Blake2s,
        Algorithm::Sha3_224,
        Algorithm::Sha3_256,
        Algorithm::Sha3_384,
        Algorithm::Sha3_512,
    ];

    /// The algorithm of a manifest name component, case-sensitively as bagit.py reads
    /// them (`manifest-SHA256.txt` is no manifest to it either).
    pub fn from_name(s: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.name() == s)
    }

    /// The manifest name component (`sha256`).
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Md5 => "md5",
            Algorithm::Sha1 => "sha1",
            Algorithm::Sha224 => "sha224",
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha384 => "sha384",
            Algorithm::Sha512 => "sha512",
            Algorithm::Blake2b => "blake2b",
            Algorithm::Blake2s => "blake2s",
            Algorithm::Sha3_224 => "sha3_224",
            Algorithm::Sha3_256 => "sha3_256",
            Algorithm::Sha3_384 => "sha3_384",
            Algorithm::Sha3_512 => "sha3_512",
        }
    }

    /// Weak against collisions: a manifest of it is checked, with a warning.
    pub fn is_weak(self) -> bool {
        matches!(self, Algorithm::Md5 | Algorithm::Sha1)
    }

    fn hasher(self) -> Box<dyn sha2::digest::DynDigest + Send> {
        match self {
            Algorithm::Md5 => Box::new(md5::Md5::new()),
            Algorithm::Sha1 => Box::new(sha1::Sha1::new()),
            Algorithm::Sha224 => Box::new(sha2::Sha224::new()),
            Algorithm::Sha256 => Box::new(sha2::Sha256::new()),
            Algorithm::Sha384 => Box::new(sha2::Sha384::new()),
            Algorithm::Sha512 => Box::new(sha2::Sha512::new()),
            Algorithm::Blake2b => Box::new(blake2::Blake2b512::new()),
            Algorithm::Blake2s => Box::new(blake2::Blake2s256::new()),
            Algorithm::Sha3_224 => Box::new(sha3::Sha3_224::new()),
            Algorithm::Sha3_256 => Box::new(sha3::Sha3_256::new()),
            Algorithm::Sha3_384 => Box::new(sha3::Sha3_384::new()),
            Algorithm::Sha3_512 => Box::new(sha3::Sha3_512::new()),
        }
    }

    fn hex_len(self) -> usize {
        2 * self.hasher().output_size()
    }
}

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The bag is invalid.
    Error,
    /// Worth telling, but the bag is valid.
    Warning,
}

// The message in both languages (for people and for `--json`/what is stored) lives in
// the catalogue's module; re-exported here where the bag readers first needed it.
pub use crate::i18n::text::{both, io_text, Text};

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
    /// Bytes of manifests read so far (against [`MAX_MANIFESTS_TOTAL`]).
    manifest_bytes: u64,
}

/// Problems kept in a report: a medium with half a million stray files is reported
/// with the first of them and a count, not with half a million lines held in memory.
pub const MAX_PROBLEMS: usize = 1000;
/// Entries walked under `data/` at most (as for ISO images and `open`).
pub const MAX_PAYLOAD_ENTRIES: usize = 100_000;
/// Folders nested under `data/` at most: each level costs a path walk, and a few KiB
/// of nested folders once made verify run for hours.
pub const MAX_PAYLOAD_DEPTH: usize = 64;

impl Report {
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

    fn error(&mut self, file: &str, message: Text) {
        if self.problems.len() >= MAX_PROBLEMS {
            self.more_errors += 1;
            return;
        }
        self.problems
            .push(Problem::new(Severity::Error, file, message));
    }

    fn warn(&mut self, file: &str, message: Text) {
        if self.problems.len() >= MAX_PROBLEMS {
            return;
        }
        self.problems
            .push(Problem::new(Severity::Warning, file, message));
    }
}

/// Message `id` taking the I/O error `e` as `$error`, each language with its own form
/// of the error.
fn with_error(id: &'static str, e: &io::Error) -> Text {
    let inner = io_text(e);
    let args = |error: String| {
        let mut a = crate::i18n::Args::new();
        a.set("error", error);
        a
    };
    Text {
        id,
        local: crate::i18n::tr(id, Some(&args(inner.local))),
        en: crate::i18n::tr_in(crate::i18n::Lang::En, id, Some(&args(inner.en))),
    }
}

/// A manifest path that stays inside the bag: relative, `/`-separated, no empty, `.` or
/// `..` components, no NUL.
fn safe_relative(path: &str) -> Result<(), Text> {
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

type Manifest = BTreeMap<String, String>;

/// A manifest's text, or `None` with the reason in the report.
fn read_manifest(
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
fn parse_manifest(
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
        // "One or more linear whitespace characters" (RFC 8493 §2.1.3). The `*` that
        // md5sum/sha256sum write in binary mode (`HASH *data/file`) is accepted by
        // coreutils and bagit.py; not BagIt, so said once per manifest.
        let path = path.trim_start_matches([' ', '\t']);
        let path = match path.strip_prefix('*') {
            Some(p) => {
                starred += 1;
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
        let path = decode_path(path);
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
            let path = crate::untrusted::sanitize(&path);
            let msg = if payload {
                both::tr!(
                    "bag-manifest-outside-data",
                    line = (n + 1).to_string(),
                    path = path
                )
            } else {
                both::tr!(
                    "bag-tagmanifest-inside-data",
                    line = (n + 1).to_string(),
                    path = path
                )
            };
            report.error(name, msg);
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

/// Message `id` (`$line: $why: $path`) for an unsafe path on line `line` of a tag
/// file, each language with its own `why`.
fn line_path(id: &'static str, line: usize, why: Text, path: &str) -> Text {
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

/// Reads `fetch.txt` (RFC 8493 §2.2.3: `URL LENGTH FILEPATH` per line, LENGTH in
/// octets or `-`) and returns the payload paths it lists. Nothing is ever fetched: isou
/// makes no network connection (§2.2⑪ of the manual), it only tells what is missing.
/// A path leaving the payload (`../`, absolute, `~`), a tag file, or a file no payload
/// manifest lists makes the bag invalid, as for bagit.py (CVE-2018-1000804-style
/// traversal through a fetch list).
fn read_fetch(
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
        fn split(t: &str) -> Option<(&str, &str)> {
            t.split_once([' ', '\t'])
                .map(|(a, b)| (a, b.trim_start_matches([' ', '\t'])))
        }
        let Some((url, (length, path))) =
            split(line).and_then(|(url, rest)| Some((url, split(rest)?)))
        else {
            report.error(NAME, both::tr!("bag-fetch-line-form", line = line_no));
            continue;
        };
        // A URL with a scheme and a host, or a file: URL (what bagit.py accepts).
        let url_ok = url.split_once(':').is_some_and(|(scheme, rest)| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && (scheme.eq_ignore_ascii_case("file")
                    || rest
                        .strip_prefix("//")
                        .is_some_and(|r| !r.is_empty() && !r.starts_with('/')))
        });
        if !url_ok {
            report.error(
                NAME,
                both::tr!(
                    "bag-fetch-url",
                    line = line_no.as_str(),
                    url = format!("{:?}", crate::untrusted::sanitize(url))
                ),
            );
        }
        if length != "-"
            && (length.is_empty()
                || length.len() > 20
                || !length.bytes().all(|b| b.is_ascii_digit()))
        {
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

/// Payload names as the manifests list them: a name listed in another Unicode
/// normalisation form than the file's name as stored (NFC in the manifest, NFD on a
/// macOS-made medium — ガ, パ and é decompose) is the same file, as bagit.py compares
/// them (red team 18, finding 04), said with a warning. Two stored names that are one
/// after normalisation are an error: which one a manifest means cannot be told.
/// Returns the payload keyed as listed, and listed name → stored name where they differ.
fn match_normalization(
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
fn walk_payload(report: &mut Report, bag: &dyn BagSource) -> io::Result<BTreeMap<String, u64>> {
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

/// Hashes each file once with every algorithm it needs, on `threads` threads.
fn hash_files(
    bag: &dyn BagSource,
    jobs: &[(String, Vec<Algorithm>)],
    threads: usize,
    progress: &crate::progress::Progress,
) -> Vec<io::Result<Vec<String>>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<io::Result<Vec<String>>>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads.max(1).min(jobs.len().max(1)))
            .map(|_| {
                s.spawn(|| {
                    let mut buf = vec![0u8; 1 << 20];
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((path, algs)) = jobs.get(i) else {
                            break;
                        };
                        let r = (|| {
                            let mut f = bag.open(path)?;
                            let mut hs: Vec<Box<dyn sha2::digest::DynDigest + Send>> =
                                algs.iter().map(|a| a.hasher()).collect();
                            loop {
                                let n = match f.read(&mut buf) {
                                    Ok(0) => break,
                                    Ok(n) => n,
                                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                                    Err(e) => return Err(e),
                                };
                                for h in &mut hs {
                                    h.update(&buf[..n]);
                                }
                                progress.add(n as u64);
                            }
                            Ok(hs.into_iter().map(|h| hex::encode(h.finalize())).collect())
                        })();
                        results.lock().expect("no panics while holding it")[i] = Some(r);
                    }
                })
            })
            .collect();
        // Joined by hand: the scope itself only waits for the closures to return, and a
        // thread still exiting (running its thread-local destructors) after `hash_files`
        // returns showed up as a 32-byte leak under LeakSanitizer while fuzzing.
        for w in workers {
            if let Err(panic) = w.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    results
        .into_inner()
        .expect("threads joined")
        .into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}

/// The character encoding of the tag files other than `bagit.txt` (RFC 8493 §2.1.1
/// `Tag-File-Character-Encoding`). The WHATWG decoders of `encoding_rs`, except where
/// the WHATWG standard reads a label differently from the IANA charset it names — and
/// from Python's codecs, which bagit.py uses (red team 18, findings 02 and 03):
/// ISO-8859-1 is Latin-1 (every byte its own code point, not windows-1252), US-ASCII is
/// 7 bits, and `UTF-16` needs its byte-order mark, which chooses the order
/// (`UTF-16LE`/`UTF-16BE` name the order and take none).
#[derive(Clone, Copy, Debug)]
enum TagEncoding {
    /// A WHATWG encoding, decoded without BOM sniffing.
    Whatwg(&'static encoding_rs::Encoding),
    /// ISO-8859-1 proper.
    Latin1,
    /// US-ASCII, bytes 0–127 only.
    Ascii,
    /// `UTF-16` with a byte-order mark.
    Utf16,
}

impl TagEncoding {
    /// The encoding a label names, when it can be decoded (not the WHATWG
    /// "replacement" encoding, which stands for encodings that must not be decoded).
    fn of_label(label: &str) -> Option<TagEncoding> {
        // Python's normalisation of codec names: case and `-`/` ` against `_`.
        let norm: String = label
            .trim()
            .to_ascii_lowercase()
            .chars()
            .map(|c| if c == '-' || c == ' ' { '_' } else { c })
            .collect();
        match norm.as_str() {
            "iso_8859_1" | "iso8859_1" | "iso_8859_1:1987" | "iso_ir_100" | "latin1"
            | "latin_1" | "l1" | "cp819" | "ibm819" | "csisolatin1" | "8859" | "latin" => {
                return Some(TagEncoding::Latin1)
            }
            "us_ascii" | "ascii" | "ansi_x3.4_1968" | "iso646_us" | "us" | "csascii" | "cp367"
            | "ibm367" | "646" | "iso_ir_6" => return Some(TagEncoding::Ascii),
            "utf_16" | "utf16" | "u16" => return Some(TagEncoding::Utf16),
            // Windows' name for the Shift_JIS it writes (WHATWG's Shift_JIS is it).
            "cp932" | "ms932" | "mskanji" | "ms_kanji" => {
                return Some(TagEncoding::Whatwg(encoding_rs::SHIFT_JIS))
            }
            _ => {}
        }
        let e = encoding_rs::Encoding::for_label_no_replacement(label.trim().as_bytes())?;
        // The WHATWG standard reads some ISO labels as a Windows code page: ISO-8859-9
        // (latin5) as windows-1254, ISO-8859-11 and TIS-620 as windows-874. Python's
        // codecs (bagit.py) decode them as the ISO standard says, 0x80–0x9F being C1
        // controls, so the two would read another name or checksum from the same bytes
        // (red team 18, second pass, finding 08). A label that does not name the Windows
        // code page itself is refused, by name, rather than read differently.
        let names_windows = ["windows_", "cp", "x_cp"]
            .iter()
            .any(|p| norm.starts_with(p));
        if e.name().starts_with("windows-") && !names_windows {
            return None;
        }
        Some(TagEncoding::Whatwg(e))
    }

    fn name(self) -> &'static str {
        match self {
            TagEncoding::Whatwg(e) => e.name(),
            TagEncoding::Latin1 => "ISO-8859-1",
            TagEncoding::Ascii => "US-ASCII",
            TagEncoding::Utf16 => "UTF-16",
        }
    }

    /// Decodes a tag file strictly (a malformed sequence is `None`, never a
    /// replacement character that would make a path or a checksum match something
    /// else). Returns the text and whether it began with a byte-order mark its
    /// encoding does not take (UTF-8, UTF-16LE, UTF-16BE), which RFC 8493 does not want
    /// in tag files (bagit.py warns of it in UTF-8).
    fn decode(self, bytes: &[u8]) -> Option<(String, bool)> {
        use encoding_rs::{UTF_16BE, UTF_16LE, UTF_8};
        match self {
            TagEncoding::Latin1 => Some((bytes.iter().map(|&b| b as char).collect(), false)),
            TagEncoding::Ascii => bytes
                .is_ascii()
                .then(|| (bytes.iter().map(|&b| b as char).collect(), false)),
            TagEncoding::Utf16 => {
                let (e, body) = match bytes {
                    [0xFF, 0xFE, rest @ ..] => (UTF_16LE, rest),
                    [0xFE, 0xFF, rest @ ..] => (UTF_16BE, rest),
                    // No byte order: Python's utf-16 codec refuses it too.
                    _ => return None,
                };
                e.decode_without_bom_handling_and_without_replacement(body)
                    .map(|t| (t.into_owned(), false))
            }
            TagEncoding::Whatwg(e) if e == UTF_8 => {
                let (body, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
                    Some(rest) => (rest, true),
                    None => (bytes, false),
                };
                std::str::from_utf8(body).ok().map(|t| (t.to_string(), bom))
            }
            // UTF-16LE and UTF-16BE name their byte order and take no byte-order mark
            // (RFC 2781 §3.3); one written anyway is read as a mark, with a warning,
            // never as a character of the first line (bagit.py 1.9 agrees: the table
            // test's case encoding-utf-16le-with-bom).
            TagEncoding::Whatwg(e) if e == UTF_16LE || e == UTF_16BE => {
                let mark: &[u8] = if e == UTF_16LE {
                    b"\xFF\xFE"
                } else {
                    b"\xFE\xFF"
                };
                let (body, bom) = match bytes.strip_prefix(mark) {
                    Some(rest) => (rest, true),
                    None => (bytes, false),
                };
                e.decode_without_bom_handling_and_without_replacement(body)
                    .map(|t| (t.into_owned(), bom))
            }
            // A Windows code page's undefined bytes (windows-1252's 0x81, 0x8D, 0x8F,
            // 0x90, 0x9D …) are C1 controls to the WHATWG decoder and errors to Python's
            // codecs: undecodable here too, so isou and bagit.py never read one file two
            // ways (red team 18, second pass, finding 08).
            TagEncoding::Whatwg(e) if e.name().starts_with("windows-") => e
                .decode_without_bom_handling_and_without_replacement(bytes)
                .filter(|t| !t.chars().any(|c| ('\u{80}'..='\u{9F}').contains(&c)))
                .map(|t| (t.into_owned(), false)),
            TagEncoding::Whatwg(e) => e
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|t| (t.into_owned(), false)),
        }
    }
}

/// What `bagit.txt` declares (RFC 8493 §2.1.1).
struct Declared {
    /// `BagIt-Version` as numbers (1.0 when it cannot be read).
    version: (u32, u32),
    /// How the other tag files are decoded (UTF-8 when the declared one cannot be).
    encoding: TagEncoding,
    /// The label as written (sanitised), when there is one.
    label: Option<String>,
}

/// The oldest and newest BagIt versions read, as the Library of Congress's bagit.py
/// reads them: 0.93 to 1.x (a 2.0 bag may change anything).
const OLDEST_VERSION: (u32, u32) = (0, 93);

/// Reads `bagit.txt`: exactly `BagIt-Version: M.N` and `Tag-File-Character-Encoding:
/// ENCODING`, in that order, UTF-8 without a byte-order mark (RFC 8493 §2.1.1).
/// Problems go to the report; what could be read is used for the rest of the bag.
fn read_bagit_txt(report: &mut Report, bag: &dyn BagSource) -> Declared {
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
    let tags: Vec<(&str, &str)> = super::tag_lines(text)
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

    // BagIt 0.93 to 0.95 named the metadata file package-info.txt (as bagit.py reads
    // them); RFC 8493 and 0.96 on, bag-info.txt.
    let info_file = if declared.version < (0, 96) {
        "package-info.txt"
    } else {
        "bag-info.txt"
    };
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

    // Manifests present in the bag root.
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

    let mut expected: BTreeMap<String, BTreeMap<Algorithm, String>> = BTreeMap::new();
    let mut listed_by: Vec<(String, BTreeSet<String>)> = Vec::new();
    for (name, alg) in &payload_manifests {
        if alg.is_weak() {
            report.warn(name, both::tr!("bag-weak-checksum", algorithm = alg.name()));
        }
        let Some(text) = read_manifest(&mut report, bag, name, enc) else {
            continue;
        };
        let m = parse_manifest(&mut report, name, &text, *alg, true);
        listed_by.push((name.clone(), m.keys().cloned().collect()));
        for (p, sum) in m {
            expected.entry(p).or_default().insert(*alg, sum);
        }
    }

    let fetch = read_fetch(&mut report, bag, enc, &listed_by);

    let on_disk = walk_payload(&mut report, bag)?;
    let (on_disk, actual) = match_normalization(&mut report, on_disk, &expected);
    report.payload_files = on_disk.len() as u64;
    report.payload_bytes = on_disk.values().sum();
    let mut to_fetch = BTreeSet::new();
    for (name, listed) in &listed_by {
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

    // Tag manifests: their entries are hashed with the payload, in the same pool.
    let mut tag_expected: BTreeMap<String, BTreeMap<Algorithm, String>> = BTreeMap::new();
    for (name, alg) in &tag_manifests {
        let Some(text) = read_manifest(&mut report, bag, name, enc) else {
            continue;
        };
        for (p, sum) in parse_manifest(&mut report, name, &text, *alg, false) {
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
                    "bag-info.txt",
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
                "bag-info.txt",
                both::tr!(
                    "bag-oxum-form",
                    oxum = format!("{:?}", crate::untrusted::sanitize(&oxum))
                ),
            ),
        }
    }
    // Each job: the path as listed, and the file read (its name as stored, when the
    // two differ in Unicode normalisation only).
    let listed: Vec<(String, Vec<Algorithm>)> = expected
        .iter()
        .filter(|(p, _)| hash_payload && on_disk.contains_key(*p))
        .chain(tag_expected.iter())
        .map(|(p, algs)| (p.clone(), algs.keys().copied().collect()))
        .collect();
    let jobs: Vec<(String, Vec<Algorithm>)> = listed
        .iter()
        .map(|(p, algs)| (actual.get(p).unwrap_or(p).clone(), algs.clone()))
        .collect();
    let hashed = hash_files(bag, &jobs, threads, progress);
    for ((path, algs), result) in listed.iter().zip(hashed) {
        let want = expected
            .get(path)
            .or_else(|| tag_expected.get(path))
            .expect("job from a manifest");
        match result {
            // A device error (EIO: reading again may work) is told apart from a file
            // that is refused (a FIFO, a link): only the first is "cannot be read".
            Err(e) if e.raw_os_error().is_some() => {
                report.error(path, with_error("bag-cannot-be-read", &e))
            }
            Err(e) => report.error(path, with_error("bag-refused", &e)),
            Ok(sums) => {
                for (alg, got) in algs.iter().zip(sums) {
                    if want[alg] != got {
                        report.error(
                            path,
                            both::tr!("bag-checksum-differs", algorithm = alg.name()),
                        );
                    }
                }
            }
        }
    }

    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        for p in [
            "/etc/passwd",
            "data/../../x",
            "data/./x",
            "C:\\x",
            "data//x",
            "",
            "data/a\0b",
            "..\\x",
        ] {
            assert!(safe_relative(p).is_err(), "{p:?}");
        }
        assert!(safe_relative("data/payload.000").is_ok());
        assert!(safe_relative("data/日本語/ファイル.csv").is_ok());
    }

    /// Regression (fuzzing with LeakSanitizer): `std::thread::scope` returns once the
    /// threads' closures have returned, while the threads may still be running their
    /// thread-local destructors; the hashing threads must be gone when `hash_files`
    /// returns. A thread-local with a slow destructor makes the gap visible.
    #[test]
    fn hashing_threads_have_exited_when_hashing_returns() {
        use std::sync::atomic::AtomicUsize;
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        static EXITED: AtomicUsize = AtomicUsize::new(0);
        struct SlowExit;
        impl Drop for SlowExit {
            fn drop(&mut self) {
                std::thread::sleep(std::time::Duration::from_millis(200));
                EXITED.fetch_add(1, Ordering::SeqCst);
            }
        }
        thread_local! {
            static GUARD: SlowExit = {
                STARTED.fetch_add(1, Ordering::SeqCst);
                SlowExit
            };
        }
        struct Src(DirSource);
        impl BagSource for Src {
            fn describe(&self) -> String {
                self.0.describe()
            }
            fn open(&self, path: &str) -> io::Result<Box<dyn Read + Send>> {
                GUARD.with(|_| ());
                self.0.open(path)
            }
            fn list(&self, dir: &str) -> io::Result<Vec<crate::bag::source::Entry>> {
                self.0.list(dir)
            }
            fn stat(&self, path: &str) -> io::Result<Option<(crate::bag::source::Kind, u64)>> {
                self.0.stat(path)
            }
        }
        let d = tempfile::tempdir().unwrap();
        let jobs: Vec<(String, Vec<Algorithm>)> = (0..6)
            .map(|i| {
                std::fs::write(d.path().join(format!("f{i}")), [i as u8; 1000]).unwrap();
                (format!("f{i}"), vec![Algorithm::Sha256])
            })
            .collect();
        let src = Src(DirSource(d.path().to_path_buf()));
        let results = hash_files(&src, &jobs, 3, &Default::default());
        assert!(results.iter().all(|r| r.is_ok()));
        let started = STARTED.load(Ordering::SeqCst);
        assert!(started >= 1);
        assert_eq!(EXITED.load(Ordering::SeqCst), started);
    }
}
