//! The entries an operating system leaves at a medium's root (`$RECYCLE.BIN`,
//! `System Volume Information`, `.fseventsd` …), and what each may hold to be passed
//! over as the system's own.

use std::io::Read as _;

use crate::bag::source::{Entry, Kind};
use crate::bag::validate::both;
use crate::bag::{self, BagSource};

/// Names an operating system creates on a medium as it formats or first mounts it:
/// a fresh medium may already hold them, so seal takes a medium holding only these
/// (and trash folders holding no files) as empty. One list for seal and verify.
pub(crate) const FRESH_MEDIUM: &[&str] = &[
    "lost+found",
    "System Volume Information",
    ".Spotlight-V100",
    ".fseventsd",
    ".Trashes",
];

/// Whether `name` is one an operating system creates on a medium it mounts (not the
/// sender's, not covered by the signature): verify reports it but does not count it
/// against the medium. The [`FRESH_MEDIUM`] names and those a system writes later, as
/// files are browsed or deleted (`.DS_Store`, `$RECYCLE.BIN`): seal does not take a
/// medium holding those for empty, as a user's browsing or deleting made them.
pub(super) fn is_os_entry(name: &str) -> bool {
    FRESH_MEDIUM.contains(&name) || matches!(name, ".DS_Store" | "$RECYCLE.BIN")
}

/// Extensions of programs and of files that make a system run or fetch something.
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
/// How programs begin: MZ (Windows), ELF, `#!`, Mach-O (both byte orders, fat).
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
pub(super) fn os_entry_problem(medium: &dyn BagSource, name: &str) -> Option<bag::Text> {
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
            let allowed = allowed_in(name, &e);
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
                    if lower == "desktop.ini" && !desktop_ini_is_plain(medium, &path) {
                        return Some(both::tr!("media-os-entry-unknown", path = shown(&path)));
                    }
                }
            }
        }
    }
    None
}

/// Whether `e`, found in the system folder `name` (at any depth), is what that system
/// writes there — by the folder's name.
fn allowed_in(name: &str, e: &Entry) -> bool {
    let lower = e.name.to_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, x)| x).unwrap_or("");
    match (name, e.kind) {
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
    }
}

/// Whether the `desktop.ini` at `path` can be read, is at most 4 KiB, and names no
/// network path (`\\server`).
fn desktop_ini_is_plain(medium: &dyn BagSource, path: &str) -> bool {
    let mut t = Vec::new();
    let ok = medium
        .open(path)
        .and_then(|f| f.take(4097).read_to_end(&mut t))
        .is_ok();
    !(!ok || t.len() > 4096 || t.windows(2).any(|w| w == b"\\\\"))
}
