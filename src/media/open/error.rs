//! Why opening failed, and what the user can do about it.

use std::io;
use std::path::PathBuf;

use crate::error::DecryptError;
use crate::media::authentic::TrustError;

/// Why opening failed. The output folder does not exist afterwards.
#[derive(Debug)]
pub enum OpenError {
    /// The output folder already exists and is not empty (or is not a folder).
    OutputExists(PathBuf),
    /// The folder `--out` would be made in does not exist (or is not a folder): isou
    /// makes only the output folder itself, never the folders above it (issue 15).
    OutputParentMissing {
        /// The output folder asked for.
        out: PathBuf,
        /// The nearest folder on its way that is missing (or not a folder).
        missing: PathBuf,
        /// Whether `missing` exists but is not a folder.
        not_a_folder: bool,
    },
    /// An existing empty output folder that others could change or that is not the
    /// user's: its owner, or a group or other user who may write to it, could swap or
    /// read what is extracted (CWE-732, CWE-367).
    OutputUnsafe {
        /// The folder.
        out: PathBuf,
        /// Why it is refused.
        why: String,
    },
    /// The output folder is on the medium itself.
    OutputOnMedium(PathBuf),
    /// The medium is not an isou medium, or is damaged (manifest, segments).
    Medium {
        /// What is wrong, in the reader's language.
        why: String,
        /// The error it came from, if one did.
        source: crate::error::Cause,
    },
    /// A volume's tag files could not be authenticated: no signature, a signature by
    /// another key, a tag file altered (nothing was decrypted).
    NotAuthentic {
        /// The volume (as given).
        medium: String,
        /// Why.
        error: TrustError,
    },
    /// A volume carries files outside its signed bag (a program, a segment, a manifest
    /// nobody signed): they are not the sender's, so the volume is not opened.
    Foreign {
        /// The volume (as given).
        medium: String,
        /// The files (sanitised, at most 100).
        files: Vec<String>,
    },
    /// A disc image that is more than the bag isou checks: a UDF bridge, a boot record,
    /// an HFS volume, Rock Ridge links or names, data past the volume. Another computer
    /// would show or run what was not checked, so the image is refused as verify
    /// refuses it on an isou medium (red team 19, finding 1: open once read the
    /// Joliet tree and decrypted such an image verify called INVALID).
    OtherStructures {
        /// The volume (as given).
        medium: String,
        /// What was found, in the reader's language (from the catalogue, nothing
        /// read from the image unsanitised).
        what: Vec<String>,
    },
    /// The archive inside the payload is corrupt or hostile (bad tar headers, corrupt
    /// zstd, a header beyond isou's bounds): the medium's fault, not the output disk's.
    Archive(String),
    /// Decryption refused the payload (wrong key, tampered, truncated…).
    Decrypt(DecryptError),
    /// The identity or passphrase could not be obtained.
    Key(crate::error::KeyError),
    /// The archive holds an entry isou refuses to extract.
    UnsafeEntry {
        /// The entry's name (sanitised).
        name: String,
        /// Why.
        why: String,
    },
    /// The extracted files do not match `ISOU-CONTENTS.json`.
    ContentsMismatch(Vec<String>),
    /// A volume of the set was not given (nothing was extracted).
    MissingVolume(String),
    /// The medium could not be read (an unreadable sector, a medium removed); nothing
    /// was extracted, and reading again may work.
    Unreadable {
        /// What could not be read, in the reader's language.
        why: String,
        /// The error it came from (the system's, as a rule).
        source: crate::error::Cause,
    },
    /// Writing the output failed.
    Io(io::Error),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            OpenError::OutputExists(p) => {
                crate::tr!("open-output-exists", out = p.display().to_string())
            }
            OpenError::OutputParentMissing {
                out,
                missing,
                not_a_folder,
            } => {
                let (out, missing) = (out.display().to_string(), missing.display().to_string());
                if *not_a_folder {
                    crate::tr!(
                        "open-output-parent-not-folder",
                        out = out,
                        missing = missing
                    )
                } else {
                    crate::tr!("open-output-parent-missing", out = out, missing = missing)
                }
            }
            OpenError::OutputUnsafe { out, why } => crate::tr!(
                "open-output-unsafe",
                out = out.display().to_string(),
                why = why.as_str()
            ),
            OpenError::OutputOnMedium(p) => {
                crate::tr!("open-output-on-medium", out = p.display().to_string())
            }
            OpenError::Medium { why, .. } => crate::tr!("open-medium", why = why.as_str()),
            OpenError::NotAuthentic { medium, error } => crate::tr!(
                "open-not-authentic",
                medium = medium.as_str(),
                error = error.to_string()
            ),
            OpenError::Foreign { medium, files } => crate::tr!(
                "open-foreign",
                medium = medium.as_str(),
                files = files.join(", ")
            ),
            OpenError::OtherStructures { medium, what } => crate::tr!(
                "open-other-structures",
                medium = medium.as_str(),
                what = what.join("; ")
            ),
            OpenError::Archive(why) => crate::tr!("open-archive", why = why.as_str()),
            OpenError::Decrypt(e) => return e.fmt(f),
            OpenError::Key(e) => return e.fmt(f),
            OpenError::UnsafeEntry { name, why } => crate::tr!(
                "open-unsafe-entry",
                name = format!("{name:?}"),
                why = why.as_str()
            ),
            OpenError::MissingVolume(m) => m.clone(),
            OpenError::ContentsMismatch(p) => {
                crate::tr!("open-contents-mismatch", problems = p.join("; "))
            }
            OpenError::Unreadable { why, .. } => {
                crate::tr!("open-unreadable", why = why.as_str())
            }
            OpenError::Io(e) => crate::tr!("open-io", error = e.to_string()),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for OpenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OpenError::NotAuthentic { error, .. } => Some(error),
            OpenError::Decrypt(e) => Some(e),
            OpenError::Key(e) => Some(e),
            OpenError::Io(e) => Some(e),
            OpenError::Medium { source, .. } | OpenError::Unreadable { source, .. } => {
                source.as_deref().map(|e| e as _)
            }
            _ => None,
        }
    }
}

