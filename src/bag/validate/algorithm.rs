//! The checksum algorithms of manifests, under bagit.py's names.

use sha2::Digest;

/// Checksum algorithms of manifests: those bagit.py (the Library of Congress validator)
/// checks, under its names (Python's `hashlib.algorithms_guaranteed`, but the SHAKE
/// functions, which have no fixed length).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Algorithm {
    /// MD5 (weak: a warning).
    Md5,
    /// SHA-1 (weak: a warning).
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// BLAKE2b (512 bits, as Python's `hashlib.blake2b`).
    Blake2b,
    /// BLAKE2s (256 bits, as Python's `hashlib.blake2s`).
    Blake2s,
    /// SHA3-224.
    Sha3_224,
    /// SHA3-256.
    Sha3_256,
    /// SHA3-384.
    Sha3_384,
    /// SHA3-512.
    Sha3_512,
}

impl Algorithm {
    /// Every algorithm, in the order manifests are read.
    pub const ALL: [Algorithm; 12] = [
        Algorithm::Md5,
        Algorithm::Sha1,
        Algorithm::Sha224,
        Algorithm::Sha256,
        Algorithm::Sha384,
        Algorithm::Sha512,
        Algorithm::Blake2b,
        Algorithm::Blake2s,
        Algorithm::Sha3_224,
        Algorithm::Sha3_256,
        Algorithm::Sha3_384,
        Algorithm::Sha3_512,
    ];

    /// The algorithm of a manifest name component, case-sensitively as bagit.py reads
    /// them (`manifest-SHA256.txt` is no manifest to it either).
    pub fn from_name(s: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|a| a.name() == s)
    }

    /// The manifest name component (`sha256`).
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Md5 => "md5",
            Algorithm::Sha1 => "sha1",
            Algorithm::Sha224 => "sha224",
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha384 => "sha384",
            Algorithm::Sha512 => "sha512",
            Algorithm::Blake2b => "blake2b",
            Algorithm::Blake2s => "blake2s",
            Algorithm::Sha3_224 => "sha3_224",
            Algorithm::Sha3_256 => "sha3_256",
            Algorithm::Sha3_384 => "sha3_384",
            Algorithm::Sha3_512 => "sha3_512",
        }
    }

    /// Weak against collisions: a manifest of it is checked, with a warning.
    pub fn is_weak(self) -> bool {
        matches!(self, Algorithm::Md5 | Algorithm::Sha1)
    }

    pub(super) fn hasher(self) -> Box<dyn sha2::digest::DynDigest + Send> {
        match self {
            Algorithm::Md5 => Box::new(md5::Md5::new()),
            Algorithm::Sha1 => Box::new(sha1::Sha1::new()),
            Algorithm::Sha224 => Box::new(sha2::Sha224::new()),
            Algorithm::Sha256 => Box::new(sha2::Sha256::new()),
            Algorithm::Sha384 => Box::new(sha2::Sha384::new()),
            Algorithm::Sha512 => Box::new(sha2::Sha512::new()),
            Algorithm::Blake2b => Box::new(blake2::Blake2b512::new()),
            Algorithm::Blake2s => Box::new(blake2::Blake2s256::new()),
            Algorithm::Sha3_224 => Box::new(sha3::Sha3_224::new()),
            Algorithm::Sha3_256 => Box::new(sha3::Sha3_256::new()),
            Algorithm::Sha3_384 => Box::new(sha3::Sha3_384::new()),
            Algorithm::Sha3_512 => Box::new(sha3::Sha3_512::new()),
        }
    }

    pub(super) fn hex_len(self) -> usize {
        2 * self.hasher().output_size()
    }
}
