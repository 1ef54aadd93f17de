//! The clerk's mistakes with the medium and the extract (issue 15): an extract with no
//! file, the two paths given the wrong way round, a medium that overlaps the extract.
//! Checked before the medium is touched: sealing `0 files, 0 bytes` into the extract
//! folder beside the plaintext would verify VALID and ship nothing but the plaintext's
//! neighbourhood (CWE-200 by mistake, §2.2 本文).

use std::fs;
use std::path::{Path, PathBuf};

use super::{SealError, SYSTEM_ENTRIES};

/// How many directory entries a look into a folder reads at most: enough to tell
/// "holds a file" from "holds none" on any real extract or medium, bounded on hostile
/// trees (CWE-400).
const LOOK_LIMIT: usize = 100_000;

/// Extensions of files that look like plaintext extracts (registry exports are CSV,
/// TSV, text, spreadsheets, JSON or XML).
const PLAINTEXT_EXTENSIONS: &[&str] = &[
    "csv", "tsv", "txt", "xlsx", "xls", "xlsm", "ods", "json", "xml", "dat", "sav", "dta",
    "sas7bdat", "parquet", "sqlite", "db", "mdb", "accdb", "tab", "prn",
];

/// Whether `path` is, or (a folder) holds below it, at least one regular file; symbolic
/// links are not followed. `None` when `path` does not exist.
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
        let Ok(rd) = fs::read_dir(&dir) else { continue };
        for e in rd.flatten() {
            seen += 1;
            if seen > LOOK_LIMIT {
                // So many entries: not an empty extract.
                return Some(true);
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
        .filter(|e| !SYSTEM_ENTRIES.contains(&e.file_name().to_string_lossy().as_ref()))
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

/// Refuses a medium that is an input, lies inside one, or holds one, by canonical path
/// (whatever the class and `--allow-nonempty`): the bag would be written beside, or
/// into, the plaintext it protects (CWE-200), and a medium inside the extract would be
/// archived into its own bag.
pub fn check_overlap(inputs: &[PathBuf], media: &[PathBuf]) -> Result<(), SealError> {
    for m in media {
        let Some(cm) = canonical(m) else {
            continue;
        };
        for i in inputs {
            let Ok(ci) = fs::canonicalize(i) else {
                continue;
            };
            if ci.starts_with(&cm) || cm.starts_with(&ci) {
                return Err(SealError::Overlap {
                    medium: m.clone(),
                    extract: i.clone(),
                });
            }
        }
    }
    Ok(())
}

/// `path` canonical, or for a path not yet made (an `--iso` folder created later) its
/// nearest existing ancestor's canonical path with the rest joined on.
fn canonical(path: &Path) -> Option<PathBuf> {
    if let Ok(c) = fs::canonicalize(path) {
        return Some(c);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(canonical(parent)?.join(name))
}

/// Whether `medium` holds files that look like plaintext: by a known extension, or by
/// an extension some file of the extract has. Looked for in the medium's top level and
/// below, bounded like [`holds_a_file`].
pub fn holds_plaintext(medium: &Path, extract_extensions: &[String]) -> bool {
    let looks = |name: &str| {
        name.rsplit_once('.').is_some_and(|(_, ext)| {
            let ext = ext.to_ascii_lowercase();
            PLAINTEXT_EXTENSIONS.contains(&ext.as_str()) || extract_extensions.contains(&ext)
        })
    };
    let mut stack = vec![medium.to_path_buf()];
    let mut seen = 0usize;
    while let Some(dir) = stack.pop() {
        let Ok(rd) = fs::read_dir(&dir) else { continue };
        for e in rd.flatten() {
            seen += 1;
            if seen > LOOK_LIMIT {
                // Too much to look through: taken as plaintext (the safe answer).
                return true;
            }
            let Ok(t) = e.file_type() else { continue };
            let name = e.file_name().to_string_lossy().into_owned();
            if t.is_dir() {
                if !SYSTEM_ENTRIES.contains(&name.as_str()) {
                    stack.push(e.path());
                }
            } else if looks(&name) {
                return true;
            }
        }
    }
    false
}

/// The lower-case extensions of the extract's files, each once.
pub fn extensions(entries: &[crate::pipeline::InputEntry]) -> Vec<String> {
    let mut v: Vec<String> = entries
        .iter()
        .filter(|e| !e.is_dir)
        .filter_map(|e| e.name.rsplit_once('.').map(|(_, x)| x.to_ascii_lowercase()))
        .filter(|x| !x.is_empty() && !x.contains('/'))
        .collect();
    v.sort();
    v.dedup();
    v
}
