//! The age v1 header: version line, recipient stanzas, MAC.
//!
//! ```text
//! age-encryption.org/v1
//! -> X25519 <share>
//! <base64 body, wrapped at 64 columns, ending with a short line>
//! --- <base64 HMAC-SHA-256 over everything up to and including "---">
//! ```
//!
//! Stanzas are parsed and written with `age-core`'s own parser and serializer, so their
//! grammar (canonical base64, 64-column lines, the final short line) is exactly the
//! reference implementation's. This module adds what a streaming reader of untrusted
//! files needs around it: every line, the stanza count and the whole header are bounded
//! before anything is allocated for them.

use std::io::{self, BufRead, Read, Write};

use age_core::format::{read::age_stanza, write, FileKey, Stanza};
use age_core::secrecy::ExposeSecret;
use base64::{prelude::BASE64_STANDARD_NO_PAD, Engine};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::DecryptError;

/// First line of every age v1 file.
pub const V1_LINE: &[u8] = b"age-encryption.org/v1\n";
const AGE_MAGIC: &[u8] = b"age-encryption.org/";
const MAC_PREFIX: &[u8] = b"---";
const ENCODED_MAC_LEN: usize = 43;

/// Longest header line accepted. The longest line of any known recipient type is the
/// post-quantum hybrid share (about 1.5 KB of base64); this leaves ample room.
pub const MAX_LINE: usize = 16 * 1024;
/// Most stanzas accepted in one header. Real files carry a handful; each stanza may
/// cost an X25519 or scrypt operation per identity, so the count is bounded.
pub const MAX_STANZAS: usize = 4096;
/// Largest header accepted, in bytes.
pub const MAX_HEADER: usize = 1024 * 1024;

/// A parsed age v1 header.
pub struct Header {
    /// The recipient stanzas, in file order.
    pub stanzas: Vec<Stanza>,
    mac: [u8; 32],
    /// The header's bytes up to and including `---`: what the MAC covers. Kept as read,
    /// so a header that does not re-serialise identically still verifies as written.
    mac_input: Vec<u8>,
}

/// `HMAC-SHA-256` keyed with `HKDF-SHA-256(ikm = file key, salt = "", info = "header")`.
fn header_mac(file_key: &FileKey, data: &[u8]) -> Hmac<Sha256> {
    let key = zeroize::Zeroizing::new(age_core::primitives::hkdf(
        &[],
        b"header",
        file_key.expose_secret(),
    ));
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key[..]).expect("any key length");
    mac.update(data);
    mac
}

impl Header {
    /// Whether the file was encrypted with a passphrase (a single scrypt stanza).
    pub fn is_scrypt(&self) -> bool {
        self.stanzas.iter().any(|s| s.tag == "scrypt")
    }

    /// The work factor (log2 N) of the scrypt stanza, if there is one and it is a
    /// number (`-> scrypt SALT LOG2N`).
    pub fn scrypt_work_factor(&self) -> Option<u8> {
        self.stanzas
            .iter()
            .find(|s| s.tag == "scrypt")
            .and_then(|s| s.args.get(1))
            // Decimal without a leading zero, as age writes it (1 to 99; more is never
            // a cost anyone pays: 2^23 is refused already).
            .filter(|a| {
                a.len() <= 2 && !a.starts_with('0') && a.bytes().all(|b| b.is_ascii_digit())
            })
            .and_then(|a| a.parse().ok())
    }

    /// Checks the header MAC with the unwrapped file key.
    pub fn verify_mac(&self, file_key: &FileKey) -> Result<(), DecryptError> {
        header_mac(file_key, &self.mac_input)
            .verify_slice(&self.mac)
            .map_err(|_| DecryptError::HeaderMac)
    }

