//! Writing a bag's tag files, crash-safely.
//!
//! The payload (segments under `data/`) is written first by the caller, hashed as it
//! goes. Then the tag files, each through a temporary file that is fsynced and renamed:
//! manifest, `bag-info.txt`, any extra tag files (the recipient README), the tag
//! manifest, its signature, and **`bagit.txt` last**. Until that final rename the
//! directory is not a bag for any tool, so an interrupted seal never leaves something
//! that `isou verify` or `bagit.py --validate` would accept.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::{encode_path, BagInfo, BAGIT_TXT};

/// The detached signature over `tagmanifest-sha256.txt` (named as `ssh-keygen -Y sign`
/// names it).
pub const SIGNATURE_FILE: &str = "tagmanifest-sha256.txt.sig";

/// What goes into a bag's tag files.
pub struct TagFiles<'a> {
    /// `bag-info.txt` metadata.
    pub info: &'a BagInfo,
    /// Payload files: path relative to the bag (`data/…`) and SHA-256.
    pub payload: &'a [(String, [u8; 32])],
    /// Other tag files (name in the bag root, contents), listed in the tag manifest.
    pub extra: &'a [(&'a str, &'a [u8])],
    /// Signs the tag manifest; returns the armored signature.
    pub sign: &'a dyn Fn(&[u8]) -> Result<String, crate::signature::SignatureError>,
}

/// Writes `contents` to `dir/name` atomically: temporary file, fsync, rename.
pub fn write_atomic(dir: &Path, name: &str, contents: &[u8]) -> io::Result<()> {
    let _gate = crate::cleanup::gate();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist(dir.join(name)).map_err(|e| e.error)?;
    Ok(())
}

/// Tag files (name, contents) in writing order, and the tag manifest's SHA-256.
pub type RenderedTags = (Vec<(String, Vec<u8>)>, [u8; 32]);

/// The tag files of a bag, in the order they must be written (`bagit.txt` last), and
/// the SHA-256 of `tagmanifest-sha256.txt` (the bag's fingerprint). Nothing is written.
pub fn render_tag_files(t: &TagFiles) -> io::Result<RenderedTags> {
    let manifest: String = t
        .payload
        .iter()
        .map(|(p, h)| format!("{}  {}\n", hex::encode(h), encode_path(p)))
        .collect();
    let info = t.info.to_text();
    let mut tag_entries: Vec<(String, Vec<u8>)> = vec![
        ("bagit.txt".into(), BAGIT_TXT.as_bytes().to_vec()),
        ("bag-info.txt".into(), info.into_bytes()),
        ("manifest-sha256.txt".into(), manifest.into_bytes()),
    ];
    for (name, data) in t.extra {
        tag_entries.push(((*name).to_string(), data.to_vec()));
    }
    let tagmanifest: String = tag_entries
        .iter()
        .map(|(n, d)| format!("{}  {}\n", hex::encode(Sha256::digest(d)), encode_path(n)))
        .collect();
    let signature = (t.sign)(tagmanifest.as_bytes()).map_err(io::Error::other)?;
    let fingerprint = Sha256::digest(tagmanifest.as_bytes()).into();
    let bagit = tag_entries.remove(0);
    tag_entries.push(("tagmanifest-sha256.txt".into(), tagmanifest.into_bytes()));
    tag_entries.push((SIGNATURE_FILE.into(), signature.into_bytes()));
    tag_entries.push(bagit);
    Ok((tag_entries, fingerprint))
}

/// Writes all tag files of the bag at `bag` (see the module docs for the order).
/// Returns the SHA-256 of `tagmanifest-sha256.txt`, the bag's fingerprint.
pub fn write_tag_files(bag: &Path, t: &TagFiles) -> io::Result<[u8; 32]> {
    let (files, fingerprint) = render_tag_files(t)?;
    for (name, data) in &files {
        write_atomic(bag, name, data)?;
    }
    // Make the renames themselves durable.
    crate::platform::flush_dir(bag)?;
    Ok(fingerprint)
}

/// The tag files isou writes at a bag's root (besides `data/`).
pub const TAG_FILE_NAMES: &[&str] = &[
    "bagit.txt",
    "bag-info.txt",
    "manifest-sha256.txt",
    "tagmanifest-sha256.txt",
    SIGNATURE_FILE,
    "README.txt",
];

/// Removes the tag files isou writes, and their temporaries, from an unfinished bag.
/// Nothing else is touched: a medium sealed with `--allow-nonempty` keeps its files.
pub fn remove_tag_files(bag: &Path) -> io::Result<()> {
    for e in fs::read_dir(bag)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        let ours = TAG_FILE_NAMES
            .iter()
            .any(|t| name == *t || (name.starts_with(&format!(".{t}.")) && name.ends_with(".tmp")));
        if ours && e.file_type()?.is_file() {
            fs::remove_file(e.path())?;
        }
    }
    Ok(())
}
