//! Paths on Windows: a path from the command line made unambiguous or refused, and
//! paths as bytes.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// A path from the command line, made unambiguous or refused (message in the language
/// of the run):
/// - `E:` alone is the drive's root `E:\` (what a clerk types for a USB stick; Windows
///   would take it as the current folder of drive E:, which cmd.exe keeps per drive);
/// - drive-relative paths (`E:foo`, and `\foo` relative to the current drive) are
///   refused: which folder they name depends on state the clerk cannot see;
/// - device paths (`\\?\…`, `\\.\…`) are refused: they bypass the normalisation the
///   checks rely on, and `\\.\E:` is the raw volume, not a folder;
/// - UNC paths (`\\server\share\…`) are refused: the manual (§1.3⑦) keeps identifiable
///   data on stand-alone PCs and moves it on media, and over SMB neither the flush nor
///   the held-folder checks are guaranteed.
///
/// Relative paths below the current folder (`extract`, `.\extract`) and absolute
/// ones (`C:\data`) pass unchanged; names are UTF-16 through std (Japanese included).
pub fn check_path(p: &Path) -> Result<PathBuf, String> {
    use std::path::{Component, Prefix};
    let shown = p.display().to_string();
    // A name Win32 would change or read as a stream or device (`out.`, `key:ads`,
    // `NUL`): the file written would not be the one isou names (red team 20, finding 6).
    for c in p.components() {
        if let Component::Normal(n) = c {
            if n.to_str()
                .and_then(crate::platform::windows_name_problem)
                .is_some()
            {
                return Err(crate::tr!(
                    "cli-path-windows-name",
                    path = shown.clone(),
                    name = n.to_string_lossy().into_owned()
                ));
            }
        }
    }
    let mut parts = p.components();
    match parts.next() {
        Some(Component::Prefix(pre)) => match pre.kind() {
            Prefix::Disk(d) => {
                let drive = format!("{}:", d as char);
                // `E:.` is drive E:'s current folder, not its root (std drops the
                // `.`, red team 20 finding 7): only `E:` alone or `E:\…` pass.
                let rest = shown.get(2..).unwrap_or("");
                if !rest.is_empty() && !rest.starts_with(['\\', '/']) {
                    return Err(crate::tr!(
                        "cli-path-drive-relative",
                        path = shown,
                        drive = drive
                    ));
                }
                match parts.next() {
                    Some(Component::RootDir) => Ok(p.to_path_buf()),
                    None => Ok(PathBuf::from(format!("{drive}\\"))),
                    Some(_) => Err(crate::tr!(
                        "cli-path-drive-relative",
                        path = shown,
                        drive = drive
                    )),
                }
            }
            Prefix::UNC(..) | Prefix::VerbatimUNC(..) => {
                Err(crate::tr!("cli-path-unc", path = shown))
            }
            _ => Err(crate::tr!("cli-path-device", path = shown)),
        },
        Some(Component::RootDir) => Err(crate::tr!(
            "cli-path-drive-relative",
            path = shown,
            drive = std::env::current_dir()
                .ok()
                .and_then(|d| d.to_str().map(|s| s.chars().take(2).collect::<String>()))
                .unwrap_or_else(|| "C:".into())
        )),
        _ => Ok(p.to_path_buf()),
    }
}

// ---- paths as bytes ----------------------------------------------------------------------

/// A path as UTF-8 bytes with `/` separators (for a `file:` URI).
pub fn path_bytes(p: &Path) -> Vec<u8> {
    p.to_string_lossy().replace('\\', "/").into_bytes()
}

/// A file name from bytes: UTF-8 only on Windows.
pub fn os_string_from_bytes(b: Vec<u8>) -> Option<OsString> {
    String::from_utf8(b).ok().map(OsString::from)
}