    /// Reads and parses a header, bounded by [`MAX_LINE`], [`MAX_STANZAS`] and
    /// [`MAX_HEADER`]. Leaves `input` positioned just after the MAC line.
    pub fn read<R: BufRead>(input: &mut R) -> Result<Header, DecryptError> {
        let mut data = Vec::new();
        let first = read_line(input, &mut data);
        if !data.starts_with(AGE_MAGIC) {
            if let Err(DecryptError::Io(e)) = first {
                return Err(DecryptError::Io(e));
            }
            return Err(DecryptError::NotAgeFile);
        }
        first?;
        if data != V1_LINE {
            return Err(if data.starts_with(AGE_MAGIC) {
                let version = String::from_utf8_lossy(&data[AGE_MAGIC.len()..]);
                DecryptError::UnsupportedVersion(version.trim_end().chars().take(40).collect())
            } else {
                DecryptError::NotAgeFile
            });
        }
        let mut stanza_lines = 0usize;
        let mac_line_start = loop {
            let start = data.len();
            if !read_line(input, &mut data)? {
                return Err(DecryptError::InvalidHeader(crate::tr!(
                    "crypto-why-no-mac-line"
                )));
            }
            let line = &data[start..];
            if line.starts_with(MAC_PREFIX) {
                break start;
            }
            if line.starts_with(b"-> ") {
                stanza_lines += 1;
                if stanza_lines > MAX_STANZAS {
                    return Err(DecryptError::HeaderTooLarge(crate::tr!(
                        "crypto-why-too-many-stanzas",
                        max = MAX_STANZAS.to_string()
                    )));
                }
            }
            if data.len() > MAX_HEADER {
                return Err(DecryptError::HeaderTooLarge(crate::tr!(
                    "crypto-why-header-larger",
                    kib = (MAX_HEADER / 1024).to_string()
                )));
            }
        };

        let mut stanzas = Vec::with_capacity(stanza_lines);
        let mut rest = &data[V1_LINE.len()..mac_line_start];
        while !rest.is_empty() {
            match age_stanza(rest) {
                Ok((r, s)) => {
                    stanzas.push(Stanza::from(s));
                    rest = r;
                }
                Err(_) => {
                    return Err(DecryptError::InvalidHeader(crate::tr!(
                        "crypto-why-stanza-malformed",
                        number = (stanzas.len() + 1).to_string()
                    )))
                }
            }
        }
        if stanzas.is_empty() {
            return Err(DecryptError::InvalidHeader(crate::tr!(
                "crypto-why-no-stanza"
            )));
        }
        // C2SP age: "an scrypt stanza ... MUST be the only stanza in the header", else a
        // passphrase-encrypted file could silently also be readable by a recipient key.
        if stanzas.iter().any(|s| s.tag == "scrypt") && stanzas.len() != 1 {
            return Err(DecryptError::InvalidHeader(crate::tr!(
                "crypto-why-scrypt-not-alone"
            )));
        }

        let mac_line = &data[mac_line_start..];
        let encoded = mac_line
            .strip_prefix(b"--- ")
            .and_then(|l| l.strip_suffix(b"\n"))
            .filter(|l| l.len() == ENCODED_MAC_LEN)
            .ok_or_else(|| {
                DecryptError::InvalidHeader(crate::tr!("crypto-why-mac-line-malformed"))
            })?;
        // The standard engine rejects non-canonical encodings (stray trailing bits).
        let mac = BASE64_STANDARD_NO_PAD
            .decode(encoded)
            .ok()
            .and_then(|m| <[u8; 32]>::try_from(m).ok())
            .ok_or_else(|| {
                DecryptError::InvalidHeader(crate::tr!("crypto-why-mac-not-canonical"))
            })?;
        data.truncate(mac_line_start + MAC_PREFIX.len());
        Ok(Header {
            stanzas,
            mac,
            mac_input: data,
        })
    }

    /// Writes a header for `stanzas`, authenticated with `file_key`.
    pub fn write<W: Write>(out: &mut W, stanzas: &[Stanza], file_key: &FileKey) -> io::Result<()> {
        let mut data = V1_LINE.to_vec();
        for s in stanzas {
            let (w, _) = cookie_factory::gen(write::age_stanza(&s.tag, &s.args, &s.body), data)
                .map_err(|e| io::Error::other(format!("serialising a stanza: {e:?}")))?;
            data = w;
        }
        data.extend_from_slice(MAC_PREFIX);
        let mac = header_mac(file_key, &data).finalize().into_bytes();
        data.push(b' ');
        data.extend_from_slice(BASE64_STANDARD_NO_PAD.encode(mac).as_bytes());
        data.push(b'\n');
        out.write_all(&data)
    }
}

