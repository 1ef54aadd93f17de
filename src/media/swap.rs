//! The clerk's mistakes with the medium and the extract: an extract with no
//! file, the two paths given the wrong way round, a medium that overlaps the extract.
//! Checked before the medium is touched: sealing `0 files, 0 bytes` into the extract
//! folder beside the plaintext would verify VALID and ship nothing but the plaintext's
//! neighbourhood (CWE-200 by mistake, §2.2 本文).

use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use super::seal::SYSTEM_ENTRIES;
use super::SealError;

/// How many directory entries a look into a folder reads at most: enough to tell
/// "holds a file" from "holds none" on any real extract or medium, bounded on hostile
/// trees (CWE-400).
const LOOK_LIMIT: usize = 100_000;

/// Extensions of files that look like plaintext extracts (registry exports are CSV,
/// TSV, text, spreadsheets, JSON or XML), of documents that can hold their tables, and
/// of archives and backups that can hold either (red team 15, finding 06: `p.csv.gz`,
/// `p.7z`, `p.bak` were offered `--allow-nonempty`).
const PLAINTEXT_EXTENSIONS: &[&str] = &[
    "csv", "tsv", "txt", "xlsx", "xls", "xlsm", "ods", "json", "xml", "dat", "sav", "dta",
    "sas7bdat", "parquet", "sqlite", "db", "mdb", "accdb", "tab", "prn", "doc", "docx", "odt",
    "rtf", "pdf", "html", "htm", "md", "log", "sql", "dump", "bak", "old", "orig", "tmp", "gz",
    "tgz", "zip", "7z", "xz", "bz2", "zst", "lzh", "lha", "rar", "tar", "cab", "iso", "img", "vhd",
    "vhdx", "vmdk", "dmg", "qcow2",
];

/// Leading bytes (at an offset) of the only files `--allow-nonempty` keeps beside a
/// bag: pictures, sound, video and programs, which cannot hold a table as they are.
/// Everything else — text in any encoding (UTF-16 too), archives, documents, disc
/// images, unknown binary data — may hold the extract and is taken as plaintext (issue
/// 15 review: an allow-list, since a list of data formats is never complete).
const NOT_DATA_MAGIC: &[(usize, &[u8])] = &[
    (0, b"\xff\xd8\xff"),      // JPEG
    (0, b"\x89PNG\r\n\x1a\n"), // PNG
    (0, b"GIF87a"),            // GIF
    (0, b"GIF89a"),            // GIF
    (0, b"II*\x00"),           // TIFF (little-endian)
    (0, b"MM\x00*"),           // TIFF (big-endian)
    (4, b"ftyp"),              // MP4, MOV, HEIC
    (0, b"ID3"),               // MP3
    (0, b"\x7fELF"),           // a Linux program
    (0, b"MZ"),                // a Windows program
];

/// How much of a file is looked at to tell text and containers from other data.
const SNIFF: usize = 4096;

/// Names an operating system writes into a folder or onto a medium by itself (Windows,
/// macOS, Linux file systems): never the user's data, so an extract of only these is
/// empty (red team 15, finding 05: a freshly formatted stick given as the extract was
/// sealed as "2 files, 0 bytes").
pub fn is_os_metadata(name: &str) -> bool {
    SYSTEM_ENTRIES.contains(&name)
        || matches!(
            name,
            ".DS_Store"
                | "Thumbs.db"
                | "ehthumbs.db"
                | "desktop.ini"
                | "Desktop.ini"
                | "$RECYCLE.BIN"
                | ".TemporaryItems"
                | ".DocumentRevisions-V100"
                | ".apdisk"
                | ".VolumeIcon.icns"
        )
        || name.starts_with("._")
}

/// A trash folder (macOS, Windows, Linux desktops): what was deleted from a medium
/// stays on it there (issue 15 review: a stick whose only content was a trashed copy
/// of the extract counted as empty).
pub fn is_trash(name: &str) -> bool {
    matches!(name, ".Trashes" | "$RECYCLE.BIN" | "RECYCLER") || name.starts_with(".Trash-")
}

/// Whether the trash folder `name` on `medium` holds a file.
pub fn trash_holds_files(medium: &Path, name: &str) -> bool {
    if !is_trash(name) {
        return false;
    }
    let mut stack = vec![medium.join(name)];
    let mut seen = 0usize;
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            seen += 1;
            let Ok(t) = e.file_type() else { continue };
            if t.is_file() || seen > LOOK_LIMIT {
                return true;
            }
            if t.is_dir() {
                stack.push(e.path());
            }
        }
    }
    false
}

