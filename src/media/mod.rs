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

pub mod authentic;
pub mod inside;
pub mod iso;
pub mod open;
pub mod readme;
pub mod swap;
pub mod targuard;
pub mod volume;

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rand::Rng;
use ssh_key::{PrivateKey, PublicKey};

use crate::bag::source::Kind;
use crate::bag::validate::both;
use crate::bag::{self, BagInfo, BagSource, Severity, TagFiles};
use crate::engine::Encryptor;
use crate::pipeline::{self, InputEntry, PayloadOptions, Segment};
use crate::signature::{self, Verified};
use crate::tracking::TrackingNumber;
use authentic::{Authentic, Sender, TrustError};
use std::io::Read as _;
pub use volume::{BagCount, Layout, MediumType, VolumeError, VolumeSummary};
use volume::{SetSink, TagMaker};

/// Names a fresh medium may already hold (created by operating systems, not by users).
const SYSTEM_ENTRIES: &[&str] = &[
    "lost+found",
    "System Volume Information",
    ".Spotlight-V100",
    ".fseventsd",
    ".Trashes",
];

/// The information class (§2.2②): the rules differ for identifiable data.
///
/// The default is identifiable (issue 14): registry extracts are 非匿名化 far more often
/// than not, so the rules marked （＊） in §2.2 apply unless someone declares otherwise
/// (`--class anonymized` or the policy's `default_class`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InfoClass {
    /// 匿名化 (anonymised).
    Anonymized,
    /// 非匿名化 (identifiable).
    #[default]
    Identifiable,
}

impl InfoClass {
    /// The class a recorded event states (its `class` value): anonymized only when it
    /// parses as anonymized, identifiable otherwise — missing, misspelt or unknown
    /// included (safe by default). The one reading of a recorded class, for `record
    /// ship` and `record key-sent`.
    pub fn of_record(class: &serde_json::Value) -> InfoClass {
        match class.as_str().map(str::parse::<InfoClass>) {
            Some(Ok(InfoClass::Anonymized)) => InfoClass::Anonymized,
            _ => InfoClass::Identifiable,
        }
    }

    /// The value written to `bag-info.txt`.
    pub fn label(self) -> &'static str {
        match self {
            InfoClass::Anonymized => "anonymized (匿名化)",
            InfoClass::Identifiable => "identifiable (非匿名化)",
        }
    }

    /// The one word recorded in events on both sides (`identifiable`, `anonymized`).
    pub fn as_str(self) -> &'static str {
        match self {
            InfoClass::Anonymized => "anonymized",
            InfoClass::Identifiable => "identifiable",
        }
    }
}

impl fmt::Display for InfoClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A class that is none of the accepted words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownClass(pub String);

impl fmt::Display for UnknownClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::tr!(
            "media-class-unknown",
            class = format!("{:?}", crate::untrusted::sanitize(&self.0))
        ))
    }
}

impl std::error::Error for UnknownClass {}

impl std::str::FromStr for InfoClass {
    type Err = UnknownClass;

    /// `identifiable`, `非匿名化` or the label `identifiable (非匿名化)`; `anonymized`,
    /// `匿名化` or `anonymized (匿名化)`. Compared after NFKC and trimming, ASCII case
    /// ignored; nothing else is accepted (a misspelt class must not fall to either side).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        use unicode_normalization::UnicodeNormalization;
        let n: String = s.nfkc().collect::<String>().trim().to_ascii_lowercase();
        for c in [InfoClass::Identifiable, InfoClass::Anonymized] {
            let jp = match c {
                InfoClass::Identifiable => "非匿名化",
                InfoClass::Anonymized => "匿名化",
            };
            if n == c.as_str() || n == jp || n == c.label() {
                return Ok(c);
            }
        }
        Err(UnknownClass(s.to_string()))
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
    /// Information class: always written (signed), so the recipient's register shows
    /// what the sender declared (issue 14).
    pub class: InfoClass,
    /// Sending organisation.
    pub source_organization: Option<String>,
    /// Medium type (USBメモリ, CD-R …).
    pub medium_type: Option<String>,
    /// The approval terms (利用責任者, 申出番号・応諾番号, 利用期間), signed with the rest
    /// so the recipient's `record due` knows when the data must go (§2.4).
    pub terms: crate::records::terms::UseTerms,
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
        /// What is there looks like the rest of a seal that was killed: a `data/`
        /// folder but no `bagit.txt` (never a valid bag; ciphertext only).
        unfinished: bool,
        /// Whether the hint may offer `--allow-nonempty`: only for data declared
        /// anonymized, on a medium holding nothing that looks like plaintext (issue 15).
        offer_allow: bool,
    },
    /// No input holds a regular file: the bag would seal `0 files, 0 bytes` (issue 15).
    EmptyExtract(Vec<PathBuf>),
    /// The medium holds files and the extract holds none: the two look given the wrong
    /// way round (issue 15).
    Swapped {
        /// The path given with `--medium`.
        medium: PathBuf,
        /// The path given as the extract.
        extract: PathBuf,
    },
    /// The medium is the extract, lies inside it or holds it (canonical paths): the bag
    /// would sit beside the plaintext (issue 15).
    Overlap {
        /// The path given with `--medium`.
        medium: PathBuf,
        /// The path given as the extract.
        extract: PathBuf,
    },
    /// `--allow-nonempty` was given, but the medium holds a file that looks like
    /// plaintext data (the extract's own file, a CSV, an archive, a text …): the bag is
    /// never written beside it (§2.2 本文; red team 15, findings 02, 05, 06).
    PlaintextBeside {
        /// The medium.
        medium: PathBuf,
        /// The first such file.
        file: PathBuf,
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
    /// The volumes of a set could not be laid out (size, missing media).
    Volume(VolumeError),
}

