//! Media: sealing an extract onto a medium as a signed isou bag, and verifying one.
//!
//! A sealed medium (USB stick, or a directory standing in for one) holds, at its root:
//!
//! ```text
//! bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
//! tagmanifest-sha256.txt.sig  README.txt  data/payload.000 …
//! ```
//!
//! Nothing on it reveals the extract's file names or contents: they are inside the
//! encrypted payload. The signature (SSHSIG, Ed25519) covers the tag manifest, which
//! covers every other file.

pub mod open;
pub mod readme;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rand::Rng;
use ssh_key::{PrivateKey, PublicKey};

use crate::bag::{self, BagInfo, Severity, TagFiles};
use crate::engine::Encryptor;
use crate::pipeline::{self, InputEntry, PayloadOptions, Segment};
use crate::signature::{self, SignatureError, Verified};
use crate::tracking::TrackingNumber;

/// Names a fresh medium may already hold (created by operating systems, not by users).
const SYSTEM_ENTRIES: &[&str] = &[
    "lost+found",
    "System Volume Information",
    ".Spotlight-V100",
    ".fseventsd",
    ".Trashes",
];

/// The information class (§2.2②): the rules differ for identifiable data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InfoClass {
    /// 匿名化 (anonymised).
    Anonymized,
    /// 非匿名化 (identifiable).
    Identifiable,
}

impl InfoClass {
    /// The value written to `bag-info.txt`.
    pub fn label(self) -> &'static str {
        match self {
            InfoClass::Anonymized => "anonymized (匿名化)",
            InfoClass::Identifiable => "identifiable (非匿名化)",
        }
    }
}

/// The facts about a shipment that go into `bag-info.txt`.
#[derive(Clone, Debug, Default)]
pub struct ShipmentFields {
    /// Japan Post tracking number, if known at sealing time.
    pub tracking: Option<TrackingNumber>,
    /// Carrier (ゆうパック, 簡易書留, 持参 …).
    pub carrier: Option<String>,
    /// The designated handler (移送担当者).
    pub handler: Option<String>,
    /// Destination organisation.
    pub destination: Option<String>,
    /// Information class.
    pub class: Option<InfoClass>,
    /// Sending organisation.
    pub source_organization: Option<String>,
    /// Medium type (USBメモリ, CD-R …).
    pub medium_type: Option<String>,
}

/// How the payload is encrypted.
pub enum Protection {
    /// To these recipients' X25519 keys.
    Recipients(Vec<age::x25519::Recipient>),
    /// With a passphrase (sent separately).
    Passphrase(age::secrecy::SecretString),
}

/// Why sealing failed. In every case the medium is left without a bag that verifies.
#[derive(Debug)]
pub enum SealError {
    /// The medium path is missing or not a directory.
    NoMedium(PathBuf),
    /// The medium already holds files (§2.2: use an unused or cleaned medium).
    NotEmpty {
        /// The medium.
        medium: PathBuf,
        /// Some of what is there.
        found: Vec<String>,
    },
    /// The medium has too little free space.
    TooSmall {
        /// Bytes needed (at least).
        needed: u64,
        /// Bytes available.
        available: u64,
    },
    /// An input cannot be sealed.
    Input(pipeline::InputError),
    /// A bag-info value is not acceptable.
    Field(bag::BagInfoError),
    /// Encryption could not start.
    Encrypt(crate::error::EncryptError),
    /// Writing the medium failed.
    Io(io::Error),
    /// Reading back what was written did not give the same bytes.
    ReadBack(Vec<String>),
}

impl std::fmt::Display for SealError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SealError::NoMedium(p) => write!(f, "medium {} is not a mounted folder", p.display()),
            SealError::NotEmpty { medium, found } => write!(
                f,
                "medium {} is not empty (it holds {})",
                medium.display(),
                found
                    .iter()
                    .map(|n| crate::keys::sanitize(n))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            SealError::TooSmall { needed, available } => write!(
                f,
                "the medium has {} MB free, the payload needs at least {} MB",
                available / 1_000_000,
                needed.div_ceil(1_000_000)
            ),
            SealError::Input(e) => e.fmt(f),
            SealError::Field(e) => e.fmt(f),
            SealError::Encrypt(e) => e.fmt(f),
            SealError::Io(e) => write!(f, "writing the medium failed: {e}"),
            SealError::ReadBack(p) => write!(
                f,
                "reading the medium back found differences: {}",
                p.join("; ")
            ),
        }
    }
}

