//! The id under which a medium is recorded when its claims could not be
//! authenticated.

use std::fs;
use std::path::PathBuf;

use crate::media::volume;

/// [`unauthenticated_id`] of media of which at least one is a bag (it holds
/// `bagit.txt`, `bag-info.txt` or a tag manifest, of whatever type: a hostile medium
/// is still recorded); `None` when none is:
/// a path that is no bag (a folder of other files, a document, an empty stick) is no
/// medium to record, and an id made from its path would be a "shipment" named after
/// where it was mounted (issue 15 item 4).
///
/// A medium that left out every tag file is still one: a `data/` folder or a payload
/// manifest makes it a bag to record, and so does any disc image given (readable or
/// not), so a hostile or damaged medium cannot arrive without a trace (issue 15 review).
pub fn checked_id(media: &[PathBuf]) -> Option<String> {
    const BAG_NAMES: &[&str] = &[
        "bagit.txt",
        "bag-info.txt",
        "tagmanifest-sha256.txt",
        "tagmanifest-sha512.txt",
        "manifest-sha256.txt",
        "manifest-sha512.txt",
        "data",
    ];
    let is_image = |m: &PathBuf| {
        m.extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("iso") || x.eq_ignore_ascii_case("img"))
            && fs::metadata(m).is_ok_and(|md| md.is_file())
    };
    let is_bag = |m: &PathBuf| {
        is_image(m)
            || volume::open_medium(m).is_ok_and(|src| {
                BAG_NAMES
                    .iter()
                    .any(|f| src.stat(f).ok().flatten().is_some())
            })
    };
    media.iter().any(is_bag).then(|| unauthenticated_id(media))
}

/// The id under which a medium whose claims could not be authenticated is recorded:
/// `MEDIUM-` and 12 hex digits of a SHA-256 over each volume's tag manifest (bounded),
/// or without one its `bag-info.txt`, or its path — so checking the same medium again
/// lands on the same record, and no medium can choose to be recorded under the id of a
/// real shipment.
pub fn unauthenticated_id(media: &[PathBuf]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for m in media {
        let identifying = volume::open_medium(m).ok().and_then(|src| {
            ["tagmanifest-sha256.txt", "bag-info.txt"]
                .iter()
                .find_map(|f| src.read_bounded(f, 64 * 1024).ok().flatten())
        });
        match identifying {
            Some(bytes) => h.update(&bytes),
            None => h.update(
                fs::canonicalize(m)
                    .unwrap_or_else(|_| m.clone())
                    .to_string_lossy()
                    .as_bytes(),
            ),
        }
        h.update([0]);
    }
    let d = h.finalize();
    format!("MEDIUM-{}", hex::encode_upper(&d[..6]))
}