impl std::fmt::Display for SealError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SealError::NoMedium(p) => f.write_str(&crate::tr!(
                "media-seal-no-medium",
                // A path typed at the "next volume" prompt, or given as --medium: the
                // one sanitiser, like every other path in a message.
                medium = crate::untrusted::sanitize(&p.display().to_string())
            )),
            SealError::NotEmpty { medium, found, .. } => f.write_str(&crate::tr!(
                "media-seal-not-empty",
                medium = crate::untrusted::sanitize(&medium.display().to_string()),
                found = found
                    .iter()
                    .map(|n| crate::untrusted::sanitize(n))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            SealError::EmptyExtract(inputs) => f.write_str(&crate::tr!(
                "media-seal-empty-extract",
                extract = inputs
                    .iter()
                    .map(|p| crate::untrusted::sanitize(&p.display().to_string()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            SealError::Swapped { medium, extract } => f.write_str(&crate::tr!(
                "media-seal-swapped",
                medium = crate::untrusted::sanitize(&medium.display().to_string()),
                extract = crate::untrusted::sanitize(&extract.display().to_string())
            )),
            SealError::Overlap { medium, extract } => f.write_str(&crate::tr!(
                "media-seal-overlap",
                medium = crate::untrusted::sanitize(&medium.display().to_string()),
                extract = crate::untrusted::sanitize(&extract.display().to_string())
            )),
            SealError::PlaintextBeside { medium, file } => f.write_str(&crate::tr!(
                "media-seal-plaintext-beside",
                medium = crate::untrusted::sanitize(&medium.display().to_string()),
                file = crate::untrusted::sanitize(&file.display().to_string())
            )),
            SealError::TooSmall { needed, available } => f.write_str(&crate::tr!(
                "media-seal-too-small",
                available = available / 1_000_000,
                needed = needed.div_ceil(1_000_000)
            )),
            SealError::Input(e) => e.fmt(f),
            SealError::Field(e) => e.fmt(f),
            SealError::Encrypt(e) => e.fmt(f),
            SealError::Io(e) => f.write_str(&crate::tr!("media-seal-io", error = e.to_string())),
            SealError::Volume(e) => e.fmt(f),
            SealError::ReadBack(p) => f.write_str(&crate::tr!(
                "media-seal-read-back",
                differences = p.join("; ")
            )),
        }
    }
}

impl std::error::Error for SealError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SealError::Input(e) => Some(e),
            SealError::Field(e) => Some(e),
            SealError::Encrypt(e) => Some(e),
            SealError::Io(e) => Some(e),
            SealError::Volume(e) => Some(e),
            _ => None,
        }
    }
}

impl SealError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            SealError::NoMedium(_) => crate::tr!("media-seal-no-medium-hint"),
            SealError::NotEmpty {
                unfinished: true, ..
            } => crate::tr!("media-seal-not-empty-unfinished-hint"),
            SealError::NotEmpty {
                offer_allow: true, ..
            } => crate::tr!("media-seal-not-empty-allow-hint"),
            // Never --allow-nonempty here: the medium holds what looks like plaintext, or
            // the data is identifiable (§2.2 本文 未使用品; issue 15).
            SealError::NotEmpty { .. } => crate::tr!("media-seal-not-empty-hint"),
            SealError::EmptyExtract(_) => crate::tr!("media-seal-empty-extract-hint"),
            SealError::Swapped { medium, extract } => crate::tr!(
                "media-seal-swapped-hint",
                // A command to copy: one shell word each (red team 17 finding 63).
                medium = crate::untrusted::shell_word(&extract.display().to_string())
                    .unwrap_or_else(|| "…".to_string()),
                extract = crate::untrusted::shell_word(&medium.display().to_string())
                    .unwrap_or_else(|| "…".to_string())
            ),
            SealError::Overlap { .. } => crate::tr!("media-seal-overlap-hint"),
            SealError::PlaintextBeside { .. } => crate::tr!("media-seal-plaintext-beside-hint"),
            SealError::TooSmall { .. } => crate::tr!("media-seal-too-small-hint"),
            SealError::Input(e) => e.hint(),
            SealError::Field(_) => crate::tr!("media-seal-field-hint"),
            SealError::Encrypt(e) => return e.hint(),
            SealError::Io(e) if crate::platform::is_no_space(e) => {
                crate::tr!("media-seal-io-full-hint")
            }
            SealError::Io(_) => crate::tr!("media-seal-io-hint"),
            SealError::ReadBack(_) => crate::tr!("media-seal-read-back-hint"),
            SealError::Volume(VolumeError::TooSmall { .. }) => {
                crate::tr!("media-volume-too-small-hint")
            }
            SealError::Volume(VolumeError::Unusable(..)) => {
                crate::tr!("media-volume-unusable-hint")
            }
            SealError::Volume(VolumeError::Overlap { .. }) => {
                crate::tr!("media-volume-overlap-hint")
            }
            SealError::Volume(VolumeError::Changed(_)) => crate::tr!("media-volume-changed-hint"),
            SealError::Volume(VolumeError::NeedMore(_)) => {
                crate::tr!("media-volume-need-more-hint")
            }
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
    /// Each volume of the set (one for a single medium).
    pub volumes: Vec<VolumeSummary>,
    /// Unfinished images of earlier `seal --iso` runs that were killed, removed from
    /// the output folder before this run wrote anything.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stale_removed: Vec<PathBuf>,
}

/// A new shipment id: `ISOU-YYYYMMDD-` and 8 random characters.
pub fn new_shipment_id() -> String {
    use crate::records::value::SHIPMENT_ID_ALPHABET as ALPHABET;
    let mut rng = rand::rngs::OsRng;
    let date = today();
    let rand: String = (0..8)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    format!("ISOU-{}-{rand}", date.replace('-', ""))
}

/// Today's date in the registry's time zone (the policy's `time_zone`, JST by
/// default), `YYYY-MM-DD`: see [`crate::clock`].
pub fn today() -> String {
    crate::clock::today()
}

/// Free bytes for an unprivileged user on the file system holding `path`.
pub fn free_space(path: &Path) -> Option<u64> {
    crate::platform::free_space(path)
}

/// Asks the kernel to forget the cached pages of `path`, so the next read comes from
/// the medium itself (as burning software verifies a disc).
pub(crate) fn drop_cache(path: &Path) {
    if let Ok(f) = fs::File::open(path) {
        crate::platform::drop_cache(&f, 0, 0);
    }
}

/// Everything [`seal`] needs.
pub struct SealRequest<'a> {
    /// What to seal, as listed by [`pipeline::collect_inputs`] (so the caller can show
    /// sizes first without walking the extract twice).
    pub entries: &'a [InputEntry],
    /// The (first) medium's root folder, or the folder for ISO images.
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
    /// One folder, a set of folders, or ISO images.
    pub layout: Layout<'a>,
    /// Told, in a line, when a volume fills and the next begins.
    pub notify: &'a dyn Fn(&str),
}

/// Checks that `medium` can receive a bag: a folder, empty unless `allow_nonempty` (and
/// then holding nothing a bag would overwrite, and nothing that looks like plaintext).
/// `anonymized` is how the extract looks when the data is declared anonymized, `None`
/// for identifiable data: only then, and only if the medium holds nothing that looks
/// like plaintext, does the refusal offer `--allow-nonempty` (issue 15), and only then
/// is the flag honoured — the library refuses it for identifiable data too, whatever
/// its caller checked.
pub fn check_medium(
    medium: &Path,
    allow_nonempty: bool,
    anonymized: Option<&swap::ExtractLook>,
) -> Result<(), SealError> {
    if !medium.is_dir() {
        return Err(SealError::NoMedium(medium.to_path_buf()));
    }
    let mut found: Vec<String> = fs::read_dir(medium)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !SYSTEM_ENTRIES.contains(&n.as_str()) || swap::trash_holds_files(medium, n))
        .collect();
    if found.is_empty() {
        return Ok(());
    }
    found.sort();
    // Even with --allow-nonempty, nothing of the user's may be overwritten.
    let collides = found
        .iter()
        .any(|n| n == "data" || bag::write::TAG_FILE_NAMES.contains(&n.as_str()));
    let plaintext = || anonymized.map(|look| swap::plaintext_on(medium, look));
    match (allow_nonempty && !collides, anonymized.is_some()) {
        // Kept beside the bag only for anonymized data and never beside plaintext: the
        // hint withheld the flag there, and the flag must not do what the hint would
        // not offer (red team 15, finding 05c).
        (true, true) => match plaintext() {
            Some(Some(file)) => Err(SealError::PlaintextBeside {
                medium: medium.to_path_buf(),
                file,
            }),
            _ => Ok(()),
        },
        _ => {
            let unfinished = leftovers_of_a_seal(medium, &found);
            let offer_allow = !collides && matches!(plaintext(), Some(None));
            found.truncate(5);
            Err(SealError::NotEmpty {
                medium: medium.to_path_buf(),
                found,
                unfinished,
                offer_allow,
            })
        }
    }
}

