//! A bounded guard in front of the tar reader: it follows the tar stream's framing and
//! refuses, before reading them, the headers that tar-rs would hold in memory whole.
//!
//! tar-rs (0.4) reads the data of a GNU long name (`L`), long link (`K`) or PAX extended
//! header (`x`) into a `Vec` before it returns the entry they describe, whatever size
//! the header claims: a signed archive with a 1–2 GiB `L` or `x` header drove `open` to
//! 1.5–7.3 GB of memory. The payload's signature says who made it, not that it is
//! harmless, so the bounds are enforced here, between the decompressor and
//! `tar::Archive`:
//!
//! - a GNU long name or long link: at most [`MAX_LONG_NAME`] bytes;
//! - a PAX extended header: at most [`MAX_PAX`] bytes, every record well-formed
//!   (POSIX.1-2008 `pax`, "extended header": `LEN key=value\n`, LEN counting the whole
//!   record), `path` and `linkpath` at most [`MAX_PAX_PATH`] bytes;
//! - all such headers before one entry: at most [`MAX_META`] bytes with their blocks;
//! - never a PAX global header (`g`), a GNU sparse entry (`S`) or a `GNU.sparse.*` key
//!   (isou writes none; sparse maps are another framing, with their own costs), and
//!   never a PAX `size` record: tar-rs (since 0.4.45, CVE-2026-33055) lets it override
//!   the header's size, so two readers that honour it differently disagree on where the
//!   next header starts and see different files — the desynchronisation of
//!   CVE-2025-62518 (tokio-tar). Refusing it keeps this guard's framing and tar-rs's
//!   identical.
//!
//! The framing is tar-rs's own: `tar::Header` parses the size (octal or GNU base-256)
//! and the checksum is checked as tar-rs checks it, so both always agree on where each
//! header lies. Data of ordinary entries streams through with only a count; only a PAX
//! header's data (≤ 64 KiB) is buffered, to be checked before tar-rs sees it. The first
//! all-zero block ends the archive, as for tar-rs: from there on everything passes
//! through unchanged (the caller drains it so age authenticates the last chunk).

use std::io::{self, Read};

/// The tar block size.
const BLOCK: usize = 512;
/// Largest GNU long name or long link accepted: a name of 4 KiB (Linux's `PATH_MAX`)
/// and its terminating NUL.
pub const MAX_LONG_NAME: u64 = 4096 + 1;
/// Largest PAX extended header accepted (its data). isou's own hold one `path` record.
pub const MAX_PAX: u64 = 64 * 1024;
/// Longest PAX `path` or `linkpath` value accepted, in bytes (`PATH_MAX`: no file isou
/// seals can have a longer name, as it opens each one by its path).
pub const MAX_PAX_PATH: usize = 4096;
/// Most bytes of long-name and PAX headers (header blocks and data) before one entry:
/// a long name, a long link and a full PAX header fit; tar-rs keeps them all at once.
pub const MAX_META: u64 = 128 * 1024;

/// Why the archive was refused. Carried inside an [`io::Error`] of kind
/// [`io::ErrorKind::InvalidData`], so a caller can tell a hostile or damaged archive
/// from its own disk's errors ([`crate::error::typed_in`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveRefused {
    /// What was wrong, in words (never raw bytes of the archive).
    pub why: String,
}

impl std::fmt::Display for ArchiveRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::tr!(
            "media-archive-refused",
            why = self.why.as_str()
        ))
    }
}

impl std::error::Error for ArchiveRefused {}

fn refused(why: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        ArchiveRefused { why: why.into() },
    )
}

/// Where the guard is in the stream.
#[derive(Debug)]
enum Phase {
    /// At a header: the next block is read into `buf` and checked before it is served.
    Header,
    /// Buffering a PAX header's data (and padding): `buf` fills to `end` bytes, then the
    /// records (`buf[BLOCK..BLOCK + size]`) are checked.
    Pax { end: usize, size: usize },
    /// Passing an entry's data and padding through: `left` bytes.
    Data,
    /// After the end-of-archive block: everything passes through.
    End,
    /// The stream ended inside a header: what came is passed on as it is and nothing
    /// more is read (no header can be checked; tar-rs reports the truncation).
    Truncated,
    /// Refused: every further read fails the same way.
    Refused(String),
}

