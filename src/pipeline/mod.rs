//! The payload pipeline: extract files → tar (PAX) → zstd → age → segment files, in one
//! streaming pass, and back.
//!
//! Every stage is a standard format so that a recipient is never locked in:
//!
//! ```text
//! cat data/payload.* | age -d -i KEY | zstd -d | tar x
//! ```
//!
//! recovers the extract, plus a last entry `ISOU-CONTENTS.json` listing every file with
//! its size, SHA-256 and modification time. Each input file is read exactly once: its
//! hash is computed while tar reads it. No plaintext touches a disk: the only files
//! written are the encrypted segments.

mod archive;
mod fsys;
pub mod hasher;
mod input;
pub mod segments;
pub mod writebehind;

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::engine::{Encryptor, Parallelism};
pub use input::{collect_inputs, total_size, InputEntry, InputError};
pub use segments::{Segment, SegmentReader, SegmentWriter, DEFAULT_SEGMENT_SIZE};

/// Name of the contents manifest, the tar's last entry.
pub const CONTENTS_NAME: &str = "ISOU-CONTENTS.json";
/// Format tag inside it.
pub const CONTENTS_FORMAT: &str = "isou-contents/1";

/// How the tar is compressed before encryption.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed (for data that is already compressed).
    None,
    /// zstd at this level (1–19; 3 is zstd's default).
    Zstd(i32),
}

impl Default for Compression {
    fn default() -> Self {
        Compression::Zstd(3)
    }
}

/// A `--compression` value that is none of `none`, `zstd`, `zstd:LEVEL` (the value
/// as typed; shown sanitised, said in the reader's language).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCompression(pub String);

impl std::fmt::Display for UnknownCompression {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::tr!(
            "pipeline-compression-unknown",
            value = format!("\"{}\"", crate::untrusted::sanitize(&self.0))
        ))
    }
}

impl std::error::Error for UnknownCompression {}

impl std::str::FromStr for Compression {
    type Err = UnknownCompression;

    /// `none`, `zstd` or `zstd:LEVEL`.
    fn from_str(s: &str) -> Result<Self, UnknownCompression> {
        match s {
            "none" => Ok(Compression::None),
            "zstd" => Ok(Compression::default()),
            _ => match s.strip_prefix("zstd:").and_then(|l| l.parse::<i32>().ok()) {
                Some(l) if (1..=19).contains(&l) => Ok(Compression::Zstd(l)),
                _ => Err(UnknownCompression(s.to_string())),
            },
        }
    }
}

/// A size as typed on a command line (`seal --volume-size`, `--segment-size`,
/// `isou-synth`): bytes (`4096`) or binary multiples with `K`, `M` or `G` in either
/// case (`64K`, `700M`, `4G`); `None` for anything else or a size beyond `u64`.
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().last()? {
        (i, 'K' | 'k') => (&s[..i], 1u64 << 10),
        (i, 'M' | 'm') => (&s[..i], 1 << 20),
        (i, 'G' | 'g') => (&s[..i], 1 << 30),
        _ => (s, 1),
    };
    num.parse::<u64>().ok()?.checked_mul(mult)
}

/// One file of the extract, as listed in `ISOU-CONTENTS.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentEntry {
    /// Path inside the archive, `/`-separated.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, lower-case hex.
    pub sha256: String,
    /// Modification time, seconds since the Unix epoch.
    pub mtime: i64,
}

/// `ISOU-CONTENTS.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contents {
    /// Always [`CONTENTS_FORMAT`].
    pub format: String,
    /// The shipment this payload belongs to.
    pub shipment_id: String,
    /// Every regular file, in archive order.
    pub files: Vec<ContentEntry>,
    /// Every directory, in archive order (so empty folders survive).
    pub directories: Vec<String>,
}

/// zstd's multi-threaded job size (see `seal_payload_into`).
const ZSTD_JOB_SIZE: u32 = 4 << 20;

/// Options of [`seal_payload`].
#[derive(Clone, Debug)]
pub struct PayloadOptions {
    /// Compression before encryption.
    pub compression: Compression,
    /// Largest segment file.
    pub segment_size: u64,
    /// Threads for encryption and compression.
    pub parallelism: Parallelism,
    /// Advanced by the bytes of input read.
    pub progress: crate::progress::Progress,
}