/// Whether `found` on `medium` is what a killed seal leaves: a `data/` folder of
/// payload segments and tag files (or their temporary files) but no `bagit.txt`, which
/// comes last. Anything else may be the user's and is never called leftovers.
fn leftovers_of_a_seal(medium: &Path, found: &[String]) -> bool {
    let ours = |n: &str| {
        let tag = |t: &str| t != "bagit.txt" && bag::write::TAG_FILE_NAMES.contains(&t);
        // write_atomic's temporary files: `.NAME.XXXXXX.tmp`.
        let temp = n.strip_prefix('.').is_some_and(|rest| {
            rest.ends_with(".tmp")
                && bag::write::TAG_FILE_NAMES
                    .iter()
                    .any(|t| rest.starts_with(&format!("{t}.")))
        });
        n == "data" || tag(n) || temp
    };
    found.iter().any(|n| n == "data")
        && found.iter().all(|n| ours(n))
        && fs::read_dir(medium.join("data")).is_ok_and(|rd| {
            rd.flatten().all(|e| {
                pipeline::segments::segment_index(&e.file_name().to_string_lossy()).is_some()
            })
        })
}

/// The time stamped on ISO images: `SOURCE_DATE_EPOCH` when set (reproducible
/// builds' convention), else now.
fn image_time() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        })
}

/// Seals the inputs onto the medium (or a set of media, or ISO images) as signed bags,
/// then reads every volume back.
pub fn seal(req: SealRequest) -> Result<SealSummary, SealError> {
    let medium = req.medium;
    let images = matches!(req.layout, Layout::Images { .. });
    // No file at all: refused before the medium is touched (issue 15).
    if req
        .entries
        .iter()
        .all(|e| e.is_dir || swap::is_os_metadata(e.name.rsplit('/').next().unwrap_or("")))
    {
        let inputs: Vec<PathBuf> = req.entries.iter().map(|e| e.source.clone()).collect();
        return Err(SealError::EmptyExtract(inputs));
    }
    if images {
        if !medium.is_dir() {
            return Err(SealError::NoMedium(medium.to_path_buf()));
        }
    } else {
        let look = swap::ExtractLook::of(req.entries);
        let anonymized = (req.fields.class == InfoClass::Anonymized).then_some(&look);
        check_medium(medium, req.allow_nonempty, anonymized)?;
        if let Layout::Folders { more, .. } = &req.layout {
            for m in more {
                check_medium(m, req.allow_nonempty, anonymized)?;
            }
        }
    }
    // A run killed outright (SIGKILL, power loss) leaves its unfinished images (only
    // ciphertext, never an ISO image: the descriptors come last); they are removed now.
    let stale_removed = if images {
        crate::cleanup::remove_stale(medium, volume::PARTIAL_MARK)
    } else {
        Vec::new()
    };
    let entries = req.entries;
    let raw = pipeline::total_size(entries);
    // Without compression the size is known: the payload plus 16 bytes per 64 KiB and
    // tar headers. With zstd it is not, so only the uncompressed bound is shown.
    let single =
        matches!(&req.layout, Layout::Folders { volume_size: None, more, .. } if more.is_empty());
    if req.options.compression == pipeline::Compression::None && single {
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
    let maker = BagMaker::new(&req, &shipment_id)?;
    let (tracking, signer) = (maker.tracking.clone(), maker.signer.clone());
    let meta = iso::VolumeMeta {
        volume_id: format!("ISOU_{}", shipment_id.rsplit('-').next().unwrap_or("")),
        timestamp: image_time(),
    };
    let SealRequest {
        layout,
        notify,
        options,
        ..
    } = req;
    // Interrupted or failed, the sink removes what it wrote (ciphertext only) from
    // every volume not yet handed back; bagit.txt (or an image's volume descriptors)
    // comes last, so no bag is left either way.
    // The extract's inputs, canonical: every folder volume is checked against them as
    // it is opened for writing, not only when the command began (issue 15 item 2).
    let mut apart: Vec<(PathBuf, PathBuf)> = Vec::new();
    for e in entries {
        let given = e.anchor();
        if !apart.iter().any(|(_, g)| g == given) {
            if let Ok(c) = fs::canonicalize(given) {
                apart.push((c, given.to_path_buf()));
            }
        }
    }
    let sink = SetSink::new(
        medium,
        layout,
        Box::new(maker),
        meta,
        &shipment_id,
        notify,
        apart,
    )
    .map_err(seal_io)?;
    let (summary, sink) =
        pipeline::seal_payload_into(entries, sink, encryptor, &shipment_id, &options)
            .map_err(seal_io)?;
    let volumes = sink.finish().map_err(seal_io)?;
    let segments: &[Segment] = &summary.segments;
    Ok(SealSummary {
        shipment_id: shipment_id.clone(),
        files: summary.contents.files.len() as u64,
        bytes: raw,
        segments: segments.iter().map(|s| s.name.clone()).collect(),
        payload_bytes: segments.iter().map(|s| s.size).sum(),
        manifest_sha256: volumes
            .iter()
            .map(|v| v.manifest_sha256.clone())
            .collect::<Vec<_>>()
            .join(" "),
        tracking_number: tracking,
        signer,
        volumes,
        stale_removed,
    })
}

/// The typed error an `io::Error` of the sealing pipeline carries (an input, a
/// volume, the read-back check), or the `io::Error` itself.
fn seal_io(e: io::Error) -> SealError {
    use crate::error::into_typed;
    let e = match into_typed::<pipeline::InputError>(e) {
        Ok(input) => return SealError::Input(input),
        Err(e) => e,
    };
    let e = match into_typed::<VolumeError>(e) {
        Ok(volume) => return SealError::Volume(volume),
        Err(e) => e,
    };
    match into_typed::<volume::ReadBackError>(e) {
        Ok(differences) => SealError::ReadBack(differences.0),
        Err(e) => SealError::Io(e),
    }
}

/// Renders each volume's tag files: the shipment's fields, the volume's own
/// Payload-Oxum and Bag-Count, the manifests, the README and the signature.
struct BagMaker<'a> {
    /// Fields in order; `None` marks where Payload-Oxum and Bag-Count go.
    fields: Vec<(&'static str, Option<String>)>,
    readme: String,
    key: &'a PrivateKey,
    signer: String,
    tracking: Option<String>,
}

impl<'a> BagMaker<'a> {
    fn new(req: &SealRequest<'a>, shipment_id: &str) -> Result<BagMaker<'a>, SealError> {
        let f = &req.fields;
        let signer = signature::fingerprint(req.signing_key.public_key());
        let mut fields: Vec<(&'static str, Option<String>)> = vec![
            ("Bagging-Date", Some(today())),
            ("Payload-Oxum", None),
            ("External-Identifier", Some(shipment_id.to_string())),
            ("Bag-Count", None),
            ("Bag-Group-Identifier", Some(shipment_id.to_string())),
        ];
        let mut opt = |l: &'static str, v: &Option<String>| {
            if let Some(v) = v {
                fields.push((l, Some(v.clone())));
            }
        };
        opt("Source-Organization", &f.source_organization);
        opt("Contact-Name", &f.handler);
        fields.push((
            "Tracking-Number",
            Some(
                f.tracking
                    .as_ref()
                    .map(|t| t.normalized().to_string())
                    .unwrap_or_default(),
            ),
        ));
        let mut opt = |l: &'static str, v: &Option<String>| {
            if let Some(v) = v {
                fields.push((l, Some(v.clone())));
            }
        };
        opt("Carrier", &f.carrier);
        opt("Destination", &f.destination);
        opt("Information-Class", &Some(f.class.label().to_string()));
        opt("Medium-Type", &f.medium_type);
        for (label, v) in f.terms.fields() {
            fields.push((label, Some(v)));
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
        fields.push(("Encryption", Some(encryption)));
        if !recipients.is_empty() {
            fields.push(("Recipient-Fingerprint", Some(recipients)));
        }
        fields.push(("Signer-Key", Some(signer.clone())));
        let maker = BagMaker {
            fields,
            readme: readme::text(
                shipment_id,
                req.options.compression != pipeline::Compression::None,
            ),
            key: req.signing_key,
            signer,
            tracking: f.tracking.as_ref().map(|t| t.normalized().to_string()),
        };
        // Every value is checked now, before anything is written.
        maker.info("0.0", "1 of 1").map_err(SealError::Field)?;
        Ok(maker)
    }

    fn info(&self, oxum: &str, count: &str) -> Result<BagInfo, bag::BagInfoError> {
        let mut info = BagInfo::default();
        for (label, value) in &self.fields {
            let v = match (*label, value) {
                (_, Some(v)) => v.as_str(),
                ("Payload-Oxum", None) => oxum,
                (_, None) => count,
            };
            info.push(label, v)?;
        }
        Ok(info)
    }
}

impl TagMaker for BagMaker<'_> {
    fn render(
        &self,
        segments: &[Segment],
        count: BagCount,
    ) -> io::Result<bag::write::RenderedTags> {
        let bytes: u64 = segments.iter().map(|s| s.size).sum();
        let info = self
            .info(&format!("{bytes}.{}", segments.len()), &count.to_string())
            .map_err(io::Error::other)?;
        let payload: Vec<(String, [u8; 32])> = segments
            .iter()
            .map(|s| (format!("data/{}", s.name), s.sha256))
            .collect();
        let key = self.key;
        bag::write::render_tag_files(&TagFiles {
            info: &info,
            payload: &payload,
            extra: &[("README.txt", self.readme.as_bytes())],
            sign: &|m| signature::sign(key, m),
        })
    }

    fn bounds(&self, n: usize) -> Vec<(String, u64)> {
        let line = |name: &str| 64 + 2 + name.len() as u64 + 1;
        let info = self
            .info("18446744073709551615.1000", "1000 of 1000")
            .map(|i| i.to_text().len() as u64)
            .unwrap_or(u64::MAX / 4);
        let names = [
            "bagit.txt",
            "bag-info.txt",
            "manifest-sha256.txt",
            "README.txt",
        ];
        vec![
            ("bag-info.txt".into(), info),
            (
                "manifest-sha256.txt".into(),
                n as u64 * line("data/payload.000"),
            ),
            ("README.txt".into(), self.readme.len() as u64),
            (
                "tagmanifest-sha256.txt".into(),
                names.iter().map(|n| line(n)).sum(),
            ),
            // An armored SSHSIG Ed25519 signature is about 300 bytes.
            (bag::write::SIGNATURE_FILE.into(), 1024),
            ("bagit.txt".into(), bag::BAGIT_TXT.len() as u64),
        ]
    }
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
    /// Problems with isou's profile: files outside the signed bag, segments.
    pub problems: Vec<bag::Problem>,
    /// The tag files authenticated by the signature: checked for every isou medium,
    /// and for *every* medium when the user pinned a sender (a medium cannot opt out
    /// of the check by leaving its signature off).
    pub authentic: Option<Result<Authentic, TrustError>>,
    /// Whether the bag is checked as an isou medium (a sender was pinned, or it
    /// carries a signature file or isou fields).
    pub isou_profile: bool,
    /// The segments found: index of the first, and how many (contiguous).
    pub segments: Option<(usize, usize)>,
}

