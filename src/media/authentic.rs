//! Reading a medium's tag files in trust order, so nothing from a medium is believed
//! before it is authenticated and bounded (DESIGN.md, "Trust model"):
//!
//! 1. `tagmanifest-sha256.txt` and its signature: regular files (never a link or a
//!    FIFO: see [`crate::bag::DirSource`]), bounded sizes;
//! 2. the signature over the tag manifest, by a sender the *user* chose
//!    ([`Sender::Pinned`]), or by anyone when the user explicitly said so
//!    ([`Sender::Any`]) — a medium cannot opt out by leaving its signature off;
//! 3. the tag manifest, parsed strictly: 64 hex digits and a plain root file name per
//!    line; it must cover `bagit.txt`, `bag-info.txt` and `manifest-sha256.txt`;
//! 4. each tag file it lists, read once, bounded, and compared with its signed hash;
//! 5. only then are `bag-info.txt` and `manifest-sha256.txt` decoded — from the very
//!    bytes that were hashed, never read again (a device may answer a second read
//!    differently).
//!
//! What [`authenticate`] returns is therefore the sender's own statement: the shipment
//! id, the set's count and group, and the SHA-256 of every payload segment, which
//! `open` checks before a byte of a segment reaches the decryptor.

use std::collections::BTreeMap;
use std::fmt;
use std::io;

use sha2::{Digest, Sha256};
use ssh_key::PublicKey;

use crate::bag::validate::{both, Text};
use crate::bag::{BagInfo, BagSource};
use crate::media::volume::BagCount;
use crate::media::InfoClass;
use crate::pipeline::segments::{segment_index, MAX_SEGMENTS};
use crate::signature::{self, SignatureError, Verified};
use crate::untrusted::sanitize;

/// The signature file beside the tag manifest.
pub use crate::bag::write::SIGNATURE_FILE;

/// Largest tag manifest read (isou's has four lines).
const MAX_TAG_MANIFEST: u64 = 64 * 1024;
/// Largest signature file read (an armored Ed25519 SSHSIG is about 300 bytes).
const MAX_SIGNATURE: u64 = 16 * 1024;
/// Largest other tag file read (`bag-info.txt`, the README, the payload manifest of at
/// most [`MAX_SEGMENTS`] lines).
const MAX_TAG_FILE: u64 = 1024 * 1024;
/// Most lines in a tag manifest.
const MAX_TAG_ENTRIES: usize = 16;
/// The tag files a signed isou medium must have covered by its signature.
pub const REQUIRED_TAG_FILES: &[&str] = &["bagit.txt", "bag-info.txt", "manifest-sha256.txt"];

/// `bag-info.txt` fields isou acts on, which may appear only once.
const SINGLE_FIELDS: &[&str] = &[
    "External-Identifier",
    "Bag-Group-Identifier",
    "Bag-Count",
    "Payload-Oxum",
    "Signer-Key",
    "Tracking-Number",
    "Bagging-Date",
    "Source-Organization",
    "Destination",
    "Information-Class",
    "Medium-Type",
    "Encryption",
    // The approval terms (records::terms): one value each, or which one a recipient's
    // `record due` dates by would be ambiguous.
    crate::records::terms::APPROVER,
    crate::records::terms::APPLICATION,
    crate::records::terms::USE_UNTIL,
];

/// Who may have signed: the user's choice, never the medium's.
#[derive(Clone, Copy, Debug)]
pub enum Sender<'a> {
    /// One of these keys (`--signer`, policy contacts).
    Pinned(&'a [PublicKey]),
    /// Anyone whose signature is good; the user chose explicitly not to check who
    /// (`open --any-sender`) and whoever signed is reported and recorded.
    Any,
}

impl Sender<'_> {
    /// Whether the user pinned who must have signed.
    pub fn is_pinned(&self) -> bool {
        matches!(self, Sender::Pinned(_))
    }

    fn keys(&self) -> &[PublicKey] {
        match self {
            Sender::Pinned(k) => k,
            Sender::Any => &[],
        }
    }
}

