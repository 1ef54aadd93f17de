//! ISO 9660 images with Joliet names, for CD-R, DVD-R and BD-R: written as a stream
//! (memory stays bounded however large the disc) and read directly, without mounting.
//!
//! Layout of an image isou writes (ECMA-119 4th ed., sectors of 2048 bytes):
//!
//! ```text
//! 0–15   system area (zeros)           16  primary volume descriptor
//! 17     Joliet supplementary VD       18  volume descriptor set terminator
//! 19…    file data, each file from a sector boundary, in the order written
//! then   path tables (L, M; primary then Joliet), directories (primary then Joliet)
//! ```
//!
//! Only the descriptors have fixed places (ECMA-119 §6.7.1); putting the path tables
//! and directories *after* the data lets the payload be streamed in first, when the
//! number and sizes of the files are not known yet. Primary names are ISO 9660 level 1
//! (8.3, upper case); the Joliet tree carries the real names (UCS-2, Joliet spec
//! "%/E" level 3), which Windows, macOS and Linux show. Files are single-extent, so
//! each is below 4 GiB — isou's segments always are. The same files, names and
//! timestamp give the same image bytes.
//!
//! The reader treats the image as untrusted: every directory record's length and
//! both-endian fields are checked, extents must lie inside the image, names must be
//! plain (no `/`, NUL, `.` or `..`), duplicates, loops, depth and entry counts are
//! bounded.

mod read;
mod susp;
mod write;

#[cfg(test)]
mod tests;

pub use read::IsoImage;
pub use write::{metadata_bytes, IsoWriter, HEAD_BYTES};

/// The logical block (sector) size of ISO 9660 on optical discs.
pub const SECTOR: u64 = 2048;
/// The first sector after the volume descriptors: file data starts here.
const FIRST_DATA_SECTOR: u64 = 19;
/// ISO 9660 sizes are 32-bit: a single-extent file is at most 4 GiB − 1 byte.
pub const MAX_FILE: u64 = u32::MAX as u64;
/// Entries read from one image at most.
const MAX_ENTRIES: usize = 100_000;
/// Deepest directory nesting read (ECMA-119 allows 8 levels).
const MAX_DEPTH: usize = 16;
/// Largest directory extent read.
const MAX_DIR_BYTES: u64 = 16 * 1024 * 1024;

/// What the image says about itself.
#[derive(Clone, Debug)]
pub struct VolumeMeta {
    /// Volume label (upper-case letters, digits and `_`; at most 16 characters).
    pub volume_id: String,
    /// Time stamped on the volume and every entry, seconds since the Unix epoch (UTC).
    pub timestamp: i64,
}

fn both16(v: u16) -> [u8; 4] {
    let mut b = [0u8; 4];
    b[..2].copy_from_slice(&v.to_le_bytes());
    b[2..].copy_from_slice(&v.to_be_bytes());
    b
}

fn both32(v: u32) -> [u8; 8] {
    let mut b = [0u8; 8];
    b[..4].copy_from_slice(&v.to_le_bytes());
    b[4..].copy_from_slice(&v.to_be_bytes());
    b
}

fn le32(b: &[u8]) -> u64 {
    u32::from_le_bytes(b[..4].try_into().expect("4 bytes")) as u64
}

fn be32(b: &[u8]) -> u64 {
    u32::from_be_bytes(b[..4].try_into().expect("4 bytes")) as u64
}