impl std::error::Error for SealError {}

impl SealError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            SealError::NoMedium(_) => "insert and mount the medium, then give its folder with --medium".into(),
            SealError::NotEmpty { .. } => "use an unused or cleaned medium (§2.2), or add --allow-nonempty if the other files may travel with it".into(),
            SealError::TooSmall { .. } => "use a larger medium, or split the extract".into(),
            SealError::Input(_) => "seal regular files and folders; copy links' targets into the extract first".into(),
            SealError::Field(_) => "give the value on one line without control characters".into(),
            SealError::Encrypt(e) => return e.hint(),
            SealError::Io(e) if e.raw_os_error() == Some(libc::ENOSPC) => "the medium is full: use a larger one (nothing usable was left on it)".into(),
            SealError::Io(_) => "check the medium is writable and not removed; nothing usable was left on it".into(),
            SealError::ReadBack(_) => "the medium may be faulty: use another one".into(),
        })
    }
}

impl From<io::Error> for SealError {
    fn from(e: io::Error) -> Self {
        SealError::Io(e)
    }
}

/// What [`seal`] did: a plain value the transport records can store.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SealSummary {
    /// The shipment id (also `External-Identifier`).
    pub shipment_id: String,
    /// Files sealed.
    pub files: u64,
    /// Their total size.
    pub bytes: u64,
    /// Segment files written.
    pub segments: Vec<String>,
    /// Bytes on the medium in `data/`.
    pub payload_bytes: u64,
    /// SHA-256 of `tagmanifest-sha256.txt`: the medium's fingerprint.
    pub manifest_sha256: String,
    /// Normalised tracking number, if given.
    pub tracking_number: Option<String>,
    /// The signing key's fingerprint.
    pub signer: String,
}

/// A new shipment id: `ISOU-YYYYMMDD-` and 8 random characters.
pub fn new_shipment_id() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut rng = rand::rngs::OsRng;
    let date = today();
    let rand: String = (0..8)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    format!("ISOU-{}-{rand}", date.replace('-', ""))
}

/// Today's date (UTC), `YYYY-MM-DD`.
pub fn today() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()[..10].to_string()
}

/// Free bytes for an unprivileged user on the file system holding `path`.
pub fn free_space(path: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid NUL-terminated path and `s` a valid out-pointer.
    if unsafe { libc::statvfs(c.as_ptr(), &mut s) } != 0 {
        return None;
    }
    Some(s.f_bavail as u64 * s.f_frsize as u64)
}

/// Asks the kernel to forget the cached pages of `path`, so the next read comes from
/// the medium itself (as burning software verifies a disc).
fn drop_cache(path: &Path) {
    use std::os::unix::io::AsRawFd;
    if let Ok(f) = fs::File::open(path) {
        // SAFETY: a valid open descriptor; the call only gives advice.
        unsafe {
            libc::posix_fadvise(f.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED);
        }
    }
}

/// Everything [`seal`] needs.
pub struct SealRequest<'a> {
    /// Files and folders to seal.
    /// What to seal, as listed by [`pipeline::collect_inputs`] (so the caller can show
    /// sizes first without walking the extract twice).
    pub entries: &'a [InputEntry],
    /// The medium's root folder.
    pub medium: &'a Path,
    /// Recipients or passphrase.
    pub protection: Protection,
    /// The sender's signing key.
    pub signing_key: &'a PrivateKey,
    /// Shipment facts for `bag-info.txt`.
    pub fields: ShipmentFields,
    /// Compression, segment size, threads.
    pub options: PayloadOptions,
    /// Allow other files on the medium.
    pub allow_nonempty: bool,
}