impl OpenError {
    /// The class of a refusal to open (the command line's exit code class): the data
    /// refused, no usable key, or what was given (the output folder, a volume)
    /// unusable.
    pub fn category(&self) -> crate::error::Category {
        use crate::error::Category;
        match self {
            OpenError::Decrypt(d) => d.category(),
            OpenError::Key(k) => k.category(),
            OpenError::Medium { .. }
            | OpenError::NotAuthentic { .. }
            | OpenError::Foreign { .. }
            | OpenError::OtherStructures { .. }
            | OpenError::Archive(_)
            | OpenError::UnsafeEntry { .. }
            | OpenError::ContentsMismatch(_) => Category::Rejected,
            OpenError::OutputExists(_)
            | OpenError::OutputParentMissing { .. }
            | OpenError::OutputUnsafe { .. }
            | OpenError::OutputOnMedium(_)
            | OpenError::MissingVolume(_)
            | OpenError::Unreadable { .. }
            | OpenError::Io(_) => Category::Usage,
        }
    }

    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            OpenError::OutputExists(_) => crate::tr!("open-output-exists-hint"),
            OpenError::OutputParentMissing {
                missing,
                not_a_folder: false,
                ..
            } => crate::tr!(
                "open-output-parent-missing-hint",
                missing = missing.display().to_string()
            ),
            OpenError::OutputParentMissing { missing, .. } => crate::tr!(
                "open-output-parent-not-folder-hint",
                missing = missing.display().to_string()
            ),
            OpenError::OutputUnsafe { .. } => crate::tr!("open-output-unsafe-hint"),
            OpenError::OutputOnMedium(_) => crate::tr!("open-output-on-medium-hint"),
            OpenError::Medium { .. } => crate::tr!("open-medium-hint"),
            OpenError::NotAuthentic { error, .. } => {
                crate::tr!("open-not-authentic-hint", hint = error.hint())
            }
            OpenError::Foreign { .. } => crate::tr!("open-foreign-hint"),
            OpenError::OtherStructures { .. } => crate::tr!("open-other-structures-hint"),
            OpenError::Archive(_) => crate::tr!("open-bad-medium-hint"),
            // The payload's bytes are the ones the sender signed (each segment's hash
            // was checked before decrypting): an age file that is malformed, altered
            // or asks for absurd work is the medium's fault, so the hint is the
            // medium's, not "ask for a new copy of the file" (red team 19, finding 2).
            OpenError::Decrypt(e) if e.category() == crate::error::Category::Rejected => {
                crate::tr!("open-bad-medium-hint")
            }
            OpenError::Decrypt(e) => return e.hint(),
            OpenError::Key(e) => return e.hint(),
            OpenError::MissingVolume(_) => crate::tr!("open-missing-volume-hint"),
            OpenError::UnsafeEntry { .. } | OpenError::ContentsMismatch(_) => {
                crate::tr!("open-bad-medium-hint")
            }
            OpenError::Io(e) if crate::platform::is_no_space(e) => {
                crate::tr!("open-io-full-hint")
            }
            OpenError::Unreadable { .. } => crate::tr!("open-unreadable-hint"),
            OpenError::Io(_) => crate::tr!("open-io-hint"),
        })
    }
}

/// The medium refused for `why` (no error behind it).
pub(super) fn medium_err(why: impl Into<String>) -> OpenError {
    OpenError::Medium {
        why: why.into(),
        source: None,
    }
}

/// The medium refused for `why`, which `source` caused.
pub(super) fn medium_from(
    why: impl Into<String>,
    source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> OpenError {
    OpenError::Medium {
        why: why.into(),
        source: crate::error::cause(source),
    }
}