/// Whether `path` is, or (a folder) holds below it, at least one regular file that is
/// not the operating system's own ([`is_os_metadata`]); symbolic links are not
/// followed. `None` when `path` does not exist.
fn holds_a_file(path: &Path) -> Option<bool> {
    let meta = fs::symlink_metadata(path).ok()?;
    if meta.is_file() {
        return Some(true);
    }
    if !meta.is_dir() {
        return Some(false);
    }
    let mut stack = vec![path.to_path_buf()];
    let mut seen = 0usize;
    while let Some(dir) = stack.pop() {
        // A folder it cannot read (too deep a path, no permission): not known to be
        // empty, left to the listing, which names the cause (red team 17 finding 104:
        // a refused deep path was reported as "holds no file to seal").
        let Ok(rd) = fs::read_dir(&dir) else {
            return None;
        };
        for e in rd.flatten() {
            seen += 1;
            if seen > LOOK_LIMIT {
                // So many entries: not an empty extract.
                return Some(true);
            }
            if is_os_metadata(&e.file_name().to_string_lossy()) {
                continue;
            }
            let Ok(t) = e.file_type() else { continue };
            if t.is_file() {
                return Some(true);
            }
            if t.is_dir() {
                stack.push(e.path());
            }
        }
    }
    Some(false)
}

/// Whether `medium` holds a regular file outside the system entries a fresh medium
/// may have.
fn medium_holds_files(medium: &Path) -> bool {
    let Ok(rd) = fs::read_dir(medium) else {
        return false;
    };
    rd.flatten()
        .filter(|e| !is_os_metadata(&e.file_name().to_string_lossy()))
        .any(|e| holds_a_file(&e.path()) == Some(true))
}

/// Checks the extract before anything is touched: refused when no input holds a
/// regular file ([`SealError::EmptyExtract`]), or, when a medium holds files while the
/// extract is empty or missing, named as swapped ([`SealError::Swapped`]). A missing
/// input with a medium that holds nothing is left to the listing's own error.
pub fn check_extract(inputs: &[PathBuf], media: &[PathBuf]) -> Result<(), SealError> {
    let looks: Vec<Option<bool>> = inputs.iter().map(|i| holds_a_file(i)).collect();
    if looks.contains(&Some(true)) {
        return Ok(());
    }
    if let Some(m) = media.iter().find(|m| medium_holds_files(m)) {
        return Err(SealError::Swapped {
            medium: m.clone(),
            extract: inputs.first().cloned().unwrap_or_default(),
        });
    }
    if looks.iter().all(Option::is_some) {
        return Err(SealError::EmptyExtract(inputs.to_vec()));
    }
    Ok(())
}

/// A file or folder as the kernel knows it: device and inode. Two names for one
/// folder — a bind mount, a file system mounted twice, a symbolic or hard link — have
/// one identity, which a comparison of path strings misses (red team 15, finding 01).
type Identity = (u64, u64);

fn identity(path: &Path) -> Option<Identity> {
    crate::platform::path_id(path)
}

/// The identities of `path` (as [`resolve`]d) and of every existing folder above it.
fn chain(path: &Path) -> Vec<Identity> {
    resolve(path)
        .map(|r| r.ancestors().filter_map(identity).collect())
        .unwrap_or_default()
}

/// Refuses a medium that is an input, lies inside one, or holds one, whatever the
/// class and `--allow-nonempty`: the bag would be written beside, or into, the
/// plaintext it protects (CWE-200), and a medium inside the extract would be archived
/// into its own bag. Compared by device and inode up the whole chain of folders, so a
/// bind mount, a second mount of the same stick or a link is the same folder (red team
/// 15, finding 01); a medium not made yet (`--iso` folder) is resolved as the kernel
/// will resolve it once its folders are made (finding 03).
pub fn check_overlap(inputs: &[PathBuf], media: &[PathBuf]) -> Result<(), SealError> {
    for m in media {
        let m_chain = chain(m);
        // The medium itself, when it exists (else only its ancestors are known).
        let m_self = resolve(m).and_then(|r| identity(&r));
        for i in inputs {
            let i_chain = chain(i);
            let Some(i_self) = i_chain.first().copied().filter(|_| fs::metadata(i).is_ok()) else {
                continue;
            };
            let medium_in_input = m_chain.contains(&i_self);
            let input_in_medium = m_self.is_some_and(|ms| i_chain.contains(&ms));
            if medium_in_input || input_in_medium {
                return Err(SealError::Overlap {
                    medium: m.clone(),
                    extract: i.clone(),
                });
            }
        }
    }
    Ok(())
}

/// `path` canonical; for a path not yet made (an `--iso` folder created later) the
/// path the kernel will reach once `create_dir_all` has made the missing folders: the
/// existing part canonical, the rest taken one component at a time, where `..` after
/// a folder still to be made goes back to its parent (red team 15, finding 03:
/// `nonexist/../ext/discs` is `ext/discs`, not a path to skip).
fn resolve(path: &Path) -> Option<PathBuf> {
    if let Ok(c) = fs::canonicalize(path) {
        return Some(c);
    }
    let mut cur = if path.is_absolute() {
        PathBuf::from("/")
    } else {
        std::env::current_dir().ok()?
    };
    let mut exists = true;
    for comp in path.components() {
        match comp {
            Component::RootDir | Component::Prefix(_) => {
                cur = PathBuf::from("/");
                exists = true;
            }
            Component::CurDir => {}
            Component::ParentDir if exists => cur = fs::canonicalize(cur.join("..")).ok()?,
            Component::ParentDir => {
                cur.pop();
                exists = fs::symlink_metadata(&cur).is_ok();
            }
            Component::Normal(n) if exists => {
                let next = cur.join(n);
                match fs::canonicalize(&next) {
                    Ok(c) => cur = c,
                    Err(_) => {
                        cur = next;
                        exists = false;
                    }
                }
            }
            Component::Normal(n) => cur.push(n),
        }
    }
    Some(cur)
}