impl Default for PayloadOptions {
    fn default() -> Self {
        PayloadOptions {
            compression: Compression::default(),
            segment_size: DEFAULT_SEGMENT_SIZE,
            parallelism: Parallelism::default(),
            progress: Default::default(),
        }
    }
}

/// What [`seal_payload`] wrote.
#[derive(Clone, Debug)]
pub struct PayloadSummary {
    /// The segments in `data/`, in order.
    pub segments: Vec<Segment>,
    /// The contents manifest that went in as the last tar entry.
    pub contents: Contents,
}

/// Archives, compresses and encrypts `entries` into segment files in `data_dir`, in one
/// streaming pass with bounded memory.
pub fn seal_payload(
    entries: &[InputEntry],
    data_dir: &Path,
    encryptor: Encryptor,
    shipment_id: &str,
    opts: &PayloadOptions,
) -> io::Result<PayloadSummary> {
    seal_payload_into(
        entries,
        segments::FolderSink::new(data_dir),
        encryptor,
        shipment_id,
        opts,
    )
    .map(|(summary, _)| summary)
}

/// [`seal_payload`] into any [`segments::SegmentSink`] (the volumes of a set); returns
/// the sink with the summary.
pub fn seal_payload_into<S: segments::SegmentSink>(
    entries: &[InputEntry],
    sink: S,
    encryptor: Encryptor,
    shipment_id: &str,
    opts: &PayloadOptions,
) -> io::Result<(PayloadSummary, S)> {
    let segments = SegmentWriter::with_sink(sink, opts.segment_size);
    let age = encryptor.wrap_output(segments, opts.parallelism)?;
    let (age, contents) = match opts.compression {
        Compression::None => archive::write_tar(age, entries, shipment_id, &opts.progress)?,
        Compression::Zstd(level) => {
            let mut z = zstd::Encoder::new(age, level)?;
            z.multithread(opts.parallelism.workers as u32)?;
            // zstd's default job at level 3 is 8 MiB, and its worker pool keeps several
            // jobs' input and output buffers: 75 MiB peak RSS for isou. 4 MiB jobs keep
            // it near 52 MiB for +0.07% output (measured on a 1 GiB registry-like CSV;
            // docs/BENCHMARKS.md), with no loss of speed on 2 cores.
            z.set_parameter(zstd::stream::raw::CParameter::JobSize(ZSTD_JOB_SIZE))?;
            let (z, contents) = archive::write_tar(z, entries, shipment_id, &opts.progress)?;
            // Every input byte is read, but the compressor still holds the last jobs
            // (seconds to minutes at level 19): a bar at 100% would say "done" while
            // they are compressed and written (issue 15 item 8).
            opts.progress.set_phase(crate::progress::Phase::Finishing);
            (z.finish()?, contents)
        }
    };
    // Without compression too (a no-op after the line above): the last segment is
    // still being written and read back.
    opts.progress.set_phase(crate::progress::Phase::Finishing);
    let (segments, sink) = age.finish()?.finish()?;
    Ok((PayloadSummary { segments, contents }, sink))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compression_option_parses() {
        assert_eq!("none".parse(), Ok(Compression::None));
        assert_eq!("zstd".parse(), Ok(Compression::Zstd(3)));
        assert_eq!("zstd:19".parse(), Ok(Compression::Zstd(19)));
        assert!("zstd:0".parse::<Compression>().is_err());
        assert!("gzip".parse::<Compression>().is_err());
    }

    #[test]
    fn sizes_parse_with_binary_multiples() {
        assert_eq!(parse_size("4096"), Some(4096));
        assert_eq!(parse_size("64k"), Some(64 << 10));
        assert_eq!(parse_size(" 700M "), Some(700 << 20));
        assert_eq!(parse_size("4G"), Some(4 << 30));
        assert_eq!(parse_size("0"), Some(0));
        for bad in ["", "M", "12Q", "1.5G", "-1M", "1 G", "ＧＧ", "99999999999G"] {
            assert_eq!(parse_size(bad), None, "{bad:?}");
        }
    }
}