/// A pass-through [`Read`] that refuses unbounded tar metadata; see the module
/// documentation. For a `tar::Archive` with its default framing: with
/// `set_ignore_zeros(true)` tar-rs would read on past the end block, which the guard
/// passes through unchecked.
pub struct TarGuard<R: Read> {
    inner: R,
    phase: Phase,
    /// Bytes read from `inner` and not yet served; only `buf[..ready]` has been checked.
    buf: Vec<u8>,
    /// How much of `buf` may be served.
    ready: usize,
    /// How much of `buf` has been served.
    at: usize,
    /// Data and padding of the current entry still to pass through.
    left: u64,
    /// Long-name and PAX bytes (blocks and data) since the last ordinary entry.
    meta: u64,
}

impl<R: Read> TarGuard<R> {
    /// Guards the tar stream `inner`, which starts at its first header.
    pub fn new(inner: R) -> Self {
        TarGuard {
            inner,
            phase: Phase::Header,
            buf: Vec::with_capacity(BLOCK),
            ready: 0,
            at: 0,
            left: 0,
            meta: 0,
        }
    }

    /// The inner reader, positioned after the last byte this guard passed on.
    pub fn into_inner(self) -> R {
        self.inner
    }

    /// Reads into `buf` until it holds `end` bytes; `false` if the stream ended first.
    fn fill(&mut self, end: usize) -> io::Result<bool> {
        let mut have = self.buf.len();
        self.buf.resize(end, 0);
        let result = loop {
            if have == end {
                break Ok(true);
            }
            match self.inner.read(&mut self.buf[have..]) {
                Ok(0) => break Ok(false),
                Ok(n) => have += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => break Err(e),
            }
        };
        // What was read stays (a failed read may be retried); nothing is invented.
        self.buf.truncate(have);
        result
    }

    fn refuse(&mut self, why: String) -> io::Error {
        let e = refused(&why);
        self.buf.clear();
        self.ready = 0;
        self.at = 0;
        self.phase = Phase::Refused(why);
        e
    }

    /// Checks the header in `buf[..BLOCK]` and says what follows it.
    fn check_header(&mut self) -> Result<Phase, String> {
        let block = &self.buf[..BLOCK];
        if block.iter().all(|&b| b == 0) {
            return Ok(Phase::End);
        }
        let header = tar::Header::from_byte_slice(block);
        // tar-rs's check (archive.rs, next_entry_raw): the unsigned sum of the header
        // with the checksum field counted as eight spaces.
        let sum = block[..148]
            .iter()
            .chain(&block[156..])
            .fold(8 * u32::from(b' '), |a, &b| a + u32::from(b));
        let stored = header
            .cksum()
            .map_err(|_| crate::tr!("media-tar-checksum-field"))?;
        if sum != stored {
            return Err(crate::tr!("media-tar-checksum"));
        }
        let size = header
            .entry_size()
            .map_err(|_| crate::tr!("media-tar-size-field"))?;
        let padded = size
            .checked_add(BLOCK as u64 - 1)
            .map(|s| s & !(BLOCK as u64 - 1))
            .ok_or_else(|| crate::tr!("media-tar-entry-too-large", size = size.to_string()))?;
        let kind = header.entry_type();
        let metadata = |this: &mut Self, limit: u64, what: String| -> Result<(), String> {
            if size > limit {
                return Err(crate::tr!(
                    "media-tar-meta-too-large",
                    what = what,
                    size = size.to_string(),
                    limit = limit.to_string()
                ));
            }
            this.meta += BLOCK as u64 + padded;
            if this.meta > MAX_META {
                return Err(crate::tr!(
                    "media-tar-meta-total",
                    most = MAX_META.to_string()
                ));
            }
            Ok(())
        };
        match kind {
            tar::EntryType::GNULongName => {
                metadata(self, MAX_LONG_NAME, crate::tr!("media-tar-gnu-long-name"))?;
                self.left = padded;
                Ok(Phase::Data)
            }
            tar::EntryType::GNULongLink => {
                metadata(self, MAX_LONG_NAME, crate::tr!("media-tar-gnu-long-link"))?;
                self.left = padded;
                Ok(Phase::Data)
            }
            tar::EntryType::XHeader => {
                metadata(self, MAX_PAX, crate::tr!("media-tar-pax-header"))?;
                // Both at most MAX_PAX + a block: they fit a usize.
                Ok(Phase::Pax {
                    end: BLOCK + padded as usize,
                    size: size as usize,
                })
            }
            tar::EntryType::XGlobalHeader => Err(crate::tr!("media-tar-pax-global")),
            tar::EntryType::GNUSparse => Err(crate::tr!("media-tar-gnu-sparse")),
            // Files, folders, and the links and devices open refuses by their type: the
            // data the header counts follows, then the next header.
            _ => {
                self.meta = 0;
                self.left = padded;
                Ok(Phase::Data)
            }
        }
    }
}

