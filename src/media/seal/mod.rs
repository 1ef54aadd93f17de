//! Sealing: an extract onto a medium (or a set of media, or ISO images) as signed
//! bags, checked first and read back after.

mod error;
mod tags;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rand::Rng;
use ssh_key::PrivateKey;

use super::volume::{self, Layout, SetSink, VolumeError, VolumeSummary};
use super::{iso, swap, InfoClass};
use crate::bag;
use crate::engine::Encryptor;
use crate::pipeline::{self, InputEntry, PayloadOptions, Segment};
use crate::tracking::TrackingNumber;
pub use error::SealError;
use tags::BagMaker;

/// Names a fresh medium may already hold (created by operating systems, not by users).
pub(super) use super::os_entry::FRESH_MEDIUM as SYSTEM_ENTRIES;

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
