//! ChaCha20-Poly1305 (RFC 8439) of one STREAM chunk, with the backend chosen at compile
//! time.
//!
//! The STREAM engine ([`super::stream`]) seals and opens 64 KiB chunks with a 12-byte
//! nonce, no associated data and a 16-byte tag appended. [`ChunkCipher`] is all it sees
//! of the AEAD; behind it:
//!
//! - **`ring`** (the default): BoringSSL's assembly for x86_64 and aarch64 (ChaCha20 and
//!   Poly1305 in one pass), built by cargo with only a C compiler, on Linux, Windows
//!   (MinGW) and macOS alike. Nothing to install on the machine.
//! - **OpenSSL** (`cargo build --features openssl`, Unix only): the system's libcrypto,
//!   whose AVX-512 code is the fastest on the machines measured (docs/BENCHMARKS.md,
//!   "Cipher backend (issue 20)"). Needs OpenSSL's development files and pkg-config to
//!   build. On other platforms the feature is ignored and `ring` is used.
//!
//! Both compute the same standard AEAD: the output is byte-identical, which the C2SP
//! age vectors and the `age` interoperability tests check whichever backend is built.
//!
//! A third implementation, RustCrypto's `chacha20poly1305`, is used for the rare second
//! look at a chunk that failed to open ([`ChunkCipher::open_checked_in_place`]): it
//! verifies the tag *before* decrypting, so a failed attempt leaves the ciphertext as it
//! was and the other last-chunk flag can be tried on it.

use chacha20poly1305::aead::AeadInPlace;
use chacha20poly1305::{ChaCha20Poly1305, KeyInit, Tag};

use super::stream::TAG_SIZE;

/// Bytes of a ChaCha20-Poly1305 key.
pub const KEY_SIZE: usize = 32;
/// Bytes of a chunk's nonce (11-byte big-endian counter, then the last-chunk flag).
pub const CHUNK_NONCE_SIZE: usize = 12;

/// ChaCha20-Poly1305 under one payload key, for sealing and opening STREAM chunks.
///
/// One per worker thread. RustCrypto's copy of the key and OpenSSL's context are wiped
/// when it is dropped; ring's key is not (see the ring backend's `Fast`), so the worker
/// wipes its stack once the cipher is gone. The caller keeps the key bytes in
/// [`zeroize::Zeroizing`].
pub struct ChunkCipher {
    fast: backend::Fast,
    checking: ChaCha20Poly1305,
}

impl ChunkCipher {
    /// The backend compiled in: `"ring"` or `"OpenSSL"` (for benchmarks and reports).
    pub const BACKEND: &'static str = backend::NAME;

    /// Sets up both implementations under `key`.
    pub fn new(key: &[u8; KEY_SIZE]) -> ChunkCipher {
        ChunkCipher {
            fast: backend::Fast::new(key),
            checking: ChaCha20Poly1305::new(key.into()),
        }
    }

    /// Seals `chunk` in place under `nonce` (no associated data); returns the tag.
    pub fn seal_in_place(
        &mut self,
        nonce: &[u8; CHUNK_NONCE_SIZE],
        chunk: &mut [u8],
    ) -> [u8; TAG_SIZE] {
        self.fast.seal(nonce, chunk)
    }

    /// Opens the chunk stored at `buf[ct_at..]` (ciphertext, then its 16-byte tag) into
    /// the front of `buf`, `buf[..n]` where `n` is the ciphertext's length.
    ///
    /// `true` when the tag matches. `false` otherwise: then the plaintext area
    /// `buf[..n]` is wiped and the ciphertext and tag are left as they were, so
    /// [`ChunkCipher::open_checked_in_place`] can look at the chunk again.
    ///
    /// # Panics
    ///
    /// When the two areas would overlap (`ct_at < n`) or `buf[ct_at..]` is shorter than
    /// a tag.
    pub fn open_to_front(
        &mut self,
        nonce: &[u8; CHUNK_NONCE_SIZE],
        buf: &mut [u8],
        ct_at: usize,
    ) -> bool {
        let sealed_len = buf.len() - ct_at;
        assert!(
            sealed_len >= TAG_SIZE,
            "a sealed chunk holds at least its tag"
        );
        assert!(
            ct_at >= sealed_len - TAG_SIZE,
            "plaintext and ciphertext must not overlap"
        );
        self.fast.open_to_front(nonce, buf, ct_at)
    }

    /// Opens `chunk` (ciphertext, then its 16-byte tag) in place, checking the tag
    /// before anything is decrypted: `true` and the plaintext in front of the tag when
    /// it matches, `false` and `chunk` untouched when it does not.
    ///
    /// Slower than [`ChunkCipher::open_to_front`] (RustCrypto's portable code); for the
    /// rare second look at a chunk that failed.
    ///
    /// # Panics
    ///
    /// When `chunk` is shorter than a tag.
    pub fn open_checked_in_place(&self, nonce: &[u8; CHUNK_NONCE_SIZE], chunk: &mut [u8]) -> bool {
        let (ct, tag) = chunk.split_at_mut(chunk.len() - TAG_SIZE);
        let tag = Tag::clone_from_slice(tag);
        self.checking
            .decrypt_in_place_detached(nonce.into(), b"", ct, &tag)
            .is_ok()
    }
}