/// Why a medium's tag files could not be authenticated.
#[derive(Debug)]
pub enum TrustError {
    /// A file the signature needs is not on the medium.
    Missing(&'static str),
    /// A tag file could not be read: an I/O error of the device (reading again may
    /// work), or a file that is refused (a link, a FIFO, too large).
    Unreadable {
        /// The file.
        file: String,
        /// Why.
        error: io::Error,
    },
    /// The signature is missing its signer, malformed, or by another key.
    Signature(SignatureError),
    /// The tag manifest is not what isou writes (in both languages: `--json` gives
    /// the English whatever the run's language, red team 17 finding 01).
    TagManifest(Text),
    /// A tag file differs from its signed hash.
    Altered(String),
    /// A tag file the signed tag manifest lists is missing.
    AlteredMissing(String),
    /// A required tag file is not covered by the signed tag manifest.
    NotCovered(&'static str),
    /// `manifest-sha256.txt` (signed) is not a list of payload segments.
    PayloadManifest(Text),
    /// `bag-info.txt` (signed) lacks an isou field or holds an impossible value.
    Info(Text),
}

impl TrustError {
    /// The signature itself checked out (by the key it names), but what it signs is not
    /// usable as an isou medium: said as such, never as a bad signature — the mail room
    /// must not report a forgery when the sender did sign it (red team 18, finding 07).
    pub fn signature_good(&self) -> bool {
        matches!(
            self,
            TrustError::TagManifest(_)
                | TrustError::NotCovered(_)
                | TrustError::PayloadManifest(_)
                | TrustError::Info(_)
        )
    }
}

impl fmt::Display for TrustError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrustError::Missing(name) if *name == SIGNATURE_FILE => f.write_str(&crate::tr!(
                "media-trust-no-signature",
                file = SIGNATURE_FILE
            )),
            TrustError::Missing(name) => {
                f.write_str(&crate::tr!("media-trust-missing", file = *name))
            }
            TrustError::Unreadable { file, error } => f.write_str(&crate::tr!(
                "media-trust-unreadable",
                file = sanitize(file),
                error = crate::bag::validate::io_text(error).now().to_string()
            )),
            TrustError::Signature(e) => e.fmt(f),
            TrustError::TagManifest(why) => f.write_str(&crate::tr!(
                "media-trust-file-problem",
                file = "tagmanifest-sha256.txt",
                why = why.now()
            )),
            TrustError::Altered(name) => {
                f.write_str(&crate::tr!("media-trust-altered", file = sanitize(name)))
            }
            TrustError::AlteredMissing(name) => f.write_str(&crate::tr!(
                "media-trust-altered",
                file = crate::tr!("media-trust-altered-missing", file = sanitize(name))
            )),
            TrustError::NotCovered(name) => {
                f.write_str(&crate::tr!("media-trust-not-covered", file = *name))
            }
            TrustError::PayloadManifest(why) => f.write_str(&crate::tr!(
                "media-trust-file-problem",
                file = "manifest-sha256.txt",
                why = why.now()
            )),
            TrustError::Info(why) => f.write_str(&crate::tr!(
                "media-trust-file-problem",
                file = "bag-info.txt",
                why = why.now()
            )),
        }
    }
}

impl std::error::Error for TrustError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TrustError::Unreadable { error, .. } => Some(error),
            TrustError::Signature(e) => Some(e),
            _ => None,
        }
    }
}

impl TrustError {
    /// Whether the device failed to read (an unreadable sector, a medium pulled out):
    /// the medium may be intact, and reading again may work.
    pub fn is_read_error(&self) -> bool {
        matches!(self, TrustError::Unreadable { error, .. } if error.raw_os_error().is_some())
    }

    /// What the user can do about it.
    pub fn hint(&self) -> String {
        match self {
            TrustError::Signature(e) => e.hint().unwrap_or_default(),
            e if e.is_read_error() => crate::tr!("media-trust-read-error-hint"),
            TrustError::Missing(name) if *name == SIGNATURE_FILE => {
                crate::tr!("media-trust-no-signature-hint")
            }
            _ => crate::tr!("media-trust-hint"),
        }
    }
}

/// What the sender signed, read from the medium after the signature checked out.
#[derive(Clone, Debug)]
pub struct Authentic {
    /// Who signed (one of the pinned keys, or anyone for [`Sender::Any`]).
    pub signer: Verified,
    /// Whether the signer was one of the keys the user pinned.
    pub pinned: bool,
    /// `bag-info.txt`, as signed.
    pub info: BagInfo,
    /// The shipment id (`External-Identifier`).
    pub shipment: String,
    /// The set (`Bag-Group-Identifier`, or the shipment id for a single medium).
    pub group: String,
    /// `Bag-Count` (`1 of 1` when absent).
    pub count: BagCount,
    /// Every payload segment: its index (`payload.NNN`) and SHA-256, in order.
    pub segments: Vec<(usize, [u8; 32])>,
    /// The payload's size in bytes (`Payload-Oxum`).
    pub payload_bytes: u64,
    /// SHA-256 of `tagmanifest-sha256.txt` (the medium's fingerprint), hex.
    pub tagmanifest_sha256: String,
    /// The tag files the signature covers, by name.
    pub covered: Vec<String>,
}