/// Seals the inputs onto the medium as a signed bag, then reads it all back.
pub fn seal(req: SealRequest) -> Result<SealSummary, SealError> {
    let medium = req.medium;
    if !medium.is_dir() {
        return Err(SealError::NoMedium(medium.to_path_buf()));
    }
    let mut found: Vec<String> = fs::read_dir(medium)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !SYSTEM_ENTRIES.contains(&n.as_str()))
        .collect();
    found.sort();
    // Even with --allow-nonempty, nothing of the user's may be overwritten.
    let collides = found
        .iter()
        .any(|n| n == "data" || bag::write::TAG_FILE_NAMES.contains(&n.as_str()));
    if !found.is_empty() && (!req.allow_nonempty || collides) {
        found.truncate(5);
        return Err(SealError::NotEmpty {
            medium: medium.to_path_buf(),
            found,
        });
    }
    let entries = req.entries;
    let raw = pipeline::total_size(entries);
    // Without compression the size is known: the payload plus 16 bytes per 64 KiB and
    // tar headers. With zstd it is not, so only the uncompressed bound is shown.
    if req.options.compression == pipeline::Compression::None {
        let needed = raw + raw / 4096 + 1024 * (entries.len() as u64 + 4) + 64 * 1024;
        if let Some(available) = free_space(medium) {
            if available < needed {
                return Err(SealError::TooSmall { needed, available });
            }
        }
    }
    let encryptor = match &req.protection {
        Protection::Recipients(r) => {
            let refs: Vec<&dyn age::Recipient> =
                r.iter().map(|x| x as &dyn age::Recipient).collect();
            Encryptor::with_recipients(&refs).map_err(SealError::Encrypt)?
        }
        Protection::Passphrase(p) => Encryptor::with_passphrase(p.clone(), None),
    };
    let shipment_id = new_shipment_id();
    let data = medium.join("data");
    fs::create_dir(&data)?;
    // Interrupted, the half-written payload (ciphertext) is removed so the medium can
    // be used again; bagit.txt comes last, so no bag is left either way.
    let guard = crate::cleanup::register(&data);
    let result = seal_into(&req, entries, encryptor, &shipment_id, raw);
    drop(guard);
    if result.is_err() {
        // Leave nothing that looks like a bag; the payload is ciphertext only.
        let _ = bag::write::remove_tag_files(medium);
        let _ = fs::remove_dir_all(&data);
    }
    result
}

