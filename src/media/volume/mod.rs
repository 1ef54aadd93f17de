//! Volumes and sets: one medium of a shipment (a folder or an ISO 9660 image), and
//! shipments spread over several media.
//!
//! Each volume is a complete, signed bag of its own (RFC 8493 `Bag-Count: k of n`, one
//! `Bag-Group-Identifier` = the shipment id). Segment names run on across the set
//! (`payload.000…002` on volume 1, `payload.003…` on volume 2), so copying every
//! volume's `data/` into one folder still recovers with `cat data/payload.* | age -d`.
//! With compression the final size is unknown in advance, so the set is planned as it
//! is written: a segment is cut where the volume's room ends, the room counting the tag
//! files and (for images) the ISO 9660 directories still to come, so no volume is ever
//! overfull. A volume that must be handed back before the end (a USB stick swapped for
//! the next) cannot know the total and says `k of ?` (RFC 8493 §2.2.2 allows `?`);
//! the last volume always says `n of n`.

mod readback;
mod set;
mod sink;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::bag::source::{BagSource, DirSource};
use crate::media::iso::{self, IsoImage};
use crate::pipeline::segments::Segment;
pub use set::{check_set, payload_size, Member, SetCheck};
pub use sink::{SetSink, MIN_ROOM, PARTIAL_MARK};

/// The kinds of media isou writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediumType {
    /// A USB stick (or any folder).
    Usb,
    /// CD-R, 80 minutes.
    CdR,
    /// DVD-R / DVD+R, 4.7 GB.
    DvdR,
    /// BD-R, 25 GB.
    BdR,
}

impl MediumType {
    /// The name in `bag-info.txt` and the records (資料の形態).
    pub fn label(self) -> &'static str {
        match self {
            MediumType::Usb => "USBメモリ",
            MediumType::CdR => "CD-R",
            MediumType::DvdR => "DVD-R",
            MediumType::BdR => "BD-R",
        }
    }

    /// The disc's capacity in bytes (sectors × 2048, DESIGN.md); `None` for folders.
    /// DVD uses DVD+R's 2,295,104 sectors, the smaller of DVD-R and DVD+R.
    pub fn capacity(self) -> Option<u64> {
        match self {
            MediumType::Usb => None,
            MediumType::CdR => Some(360_000 * iso::SECTOR),
            MediumType::DvdR => Some(2_295_104 * iso::SECTOR),
            MediumType::BdR => Some(12_219_392 * iso::SECTOR),
        }
    }

    /// What isou fills at most: the capacity less a 1% safety margin (drives that
    /// cannot write the last sectors, run-out blocks), in whole sectors.
    pub fn usable(self) -> Option<u64> {
        self.capacity()
            .map(|c| (c - c / 100) / iso::SECTOR * iso::SECTOR)
    }

    /// Whether it is an optical disc (written as ISO images).
    pub fn is_disc(self) -> bool {
        self != MediumType::Usb
    }
}

impl std::str::FromStr for MediumType {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "usb" | "usbメモリ" | "folder" => MediumType::Usb,
            "cd-r" | "cd" | "cdr" => MediumType::CdR,
            "dvd-r" | "dvd+r" | "dvd" | "dvdr" => MediumType::DvdR,
            "bd-r" | "bd" | "bdr" => MediumType::BdR,
            _ => {
                return Err(crate::tr!(
                    "media-type-unknown",
                    name = format!("{:?}", crate::untrusted::sanitize(s))
                ))
            }
        })
    }
}

/// `Bag-Count: k of n` (RFC 8493 §2.2.2); `n` is `None` for `k of ?`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BagCount {
    /// This volume's number, from 1.
    pub k: usize,
    /// How many volumes the set has, if known.
    pub n: Option<usize>,
}