/// The information class of a received medium as the recipient treats it (issue 14,
/// safe by default): the class the sender signed when it is one isou knows, else
/// identifiable (非匿名化). A medium sealed before `Information-Class` was signed has
/// none, and a signed but unknown or contradictory text (`unknown`,
/// `identifiable (匿名化)`) is the sender's error: neither may make the data be handled
/// as anonymised, nor leave the register's 情報の区分 blank.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedClass {
    /// How the data is to be handled.
    pub class: InfoClass,
    /// Whether the sender signed a class isou knows (false: [`Self::class`] is the
    /// safe default).
    pub stated: bool,
    /// The sender's text when it is present but not a class, made inert (it is from
    /// outside, even signed).
    pub claimed: Option<String>,
}

impl ReceivedClass {
    /// Reads `Information-Class` from a bag-info (the signed one, for a medium whose
    /// signature checked out).
    pub fn of(info: &BagInfo) -> Self {
        match info.get("Information-Class") {
            None => ReceivedClass {
                class: InfoClass::Identifiable,
                stated: false,
                claimed: None,
            },
            Some(v) => match v.parse::<InfoClass>() {
                Ok(class) => ReceivedClass {
                    class,
                    stated: true,
                    claimed: None,
                },
                Err(_) => ReceivedClass {
                    class: InfoClass::Identifiable,
                    stated: false,
                    claimed: Some(sanitize(v)),
                },
            },
        }
    }

    /// The class as verify prints it, saying when it is the safe default.
    pub fn describe(&self) -> String {
        match (&self.claimed, self.stated) {
            (_, true) => crate::policy::class_name(self.class),
            (None, false) => crate::tr!(
                "media-class-not-stated",
                class = crate::policy::class_name(self.class)
            ),
            (Some(c), false) => crate::tr!(
                "media-class-not-known",
                class = crate::policy::class_name(self.class),
                claimed = format!("{c:?}")
            ),
        }
    }

    /// The fields recorded in a recipient's event: `class`, `class_stated` and, for an
    /// unknown text, `class_claimed`.
    pub fn record_into(&self, body: &mut serde_json::Value) {
        body["class"] = self.class.as_str().into();
        body["class_stated"] = self.stated.into();
        if let Some(c) = &self.claimed {
            body["class_claimed"] = c.as_str().into();
        }
    }
}

fn read(medium: &dyn BagSource, name: &str, max: u64) -> Result<Option<Vec<u8>>, TrustError> {
    medium
        .read_bounded(name, max)
        .map_err(|error| TrustError::Unreadable {
            file: name.to_string(),
            error,
        })
}

/// 64 hex digits (either case) → 32 bytes; `None` for anything else. Checked as ASCII
/// before any slicing: a 64-*byte* checksum of multi-byte characters once panicked
/// when sliced at byte offsets.
pub fn parse_sha256_hex(s: &str) -> Option<[u8; 32]> {
    // Byte-wise, so no multi-byte character is ever sliced; exactly 64 hex digits.
    let mut out = [0u8; 32];
    hex::decode_to_slice(s.as_bytes(), &mut out).ok()?;
    Some(out)
}

/// Splits a manifest line into checksum and path: "checksum, one or more linear
/// whitespace characters, path" (RFC 8493 §2.1.3).
fn split_line(line: &str) -> Option<(&str, &str)> {
    let (sum, path) = line.split_once([' ', '\t'])?;
    let path = path.trim_start_matches([' ', '\t']);
    (!path.is_empty()).then_some((sum, path))
}