fn seal_into(
    req: &SealRequest,
    entries: &[InputEntry],
    encryptor: Encryptor,
    shipment_id: &str,
    raw: u64,
) -> Result<SealSummary, SealError> {
    let medium = req.medium;
    let data = medium.join("data");
    let summary = pipeline::seal_payload(entries, &data, encryptor, shipment_id, &req.options)?;
    let segments: &[Segment] = &summary.segments;
    let payload_bytes: u64 = segments.iter().map(|s| s.size).sum();
    let signer = signature::fingerprint(req.signing_key.public_key());

    let mut info = BagInfo::default();
    let f = &req.fields;
    let mut push = |l: &str, v: &str| info.push(l, v).map_err(SealError::Field);
    push("Bagging-Date", &today())?;
    push(
        "Payload-Oxum",
        &format!("{payload_bytes}.{}", segments.len()),
    )?;
    push("External-Identifier", shipment_id)?;
    push("Bag-Count", "1 of 1")?;
    push("Bag-Group-Identifier", shipment_id)?;
    if let Some(v) = &f.source_organization {
        push("Source-Organization", v)?;
    }
    if let Some(v) = &f.handler {
        push("Contact-Name", v)?;
    }
    push(
        "Tracking-Number",
        f.tracking.as_ref().map(|t| t.normalized()).unwrap_or(""),
    )?;
    if let Some(v) = &f.carrier {
        push("Carrier", v)?;
    }
    if let Some(v) = &f.destination {
        push("Destination", v)?;
    }
    if let Some(c) = f.class {
        push("Information-Class", c.label())?;
    }
    if let Some(v) = &f.medium_type {
        push("Medium-Type", v)?;
    }
    let (encryption, recipients) = match &req.protection {
        Protection::Recipients(r) => (
            format!(
                "age v1, X25519 ({} recipient{}), {}",
                r.len(),
                if r.len() == 1 { "" } else { "s" },
                compression_label(req.options.compression)
            ),
            r.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Protection::Passphrase(_) => (
            format!(
                "age v1, scrypt passphrase, {}",
                compression_label(req.options.compression)
            ),
            String::new(),
        ),
    };
    push("Encryption", &encryption)?;
    if !recipients.is_empty() {
        push("Recipient-Fingerprint", &recipients)?;
    }
    push("Signer-Key", &signer)?;

    let readme = readme::text(
        shipment_id,
        req.options.compression != pipeline::Compression::None,
    );
    let payload: Vec<(String, [u8; 32])> = segments
        .iter()
        .map(|s| (format!("data/{}", s.name), s.sha256))
        .collect();
    let key = req.signing_key;
    let fingerprint = bag::write_tag_files(
        medium,
        &TagFiles {
            info: &info,
            payload: &payload,
            extra: &[("README.txt", readme.as_bytes())],
            sign: &|m| signature::sign(key, m),
        },
    )?;

    // Read everything back from the medium and check it against the manifests.
    for s in segments {
        drop_cache(&data.join(&s.name));
    }
    let report = bag::validate(medium, req.options.parallelism.workers)?;
    let errors: Vec<String> = report
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.to_string())
        .collect();
    if !errors.is_empty() {
        return Err(SealError::ReadBack(errors));
    }
    Ok(SealSummary {
        shipment_id: shipment_id.to_string(),
        files: summary.contents.files.len() as u64,
        bytes: raw,
        segments: segments.iter().map(|s| s.name.clone()).collect(),
        payload_bytes,
        manifest_sha256: fingerprint.iter().map(|b| format!("{b:02x}")).collect(),
        tracking_number: f.tracking.as_ref().map(|t| t.normalized().to_string()),
        signer,
    })
}

fn compression_label(c: pipeline::Compression) -> String {
    match c {
        pipeline::Compression::None => "uncompressed".into(),
        pipeline::Compression::Zstd(l) => format!("zstd level {l}"),
    }
}

/// The outcome of verifying a medium.
#[derive(Debug)]
pub struct Verification {
    /// The BagIt validation (every problem, errors and warnings).
    pub bag: bag::Report,
    /// Problems with isou's profile and the signature.
    pub problems: Vec<bag::Problem>,
    /// The signature check, when the medium is an isou medium.
    pub signature: Option<Result<Verified, SignatureError>>,
    /// Whether the bag carries isou's profile (signature file or isou fields).
    pub isou_profile: bool,
}

impl Verification {
    /// Valid: the bag, the profile and the signature.
    pub fn is_valid(&self) -> bool {
        self.bag.is_valid()
            && !self.problems.iter().any(|p| p.severity == Severity::Error)
            && !matches!(self.signature, Some(Err(_)))
    }

    /// Every problem, bag first.
    pub fn all_problems(&self) -> impl Iterator<Item = &bag::Problem> {
        self.bag.problems.iter().chain(self.problems.iter())
    }
}