impl Verification {
    /// Valid: the bag, the profile and, where it applies, the signature.
    pub fn is_valid(&self) -> bool {
        self.bag.is_valid()
            && !self.problems.iter().any(|p| p.severity == Severity::Error)
            && !matches!(self.authentic, Some(Err(_)))
    }

    /// Nothing wrong with what is there: [`Verification::is_valid`] but that payload
    /// listed in `fetch.txt` may still be missing.
    pub fn is_intact(&self) -> bool {
        self.bag.is_intact()
            && !self.problems.iter().any(|p| p.severity == Severity::Error)
            && !matches!(self.authentic, Some(Err(_)))
    }

    /// Valid *and* signed by a sender the user pinned: only then is what the medium
    /// says (shipment, sender, tracking number) the sender's own statement.
    pub fn is_authenticated(&self) -> bool {
        self.is_valid() && matches!(&self.authentic, Some(Ok(a)) if a.pinned)
    }

    /// The good signature, if any (by whoever signed, pinned or not).
    pub fn signer(&self) -> Option<&Verified> {
        match &self.authentic {
            Some(Ok(a)) => Some(&a.signer),
            _ => None,
        }
    }

    /// Every problem, bag first.
    pub fn all_problems(&self) -> impl Iterator<Item = &bag::Problem> {
        self.bag.problems.iter().chain(self.problems.iter())
    }
}

/// What may be at the root of a signed isou medium: what `seal` writes.
pub const MEDIUM_ROOT: &[&str] = &[
    "bagit.txt",
    "bag-info.txt",
    "manifest-sha256.txt",
    "tagmanifest-sha256.txt",
    bag::write::SIGNATURE_FILE,
    "README.txt",
    "data",
];

/// Foreign entries at a medium's root named one by one; the rest are counted.
const MAX_FOREIGN_LISTED: usize = 100;

/// Names an operating system creates on a medium it mounts (not the sender's, not
/// covered by the signature): reported, but not counted against the medium.
const OS_ENTRIES: &[&str] = &[
    "lost+found",
    "System Volume Information",
    ".Spotlight-V100",
    ".fseventsd",
    ".Trashes",
    ".DS_Store",
    "$RECYCLE.BIN",
];