/// Parses a signed tag manifest: `(name, sha256)` per line, names plain files in the
/// bag root, each once.
pub fn parse_tag_manifest(text: &str) -> Result<Vec<(String, [u8; 32])>, String> {
    let mut out: Vec<(String, [u8; 32])> = Vec::new();
    for (n, line) in crate::bag::tag_lines(text).enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad =
            |why: String| crate::tr!("media-manifest-line", line = (n + 1).to_string(), why = why);
        let (sum, name) =
            split_line(line).ok_or_else(|| bad(crate::tr!("media-manifest-line-form-name")))?;
        let sum =
            parse_sha256_hex(sum).ok_or_else(|| bad(crate::tr!("media-manifest-no-sha256")))?;
        if name.contains(['/', '\\', '\0'])
            || name.starts_with('.')
            || name.len() > 64
            || name.chars().any(crate::untrusted::is_unsafe_char)
        {
            return Err(bad(crate::tr!(
                "media-manifest-not-tag-file",
                name = format!("{:?}", sanitize(name))
            )));
        }
        if out.iter().any(|(n, _)| n == name) {
            return Err(bad(crate::tr!(
                "media-manifest-twice",
                name = sanitize(name)
            )));
        }
        if out.len() == MAX_TAG_ENTRIES {
            return Err(crate::tr!(
                "media-manifest-too-many-files",
                count = MAX_TAG_ENTRIES.to_string()
            ));
        }
        out.push((name.to_string(), sum));
    }
    Ok(out)
}

/// Parses a payload manifest as isou writes it: `sha256  data/payload.NNN` per line,
/// each segment once; returned in segment order.
pub fn parse_payload_manifest(text: &str) -> Result<Vec<(usize, [u8; 32])>, String> {
    let mut by_index = BTreeMap::new();
    for (n, line) in crate::bag::tag_lines(text).enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad =
            |why: String| crate::tr!("media-manifest-line", line = (n + 1).to_string(), why = why);
        let (sum, path) =
            split_line(line).ok_or_else(|| bad(crate::tr!("media-manifest-line-form-path")))?;
        let sum =
            parse_sha256_hex(sum).ok_or_else(|| bad(crate::tr!("media-manifest-no-sha256")))?;
        let index = path
            .strip_prefix("data/")
            .and_then(segment_index)
            .ok_or_else(|| {
                bad(crate::tr!(
                    "media-manifest-not-segment",
                    name = format!("{:?}", sanitize(path))
                ))
            })?;
        if by_index.insert(index, sum).is_some() {
            return Err(bad(crate::tr!(
                "media-manifest-twice",
                name = sanitize(path)
            )));
        }
        if by_index.len() > MAX_SEGMENTS {
            return Err(crate::tr!(
                "media-manifest-too-many-segments",
                count = MAX_SEGMENTS.to_string()
            ));
        }
    }
    if by_index.is_empty() {
        return Err(crate::tr!("media-manifest-no-segment"));
    }
    Ok(by_index.into_iter().collect())
}

/// Authenticates a medium's tag files (see the module documentation) and returns what
/// the sender signed. Every failure is a [`TrustError`]; nothing of the medium is
/// decoded before the signature and the hashes checked out.
pub fn authenticate(medium: &dyn BagSource, sender: Sender) -> Result<Authentic, TrustError> {
    let (tm, signer, listed) = signed_tag_manifest(medium, sender)?;
    let (info_bytes, manifest_bytes) = covered_tag_files(medium, &listed)?;
    let info = signed_info(info_bytes)?;
    let field = |label: &'static str| {
        info.get(label)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| TrustError::Info(both::tr!("media-info-lacks", label = label)))
    };
    let shipment = field("External-Identifier")?.to_string();
    let claimed = field("Signer-Key")?;
    if claimed != signer.fingerprint {
        return Err(TrustError::Info(both::tr!(
            "media-info-other-signer",
            claimed = sanitize(claimed),
            signer = signer.fingerprint.as_str()
        )));
    }
    let count = match info.get("Bag-Count") {
        None => BagCount { k: 1, n: Some(1) },
        Some(c) => BagCount::parse(c).ok_or_else(|| {
            TrustError::Info(both::tr!(
                "media-info-bag-count",
                count = format!("{:?}", sanitize(c)),
                most = crate::media::volume::MAX_VOLUMES
            ))
        })?,
    };
    let group = info
        .get("Bag-Group-Identifier")
        .unwrap_or(&shipment)
        .to_string();
    let manifest_text = String::from_utf8(manifest_bytes)
        .map_err(|_| TrustError::PayloadManifest(both::tr!("media-not-utf8")))?;
    let segments = parse_payload_manifest(&manifest_text).map_err(|_| {
        TrustError::PayloadManifest(Text::render("", || {
            parse_payload_manifest(&manifest_text)
                .err()
                .unwrap_or_default()
        }))
    })?;
    // Payload-Oxum: the payload's size as signed, so open can refuse a segment of any
    // other size before reading it (a 100 GB sparse file would be hashed for hours).
    let (payload_bytes, files) = payload_oxum(field("Payload-Oxum")?)?;
    if files != segments.len() {
        return Err(TrustError::Info(both::tr!(
            "media-info-oxum-count",
            files = files.to_string(),
            segments = segments.len().to_string()
        )));
    }
    Ok(Authentic {
        pinned: sender.is_pinned(),
        signer,
        shipment,
        group,
        count,
        segments,
        payload_bytes,
        tagmanifest_sha256: hex::encode(Sha256::digest(&tm)),
        covered: listed.into_iter().map(|(n, _)| n).collect(),
        info,
    })
}