/// Checks a PAX extended header's records (POSIX.1-2008, `pax`, "pax Extended Header
/// File Format"): `LEN key=value\n` one after another, each LEN the decimal length of
/// its whole record, nothing else.
fn check_pax(mut data: &[u8]) -> Result<(), String> {
    let malformed = |what: String| crate::tr!("media-pax-malformed", what = what);
    while !data.is_empty() {
        // At most 20 digits (u64::MAX); any longer length is refused below anyway.
        let space = data
            .iter()
            .take(21)
            .position(|&b| b == b' ')
            .ok_or_else(|| malformed(crate::tr!("media-pax-no-length")))?;
        let digits = &data[..space];
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return Err(malformed(crate::tr!("media-pax-length-not-decimal")));
        }
        let len = digits
            .iter()
            .try_fold(0usize, |n, &d| {
                n.checked_mul(10)?.checked_add(usize::from(d - b'0'))
            })
            .ok_or_else(|| malformed(crate::tr!("media-pax-length-overflows")))?;
        // The shortest record is "LEN k=\n".
        if len < space + 4 || len > data.len() {
            return Err(malformed(crate::tr!(
                "media-pax-length-does-not-fit",
                length = len.to_string(),
                left = data.len().to_string()
            )));
        }
        let record = &data[space + 1..len];
        let Some((b'\n', kv)) = record.split_last() else {
            return Err(malformed(crate::tr!("media-pax-end")));
        };
        // tar-rs splits the records at line breaks, not by their lengths: a line break
        // inside one would make it read records other than the ones checked here.
        if kv.contains(&b'\n') {
            return Err(malformed(crate::tr!("media-pax-line-break")));
        }
        let eq = kv
            .iter()
            .position(|&b| b == b'=')
            .ok_or_else(|| malformed(crate::tr!("media-pax-no-equals")))?;
        let (key, value) = (&kv[..eq], &kv[eq + 1..]);
        if key.is_empty() {
            return Err(malformed(crate::tr!("media-pax-empty-key")));
        }
        match key {
            b"size" => return Err(crate::tr!("media-pax-size")),
            b"path" | b"linkpath" if value.len() > MAX_PAX_PATH => {
                return Err(crate::tr!(
                    "media-pax-path-too-long",
                    key = String::from_utf8_lossy(key).into_owned(),
                    size = value.len().to_string(),
                    most = MAX_PAX_PATH.to_string()
                ))
            }
            _ if key.starts_with(b"GNU.sparse.") => {
                return Err(crate::tr!(
                    "media-pax-sparse",
                    key = crate::untrusted::sanitize(&String::from_utf8_lossy(key))
                ))
            }
            _ => {}
        }
        data = &data[len..];
    }
    Ok(())
}

impl<R: Read> Read for TarGuard<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            if self.at < self.ready {
                let n = out.len().min(self.ready - self.at);
                out[..n].copy_from_slice(&self.buf[self.at..self.at + n]);
                self.at += n;
                if self.at == self.buf.len() {
                    self.buf.clear();
                    self.ready = 0;
                    self.at = 0;
                }
                return Ok(n);
            }
            match &self.phase {
                Phase::End => return self.inner.read(out),
                Phase::Truncated => return Ok(0),
                Phase::Refused(why) => return Err(refused(why)),
                Phase::Data if self.left > 0 => {
                    let cap = out
                        .len()
                        .min(usize::try_from(self.left).unwrap_or(usize::MAX));
                    // Zero at the end of the stream, inside the data: passed on as it is.
                    let n = self.inner.read(&mut out[..cap])?;
                    self.left -= n as u64;
                    return Ok(n);
                }
                Phase::Data => self.phase = Phase::Header,
                Phase::Header => {
                    if !self.fill(BLOCK)? {
                        if self.buf.is_empty() {
                            // The end of the stream at a header: tar-rs takes it as the
                            // end of the archive (without end blocks).
                            return Ok(0);
                        }
                        self.phase = Phase::Truncated;
                        self.ready = self.buf.len();
                        continue;
                    }
                    match self.check_header() {
                        Ok(Phase::Pax { end, size }) => self.phase = Phase::Pax { end, size },
                        Ok(next) => {
                            self.phase = next;
                            self.ready = BLOCK;
                        }
                        Err(why) => return Err(self.refuse(why)),
                    }
                }
                &Phase::Pax { end, size } => {
                    if !self.fill(end)? {
                        self.phase = Phase::Truncated;
                        self.ready = self.buf.len();
                        continue;
                    }
                    if let Err(why) = check_pax(&self.buf[BLOCK..BLOCK + size]) {
                        return Err(self.refuse(why));
                    }
                    self.phase = Phase::Header;
                    self.ready = end;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
