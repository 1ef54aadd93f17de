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
/// Largest tag file hashed (tag files are metadata; isou's are a few KiB).
const MAX_TAG_HASHED: u64 = 64 * 1024 * 1024;

/// Checksum algorithms of manifests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Algorithm {
    /// MD5 (weak: a warning).
    Md5,
    /// SHA-1 (weak: a warning).
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-512.
    Sha512,
}

impl Algorithm {
    fn from_name(s: &str) -> Option<Algorithm> {
        Some(match s {
            "md5" => Algorithm::Md5,
            "sha1" => Algorithm::Sha1,
            "sha256" => Algorithm::Sha256,
            "sha512" => Algorithm::Sha512,
            _ => return None,
        })
    }

    /// The manifest name component (`sha256`).
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Md5 => "md5",
            Algorithm::Sha1 => "sha1",
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha512 => "sha512",
        }
    }

    fn hex_len(self) -> usize {
        match self {
            Algorithm::Md5 => 32,
            Algorithm::Sha1 => 40,
            Algorithm::Sha256 => 64,
            Algorithm::Sha512 => 128,
        }
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

/// A message of the catalogue, formatted once in the language of the run (for a
/// person) and once in English (for `--json` and anything persisted: what is stored
/// or exported must not depend on who ran the command), with its id, a
/// language-independent key that code may decide by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// The catalogue id (`bag-cannot-be-read`), or `""` for a text from outside
    /// (an operating-system error) that the catalogue does not hold.
    pub id: &'static str,
    /// In the current language.
    pub local: String,
    /// In English.
    pub en: String,
}

impl Text {
    /// Message `id` with `args`, in the current language and in English.
    pub fn new(id: &'static str, args: Option<&crate::i18n::Args>) -> Text {
        Text {
            id,
            local: crate::i18n::tr(id, args),
            en: crate::i18n::tr_in(crate::i18n::Lang::En, id, args),
        }
    }