/// The tag manifest's bytes, who signed it, and the tag files it lists with their
/// SHA-256.
type SignedManifest = (Vec<u8>, Verified, Vec<(String, [u8; 32])>);

/// The tag manifest (bounded) and its signature by `sender`; then, signed by the right
/// key, the tag files it lists, which must include every one isou requires.
fn signed_tag_manifest(
    medium: &dyn BagSource,
    sender: Sender,
) -> Result<SignedManifest, TrustError> {
    let tm = read(medium, "tagmanifest-sha256.txt", MAX_TAG_MANIFEST)?
        .ok_or(TrustError::Missing("tagmanifest-sha256.txt"))?;
    let sig =
        read(medium, SIGNATURE_FILE, MAX_SIGNATURE)?.ok_or(TrustError::Missing(SIGNATURE_FILE))?;
    let sig =
        std::str::from_utf8(&sig).map_err(|_| TrustError::Signature(SignatureError::NotText))?;
    let signer = signature::verify(sig, &tm, sender.keys()).map_err(TrustError::Signature)?;
    // Signed by the right key: the tag manifest is the sender's.
    let text = std::str::from_utf8(&tm)
        .map_err(|_| TrustError::TagManifest(both::tr!("media-not-utf8")))?;
    let listed = parse_tag_manifest(text).map_err(|_| {
        // Parsed again in each language: the English for --json (pure, and only on failure).
        TrustError::TagManifest(Text::render("", || {
            parse_tag_manifest(text).err().unwrap_or_default()
        }))
    })?;
    for required in REQUIRED_TAG_FILES {
        if !listed.iter().any(|(n, _)| n == required) {
            return Err(TrustError::NotCovered(required));
        }
    }
    Ok((tm, signer, listed))
}

/// Reads every tag file the signed manifest lists (bounded) and checks its SHA-256;
/// returns `bag-info.txt` and `manifest-sha256.txt`, as hashed.
fn covered_tag_files(
    medium: &dyn BagSource,
    listed: &[(String, [u8; 32])],
) -> Result<(Vec<u8>, Vec<u8>), TrustError> {
    let mut info_bytes = None;
    let mut manifest_bytes = None;
    for (name, want) in listed {
        let data = read(medium, name, MAX_TAG_FILE)?
            .ok_or_else(|| TrustError::AlteredMissing(name.clone()))?;
        if <[u8; 32]>::from(Sha256::digest(&data)) != *want {
            return Err(TrustError::Altered(name.clone()));
        }
        match name.as_str() {
            "bag-info.txt" => info_bytes = Some(data),
            "manifest-sha256.txt" => manifest_bytes = Some(data),
            _ => {}
        }
    }
    Ok((
        info_bytes.expect("required above"),
        manifest_bytes.expect("required above"),
    ))
}

/// The signed `bag-info.txt`, parsed: UTF-8, no secret in it, every line a field, the
/// fields isou acts on each given once, and a `Bagging-Date` that is a date.
fn signed_info(info_bytes: Vec<u8>) -> Result<BagInfo, TrustError> {
    let info_text =
        String::from_utf8(info_bytes).map_err(|_| TrustError::Info(both::tr!("media-not-utf8")))?;
    if crate::untrusted::looks_secret(&info_text) {
        return Err(TrustError::Info(both::tr!("media-info-secret")));
    }
    let (info, problems) = BagInfo::parse(&info_text);
    if let Some(p) = problems.first() {
        return Err(TrustError::Info(p.clone()));
    }
    // The fields isou acts on must each say one thing: a repeated External-Identifier
    // or Bag-Count would be read one way by isou and another by a person or another
    // BagIt tool.
    for label in SINGLE_FIELDS {
        let n = info
            .fields()
            .iter()
            .filter(|(l, _)| l.eq_ignore_ascii_case(label))
            .count();
        if n > 1 {
            return Err(TrustError::Info(both::tr!(
                "media-info-repeated",
                label = *label,
                count = n.to_string()
            )));
        }
    }
    if let Some(d) = info.get("Bagging-Date") {
        if !crate::clock::is_date(d) {
            return Err(TrustError::Info(both::tr!(
                "media-info-date",
                date = format!("{:?}", sanitize(d))
            )));
        }
    }
    Ok(info)
}

