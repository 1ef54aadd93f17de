//! The rule every archive entry name meets: a safe relative path, within the system's
//! limits, and a key two names must not share.

use std::path::{Component, Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

/// The longest file or folder name an entry may have, in bytes: NAME_MAX of Linux and
/// of the file systems an output folder lives on (ext4, XFS, Btrfs, NTFS, exFAT).
const MAX_NAME_BYTES: usize = 255;

/// The longest relative path an entry may have, in bytes. The system limits a whole
/// path to PATH_MAX, 4096 bytes on Linux (with the terminating NUL), and `open` writes
/// each entry below its output folder and a staging folder
/// (`/proc/self/fd/N/.OUT.isou-staging-PID-…/`, with OUT up to NAME_MAX): a budget of
/// 1024 bytes leaves room for both, so a name `seal` accepts is one `open` can write
/// (red team 17 finding 104: a limit of 4096 *characters* let a Japanese path of 5,100
/// bytes through, and the recipient's open failed as a disk error).
pub(crate) const MAX_PATH_BYTES: usize = 1024;

/// Why an entry name is refused: the text, and whether the cause is its length.
#[derive(Debug)]
pub(crate) struct NameRefused {
    /// Why, as `open` says it.
    pub why: String,
    /// The path is longer than [`MAX_PATH_BYTES`].
    pub too_long: bool,
}

impl From<String> for NameRefused {
    fn from(why: String) -> Self {
        NameRefused {
            why,
            too_long: false,
        }
    }
}

/// A safe relative path for an archive entry, or why not.
pub(super) fn safe_entry_path(raw: &Path) -> Result<PathBuf, NameRefused> {
    let s = raw
        .to_str()
        .ok_or_else(|| crate::tr!("open-entry-not-utf8"))?;
    if s.contains('\\') || s.contains('\0') || s.get(1..2) == Some(":") {
        return Err(crate::tr!("open-entry-windows").into());
    }
    let mut out = PathBuf::new();
    for c in raw.components() {
        match c {
            // A name no file system takes (NAME_MAX, 255 bytes on Linux and in every
            // common one): the archive's fault, refused before extraction, not a disk
            // error while writing (red team 17 finding 04).
            Component::Normal(n) if n.len() > MAX_NAME_BYTES => {
                return Err(crate::tr!(
                    "open-entry-component-too-long",
                    most = MAX_NAME_BYTES.to_string()
                )
                .into())
            }
            Component::Normal(n) => {
                // A name Windows reads as a drive, a stream or a device: refused
                // everywhere, since the medium may be opened on Windows.
                if let Some(why) = n.to_str().and_then(crate::platform::windows_name_problem) {
                    let why = match why {
                        "colon" => crate::tr!("open-entry-windows-colon"),
                        "device" => crate::tr!("open-entry-windows-device"),
                        "trailing" => crate::tr!("open-entry-windows-trailing"),
                        _ => crate::tr!("open-entry-windows-character"),
                    };
                    return Err(crate::tr!(
                        "open-entry-windows-name",
                        name = crate::untrusted::sanitize(&n.to_string_lossy()),
                        why = why
                    )
                    .into());
                }
                out.push(n)
            }
            Component::CurDir => {}
            Component::ParentDir => return Err(crate::tr!("open-entry-parent").into()),
            Component::RootDir | Component::Prefix(_) => {
                return Err(crate::tr!("bag-path-absolute").into())
            }
        }
    }
    if out.as_os_str().is_empty() {
        return Err(crate::tr!("open-entry-empty").into());
    }
    if s.len() > MAX_PATH_BYTES {
        return Err(NameRefused {
            why: crate::tr!(
                "open-entry-too-long",
                bytes = s.len().to_string(),
                most = MAX_PATH_BYTES.to_string()
            ),
            too_long: true,
        });
    }
    Ok(out)
}

/// The key under which two names would collide on a normalising or case-insensitive
/// file system.
fn collision_key(p: &Path) -> String {
    // Lower case after NTFS's one-to-one upper-casing too: NTFS's table maps `ı`
    // (U+0131) and `ſ` (U+017F) to `I` and `S`, so `ı.csv` and `i.csv` are one file on
    // Windows (red team 18, fourth pass, finding 6); `ß`, whose upper case is two
    // letters, stays itself, as on NTFS.
    p.to_string_lossy()
        .nfc()
        .map(|c| {
            let mut up = c.to_uppercase();
            match (up.next(), up.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        })
        .collect::<String>()
        .to_lowercase()
}

/// The rule every archive entry name meets, at `open` and (so a genuine medium is never
/// refused as hostile, red team 17 finding 11) at `seal` before anything is written:
/// the safe relative path it extracts to and the key two names must not share
/// (equal after Unicode NFC normalisation and case folding), or why it is refused.
pub(crate) fn entry_name_rule(raw: &Path) -> Result<(PathBuf, String), NameRefused> {
    let rel = safe_entry_path(raw)?;
    let key = collision_key(&rel);
    Ok((rel, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_paths() {
        for bad in [
            "../x",
            "/etc/passwd",
            "a/../../b",
            "C:\\x",
            "c:/x",
            "a\\b",
            "",
        ] {
            assert!(safe_entry_path(Path::new(bad)).is_err(), "{bad}");
        }
        let long = format!("ext/{}.csv", "a".repeat(300));
        assert!(safe_entry_path(Path::new(&long)).is_err());
        let fits = format!("ext/{}.csv", "あ".repeat(83));
        assert!(safe_entry_path(Path::new(&fits)).is_ok());
        let over = format!("ext/{}.csv", "あ".repeat(84));
        assert!(safe_entry_path(Path::new(&over)).is_err());
        // The whole path in bytes (PATH_MAX must hold the output folder too): 1024
        // bytes pass, 1025 do not; a Japanese character counts 3 (finding 104).
        let dirs = vec!["d".repeat(200); 4].join("/");
        let at = format!("{dirs}/{}", "f".repeat(MAX_PATH_BYTES - 804));
        assert!(safe_entry_path(Path::new(&at)).is_ok());
        let deep = format!("{dirs}/{}", "f".repeat(MAX_PATH_BYTES - 803));
        assert!(safe_entry_path(Path::new(&deep)).unwrap_err().too_long);
        let ja = vec!["あ".repeat(80); 5].join("/");
        assert!(safe_entry_path(Path::new(&ja)).unwrap_err().too_long);
        assert_eq!(
            safe_entry_path(Path::new("./a/b.csv")).unwrap(),
            PathBuf::from("a/b.csv")
        );
        assert_eq!(
            collision_key(Path::new("Cafe\u{301}.csv")),
            collision_key(Path::new("CAFÉ.CSV"))
        );
    }
}