    /// Message `id` whose argument `name` is `inner`, each language taking its own form
    /// of it; `args` are the other arguments (the same in both languages).
    pub fn nest(
        id: &'static str,
        name: &'static str,
        inner: Text,
        args: &[(&'static str, String)],
    ) -> Text {
        let make = |v: String| {
            let mut a = crate::i18n::Args::new();
            for (k, x) in args {
                a.set(*k, x.clone());
            }
            a.set(name, v);
            a
        };
        Text {
            id,
            local: crate::i18n::tr(id, Some(&make(inner.local))),
            en: crate::i18n::tr_in(crate::i18n::Lang::En, id, Some(&make(inner.en))),
        }
    }

    /// A text the catalogue does not hold (an operating system's error), as it is.
    pub fn raw(text: impl Into<String>) -> Text {
        let t = text.into();
        Text {
            id: "",
            local: t.clone(),
            en: t,
        }
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.local)
    }
}

/// A [`Text`] is also an error: the bag sources put one in the `io::Error`s they make,
/// so the English survives to `--json` (see [`io_text`]).
impl std::error::Error for Text {}

/// An I/O error as a [`Text`]: the one a bag source put in it, else the operating
/// system's words (the same in both).
pub fn io_text(e: &io::Error) -> Text {
    match e.get_ref().and_then(|i| i.downcast_ref::<Text>()) {
        Some(t) => t.clone(),
        None => Text::raw(e.to_string()),
    }
}

/// [`Text`]s: `both::tr!("id", name = value)` formats like [`crate::tr!`] but gives
/// the current language and English together.
pub mod both {
    macro_rules! both_tr {
        ($id:literal) => {
            $crate::bag::validate::Text::new($id, None)
        };
        ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
            let mut args = $crate::i18n::Args::new();
            $( args.set(stringify!($name), $crate::i18n::arg($value)); )+
            $crate::bag::validate::Text::new($id, Some(&args))
        }};
    }
    pub(crate) use both_tr as tr;
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
    /// Whether no error was found.
    pub fn is_valid(&self) -> bool {
        self.more_errors == 0 && !self.problems.iter().any(|p| p.severity == Severity::Error)
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
fn read_manifest(report: &mut Report, bag: &dyn BagSource, name: &str) -> Option<String> {
    match bag.read_bounded(name, MAX_MANIFEST) {
        Ok(Some(b)) => Some(String::from_utf8_lossy(&b).into_owned()),
        Ok(None) => None,
        Err(e) => {
            report.error(name, io_text(&e));
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
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((sum, path)) = line.split_once([' ', '\t']) else {
            report.error(
                name,
                both::tr!("bag-manifest-line-form", line = (n + 1).to_string()),
            );
            continue;
        };
        // "One or more linear whitespace characters" (RFC 8493 §2.1.3); sha256sum's
        // binary marker '*' is tolerated.
        let path = path.trim_start_matches([' ', '\t']);
        let path = path.strip_prefix('*').unwrap_or(path);
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
            report.error(
                name,
                Text {
                    id: why.id,
                    local: crate::tr!(
                        "bag-manifest-line-path",
                        line = (n + 1).to_string(),
                        why = why.local,
                        path = crate::untrusted::sanitize(&path)
                    ),
                    en: crate::i18n::tr_in(
                        crate::i18n::Lang::En,
                        "bag-manifest-line-path",
                        Some(&{
                            let mut a = crate::i18n::Args::new();
                            a.set("line", n + 1);
                            a.set("why", why.en);
                            a.set("path", crate::untrusted::sanitize(&path));
                            a
                        }),
                    ),
                },
            );
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
    m
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

enum Hasher {
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
    Sha512(sha2::Sha512),
}

impl Hasher {
    fn new(a: Algorithm) -> Hasher {
        match a {
            Algorithm::Md5 => Hasher::Md5(md5::Md5::new()),
            Algorithm::Sha1 => Hasher::Sha1(sha1::Sha1::new()),
            Algorithm::Sha256 => Hasher::Sha256(sha2::Sha256::new()),
            Algorithm::Sha512 => Hasher::Sha512(sha2::Sha512::new()),
        }
    }
    fn update(&mut self, d: &[u8]) {
        match self {
            Hasher::Md5(h) => h.update(d),
            Hasher::Sha1(h) => h.update(d),
            Hasher::Sha256(h) => h.update(d),
            Hasher::Sha512(h) => h.update(d),
        }
    }
    fn hex(self) -> String {
        let b: Vec<u8> = match self {
            Hasher::Md5(h) => h.finalize().to_vec(),
            Hasher::Sha1(h) => h.finalize().to_vec(),
            Hasher::Sha256(h) => h.finalize().to_vec(),
            Hasher::Sha512(h) => h.finalize().to_vec(),
        };
        b.iter().map(|x| format!("{x:02x}")).collect()
    }
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
                            let mut hs: Vec<Hasher> =
                                algs.iter().map(|a| Hasher::new(*a)).collect();
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
                            Ok(hs.into_iter().map(Hasher::hex).collect())
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

    match bag.read_bounded("bagit.txt", MAX_TAG_FILE) {
        Ok(Some(b)) => {
            let text = String::from_utf8_lossy(&b);
            let lines: Vec<&str> = text.lines().collect();
            let version = lines
                .first()
                .and_then(|l| l.strip_prefix("BagIt-Version: "));
            let enc = lines
                .get(1)
                .and_then(|l| l.strip_prefix("Tag-File-Character-Encoding: "));
            match (version, enc, lines.len()) {
                (Some(v), Some(e), 2) => {
                    let ok_version = v.split_once('.').is_some_and(|(a, b)| {
                        !a.is_empty()
                            && !b.is_empty()
                            && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
                    });
                    if !ok_version {
                        report.error(
                            "bagit.txt",
                            both::tr!(
                                "bag-version-form",
                                version = format!("{:?}", crate::untrusted::sanitize(v))
                            ),
                        );
                    }
                    if !e.eq_ignore_ascii_case("UTF-8") {
                        report.error(
                            "bagit.txt",
                            both::tr!(
                                "bag-encoding-unsupported",
                                encoding = format!("{:?}", crate::untrusted::sanitize(e))
                            ),
                        );
                    }
                }
                _ => report.error("bagit.txt", both::tr!("bag-bagit-txt-form")),
            }
        }
        Ok(None) => report.error("bagit.txt", both::tr!("bag-bagit-txt-missing")),
        Err(e) => report.error("bagit.txt", io_text(&e)),
    }

    match bag.read_bounded("bag-info.txt", MAX_TAG_FILE) {
        Ok(Some(b)) => match String::from_utf8(b) {
            // A tag file that holds a secret key (a link to the reader's own identity
            // file) is never parsed into fields that would be shown.
            Ok(text) if crate::untrusted::looks_secret(&text) => {
                report.error("bag-info.txt", both::tr!("bag-info-secret"))
            }
            Ok(text) => {
                let (info, problems) = BagInfo::parse(&text);
                for p in problems {
                    report.error("bag-info.txt", p);
                }
                report.info = info;
            }
            Err(_) => report.error("bag-info.txt", both::tr!("bag-info-not-utf8")),
        },
        Ok(None) => {}
        Err(e) => report.error("bag-info.txt", io_text(&e)),
    }

    // Manifests present in the bag root.
    let mut payload_manifests = Vec::new();
    let mut tag_manifests = Vec::new();
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
            Some(a) => {
                if tag {
                    tag_manifests.push((name, a))
                } else {
                    payload_manifests.push((name, a))
                }
            }
            None => report.error(
                &name,
                both::tr!(
                    "bag-algorithm-unsupported",
                    algorithm = format!("{:?}", crate::untrusted::sanitize(alg))
                ),
            ),
        }
    }
    payload_manifests.sort();
    tag_manifests.sort();
    if payload_manifests.is_empty() {
        report.error("manifest-sha256.txt", both::tr!("bag-no-payload-manifest"));
    }

    let mut expected: BTreeMap<String, BTreeMap<Algorithm, String>> = BTreeMap::new();
    let mut listed_by: Vec<(String, BTreeSet<String>)> = Vec::new();
    for (name, alg) in &payload_manifests {
        if matches!(alg, Algorithm::Md5 | Algorithm::Sha1) {
            report.warn(name, both::tr!("bag-weak-checksum", algorithm = alg.name()));
        }
        let Some(text) = read_manifest(&mut report, bag, name) else {
            continue;
        };
        let m = parse_manifest(&mut report, name, &text, *alg, true);
        listed_by.push((name.clone(), m.keys().cloned().collect()));
        for (p, sum) in m {
            expected.entry(p).or_default().insert(*alg, sum);
        }
    }

    let on_disk = walk_payload(&mut report, bag)?;
    report.payload_files = on_disk.len() as u64;
    report.payload_bytes = on_disk.values().sum();
    for (name, listed) in &listed_by {
        for p in on_disk.keys().filter(|p| !listed.contains(*p)) {
            report.error(p, both::tr!("bag-not-listed", manifest = name.as_str()));
        }
        for p in listed.iter().filter(|p| !on_disk.contains_key(*p)) {
            report.error(p, both::tr!("bag-listed-missing", manifest = name.as_str()));
        }
    }

    // Tag manifests: their entries are hashed with the payload, in the same pool.
    let mut tag_expected: BTreeMap<String, BTreeMap<Algorithm, String>> = BTreeMap::new();
    for (name, alg) in &tag_manifests {
        let Some(text) = read_manifest(&mut report, bag, name) else {
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
    let jobs: Vec<(String, Vec<Algorithm>)> = expected
        .iter()
        .filter(|(p, _)| hash_payload && on_disk.contains_key(*p))
        .chain(tag_expected.iter())
        .map(|(p, algs)| (p.clone(), algs.keys().copied().collect()))
        .collect();
    let hashed = hash_files(bag, &jobs, threads, progress);
    for ((path, algs), result) in jobs.iter().zip(hashed) {
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