/// `Payload-Oxum` (`BYTES.FILES`, each at most 20 digits) as the payload's size and
/// number of files.
fn payload_oxum(oxum: &str) -> Result<(u64, usize), TrustError> {
    oxum.split_once('.')
        .and_then(|(b, n)| {
            let digits =
                |t: &str| !t.is_empty() && t.len() <= 20 && t.bytes().all(|c| c.is_ascii_digit());
            (digits(b) && digits(n))
                .then(|| Some((b.parse::<u64>().ok()?, n.parse::<usize>().ok()?)))?
        })
        .ok_or_else(|| {
            TrustError::Info(both::tr!(
                "media-info-oxum-form",
                oxum = format!("{:?}", sanitize(oxum))
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_class_not_stated_or_unknown_is_identifiable() {
        let with = |c: Option<&str>| {
            let mut i = BagInfo::default();
            if let Some(c) = c {
                i.push("Information-Class", c).unwrap();
            }
            ReceivedClass::of(&i)
        };
        let anon = with(Some("anonymized (匿名化)"));
        assert_eq!((anon.class, anon.stated), (InfoClass::Anonymized, true));
        let none = with(None);
        assert_eq!((none.class, none.stated), (InfoClass::Identifiable, false));
        assert!(none.describe().ends_with("not stated by the sender"));
        for bad in ["unknown", "identifiable (匿名化)", "未定"] {
            let r = with(Some(bad));
            assert_eq!(
                (r.class, r.stated),
                (InfoClass::Identifiable, false),
                "{bad}"
            );
            let c = r.claimed.clone().unwrap();
            assert_eq!(c, bad);
            let mut body = serde_json::json!({});
            r.record_into(&mut body);
            assert_eq!(body["class"], "identifiable");
            assert_eq!(body["class_stated"], false);
            assert_eq!(body["class_claimed"], c.as_str());
        }
    }

    #[test]
    fn checksums_are_64_ascii_hex_digits() {
        let good = "ab".repeat(32);
        assert_eq!(parse_sha256_hex(&good), Some([0xab; 32]));
        assert_eq!(parse_sha256_hex(&good.to_uppercase()), Some([0xab; 32]));
        // 64 bytes, but multi-byte characters: once a panic when sliced.
        let tricky = format!("{}é{}", "a".repeat(31), "b".repeat(31));
        assert_eq!(tricky.len(), 64);
        assert_eq!(parse_sha256_hex(&tricky), None);
        assert_eq!(parse_sha256_hex(&"あ".repeat(21)), None);
        assert_eq!(parse_sha256_hex(&"g".repeat(64)), None);
        assert_eq!(parse_sha256_hex("+a"), None);
        assert_eq!(parse_sha256_hex(&"a".repeat(63)), None);
    }

    #[test]
    fn payload_manifests_are_segments_each_once() {
        let h = "0".repeat(64);
        let ok = format!("{h}  data/payload.001\n{h}  data/payload.000\n");
        assert_eq!(
            parse_payload_manifest(&ok).unwrap(),
            vec![(0, [0; 32]), (1, [0; 32])]
        );
        for bad in [
            String::new(),
            format!("{h}  data/payload.000\n{h}  data/payload.000\n"),
            format!("{h}  data/../x\n"),
            format!("{h}  data/payload.0000\n"),
            format!("{h}  bag-info.txt\n"),
            format!("{}é{}  data/payload.000\n", "a".repeat(31), "b".repeat(31)),
            format!("{h}data/payload.000\n"),
        ] {
            assert!(parse_payload_manifest(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tag_manifests_list_root_files_each_once() {
        let h = "0".repeat(64);
        assert_eq!(
            parse_tag_manifest(&format!("{h}  bagit.txt\n{h} bag-info.txt\n"))
                .unwrap()
                .len(),
            2
        );
        for bad in [
            format!("{h}  data/payload.000\n"),
            format!("{h}  ../x\n"),
            format!("{h}  .hidden\n"),
            format!("{h}  bagit.txt\n{h}  bagit.txt\n"),
            format!("{h}  a\u{202e}txt.exe\n"),
            (0..17).map(|i| format!("{h}  f{i}\n")).collect(),
        ] {
            assert!(parse_tag_manifest(&bad).is_err(), "{bad:?}");
        }
    }
}