/// `ring` (the default, and the only backend off Unix).
#[cfg(not(all(feature = "openssl", unix)))]
mod backend {
    use ring::aead::{Aad, LessSafeKey, Nonce, Tag, UnboundKey, CHACHA20_POLY1305};

    use super::{CHUNK_NONCE_SIZE, KEY_SIZE, TAG_SIZE};

    pub(super) const NAME: &str = "ring";

    /// ring's key schedule (for ChaCha20-Poly1305, the 32 key bytes themselves).
    ///
    /// Not wiped when dropped, and this type cannot do it honestly: ring does not zero
    /// its keys, by design (briansmith/ring#15), and `LessSafeKey` is opaque, with
    /// private fields, no `Zeroize` and no promise about its layout, so overwriting its
    /// bytes from outside would rest on ring's internals, which may change in any
    /// release. Such a wipe would not have reached every copy either: the key is built
    /// on the worker's stack and moved (moves copy) before it comes to rest here. What
    /// the engine does instead (`src/engine/stream/pool.rs`): each worker holds its
    /// cipher in a frame that has returned before the thread ends, then overwrites the
    /// stack below ([`crate::keys::wipe_stack`]), dead frames with their copies of the
    /// key included.
    pub(super) struct Fast(LessSafeKey);

    impl Fast {
        pub(super) fn new(key: &[u8; KEY_SIZE]) -> Fast {
            let key = UnboundKey::new(&CHACHA20_POLY1305, key)
                .expect("a 32-byte key is what ChaCha20-Poly1305 takes");
            Fast(LessSafeKey::new(key))
        }

        pub(super) fn seal(
            &mut self,
            nonce: &[u8; CHUNK_NONCE_SIZE],
            chunk: &mut [u8],
        ) -> [u8; TAG_SIZE] {
            let tag = self
                .0
                .seal_in_place_separate_tag(
                    Nonce::assume_unique_for_key(*nonce),
                    Aad::empty(),
                    chunk,
                )
                .expect("sealing a 64 KiB chunk does not fail");
            let mut out = [0u8; TAG_SIZE];
            out.copy_from_slice(tag.as_ref());
            out
        }

        pub(super) fn open_to_front(
            &mut self,
            nonce: &[u8; CHUNK_NONCE_SIZE],
            buf: &mut [u8],
            ct_at: usize,
        ) -> bool {
            let (in_out, tag) = buf.split_at_mut(buf.len() - TAG_SIZE);
            let tag = Tag::try_from(&*tag).expect("split at the tag's length");
            // ring decrypts `in_out[ct_at..]` to `in_out[..n]`, reading the one and
            // writing the other; they do not overlap (checked by the caller), so the
            // ciphertext is intact afterwards. On a wrong tag ring zeroes `in_out[..n]`.
            self.0
                .open_in_place_separate_tag(
                    Nonce::assume_unique_for_key(*nonce),
                    Aad::empty(),
                    tag,
                    in_out,
                    ct_at..,
                )
                .is_ok()
        }
    }
}

/// The system's OpenSSL (`--features openssl`, Unix).
#[cfg(all(feature = "openssl", unix))]
mod backend {
    use openssl::cipher::Cipher;
    use openssl::cipher_ctx::CipherCtx;

    use super::{CHUNK_NONCE_SIZE, KEY_SIZE, TAG_SIZE};

    pub(super) const NAME: &str = "OpenSSL";

    /// An OpenSSL cipher context with the key schedule set once; OpenSSL wipes it when
    /// the context is freed.
    pub(super) struct Fast(CipherCtx);

    impl Fast {
        pub(super) fn new(key: &[u8; KEY_SIZE]) -> Fast {
            let mut ctx = CipherCtx::new().expect("allocating a cipher context");
            // The direction is fixed per call below; the key schedule is set once here.
            ctx.encrypt_init(Some(Cipher::chacha20_poly1305()), Some(key), None)
                .expect("ChaCha20-Poly1305 is available in OpenSSL");
            Fast(ctx)
        }

        pub(super) fn seal(
            &mut self,
            nonce: &[u8; CHUNK_NONCE_SIZE],
            chunk: &mut [u8],
        ) -> [u8; TAG_SIZE] {
            let c = &mut self.0;
            let mut tag = [0u8; TAG_SIZE];
            c.encrypt_init(None, None, Some(nonce))
                .and_then(|_| c.cipher_update_inplace(chunk, chunk.len()))
                .and_then(|_| c.cipher_final(&mut []))
                .and_then(|_| c.tag(&mut tag))
                .expect("sealing a 64 KiB chunk does not fail");
            tag
        }

