//! Argon2id, the key derivation of protected identity files: its cost parameters, bounded
//! before a passphrase is asked.

use age::secrecy::ExposeSecret as _;
use secrecy::SecretString;
use zeroize::Zeroizing;

/// Argon2id cost parameters (RFC 9106 §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over the memory.
    pub iterations: u32,
    /// Lanes.
    pub lanes: u32,
}

impl Default for KdfParams {
    /// RFC 9106 §4, "SECOND RECOMMENDED option": t = 3, p = 4, m = 64 MiB, for machines
    /// where 2 GiB (the first option) cannot be assumed.
    fn default() -> Self {
        KdfParams {
            memory_kib: 64 * 1024,
            iterations: 3,
            lanes: 4,
        }
    }
}

impl KdfParams {
    /// The costliest parameters accepted from a file: what `isou keygen` writes
    /// ([`KdfParams::default`]) with a small margin (passes ×2, lanes up to 8), never more
    /// memory. A file asking for more was altered or made by another tool; before this
    /// bound, 2 GiB × 64 passes × 64 lanes cost 111 s and 2.1 GB per attempt before
    /// "wrong passphrase" (issue 13; CWE-400, CWE-770).
    pub const MOST: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 6,
        lanes: 8,
    };

    /// Whether these parameters are within [`KdfParams::MOST`] and valid for Argon2id
    /// (at least 8 KiB of memory per lane).
    pub fn within_bounds(&self) -> bool {
        let most = KdfParams::MOST;
        (1..=most.lanes).contains(&self.lanes)
            && (1..=most.iterations).contains(&self.iterations)
            && self.memory_kib <= most.memory_kib
            && self.memory_kib >= 8 * self.lanes
    }

    /// Whether these parameters are below Argon2id's own minimums (RFC 9106 §3.1: at
    /// least one lane and one pass, and 8 KiB of memory per lane).
    pub fn below_minimum(&self) -> bool {
        self.lanes == 0
            || self.iterations == 0
            || u64::from(self.memory_kib) < 8 * u64::from(self.lanes)
    }

    /// "64 MiB, 3 passes, 4 lanes".
    pub(super) fn describe(&self) -> String {
        let mem = if self.memory_kib % 1024 == 0 {
            format!("{} MiB", self.memory_kib / 1024)
        } else {
            format!("{} KiB", self.memory_kib)
        };
        crate::tr!(
            "key-kdf-params",
            memory = mem,
            passes = self.iterations,
            lanes = self.lanes
        )
    }

    pub(super) fn derive(
        &self,
        passphrase: &SecretString,
        salt: &[u8],
    ) -> Result<Zeroizing<[u8; 32]>, String> {
        let params = argon2::Params::new(self.memory_kib, self.iterations, self.lanes, Some(32))
            .map_err(|e| e.to_string())?;
        let a = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
        let mut key = Zeroizing::new([0u8; 32]);
        a.hash_password_into(passphrase.expose_secret().as_bytes(), salt, &mut key[..])
            .map_err(|e| e.to_string())?;
        Ok(key)
    }
}