/// Why an operating system's entry at a medium's root cannot be passed over as the
/// system's own, or `None` when it can (red team 18, finding 11, and its second pass,
/// finding 04: a program put in `$RECYCLE.BIN/` or `System Volume Information/` was
/// never looked at, then a denylist of extensions let others through).
///
/// A disc image is never mounted read-write: nothing on it is a system's. On a stick
/// each folder may hold only what its system writes there (an allowlist), no file may
/// begin like a program (MZ, ELF, Mach-O, `#!`) or carry a program's extension, and
/// no link or device: a recycle bin or trash holds only `desktop.ini` (deleted files
/// travel with the medium — someone's data, or a program dressed as one) without a
/// network path in it, `lost+found` nothing, `.fseventsd` only its event logs, and
/// `.DS_Store` must be one.
fn os_entry_problem(medium: &dyn BagSource, name: &str) -> Option<bag::Text> {
    const EXECUTABLE: &[&str] = &[
        "exe",
        "com",
        "bat",
        "cmd",
        "ps1",
        "psm1",
        "vbs",
        "vbe",
        "js",
        "jse",
        "wsf",
        "wsh",
        "msi",
        "msp",
        "dll",
        "cpl",
        "scr",
        "pif",
        "lnk",
        "url",
        "hta",
        "jar",
        "reg",
        "inf",
        "sys",
        "sh",
        "command",
        "app",
        "py",
        "pl",
        "rb",
        "scf",
        "library-ms",
        "search-ms",
        "iso",
        "img",
        "vhd",
        "vhdx",
        "appref-ms",
        "settingcontent-ms",
        "msc",
        "gadget",
    ];
    const PROGRAM_MAGIC: &[&[u8]] = &[
        b"MZ",
        b"\x7fELF",
        b"#!",
        &[0xFE, 0xED, 0xFA, 0xCE],
        &[0xFE, 0xED, 0xFA, 0xCF],
        &[0xCE, 0xFA, 0xED, 0xFE],
        &[0xCF, 0xFA, 0xED, 0xFE],
        &[0xCA, 0xFE, 0xBA, 0xBE],
    ];
    if medium.is_image() {
        return Some(both::tr!("media-os-entry-on-image"));
    }
    let shown = |p: &str| crate::untrusted::sanitize(p);
    let head = |p: &str| -> Option<Vec<u8>> {
        let mut b = Vec::new();
        medium.open(p).ok()?.take(16).read_to_end(&mut b).ok()?;
        Some(b)
    };
    if name == ".DS_Store" {
        return match head(name) {
            Some(b) if b.starts_with(b"\0\0\0\x01Bud1") => None,
            _ => Some(both::tr!("media-os-entry-unknown", path = shown(name))),
        };
    }
    let mut stack = vec![(name.to_string(), 0usize)];
    let mut seen = 0usize;
    while let Some((dir, depth)) = stack.pop() {
        let entries = match medium.list(&dir) {
            Ok(e) => e,
            Err(_) => return Some(both::tr!("media-os-entry-unreadable", path = shown(&dir))),
        };
        for e in entries {
            seen += 1;
            let path = format!("{dir}/{}", e.name);
            if seen > 10_000 || depth > 16 {
                return Some(both::tr!("media-os-entry-too-large"));
            }
            let lower = e.name.to_lowercase();
            let ext = lower.rsplit_once('.').map(|(_, x)| x).unwrap_or("");
            // What each system writes in its folder, by the folder's name.
            let allowed = match (name, e.kind) {
                ("$RECYCLE.BIN" | ".Trashes", Kind::Dir) => true,
                ("$RECYCLE.BIN" | ".Trashes", Kind::File) => lower == "desktop.ini",
                ("System Volume Information", Kind::File) => matches!(
                    e.name.as_str(),
                    "IndexerVolumeGuid" | "WPSettings.dat" | "tracking.log"
                ),
                ("System Volume Information", Kind::Dir) => matches!(
                    e.name.as_str(),
                    "ClientRecoveryPasswordRotation" | "AadRecoveryPasswordDelete"
                ),
                (".fseventsd", Kind::File) => {
                    e.name == "fseventsd-uuid"
                        || (e.name.len() <= 16 && e.name.bytes().all(|b| b.is_ascii_hexdigit()))
                }
                (".Spotlight-V100", Kind::Dir) => true,
                // Spotlight's index files: no extension, a number, or one of its own.
                (".Spotlight-V100", Kind::File) => {
                    matches!(
                        ext,
                        "" | "plist"
                            | "db"
                            | "state"
                            | "shadow"
                            | "indexhead"
                            | "indexids"
                            | "indexpostings"
                            | "indexpositions"
                            | "indexarrays"
                            | "indexupdates"
                            | "indexdirectory"
                            | "indexcompactdirectory"
                            | "indextermids"
                            | "indexpositiontable"
                            | "indexgroups"
                            | "directorystorefile"
                            | "lock"
                            | "modified"
                            | "updates"
                            | "header"
                            | "journal"
                            | "data"
                            | "map"
                            | "offsets"
                            | "buckets"
                    ) || ext.bytes().all(|b| b.is_ascii_digit())
                }
                _ => false,
            };
            match e.kind {
                Kind::Symlink | Kind::Other => {
                    return Some(both::tr!("media-os-entry-not-regular", path = shown(&path)))
                }
                _ if !allowed && matches!(name, "$RECYCLE.BIN" | ".Trashes") => {
                    return Some(both::tr!(
                        "media-os-entry-deleted-files",
                        path = shown(&path)
                    ))
                }
                _ if !allowed => {
                    return Some(both::tr!("media-os-entry-unknown", path = shown(&path)))
                }
                Kind::Dir => stack.push((path, depth + 1)),
                Kind::File => {
                    let b = head(&path).unwrap_or_default();
                    if lower == "autorun.inf"
                        || EXECUTABLE.contains(&ext)
                        || PROGRAM_MAGIC.iter().any(|m| b.starts_with(m))
                    {
                        return Some(both::tr!("media-os-entry-program", path = shown(&path)));
                    }
                    // A desktop.ini naming an icon on a network share makes Explorer
                    // connect to it (and send the user's credentials) on sight.
                    if lower == "desktop.ini" {
                        let mut t = Vec::new();
                        let ok = medium
                            .open(&path)
                            .and_then(|f| f.take(4097).read_to_end(&mut t))
                            .is_ok();
                        if !ok || t.len() > 4096 || t.windows(2).any(|w| w == b"\\\\") {
                            return Some(both::tr!("media-os-entry-unknown", path = shown(&path)));
                        }
                    }
                }
            }
        }
    }
    None
}