/// Verifies a medium without any secret key: the bag, the isou profile and the
/// signature (by one of `trusted`; empty = report whoever signed).
pub fn verify(
    medium: &Path,
    trusted: &[PublicKey],
    threads: usize,
    progress: &crate::progress::Progress,
) -> io::Result<Verification> {
    let report = bag::validate::validate_with_progress(medium, threads, progress)?;
    let sig_path = medium.join(bag::write::SIGNATURE_FILE);
    let isou_profile = sig_path.exists() || report.info.get("Signer-Key").is_some();
    let mut problems = Vec::new();
    let mut err = |file: &str, message: String| {
        problems.push(bag::Problem {
            severity: Severity::Error,
            file: file.into(),
            message,
        })
    };
    let mut signature = None;
    if isou_profile {
        for label in [
            "External-Identifier",
            "Bag-Count",
            "Encryption",
            "Signer-Key",
            "Payload-Oxum",
        ] {
            if report.info.get(label).is_none() {
                err("bag-info.txt", format!("the isou field {label} is missing"));
            }
        }
        // Segments must be payload.000, payload.001, … without gaps or strangers.
        let mut names: Vec<String> = fs::read_dir(medium.join("data"))
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        for (i, n) in names.iter().enumerate() {
            if *n != pipeline::segments::segment_name(i) {
                err(
                    &format!("data/{n}"),
                    format!(
                        "expected data/{} here: the segments are not contiguous",
                        pipeline::segments::segment_name(i)
                    ),
                );
                break;
            }
        }
        if names.is_empty() {
            err("data/", "no payload segment".into());
        }
        let tm = fs::read(medium.join("tagmanifest-sha256.txt"));
        let sig = fs::read(&sig_path);
        signature = Some(match (tm, sig) {
            (Ok(tm), Ok(sig)) => {
                let r = signature::verify(&String::from_utf8_lossy(&sig), &tm, trusted);
                if let (Ok(v), Some(claimed)) = (&r, report.info.get("Signer-Key")) {
                    if v.fingerprint != claimed {
                        err(
                            "bag-info.txt",
                            format!(
                                "Signer-Key {} is not the key that signed ({})",
                                crate::keys::sanitize(claimed),
                                v.fingerprint
                            ),
                        );
                    }
                }
                r
            }
            (Err(_), _) => Err(SignatureError::Malformed(
                "tagmanifest-sha256.txt is missing".into(),
            )),
            (_, Err(_)) => Err(SignatureError::Malformed(format!(
                "{} is missing",
                bag::write::SIGNATURE_FILE
            ))),
        });
    }
    Ok(Verification {
        bag: report,
        problems,
        signature,
        isou_profile,
    })
}

/// Checks a medium's tag files and signature only — not the payload, whose segments
/// `open` checks against `manifest-sha256.txt` as it reads them, so the payload is read
/// once. Every tag file listed in `tagmanifest-sha256.txt` must match, the payload
/// manifest must be among them, and the signature must be by one of `trusted`.
pub fn check_tags(medium: &Path, trusted: &[PublicKey]) -> Result<Verified, String> {
    use sha2::{Digest, Sha256};
    let tm = fs::read(medium.join("tagmanifest-sha256.txt"))
        .map_err(|e| format!("tagmanifest-sha256.txt: {e}"))?;
    let text =
        std::str::from_utf8(&tm).map_err(|_| "tagmanifest-sha256.txt is not text".to_string())?;
    let mut covers_manifest = false;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (sum, name) = line
            .split_once(' ')
            .ok_or_else(|| "tagmanifest-sha256.txt is malformed".to_string())?;
        let name = name.trim_start();
        if name.contains('/') || name.contains('\\') || name.starts_with('.') {
            return Err(format!(
                "tagmanifest-sha256.txt lists an unexpected path {:?}",
                crate::keys::sanitize(name)
            ));
        }
        let data = fs::read(medium.join(name))
            .map_err(|e| format!("{}: {e}", crate::keys::sanitize(name)))?;
        let got: String = Sha256::digest(&data)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if !got.eq_ignore_ascii_case(sum) {
            return Err(format!(
                "{} does not match tagmanifest-sha256.txt: it was altered",
                crate::keys::sanitize(name)
            ));
        }
        covers_manifest |= name == "manifest-sha256.txt";
    }
    if !covers_manifest {
        return Err("tagmanifest-sha256.txt does not cover manifest-sha256.txt".into());
    }
    let sig = fs::read_to_string(medium.join(bag::write::SIGNATURE_FILE))
        .map_err(|e| format!("{}: {e}", bag::write::SIGNATURE_FILE))?;
    signature::verify(&sig, &tm, trusted).map_err(|e| e.to_string())
}
