//! Why sealing failed, and what the user can do about it.

use std::io;
use std::path::PathBuf;

use crate::bag;
use crate::media::volume::VolumeError;
use crate::pipeline;

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