/// The most volumes a set may have. Every volume holds at least one payload segment
/// and a payload has at most [`crate::pipeline::segments::MAX_SEGMENTS`] of them; a set
/// of discs has a few hundred volumes at the very most. A count from a medium is
/// checked against this before anything is sized by it: `Bag-Count: 1 of 20000000`
/// once built a list of twenty million missing volumes (1.4 GB), and `1 of 2^64-1`
/// aborted on allocation.
pub const MAX_VOLUMES: usize = crate::pipeline::segments::MAX_SEGMENTS;

impl BagCount {
    /// Parses `k of n` or `k of ?` (RFC 8493 §2.2.2); `None` when it is not that form,
    /// or counts more than [`MAX_VOLUMES`] volumes.
    pub fn parse(s: &str) -> Option<BagCount> {
        let (k, n) = s.split_once(" of ")?;
        let k = k.trim();
        // Digits only (no sign, no `+`), and few enough to mean at most MAX_VOLUMES.
        let number = |t: &str| -> Option<usize> {
            if t.is_empty() || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            t.parse().ok().filter(|v| (1..=MAX_VOLUMES).contains(v))
        };
        let k = number(k)?;
        let n = match n.trim() {
            "?" => None,
            n => Some(number(n).filter(|n| *n >= k)?),
        };
        Some(BagCount { k, n })
    }
}

impl std::fmt::Display for BagCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.n {
            Some(n) => write!(f, "{} of {n}", self.k),
            None => write!(f, "{} of ?", self.k),
        }
    }
}

/// Opens a medium for reading: a folder (a mounted USB stick or disc), or an ISO 9660
/// image file or optical drive read directly.
pub fn open_medium(path: &Path) -> io::Result<Arc<dyn BagSource>> {
    let m = fs::metadata(path)?;
    if m.is_dir() {
        Ok(Arc::new(DirSource(path.to_path_buf())))
    } else if m.is_file() || crate::platform::is_block_device(&m.file_type()) {
        Ok(Arc::new(IsoImage::open(path)?))
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            crate::bag::validate::both::tr!("media-neither-folder-nor-iso"),
        ))
    }
}

/// The tag files of one volume, rendered by the caller (bag-info, manifests, README,
/// signature), and upper bounds of their sizes for planning.
pub trait TagMaker {
    /// The tag files for a volume holding `segments`, in writing order (`bagit.txt`
    /// last), and the tag manifest's SHA-256.
    fn render(
        &self,
        segments: &[Segment],
        count: BagCount,
    ) -> io::Result<crate::bag::write::RenderedTags>;
    /// Each tag file's name and largest possible size for a volume of `n` segments.
    fn bounds(&self, n: usize) -> Vec<(String, u64)>;
}

/// Where a set's volumes go.
pub enum Layout<'a> {
    /// Folders: the first medium, more given up front, and a way to ask for the next
    /// when those run out. `volume_size` caps each volume; without it and with only one
    /// folder, the medium is simply filled (one volume) — the default.
    Folders {
        /// Largest bag per medium, in bytes.
        volume_size: Option<u64>,
        /// Further media given up front.
        more: Vec<PathBuf>,
        /// Asks for medium `k` (from 1) when the given ones are used up; `None` = stop.
        ask: Option<&'a mut dyn FnMut(usize) -> Option<PathBuf>>,
    },
    /// ISO images in a folder, each at most `volume_size` bytes.
    Images {
        /// Largest image, in bytes.
        volume_size: u64,
    },
}

impl Default for Layout<'_> {
    fn default() -> Self {
        Layout::Folders {
            volume_size: None,
            more: Vec::new(),
            ask: None,
        }
    }
}

/// What was written on one volume.
#[derive(Clone, Debug, serde::Serialize)]
pub struct VolumeSummary {
    /// `k` of the set.
    pub number: usize,
    /// The folder, or the image file.
    pub location: PathBuf,
    /// Segment files on it.
    pub segments: Vec<String>,
    /// Bytes of payload on it.
    pub payload_bytes: u64,
    /// Bytes of the whole image (images only).
    pub image_bytes: Option<u64>,
    /// SHA-256 of its `tagmanifest-sha256.txt`.
    pub manifest_sha256: String,
    /// `Bag-Count` written.
    pub bag_count: String,
}