/// What is on a medium besides what its signature covers: root entries `seal` does not
/// write (those of an operating system excepted) and files in `data/` that are not
/// signed segments. `open` refuses a medium with any: the person opening it may have
/// skipped `verify`, and must not be left with an unsigned program or segment beside
/// the data. At most [`MAX_FOREIGN_LISTED`] are named.
pub fn foreign_entries(medium: &dyn BagSource, signed: &Authentic) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    for e in medium.list("")? {
        let os =
            OS_ENTRIES.contains(&e.name.as_str()) && os_entry_problem(medium, &e.name).is_none();
        if !MEDIUM_ROOT.contains(&e.name.as_str()) && !os {
            out.push(e.name);
        }
    }
    let segments: std::collections::BTreeSet<String> = signed
        .segments
        .iter()
        .map(|(k, _)| pipeline::segments::segment_name(*k))
        .collect();
    match medium.list("data") {
        Ok(entries) => out.extend(
            entries
                .into_iter()
                .filter(|e| !segments.contains(&e.name))
                .map(|e| format!("data/{}", e.name)),
        ),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    out.sort();
    out.truncate(MAX_FOREIGN_LISTED);
    Ok(out.iter().map(|n| crate::untrusted::sanitize(n)).collect())
}

/// isou's marks on a bag: the fields seal writes that no other BagIt tool does, an
/// isou shipment id as its identifier, or payload segments (`data/payload.NNN`). A bag
/// bearing any of them is checked as an isou medium — its signature required — whether
/// or not it kept its signature file: an outsider who alters a medium and strips the
/// signature must not get a plain bag's VALID with the shipment, class and encryption
/// shown (red team 18, finding 01). Only a bag with none of them is judged as a plain
/// bag, and then nothing it says names a shipment.
fn bears_isou_marks(medium: &dyn BagSource, info: &bag::BagInfo) -> bool {
    const ISOU_FIELDS: &[&str] = &[
        "Signer-Key",
        "Encryption",
        "Recipient-Fingerprint",
        "Information-Class",
        "Medium-Type",
    ];
    let ids = ["External-Identifier", "Bag-Group-Identifier"];
    ISOU_FIELDS.iter().any(|l| info.get(l).is_some())
        || ids.iter().any(|l| {
            info.get(l)
                .is_some_and(crate::records::value::is_canonical_shipment_id)
        })
        || medium.list("data").is_ok_and(|d| {
            d.iter()
                .any(|e| pipeline::segments::segment_index(&e.name).is_some())
        })
}

/// Verifies a medium without any secret key: the bag, the isou profile and the
/// signature (by one of `trusted`; empty = report whoever signed, which is never
/// enough for an isou medium to count as authenticated).
pub fn verify(
    medium: &Path,
    trusted: &[PublicKey],
    threads: usize,
    progress: &crate::progress::Progress,
) -> io::Result<Verification> {
    verify_source(
        &bag::DirSource(medium.to_path_buf()),
        trusted,
        threads,
        progress,
    )
}

/// [`verify`] for a medium in any [`BagSource`] (a folder or an ISO image).
pub fn verify_source(
    medium: &dyn BagSource,
    trusted: &[PublicKey],
    threads: usize,
    progress: &crate::progress::Progress,
) -> io::Result<Verification> {
    let report = bag::validate::validate_with_progress(medium, threads, progress)?;
    let pinned = !trusted.is_empty();
    // The user's flags decide which checks apply, never the medium: with a pinned
    // sender, a bag without a signature is checked as an isou medium, and fails.
    let has_sig = medium.stat(bag::write::SIGNATURE_FILE)?.is_some();
    let isou_profile = pinned || has_sig || bears_isou_marks(medium, &report.info);
    let mut seg_range = None;
    let mut problems = Vec::new();
    let mut add = |severity: Severity, file: &str, message: bag::Text| {
        problems.push(bag::Problem::new(severity, file, message))
    };
    let mut authentic = None;
    if isou_profile {
        // isou writes bagit.txt byte for byte (BagIt 1.0, UTF-8). Any other declaration
        // (an older version naming package-info.txt, a UTF-16 or Latin-1 encoding)
        // would have the tag files read one way by the signature check, which reads
        // UTF-8 bag-info.txt, and another by the bag's validation and by other tools.
        if !matches!(
            medium.read_bounded("bagit.txt", 4096),
            Ok(Some(b)) if b == bag::BAGIT_TXT.as_bytes()
        ) {
            add(
                Severity::Error,
                "bagit.txt",
                both::tr!("media-bagit-txt-not-isou"),
            );
        }
        for label in [
            "External-Identifier",
            "Bag-Count",
            "Encryption",
            "Signer-Key",
            "Payload-Oxum",
        ] {
            if report.info.get(label).is_none() {
                add(
                    Severity::Error,
                    "bag-info.txt",
                    both::tr!("media-field-missing", label = label),
                );
            }
        }
        // Anything at the root that seal did not write is outside the signature: an
        // `autorun.inf`, an unsigned executable, a second manifest. The clerk must not
        // be told VALID for a stick that carries it.
        let mut root = medium.list("")?;
        root.sort_by(|a, b| a.name.cmp(&b.name));
        let mut foreign = 0usize;
        for e in &root {
            if MEDIUM_ROOT.contains(&e.name.as_str()) {
                continue;
            }
            foreign += 1;
            if foreign > MAX_FOREIGN_LISTED {
                continue;
            }
            if OS_ENTRIES.contains(&e.name.as_str()) {
                match os_entry_problem(medium, &e.name) {
                    None => add(Severity::Warning, &e.name, both::tr!("media-os-entry")),
                    Some(why) => add(Severity::Error, &e.name, why),
                }
            } else {
                add(Severity::Error, &e.name, both::tr!("media-foreign-entry"));
            }
        }
        if foreign > MAX_FOREIGN_LISTED {
            add(
                Severity::Error,
                "",
                both::tr!("media-foreign-more", count = foreign - MAX_FOREIGN_LISTED),
            );
        }
        // Segments must be payload.NNN, payload.NNN+1, … without gaps or strangers
        // (a later volume of a set starts where the one before ended).
        let mut names: Vec<String> = medium
            .list("data")
            .map(|d| d.into_iter().map(|e| e.name).collect())
            .unwrap_or_default();
        names.sort();
        let first = names
            .first()
            .and_then(|n| pipeline::segments::segment_index(n))
            .unwrap_or(0);
        let mut contiguous = true;
        for (i, n) in names.iter().enumerate() {
            if *n != pipeline::segments::segment_name(first + i) {
                add(
                    Severity::Error,
                    &format!("data/{n}"),
                    both::tr!(
                        "media-segments-not-contiguous",
                        expected = pipeline::segments::segment_name(first + i)
                    ),
                );
                contiguous = false;
                break;
            }
        }
        if names.is_empty() {
            add(Severity::Error, "data/", both::tr!("media-no-segment"));
        } else if contiguous {
            seg_range = Some((first, names.len()));
        }
        let sender = if pinned {
            Sender::Pinned(trusted)
        } else {
            Sender::Any
        };
        authentic = Some(authentic::authenticate(medium, sender));
    }
    // A disc image's other structures (boot record, UDF or HFS volume, Rock Ridge):
    // what a computer may run or show instead of the files checked here. isou writes
    // none, so on an isou medium each is refused; on another bag, each is a warning.
    for what in medium.other_structures() {
        let severity = if isou_profile {
            Severity::Error
        } else {
            Severity::Warning
        };
        add(severity, "", what);
    }
    Ok(Verification {
        bag: report,
        problems,
        authentic,
        isou_profile,
        segments: seg_range,
    })
}