/// Appends one `\n`-terminated line to `buf`, reading at most [`MAX_LINE`] bytes.
/// Returns `false` at end of input before any byte.
fn read_line<R: BufRead>(input: &mut R, buf: &mut Vec<u8>) -> Result<bool, DecryptError> {
    let start = buf.len();
    let n = BufRead::read_until(
        &mut Read::take(&mut *input, MAX_LINE as u64 + 1),
        b'\n',
        buf,
    )
    .map_err(DecryptError::Io)?;
    if n == 0 {
        return Ok(false);
    }
    if buf.last() != Some(&b'\n') {
        return Err(if buf.len() - start > MAX_LINE {
            DecryptError::HeaderTooLarge(crate::tr!(
                "crypto-why-line-too-long",
                max = MAX_LINE.to_string()
            ))
        } else {
            DecryptError::InvalidHeader(crate::tr!("crypto-why-ends-in-header"))
        });
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> FileKey {
        FileKey::new(Box::new([7; 16]))
    }

    fn stanza(i: usize) -> Stanza {
        Stanza {
            tag: "test".into(),
            args: vec![format!("a{i}")],
            body: vec![i as u8; i % 100],
        }
    }

    #[test]
    fn round_trip_and_mac() {
        let stanzas: Vec<Stanza> = (0..5).map(stanza).collect();
        let mut out = Vec::new();
        Header::write(&mut out, &stanzas, &key()).unwrap();
        out.extend_from_slice(b"NONCE");
        let mut r = &out[..];
        let h = Header::read(&mut r).unwrap();
        assert_eq!(h.stanzas, stanzas);
        assert_eq!(r, b"NONCE");
        h.verify_mac(&key()).unwrap();
        assert!(matches!(
            h.verify_mac(&FileKey::new(Box::new([8; 16]))),
            Err(DecryptError::HeaderMac)
        ));
    }

    #[test]
    fn too_many_stanzas_is_refused_early() {
        let mut h = V1_LINE.to_vec();
        for _ in 0..MAX_STANZAS + 1 {
            h.extend_from_slice(b"-> x\n\n");
        }
        h.extend_from_slice(b"--- ");
        assert!(matches!(
            Header::read(&mut &h[..]),
            Err(DecryptError::HeaderTooLarge(_))
        ));
    }

    #[test]
    fn endless_line_is_refused_without_reading_it_all() {
        // An "infinite" line: the reader must stop after MAX_LINE bytes.
        let mut input = io::Cursor::new(V1_LINE.to_vec()).chain(io::repeat(b'A'));
        let mut r = io::BufReader::new(&mut input);
        assert!(matches!(
            Header::read(&mut r),
            Err(DecryptError::HeaderTooLarge(_))
        ));
    }

    #[test]
    fn endless_stanzas_stop_at_the_size_limit() {
        let big_body = format!("-> x\n{}\n", "A".repeat(64)).repeat(1);
        let mut h = V1_LINE.to_vec();
        // Few stanzas, but each with an enormous body.
        h.extend_from_slice(big_body.as_bytes());
        let line = format!("{}\n", "A".repeat(64));
        while h.len() <= MAX_HEADER + 100 {
            h.extend_from_slice(line.as_bytes());
        }
        assert!(matches!(
            Header::read(&mut &h[..]),
            Err(DecryptError::HeaderTooLarge(_))
        ));
    }

    #[test]
    fn not_age_and_other_versions() {
        assert!(matches!(
            Header::read(&mut &b"PK\x03\x04zip"[..]),
            Err(DecryptError::NotAgeFile)
        ));
        assert!(matches!(
            Header::read(&mut &b""[..]),
            Err(DecryptError::NotAgeFile)
        ));
        assert!(matches!(
            Header::read(&mut &b"age-encryption.org/v2\n"[..]),
            Err(DecryptError::UnsupportedVersion(v)) if v == "v2"
        ));
    }
}