/// Why a volume could not be prepared.
#[derive(Debug)]
pub enum VolumeError {
    /// The volume size leaves no room for the payload after the bag's own files.
    TooSmall {
        /// The size given.
        size: u64,
        /// The smallest that works.
        minimum: u64,
    },
    /// A folder given for a volume is not usable (missing, or not a folder): the folder,
    /// and the error of opening it.
    Unusable(PathBuf, io::Error),
    /// The folder held for a volume is the extract, lies inside it or holds it, when it
    /// is opened or before its bag is finished (a path changed, or the folder moved,
    /// after the command's checks).
    Overlap {
        /// The medium as given.
        medium: PathBuf,
        /// The extract as given.
        extract: PathBuf,
    },
    /// The medium's path no longer leads to the folder being written (changed while
    /// sealing); what was written there is removed.
    Changed(PathBuf),
    /// More media were needed and none was given.
    NeedMore(usize),
}

impl std::fmt::Display for VolumeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VolumeError::TooSmall { size, minimum } => f.write_str(&crate::tr!(
                "media-volume-too-small",
                size = size.to_string(),
                minimum = minimum.to_string()
            )),
            VolumeError::Unusable(p, why) => f.write_str(&crate::tr!(
                "media-volume-unusable",
                medium = p.display().to_string(),
                why = why.to_string()
            )),
            VolumeError::Overlap { medium, extract } => f.write_str(&crate::tr!(
                "media-volume-overlap",
                medium = crate::untrusted::sanitize(&medium.display().to_string()),
                extract = crate::untrusted::sanitize(&extract.display().to_string())
            )),
            VolumeError::Changed(p) => f.write_str(&crate::tr!(
                "media-volume-changed",
                medium = crate::untrusted::sanitize(&p.display().to_string())
            )),
            VolumeError::NeedMore(k) => f.write_str(&crate::tr!(
                "media-volume-need-more",
                volume = k.to_string()
            )),
        }
    }
}

impl std::error::Error for VolumeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            VolumeError::Unusable(_, e) => Some(e),
            _ => None,
        }
    }
}

pub(super) fn verr(e: VolumeError) -> io::Error {
    io::Error::other(e)
}

/// Reading a volume back found differences.
#[derive(Debug)]
pub struct ReadBackError(pub Vec<String>);

impl std::fmt::Display for ReadBackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::tr!(
            "media-seal-read-back",
            differences = self.0.join("; ")
        ))
    }
}

impl std::error::Error for ReadBackError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bag_count_parses() {
        assert_eq!(
            BagCount::parse("2 of 3"),
            Some(BagCount { k: 2, n: Some(3) })
        );
        assert_eq!(BagCount::parse("4 of ?"), Some(BagCount { k: 4, n: None }));
        assert_eq!(BagCount::parse("4 of 3"), None);
        assert_eq!(BagCount::parse("0 of 3"), None);
        assert_eq!(BagCount::parse("x"), None);
        // Counts are bounded before anything is sized by them.
        assert_eq!(
            BagCount::parse("1 of 1000"),
            Some(BagCount {
                k: 1,
                n: Some(1000)
            })
        );
        assert_eq!(BagCount::parse("1 of 1001"), None);
        assert_eq!(BagCount::parse("1 of 20000000"), None);
        assert_eq!(BagCount::parse("1 of 18446744073709551615"), None);
        assert_eq!(BagCount::parse("99999 of ?"), None);
        assert_eq!(BagCount::parse("+1 of 2"), None);
        assert_eq!(BagCount { k: 1, n: None }.to_string(), "1 of ?");
    }

    #[test]
    fn disc_capacities_keep_a_margin() {
        assert_eq!(MediumType::CdR.capacity(), Some(737_280_000));
        let u = MediumType::CdR.usable().unwrap();
        assert!(u < 737_280_000 && u > 720_000_000 && u % 2048 == 0);
        assert_eq!("DVD-R".parse(), Ok(MediumType::DvdR));
        assert!("floppy".parse::<MediumType>().is_err());
    }
}