/// [`unauthenticated_id`] of media of which at least one is a bag (it holds
/// `bagit.txt`, `bag-info.txt` or a tag manifest, of whatever type: a hostile medium
/// is still recorded); `None` when none is:
/// a path that is no bag (a folder of other files, a document, an empty stick) is no
/// medium to record, and an id made from its path would be a "shipment" named after
/// where it was mounted (issue 15 item 4).
///
/// A medium that left out every tag file is still one: a `data/` folder or a payload
/// manifest makes it a bag to record, and so does any disc image given (readable or
/// not), so a hostile or damaged medium cannot arrive without a trace (issue 15 review).
pub fn checked_id(media: &[PathBuf]) -> Option<String> {
    const BAG_NAMES: &[&str] = &[
        "bagit.txt",
        "bag-info.txt",
        "tagmanifest-sha256.txt",
        "tagmanifest-sha512.txt",
        "manifest-sha256.txt",
        "manifest-sha512.txt",
        "data",
    ];
    let is_image = |m: &PathBuf| {
        m.extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("iso") || x.eq_ignore_ascii_case("img"))
            && fs::metadata(m).is_ok_and(|md| md.is_file())
    };
    let is_bag = |m: &PathBuf| {
        is_image(m)
            || volume::open_medium(m).is_ok_and(|src| {
                BAG_NAMES
                    .iter()
                    .any(|f| src.stat(f).ok().flatten().is_some())
            })
    };
    media.iter().any(is_bag).then(|| unauthenticated_id(media))
}

/// The id under which a medium whose claims could not be authenticated is recorded:
/// `MEDIUM-` and 12 hex digits of a SHA-256 over each volume's tag manifest (bounded),
/// or without one its `bag-info.txt`, or its path — so checking the same medium again
/// lands on the same record, and no medium can choose to be recorded under the id of a
/// real shipment.
pub fn unauthenticated_id(media: &[PathBuf]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for m in media {
        let identifying = volume::open_medium(m).ok().and_then(|src| {
            ["tagmanifest-sha256.txt", "bag-info.txt"]
                .iter()
                .find_map(|f| src.read_bounded(f, 64 * 1024).ok().flatten())
        });
        match identifying {
            Some(bytes) => h.update(&bytes),
            None => h.update(
                fs::canonicalize(m)
                    .unwrap_or_else(|_| m.clone())
                    .to_string_lossy()
                    .as_bytes(),
            ),
        }
        h.update([0]);
    }
    let d = h.finalize();
    format!("MEDIUM-{}", hex::encode_upper(&d[..6]))
}

/// The outcome of verifying the volumes of a set.
pub struct SetVerification {
    /// Each medium given, in volume order: its path and verification (or why it could
    /// not be read at all: a truncated image, a damaged directory).
    pub volumes: Vec<(PathBuf, Result<Verification, crate::i18n::Text>)>,
    /// What the volumes say about the set.
    pub set: volume::SetCheck,
    /// Problems across volumes (segments not continuing, different signers), in the
    /// language of the run and in English (for `--json`).
    pub problems: Vec<crate::i18n::Text>,
}

impl SetVerification {
    /// Every volume valid, and the set complete and consistent.
    pub fn is_valid(&self) -> bool {
        self.volumes
            .iter()
            .all(|(_, v)| v.as_ref().is_ok_and(|v| v.is_valid()))
            && self.set.is_complete()
            && self.problems.is_empty()
    }

    /// Valid, and every volume signed by a pinned sender: the set is the sender's.
    pub fn is_authenticated(&self) -> bool {
        self.is_valid()
            && !self.volumes.is_empty()
            && self
                .volumes
                .iter()
                .all(|(_, v)| v.as_ref().is_ok_and(|v| v.is_authenticated()))
    }

    /// Every volume given valid and signed by a pinned sender, the set consistent, but
    /// volumes of it not given (a disc left out): what was given is the sender's, but
    /// the set is not whole, so it is neither valid nor received (issue 15 item 4).
    pub fn is_authentic_but_incomplete(&self) -> bool {
        !self.volumes.is_empty()
            && self
                .volumes
                .iter()
                .all(|(_, v)| v.as_ref().is_ok_and(|v| v.is_authenticated()))
            && self.problems.is_empty()
            && self.set.problems.is_empty()
            && self.set.total.is_some()
            && !self.set.missing.is_empty()
    }

    /// What the first volume signed, when it was authenticated.
    pub fn authentic(&self) -> Option<&Authentic> {
        self.volumes.iter().find_map(|(_, v)| match v {
            Ok(Verification {
                authentic: Some(Ok(a)),
                ..
            }) => Some(a),
            _ => None,
        })
    }
}