        pub(super) fn open_to_front(
            &mut self,
            nonce: &[u8; CHUNK_NONCE_SIZE],
            buf: &mut [u8],
            ct_at: usize,
        ) -> bool {
            let (front, back) = buf.split_at_mut(ct_at);
            let (ct, tag) = back.split_at(back.len() - TAG_SIZE);
            let out = &mut front[..ct.len()];
            let c = &mut self.0;
            let ok = c
                .decrypt_init(None, None, Some(nonce))
                .and_then(|_| c.set_tag(tag))
                .and_then(|_| c.cipher_update(ct, Some(&mut *out)))
                .and_then(|_| c.cipher_final(&mut []))
                .is_ok();
            if !ok {
                // Never let unauthenticated plaintext stay around.
                out.iter_mut().for_each(|b| *b = 0);
            }
            ok
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nonce(counter: u64, last: bool) -> [u8; CHUNK_NONCE_SIZE] {
        let mut n = [0u8; CHUNK_NONCE_SIZE];
        n[3..11].copy_from_slice(&counter.to_be_bytes());
        n[11] = last as u8;
        n
    }

    fn data(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 13 + i / 257) as u8).collect()
    }

    /// RFC 8439 §2.8.2 has associated data, which STREAM never uses; the known answer
    /// here is RustCrypto's, an independent implementation (the C2SP age vectors in
    /// tests/it/testkit.rs check the whole format on top).
    #[test]
    fn the_backend_agrees_with_rustcrypto_both_ways() {
        let key = [7u8; KEY_SIZE];
        let reference = ChaCha20Poly1305::new(&key.into());
        let mut cipher = ChunkCipher::new(&key);
        for len in [0, 1, 15, 16, 17, 63, 64, 65, 1000, 65535, 65536] {
            for (counter, last) in [(0, false), (1, true), (u64::MAX, true)] {
                let n = nonce(counter, last);
                let pt = data(len);
                let mut expected = pt.clone();
                let tag = reference
                    .encrypt_in_place_detached(&n.into(), b"", &mut expected)
                    .unwrap();
                expected.extend_from_slice(&tag);

                let mut sealed = pt.clone();
                let tag = cipher.seal_in_place(&n, &mut sealed);
                sealed.extend_from_slice(&tag);
                assert_eq!(sealed, expected, "seal, len {len}");

                // Open into the front of a buffer with the chunk behind a gap.
                let at = len + 5;
                let mut buf = vec![0xAA; at];
                buf.extend_from_slice(&sealed);
                assert!(cipher.open_to_front(&n, &mut buf, at), "open, len {len}");
                assert_eq!(&buf[..len], &pt[..]);
                assert_eq!(&buf[at..], &sealed[..], "the ciphertext is left as it was");

                let mut again = sealed.clone();
                assert!(cipher.open_checked_in_place(&n, &mut again));
                assert_eq!(&again[..len], &pt[..]);
            }
        }
    }

    #[test]
    fn a_failed_open_wipes_the_plaintext_area_and_keeps_the_ciphertext() {
        let key = [9u8; KEY_SIZE];
        let mut cipher = ChunkCipher::new(&key);
        let pt = data(65536);
        let mut sealed = pt.clone();
        let tag = cipher.seal_in_place(&nonce(3, false), &mut sealed);
        sealed.extend_from_slice(&tag);

        // The wrong last-chunk flag: the tag does not match.
        let at = sealed.len();
        let mut buf = vec![0x55; at];
        buf.extend_from_slice(&sealed);
        assert!(!cipher.open_to_front(&nonce(3, true), &mut buf, at));
        assert!(
            buf[..pt.len()].iter().all(|&b| b == 0),
            "plaintext area wiped"
        );
        assert_eq!(&buf[at..], &sealed[..], "ciphertext and tag untouched");

        // The checking path also leaves a chunk it rejects alone, and then opens it
        // with the right flag.
        let mut chunk = buf[at..].to_vec();
        assert!(!cipher.open_checked_in_place(&nonce(3, true), &mut chunk));
        assert_eq!(chunk, sealed);
        assert!(cipher.open_checked_in_place(&nonce(3, false), &mut chunk));
        assert_eq!(&chunk[..pt.len()], &pt[..]);

        // A flipped bit in the ciphertext is refused.
        let mut bad = vec![0u8; at];
        bad.extend_from_slice(&sealed);
        bad[at + 100] ^= 1;
        assert!(!cipher.open_to_front(&nonce(3, false), &mut bad, at));
    }

    #[test]
    #[should_panic(expected = "must not overlap")]
    fn overlapping_areas_are_refused() {
        let mut cipher = ChunkCipher::new(&[1u8; KEY_SIZE]);
        let mut buf = vec![0u8; 100 + TAG_SIZE];
        cipher.open_to_front(&nonce(0, true), &mut buf, 10);
    }
}