/// What the extract's files look like, to recognise them, or files like them, on a
/// medium: their extensions, their names and their identities (a hard link on the
/// medium is the extract's own file: red team 15, finding 02).
#[derive(Debug, Clone, Default)]
pub struct ExtractLook {
    extensions: Vec<String>,
    names: HashSet<String>,
    files: HashSet<Identity>,
}

impl ExtractLook {
    /// How the listed extract looks.
    pub fn of(entries: &[crate::pipeline::InputEntry]) -> ExtractLook {
        let files: Vec<_> = entries.iter().filter(|e| !e.is_dir).collect();
        let mut extensions: Vec<String> = files
            .iter()
            .filter_map(|e| e.name.rsplit_once('.').map(|(_, x)| x.to_ascii_lowercase()))
            .filter(|x| !x.is_empty() && !x.contains('/'))
            .collect();
        extensions.sort();
        extensions.dedup();
        let names = files
            .iter()
            .map(|e| base_name(&e.name).to_lowercase())
            .collect();
        let files = files.iter().map(|e| e.identity()).collect();
        ExtractLook {
            extensions,
            names,
            files,
        }
    }
}

fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Whether one file on a medium looks like plaintext: the extract's own file (same
/// device and inode), a file of the same name or extension as one of the extract's, a
/// known data, document, archive, image or backup extension (also before a `~`, `.1`
/// or similar suffix), or any file whose first bytes are not those of a picture, sound,
/// video or program ([`NOT_DATA_MAGIC`]). Only those may sit beside a bag of data
/// declared anonymized; when in doubt, it is plaintext.
fn looks_like_plaintext(path: &Path, meta: &fs::Metadata, look: &ExtractLook) -> bool {
    if crate::platform::meta_id(meta)
        .or_else(|| crate::platform::path_id(path))
        .is_some_and(|id| look.files.contains(&id))
    {
        return true;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if look.names.contains(&name) {
        return true;
    }
    let known =
        |ext: &str| PLAINTEXT_EXTENSIONS.contains(&ext) || look.extensions.iter().any(|x| x == ext);
    // Every dotted part counts, so `p.csv.gz`, `p.csv~` and `p.csv.1` are seen as CSV.
    if name
        .split('.')
        .skip(1)
        .any(|part| known(part.trim_end_matches('~')))
    {
        return true;
    }
    sniff(path).is_none_or(|head| {
        !NOT_DATA_MAGIC
            .iter()
            .any(|(at, m)| head.get(*at..).is_some_and(|h| h.starts_with(m)))
    })
}

/// The first [`SNIFF`] bytes of a regular file, opened without following a link and
/// without blocking; `None` when it cannot be read (then taken as plaintext).
fn sniff(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut o = fs::OpenOptions::new();
    o.read(true);
    crate::platform::no_block(&mut o, false);
    let f = o.open(path).ok()?;
    if !f.metadata().ok()?.is_file() {
        return None;
    }
    let mut head = Vec::with_capacity(SNIFF);
    f.take(SNIFF as u64).read_to_end(&mut head).ok()?;
    Some(head)
}

/// The first file on `medium` that looks like plaintext (`looks_like_plaintext`),
/// looked for in its top level and below, bounded like `holds_a_file`; the
/// operating system's own entries are skipped. Too much to look through counts as
/// plaintext (the safe answer).
pub fn plaintext_on(medium: &Path, look: &ExtractLook) -> Option<PathBuf> {
    let mut stack = vec![medium.to_path_buf()];
    let mut seen = 0usize;
    while let Some(dir) = stack.pop() {
        // A folder it cannot read (too deep a path, no permission): not known to be
        // empty, left to the listing, which names the cause (red team 17 finding 104:
        // a refused deep path was reported as "holds no file to seal").
        let Ok(rd) = fs::read_dir(&dir) else {
            return None;
        };
        for e in rd.flatten() {
            seen += 1;
            if seen > LOOK_LIMIT {
                return Some(dir);
            }
            let name = e.file_name().to_string_lossy().into_owned();
            // A trash folder holds what was deleted, the extract perhaps: looked into.
            if is_os_metadata(&name) && !is_trash(&name) {
                continue;
            }
            let Ok(meta) = fs::symlink_metadata(e.path()) else {
                continue;
            };
            if meta.is_dir() {
                stack.push(e.path());
            } else if meta.is_file() && looks_like_plaintext(&e.path(), &meta, look) {
                return Some(e.path());
            }
        }
    }
    None
}