/// Verifies several media as one set: each volume fully (as [`verify_source`]), and
/// that they form one complete set signed by one key, the segments running on from
/// volume to volume.
pub fn verify_set(
    media: &[PathBuf],
    trusted: &[PublicKey],
    threads: usize,
    progress: &crate::progress::Progress,
) -> SetVerification {
    // Each medium verified as it was given, then judged as a set or alone.
    type Given = (
        PathBuf,
        Result<volume::Member, bag::Text>,
        Result<Verification, bag::Text>,
    );
    let mut read: Vec<Given> = Vec::new();
    for p in media {
        match volume::Member::read_any(p) {
            Ok(m) => {
                let v = verify_source(m.source.as_ref(), trusted, threads, progress).map_err(|e| {
                    crate::i18n::Text::render("", || format!("{}: {e}", m.path.display()))
                });
                read.push((p.clone(), Ok(m), v));
            }
            Err(e) => read.push((p.clone(), Err(e.clone()), Err(e))),
        }
    }
    // A plain bag's Bag-Count and Bag-Group-Identifier are informational metadata (RFC
    // 8493 §2.2.2): `Bag-Count: 1 of 15` on a bag given alone says nothing is missing.
    // isou media are sets, checked as such whenever the user pinned a sender (the
    // medium cannot opt out by leaving its signature off) or a volume is one; without a
    // pin an isou medium is never VALID anyway.
    let is_set = !trusted.is_empty()
        || read
            .iter()
            .any(|(_, _, v)| v.as_ref().is_ok_and(|v| v.isou_profile));
    if !is_set {
        let mut volumes = Vec::new();
        for (p, m, v) in read {
            let v = match (m, v) {
                (Ok(m), Ok(mut v)) => {
                    if let Some(t) = m.count_problem {
                        v.problems
                            .push(bag::Problem::new(Severity::Warning, "bag-info.txt", t));
                    }
                    Ok(v)
                }
                (_, v) => v,
            };
            volumes.push((p, v));
        }
        let given = volumes.iter().filter(|(_, v)| v.is_ok()).count();
        return SetVerification {
            volumes,
            set: volume::SetCheck::each_alone(given),
            problems: Vec::new(),
        };
    }
    let mut members = Vec::new();
    let mut volumes = Vec::new();
    for (p, m, v) in read {
        match m {
            // An isou volume's Bag-Count places it in its set: unreadable, the volume
            // is refused as before.
            Ok(m) => match m.count_problem.clone() {
                Some(t) => volumes.push((p, Err(t))),
                None => members.push((m, v)),
            },
            Err(e) => volumes.push((p, Err(e))),
        }
    }
    members.sort_by_key(|(m, _)| m.count.k);
    let set = volume::check_set(&members.iter().map(|(m, _)| m.clone()).collect::<Vec<_>>());
    let mut problems = Vec::new();
    let mut problem = |t: bag::Text| problems.push(t);
    // Segments run on from segment 0 of volume 1; when volume 1 is not given, where
    // the first given one starts cannot be checked (as after any gap), and the set is
    // incomplete for that already, not also "not continuing" (issue 15 item 4).
    let mut next_segment = members
        .first()
        .filter(|(m, _)| m.count.k == 1)
        .map(|_| 0usize);
    let mut signer: Option<(String, PathBuf)> = None;
    let mut shipment: Option<(String, String)> = None;
    for (m, v) in members {
        if let Ok(v) = &v {
            // Segments continue from the previous volume (only checkable when it was
            // given: after a gap, the count restarts).
            match (v.segments, next_segment) {
                (Some((first, n)), Some(want)) if first != want => {
                    problem(both::tr!(
                        "media-set-segments-not-continuing",
                        medium = m.path.display().to_string(),
                        volume = m.count.k.to_string(),
                        first = pipeline::segments::segment_name(first),
                        expected = pipeline::segments::segment_name(want)
                    ));
                    next_segment = Some(first + n);
                }
                (Some((first, n)), _) => next_segment = Some(first + n),
                (None, _) => next_segment = None,
            }
            if let Some(Ok(a)) = &v.authentic {
                let s = &a.signer;
                match &signer {
                    Some((fp, other)) if *fp != s.fingerprint => problem(both::tr!(
                        "media-set-other-signer",
                        medium = m.path.display().to_string(),
                        signer = s.fingerprint.as_str(),
                        other = other.display().to_string(),
                        other_signer = fp.as_str()
                    )),
                    Some(_) => {}
                    None => signer = Some((s.fingerprint.clone(), m.path.clone())),
                }
                // The set was put together from bag-info.txt as first read; what was
                // signed must say the same (a device could answer differently).
                if a.count != m.count || Some(&a.group) != m.group.as_ref() {
                    problem(both::tr!(
                        "media-set-count-changed",
                        medium = m.path.display().to_string()
                    ));
                }
                match &shipment {
                    Some((id, group)) if *id != a.shipment || *group != a.group => {
                        problem(both::tr!(
                            "media-set-other-shipment",
                            medium = m.path.display().to_string(),
                            shipment = crate::untrusted::sanitize(&a.shipment),
                            other = crate::untrusted::sanitize(id)
                        ))
                    }
                    Some(_) => {}
                    None => shipment = Some((a.shipment.clone(), a.group.clone())),
                }
            }
        }
        if set.missing.contains(&(m.count.k + 1)) {
            next_segment = None;
        }
        volumes.push((m.path.clone(), v));
    }
    SetVerification {
        volumes,
        set,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_io_takes_out_the_typed_errors_of_the_pipeline() {
        let e = io::Error::other(VolumeError::NeedMore(2));
        assert!(matches!(
            seal_io(e),
            SealError::Volume(VolumeError::NeedMore(2))
        ));
        let e = io::Error::new(
            io::ErrorKind::InvalidData,
            io::Error::other(pipeline::InputError::Changed("/x/a.csv".into())),
        );
        assert!(matches!(
            seal_io(e),
            SealError::Input(pipeline::InputError::Changed(_))
        ));
        let e = io::Error::other(volume::ReadBackError(vec!["payload.001".into()]));
        assert!(matches!(seal_io(e), SealError::ReadBack(d) if d == ["payload.001"]));
        let e = io::Error::from(io::ErrorKind::StorageFull);
        assert!(matches!(seal_io(e), SealError::Io(e) if e.kind() == io::ErrorKind::StorageFull));
    }

    #[test]
    fn the_class_parses_from_its_words_and_labels_only() {
        for c in [InfoClass::Identifiable, InfoClass::Anonymized] {
            assert_eq!(c.as_str().parse::<InfoClass>(), Ok(c));
            assert_eq!(c.label().parse::<InfoClass>(), Ok(c));
            assert_eq!(c.to_string(), c.as_str());
        }
        for (typed, c) in [
            ("非匿名化", InfoClass::Identifiable),
            ("匿名化", InfoClass::Anonymized),
            (" Identifiable ", InfoClass::Identifiable),
            ("ＡＮＯＮＹＭＩＺＥＤ", InfoClass::Anonymized),
        ] {
            assert_eq!(typed.parse::<InfoClass>(), Ok(c), "{typed:?}");
        }
        for bad in [
            "",
            "anonymous",
            "匿名",
            "identifiable (匿名化)",
            "非 匿名化",
        ] {
            assert!(bad.parse::<InfoClass>().is_err(), "{bad:?}");
        }
        assert_eq!(InfoClass::default(), InfoClass::Identifiable);
    }

    #[test]
    fn only_isous_own_names_are_called_leftovers_of_a_seal() {
        let d = tempfile::tempdir().unwrap();
        let m = d.path();
        fs::create_dir(m.join("data")).unwrap();
        fs::write(m.join("data/payload.000"), b"x").unwrap();
        fs::write(m.join("manifest-sha256.txt"), b"x").unwrap();
        fs::write(m.join(".bag-info.txt.a1B2c3.tmp"), b"x").unwrap();
        let found = |m: &Path| {
            let mut v: Vec<String> = fs::read_dir(m)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        assert!(leftovers_of_a_seal(m, &found(m)));
        // A finished bag is not leftovers.
        fs::write(m.join("bagit.txt"), b"x").unwrap();
        assert!(!leftovers_of_a_seal(m, &found(m)));
        fs::remove_file(m.join("bagit.txt")).unwrap();
        // Nor is anything holding a file of the user's, beside data/ or in it.
        fs::write(m.join("報告書.pdf"), b"x").unwrap();
        assert!(!leftovers_of_a_seal(m, &found(m)));
        fs::remove_file(m.join("報告書.pdf")).unwrap();
        fs::write(m.join("data/report.csv"), b"x").unwrap();
        assert!(!leftovers_of_a_seal(m, &found(m)));
        fs::remove_file(m.join("data/report.csv")).unwrap();
        assert!(leftovers_of_a_seal(m, &found(m)));
        // Without data/ there is nothing of a payload.
        fs::remove_dir_all(m.join("data")).unwrap();
        assert!(!leftovers_of_a_seal(m, &found(m)));
    }
}
