//! Keys: identity files, contact cards, recipients and passphrases.
//!
//! An isou **identity file** holds one party's two secrets: the X25519 age identity it
//! receives with and the Ed25519 key it signs media with. At rest it is protected by a
//! passphrase (Argon2id, RFC 9106 parameters recorded in the file, then
//! XChaCha20-Poly1305), created with `create_new` and mode 0600, never overwritten:
//!
//! ```text
//! # isou identity file — SECRET. Share only the contact card below.
//! # created: 2026-11-25T21:30:00Z
//! # contact card: isou-card-v1 age1… ssh-ed25519 AAAA…
//! -----BEGIN ISOU IDENTITY-----
//! version: 1
//! kdf: argon2id
//! argon2-version: 19
//! argon2-memory-kib: 65536
//! argon2-iterations: 3
//! argon2-lanes: 4
//! salt: <base64, 16 bytes>
//! aead: xchacha20poly1305
//! nonce: <base64, 24 bytes>
//! recipient: age1…
//! signing-key: ssh-ed25519 AAAA…
//! ciphertext: <base64>
//! checksum: sha256:<hex of the lines above>
//! -----END ISOU IDENTITY-----
//! ```
//!
//! Every field line before `ciphertext` is the AEAD's associated data, so the public
//! keys and KDF parameters cannot be swapped. The checksum lets isou tell a damaged file
//! ("restore it from backup") from one that does not open, which an AEAD alone cannot.
//! The checksum is unkeyed: whoever can write the file can alter a public field and
//! recompute it, and the AEAD then fails exactly as with a wrong passphrase, so that
//! error names both ([`KeyError::WrongPassphraseOrAltered`]). Argon2id parameters above
//! [`KdfParams::MOST`] (or below Argon2id's minimums) are refused before the passphrase
//! is asked. Each field appears exactly once and no other field is allowed: a repeated
//! or unknown line is in no associated data, so it is refused as altered rather than
//! read, first or last. CRLF line endings and
//! a UTF-8 byte order mark are accepted; only regular files are read.
//!
//! With `--unprotected` the file is a plain age identity file that the `age` CLI reads,
//! the signing key riding in a comment line that age ignores:
//!
//! ```text
//! # isou identity file — UNPROTECTED …
//! AGE-SECRET-KEY-1…
//! # ISOU-SIGNING-KEY-ED25519: <base64 seed>
//! ```
//!
//! An unprotected isou file holds exactly one line of each kind; a second signing-key
//! line, or a second age identity beside a signing key, is refused.
//!
//! Plain age identity files (`age-keygen` output) and passphrase-encrypted age identity
//! files are read too; they can decrypt but not sign.
//!
//! Secrets in memory: only the keys a command needs are decoded ([`KeyUse`]), each in
//! one heap buffer zeroized on drop (the signing key is boxed so moves do not copy it),
//! and the stack below the reader is wiped after parsing ([`wipe_stack`]).

pub mod card;
pub mod passphrase;
pub mod reason;

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use age::secrecy::ExposeSecret as _;
use base64::{prelude::BASE64_STANDARD, Engine};
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305};
use rand::RngCore;
use secrecy::SecretString;
use sha2::{Digest, Sha256};
use ssh_key::PrivateKey;
use zeroize::Zeroizing;

pub use card::{
    parse_recipient, parse_recipients_file, read_key_file, read_recipients_file, refuse_secret,
    ContactCard,
};
pub use passphrase::PassphraseSource;

use crate::error::KeyError;

const BEGIN: &str = "-----BEGIN ISOU IDENTITY-----";
const END: &str = "-----END ISOU IDENTITY-----";
const SIGNING_PREFIX: &str = "# ISOU-SIGNING-KEY-ED25519: ";
/// Identity files are a few hundred bytes; anything far larger is not one.
const MAX_FILE: u64 = 1024 * 1024;

/// What kind of secret key material a text holds, when it holds one where a public key
/// belongs (see [`secret_kind`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    /// An isou identity: a protected identity file, or the signing key line of an
    /// unprotected one.
    IsouIdentity,
    /// An age X25519 identity (age-keygen output).
    AgeIdentity,
    /// An age plugin identity (a hardware token's or plugin's secret side).
    AgePluginIdentity,
    /// An OpenSSH or other PEM private key.
    PrivateKey,
}

impl SecretKind {
    /// "identity" or "key": what to call a file of this kind (in the current language).
    pub fn noun(self) -> String {
        match self {
            SecretKind::PrivateKey => crate::tr!("key-noun-key"),
            _ => crate::tr!("key-noun-identity"),
        }
    }
}

impl fmt::Display for SecretKind {
    // Never the marker itself (`AGE-SECRET-KEY-1…`): the sanitiser would take the
    // message for a key and hide the rest of it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            SecretKind::IsouIdentity => crate::tr!("key-kind-isou-identity"),
            SecretKind::AgeIdentity => crate::tr!("key-kind-age-identity"),
            SecretKind::AgePluginIdentity => crate::tr!("key-kind-age-plugin-identity"),
            SecretKind::PrivateKey => crate::tr!("key-kind-private-key"),
        })
    }
}

/// Whether `text` (a recipient, contact card, signer or a whole file given as one)
/// holds secret key material, and which. Checked wherever a public key is parsed, so
/// that an identity file passed by mistake is refused as what it is, never quoted in an
/// error (CWE-209, CWE-532): the sanitiser hides keys only as a last line of defence.
pub fn secret_kind(text: &str) -> Option<SecretKind> {
    let upper = text.to_ascii_uppercase();
    // A protected isou identity holds no key in the clear, but is no public key either.
    if upper.contains(BEGIN) || upper.contains("ISOU-SIGNING-KEY-") {
        return Some(SecretKind::IsouIdentity);
    }
    if !crate::untrusted::looks_secret(text) {
        return None;
    }
    // Bech32 is case-insensitive: `age-secret-key-1…` is the same key.
    Some(if upper.contains("AGE-SECRET-KEY-") {
        SecretKind::AgeIdentity
    } else if upper.contains("AGE-PLUGIN-") {
        SecretKind::AgePluginIdentity
    } else {
        SecretKind::PrivateKey
    })
}

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
    fn describe(&self) -> String {
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

    fn derive(
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

/// A freshly generated pair of secrets.
pub struct NewIdentity {
    /// Receives: the X25519 age identity.
    pub age: age::x25519::Identity,
    /// Signs: the Ed25519 key.
    pub signing: PrivateKey,
    /// The contact card's label given at keygen, kept in the file (authenticated with
    /// the public keys in a protected file) so `isou card` prints it again.
    pub label: String,
}

impl NewIdentity {
    /// Generates both keys from the operating system's random source.
    pub fn generate() -> Self {
        NewIdentity {
            age: age::x25519::Identity::generate(),
            signing: PrivateKey::random(&mut rand::rngs::OsRng, ssh_key::Algorithm::Ed25519)
                .expect("Ed25519 key generation does not fail"),
            label: String::new(),
        }
    }

    /// The same keys with the card label `label`, kept to one line of plain text (a
    /// control character or line break would end the field line it is stored in; the
    /// CLI refuses them before).
    pub fn with_label(mut self, label: &str) -> Self {
        self.label = label.chars().filter(|c| !c.is_control()).collect();
        self
    }

    /// The contact card for these keys.
    pub fn contact_card(&self, label: &str) -> ContactCard {
        ContactCard {
            recipient: self.age.to_public(),
            signing_key: self.signing.public_key().clone(),
            label: label.to_string(),
        }
    }

    fn secret_text(&self) -> Zeroizing<String> {
        let seed = Zeroizing::new(ed25519_seed(&self.signing));
        Zeroizing::new(format!(
            "{}\n{SIGNING_PREFIX}{}\n",
            self.age.to_string().expose_secret(),
            Zeroizing::new(BASE64_STANDARD.encode(&seed[..])).as_str()
        ))
    }
}

fn ed25519_seed(k: &PrivateKey) -> [u8; 32] {
    k.key_data()
        .ed25519()
        .expect("isou signing keys are Ed25519")
        .private
        .to_bytes()
}

fn signing_key_from_seed(b64: &str) -> Result<Box<PrivateKey>, String> {
    let seed = Zeroizing::new(
        BASE64_STANDARD
            .decode(b64.trim())
            .map_err(|_| crate::tr!("key-why-signing-not-base64"))?,
    );
    let seed: &[u8; 32] = seed[..]
        .try_into()
        .map_err(|_| crate::tr!("key-why-signing-not-32-bytes"))?;
    let kp = ssh_key::private::Ed25519Keypair::from_seed(seed);
    PrivateKey::new(ssh_key::private::KeypairData::Ed25519(kp), "")
        .map(Box::new)
        .map_err(|e| crate::tr!("key-why-signing-invalid", error = e.to_string()))
}

/// A loaded identity file.
pub struct IdentityFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// The age identities in it (one for isou files; age files may hold several).
    pub identities: Vec<age::x25519::Identity>,
    /// The Ed25519 signing key, when the file has one. Boxed so that moving an
    /// `IdentityFile` around moves a pointer, not the seed: every move of an inline key
    /// left a copy on the stack (issue 13 counted them in a core dump; CWE-226).
    pub signing: Option<Box<PrivateKey>>,
}

impl fmt::Debug for IdentityFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print secrets: only what a contact card would show.
        f.debug_struct("IdentityFile")
            .field("path", &self.path)
            .field(
                "recipients",
                &self
                    .identities
                    .iter()
                    .map(|i| i.to_public().to_string())
                    .collect::<Vec<_>>(),
            )
            .field(
                "signing_key",
                &self
                    .signing
                    .as_ref()
                    .map(|k| k.public_key().to_openssh().ok()),
            )
            .finish()
    }
}

impl IdentityFile {
    /// The identities, as the engine takes them.
    pub fn age_identities(&self) -> Vec<&dyn age::Identity> {
        self.identities
            .iter()
            .map(|i| i as &dyn age::Identity)
            .collect()
    }

    /// The signing key, or an error naming the file when it has none.
    pub fn signing_key(&self) -> Result<&PrivateKey, KeyError> {
        self.signing
            .as_deref()
            .ok_or_else(|| KeyError::NoSigningKey(self.path.clone()))
    }

    /// The contact card, when the file holds both keys.
    pub fn contact_card(&self, label: &str) -> Option<ContactCard> {
        Some(ContactCard {
            recipient: self.identities.first()?.to_public(),
            signing_key: self.signing.as_ref()?.public_key().clone(),
            label: label.to_string(),
        })
    }
}

/// The default identity file: `$ISOU_IDENTITY`, else `<config dir>/isou/identity.txt`
/// (`~/.config/isou/identity.txt` on Linux).
pub fn default_identity_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ISOU_IDENTITY").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    dirs::config_dir().map(|d| d.join("isou").join("identity.txt"))
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> KeyError + '_ {
    move |error| KeyError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// Writes a new identity file: `create_new` (never overwrites) with mode 0600, fsynced.
/// With `passphrase`, the secrets are sealed as described in the module docs; without,
/// the file is a plain age identity file. A missing parent directory is created 0700.
pub fn write_identity_file(
    path: &Path,
    id: &NewIdentity,
    passphrase: Option<&SecretString>,
    params: KdfParams,
) -> Result<(), KeyError> {
    let text = Zeroizing::new(match passphrase {
        Some(p) => protected_text(id, p, params)?,
        None => unprotected_text(id),
    });
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            let mut b = fs::DirBuilder::new();
            b.recursive(true);
            crate::platform::owner_only_dir(&mut b);
            b.create(dir).map_err(io_err(dir))?;
        }
    }
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    crate::platform::secret_file(&mut opts);
    let mut f = opts.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            KeyError::AlreadyExists(path.to_path_buf())
        } else {
            io_err(path)(e)
        }
    })?;
    // On Windows the file gets a protected DACL granting only this user (the mode
    // above does that on Unix); see crate::platform.
    let written = crate::platform::make_private(&f)
        .and_then(|()| f.write_all(text.as_bytes()))
        .and_then(|_| f.sync_all());
    if let Err(e) = written {
        drop(f);
        let _ = fs::remove_file(path);
        return Err(io_err(path)(e));
    }
    Ok(())
}

fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

// The comments written into an identity file are part of a file, not messages: they
// stay in English whoever ran keygen (issue 17), as a file does not change language
// with the person reading it.
fn unprotected_text(id: &NewIdentity) -> String {
    format!(
        "# isou identity file — UNPROTECTED: no passphrase guards these keys.\n\
         # Keep it only on protected hardware or for scripts; anyone who copies it can\n\
         # open what is sent to you and sign as you. The age CLI reads it as is.\n\
         # created: {}\n\
         # public key: {}\n\
         # contact card: {}\n\
         {}",
        now(),
        id.age.to_public(),
        id.contact_card(&id.label),
        id.secret_text().as_str()
    )
}

/// The field lines of a protected file, in order; all of them are associated data.
/// The card's `label` line only when there is one: a file without a label is the same
/// bytes as before labels were kept, so older files still open.
fn protected_fields(
    params: &KdfParams,
    salt: &[u8],
    nonce: &[u8],
    recipient: &str,
    signing: &str,
    label: Option<&str>,
) -> String {
    format!(
        "version: 1\nkdf: argon2id\nargon2-version: 19\nargon2-memory-kib: {}\n\
         argon2-iterations: {}\nargon2-lanes: {}\nsalt: {}\naead: xchacha20poly1305\n\
         nonce: {}\nrecipient: {recipient}\nsigning-key: {signing}\n{}",
        params.memory_kib,
        params.iterations,
        params.lanes,
        BASE64_STANDARD.encode(salt),
        BASE64_STANDARD.encode(nonce),
        label
            .filter(|l| !l.is_empty())
            .map(|l| format!("label: {l}\n"))
            .unwrap_or_default(),
    )
}

fn protected_text(
    id: &NewIdentity,
    passphrase: &SecretString,
    params: KdfParams,
) -> Result<String, KeyError> {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let card = id.contact_card("");
    let signing = card.to_string();
    let signing = signing
        .split_whitespace()
        .skip(2)
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let fields = protected_fields(
        &params,
        &salt,
        &nonce,
        &card.recipient.to_string(),
        &signing,
        Some(id.label.as_str()),
    );
    let key = params
        .derive(passphrase, &salt)
        .map_err(KeyError::Passphrase)?;
    let ct = XChaCha20Poly1305::new((&*key).into())
        .encrypt(
            (&nonce).into(),
            Payload {
                msg: id.secret_text().as_bytes(),
                aad: fields.as_bytes(),
            },
        )
        .expect("encrypting a small buffer does not fail");
    let body = format!("{fields}ciphertext: {}\n", BASE64_STANDARD.encode(ct));
    let sum = hex::encode(Sha256::digest(body.as_bytes()));
    Ok(format!(
        "# isou identity file — SECRET, protected by a passphrase. Share only the contact\n\
         # card below; never send this file. Losing the passphrase loses the keys.\n\
         # created: {}\n\
         # contact card: {}\n\
         {BEGIN}\n{body}checksum: sha256:{sum}\n{END}\n",
        now(),
        id.contact_card(&id.label)
    ))
}

/// Refuses an identity file that others can read: a key that may have been copied is no
/// longer a key (the manual requires keys be accessible only to authorised persons).
pub fn check_permissions(path: &Path) -> Result<(), KeyError> {
    let meta = fs::metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            KeyError::NotFound(path.to_path_buf())
        } else {
            io_err(path)(e)
        }
    })?;
    check_mode(path, &meta)
}

fn check_mode(path: &Path, meta: &fs::Metadata) -> Result<(), KeyError> {
    // Unix permission bits; on Windows no mode is read (the ACL is not judged, see
    // SECURITY.md "On Windows").
    if let Some(mode) = crate::platform::mode(meta) {
        if crate::platform::loose(mode) {
            return Err(KeyError::InsecurePermissions {
                path: path.to_path_buf(),
                mode,
            });
        }
    }
    Ok(())
}

/// Which secrets of an identity file to decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyUse {
    /// Both: to decrypt, to sign, to print the contact card.
    All,
    /// Only the signing key: `seal` signs and never decrypts, so the X25519 secret is
    /// not decoded and never sits in its memory (issue 13; CWE-226, least privilege).
    Sign,
    /// Only the age identities: `decrypt` and `open` never sign.
    Decrypt,
}

/// Opens an identity file for reading only if it is a regular file: a FIFO would block
/// the open (and then the read) for ever, a device could be endless (CWE-400). The
/// open is non-blocking and the type and mode come from the opened descriptor, so a
/// file swapped between the check and the read is not read (CWE-367).
fn open_regular(path: &Path) -> Result<(File, fs::Metadata), KeyError> {
    use crate::localfile::{self, Links, LocalFileError};
    let (f, meta) = localfile::open_regular(path, Links::Follow).map_err(|e| match e {
        LocalFileError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
            KeyError::NotFound(path.to_path_buf())
        }
        LocalFileError::Io(e) => io_err(path)(e),
        LocalFileError::NotRegular(kind) => KeyError::NotRegular {
            path: path.to_path_buf(),
            kind,
        },
        e @ LocalFileError::TooLarge { .. } => io_err(path)(std::io::Error::other(e)),
    })?;
    Ok((f, meta))
}

/// Reads an identity file of any supported kind, with both its secrets. `passphrase` is
/// called only when the file is protected.
pub fn read_identity_file(
    path: &Path,
    passphrase: &mut dyn FnMut() -> Result<SecretString, KeyError>,
) -> Result<IdentityFile, KeyError> {
    read_identity_file_for(path, KeyUse::All, passphrase)
}

/// Reads an identity file, decoding only the secrets `key_use` needs.
pub fn read_identity_file_for(
    path: &Path,
    key_use: KeyUse,
    passphrase: &mut dyn FnMut() -> Result<SecretString, KeyError>,
) -> Result<IdentityFile, KeyError> {
    let read = read_file_inner(path, key_use, passphrase);
    // The secrets now live only in the heap buffers of the result (zeroized on drop);
    // the copies that parsing and key construction left in dead stack frames are
    // overwritten here (CWE-226).
    wipe_stack();
    read
}

/// The contact card of an identity file, read without its passphrase: a card holds only
/// public keys, so `isou card` need not unlock anything (issue 15 item 10).
///
/// A protected file keeps its public keys (and the label given at keygen) as field
/// lines in the clear, and they are the AEAD's associated data: every unlock (seal,
/// open, decrypt) authenticates them, and a file whose fields were changed stops
/// opening ([`KeyError::WrongPassphraseOrAltered`]). Read here without unlocking, they
/// are checked against the file's checksum (damage is caught) but not against
/// tampering by someone who can write the file: such a person could equally replace
/// the whole file, and the card's fingerprints are what partners confirm by phone
/// (README). Deriving them without the secret is impossible (the public keys *are*
/// what the secret derives). An unprotected file holds its secrets in the clear, and
/// the card is derived from them; its label rides in its `# contact card:` comment.
/// A passphrase-encrypted age identity (not isou's) has no signing key, so no card.
pub fn read_public_card(path: &Path) -> Result<ContactCard, KeyError> {
    // An unprotected file's card is derived from its secrets, decoded on the way: the
    // stack below is wiped after, as after any key parsing (CWE-226).
    let card = read_public_card_inner(path);
    wipe_stack();
    card
}

#[inline(never)]
fn read_public_card_inner(path: &Path) -> Result<ContactCard, KeyError> {
    let corrupted = |why: String| KeyError::Corrupted {
        path: path.to_path_buf(),
        why,
    };
    // The same checks as before an unlock: an identity file others may read is refused
    // even though only its public part is printed — it holds the secrets (CWE-732).
    let raw = read_identity_bytes(path)?;
    let bytes = raw.strip_prefix(BOM).unwrap_or(&raw[..]);
    if bytes.starts_with(b"age-encryption.org/")
        || bytes.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
    {
        return Err(KeyError::NoSigningKey(path.to_path_buf()));
    }
    let text = without_cr(bytes);
    let text = std::str::from_utf8(&text).map_err(|_| KeyError::UnknownFormat {
        path: path.to_path_buf(),
        why: crate::tr!("key-why-not-utf8"),
    })?;
    let Some(start) = text.find(BEGIN) else {
        let id = read_plain(path, text, KeyUse::All)?;
        // The label written at keygen, from the comment (an unprotected file has
        // nothing authenticated: whoever can write it can change the keys too).
        let label = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("# contact card: "))
            .find_map(|c| c.parse::<ContactCard>().ok())
            .map(|c| c.label)
            .unwrap_or_default();
        return id
            .contact_card(&label)
            .ok_or_else(|| KeyError::NoSigningKey(path.to_path_buf()));
    };
    // Everything a later unlock would refuse before asking is refused here too: a
    // card from a file that can never open (or was altered) is of no use to anyone.
    let h = protected_header(path, &text[start + BEGIN.len()..])?;
    let recipient = h.recipient.parse::<age::x25519::Recipient>().map_err(|e| {
        corrupted(crate::tr!(
            "key-why-recipient-field",
            error = reason::age_recipient(e)
        ))
    })?;
    let signing_key = ssh_key::PublicKey::from_openssh(h.signing_pub).map_err(|e| {
        corrupted(crate::tr!(
            "key-why-signing-field",
            error = reason::ssh_key(&e)
        ))
    })?;
    let label = h.label.unwrap_or("");
    // Printed by `isou card` and recorded by partners: a record value, as keygen wrote it.
    if !label.is_empty() && crate::records::check_value("label", label).is_err() {
        return Err(corrupted(crate::tr!("key-why-label")));
    }
    Ok(ContactCard {
        recipient,
        signing_key,
        label: label.to_string(),
    })
}

#[inline(never)]
fn read_file_inner(
    path: &Path,
    key_use: KeyUse,
    passphrase: &mut dyn FnMut() -> Result<SecretString, KeyError>,
) -> Result<IdentityFile, KeyError> {
    let raw = read_identity_bytes(path)?;
    parse_identity_for(path, &raw, key_use, passphrase)
}

/// The bytes of an identity file, read once, bounded, held zeroizing: a regular file of
/// at most [`MAX_FILE`] bytes, not a public key, not readable by others.
fn read_identity_bytes(path: &Path) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let (f, meta) = open_regular(path)?;
    // One allocation of the right size: a buffer grown while reading would leave
    // unwiped copies of the secrets in the freed smaller ones.
    let mut raw = Zeroizing::new(Vec::with_capacity(meta.len().min(MAX_FILE) as usize + 1));
    f.take(MAX_FILE + 1)
        .read_to_end(&mut raw)
        .map_err(io_err(path))?;
    if raw.len() as u64 > MAX_FILE {
        return Err(KeyError::UnknownFormat {
            path: path.to_path_buf(),
            why: crate::tr!("key-why-too-large"),
        });
    }
    // A partner's contact card (or any public key) given as -i is named as such before
    // its permissions are judged: "readable by other users … check who may have copied
    // it" about a public card sends the clerk hunting for a leak that never happened
    // (issue 15 item 5). Only a file with nothing secret in it is so named; any other
    // file readable by others is refused as before (CWE-732).
    if let Some(kind) = card::public_kind(&raw) {
        return Err(KeyError::PublicKeyGiven {
            path: path.to_path_buf(),
            kind,
        });
    }
    check_mode(path, &meta)?;
    Ok(raw)
}

/// Overwrites 256 KiB of the stack below the caller's frame with zeros: the dead frames
/// of key parsing, key derivation and decryption held copies of the secrets (moves in
/// Rust copy, and nothing wipes a frame when it returns; issue 13 found the signing
/// seed 21 times on the stack of a stalled `decrypt`). Call it after the secrets were
/// used (CWE-226).
#[inline(never)]
pub fn wipe_stack() {
    let mut buf = [0u8; 256 * 1024];
    zeroize::Zeroize::zeroize(&mut buf[..]);
    std::hint::black_box(&mut buf);
}

/// A UTF-8 byte order mark some editors put first.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The text without CRLF line endings (an intact file copied through Windows is not
/// damaged), in one zeroized buffer.
fn without_cr(raw: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(raw.len()));
    for (i, &b) in raw.iter().enumerate() {
        if b == b'\r' && raw.get(i + 1) == Some(&b'\n') {
            continue;
        }
        out.push(b);
    }
    out
}

/// Parses identity file contents (see [`read_identity_file`]); exposed for fuzzing.
pub fn parse_identity(
    path: &Path,
    raw: &[u8],
    passphrase: &mut dyn FnMut() -> Result<SecretString, KeyError>,
) -> Result<IdentityFile, KeyError> {
    parse_identity_for(path, raw, KeyUse::All, passphrase)
}

fn parse_identity_for(
    path: &Path,
    raw: &[u8],
    key_use: KeyUse,
    passphrase: &mut dyn FnMut() -> Result<SecretString, KeyError>,
) -> Result<IdentityFile, KeyError> {
    let unknown = |why: String| KeyError::UnknownFormat {
        path: path.to_path_buf(),
        why,
    };
    let raw = raw.strip_prefix(BOM).unwrap_or(raw);
    if raw.starts_with(b"age-encryption.org/")
        || raw.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
    {
        return read_age_encrypted_identity(path, raw, key_use, passphrase);
    }
    let raw = without_cr(raw);
    let text = std::str::from_utf8(&raw).map_err(|_| unknown(crate::tr!("key-why-not-utf8")))?;
    if text.contains("-----BEGIN OPENSSH PRIVATE KEY-----") {
        return Err(unknown(crate::tr!("key-why-ssh-private-key")));
    }
    if let Some(start) = text.find(BEGIN) {
        return read_protected(path, &text[start + BEGIN.len()..], key_use, passphrase);
    }
    read_plain(path, text, key_use)
}

fn read_plain(path: &Path, text: &str, key_use: KeyUse) -> Result<IdentityFile, KeyError> {
    let corrupted = |why: String| KeyError::Corrupted {
        path: path.to_path_buf(),
        why,
    };
    let mut identities = Vec::new();
    let mut seeds = Vec::new();
    let mut age_lines = 0;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(seed) = line.strip_prefix(SIGNING_PREFIX) {
            seeds.push(seed);
        } else if line.is_empty() || line.starts_with('#') {
            continue;
        } else if line.starts_with("AGE-SECRET-KEY-1") {
            age_lines += 1;
            // Only the keys asked for are decoded (seal never holds the X25519 key).
            if key_use != KeyUse::Sign {
                let id = age::x25519::Identity::from_str(line).map_err(|e| {
                    corrupted(crate::tr!(
                        "key-why-line",
                        line = (n + 1).to_string(),
                        error = e.to_string()
                    ))
                })?;
                identities.push(id);
            }
        } else {
            return Err(KeyError::UnknownFormat {
                path: path.to_path_buf(),
                why: crate::tr!("key-why-unknown-line", line = (n + 1).to_string()),
            });
        }
    }
    if age_lines == 0 {
        return Err(KeyError::UnknownFormat {
            path: path.to_path_buf(),
            why: crate::tr!("key-why-no-age-line"),
        });
    }
    // An isou identity holds one key of each kind. Two signing keys (or a second age
    // identity beside a signing key) mean the file was edited: isou will not guess
    // which one is the owner's by taking the last (issue 13).
    if seeds.len() > 1 {
        return Err(corrupted(crate::tr!(
            "key-why-many-signing-keys",
            count = seeds.len()
        )));
    }
    if !seeds.is_empty() && age_lines > 1 {
        return Err(corrupted(crate::tr!(
            "key-why-many-age-lines",
            count = age_lines
        )));
    }
    let signing = match seeds.first().filter(|_| key_use != KeyUse::Decrypt) {
        Some(seed) => Some(signing_key_from_seed(seed).map_err(&corrupted)?),
        None => None,
    };
    Ok(IdentityFile {
        path: path.to_path_buf(),
        identities,
        signing,
    })
}

/// The fields of a version 1 protected identity file, each exactly once.
const PROTECTED_FIELDS: &[&str] = &[
    "version",
    "kdf",
    "argon2-version",
    "argon2-memory-kib",
    "argon2-iterations",
    "argon2-lanes",
    "salt",
    "aead",
    "nonce",
    "recipient",
    "signing-key",
    "label",
    "ciphertext",
];

/// The field lines of a protected file's block, checked against its checksum, each
/// one a field isou writes and none twice.
fn protected_field_lines<'a>(
    path: &Path,
    rest: &'a str,
) -> Result<Vec<(&'a str, &'a str)>, KeyError> {
    let corrupted = |why: &str| KeyError::Corrupted {
        path: path.to_path_buf(),
        why: why.into(),
    };
    let block = rest
        .split_once(END)
        .map(|(b, _)| b)
        .ok_or_else(|| corrupted(&crate::tr!("key-why-end-missing")))?;
    let block = block.strip_prefix('\n').unwrap_or(block);
    let (body, checksum) = block
        .rsplit_once("checksum: sha256:")
        .ok_or_else(|| corrupted(&crate::tr!("key-why-checksum-missing")))?;
    if hex::encode(Sha256::digest(body.as_bytes())) != checksum.trim() {
        return Err(corrupted(&crate::tr!("key-why-checksum-mismatch")));
    }
    let mut fields: Vec<(&str, &str)> = Vec::new();
    for line in body.lines() {
        let (k, v) = line
            .split_once(": ")
            .ok_or_else(|| corrupted(&crate::tr!("key-why-field-malformed")))?;
        // Finding 07: a second `recipient:` (or `kdf:`, …) line, or a field version 1
        // does not have, is in no associated data — the AEAD is bound to the first of
        // each — so it would be read by nobody or, worse, by a later reader that takes
        // the last one. The checksum is unkeyed and proves nothing; only a file with
        // exactly the fields isou writes is read (CWE-347, CWE-436).
        if !PROTECTED_FIELDS.contains(&k) {
            return Err(corrupted(&crate::tr!(
                "key-why-unknown-field",
                field = crate::untrusted::sanitize(k)
            )));
        }
        if fields.iter().any(|(seen, _)| *seen == k) {
            return Err(corrupted(&crate::tr!("key-why-field-twice", field = k)));
        }
        fields.push((k, v));
    }
    Ok(fields)
}

/// What a protected file's block holds before it is unlocked, each field checked.
struct ProtectedHeader<'a> {
    params: KdfParams,
    salt: Vec<u8>,
    nonce: [u8; 24],
    ct: Vec<u8>,
    recipient: &'a str,
    signing_pub: &'a str,
    label: Option<&'a str>,
}

/// Every check of a protected file that needs no passphrase: checksum, fields, format
/// version, KDF and cipher, KDF bounds (before anything is asked or derived), encodings.
fn protected_header<'a>(path: &Path, rest: &'a str) -> Result<ProtectedHeader<'a>, KeyError> {
    let corrupted = |why: &str| KeyError::Corrupted {
        path: path.to_path_buf(),
        why: why.into(),
    };
    let fields = protected_field_lines(path, rest)?;
    let get = |name: &str| -> Result<&str, KeyError> {
        fields
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| *v)
            .ok_or_else(|| corrupted(&crate::tr!("key-why-field-missing", field = name)))
    };
    if get("version")? != "1" {
        return Err(KeyError::UnknownFormat {
            path: path.to_path_buf(),
            why: crate::tr!(
                "key-why-newer-version",
                version = crate::untrusted::sanitize(get("version")?)
            ),
        });
    }
    if get("kdf")? != "argon2id"
        || get("argon2-version")? != "19"
        || get("aead")? != "xchacha20poly1305"
    {
        return Err(corrupted(&crate::tr!("key-why-unknown-kdf")));
    }
    let num = |name: &str| -> Result<u32, KeyError> {
        get(name)?
            .parse()
            .map_err(|_| corrupted(&crate::tr!("key-why-not-number", field = name)))
    };
    let params = KdfParams {
        memory_kib: num("argon2-memory-kib")?,
        iterations: num("argon2-iterations")?,
        lanes: num("argon2-lanes")?,
    };
    // Before the passphrase is asked: the user would type it and wait for nothing.
    if !params.within_bounds() {
        return Err(KeyError::KdfOutOfBounds {
            path: path.to_path_buf(),
            asked: params.describe(),
            most: KdfParams::MOST.describe(),
            below_minimum: params.below_minimum(),
        });
    }
    let b64 = |name: &str| -> Result<Vec<u8>, KeyError> {
        BASE64_STANDARD
            .decode(get(name)?)
            .map_err(|_| corrupted(&crate::tr!("key-why-not-base64", field = name)))
    };
    let salt = b64("salt")?;
    let nonce: [u8; 24] = b64("nonce")?
        .try_into()
        .map_err(|_| corrupted(&crate::tr!("key-why-nonce")))?;
    if salt.len() < 16 {
        return Err(corrupted(&crate::tr!("key-why-salt")));
    }
    let ct = b64("ciphertext")?;
    let recipient = get("recipient")?;
    let signing_pub = get("signing-key")?;
    let label = fields.iter().find(|(k, _)| *k == "label").map(|(_, v)| *v);
    Ok(ProtectedHeader {
        params,
        salt,
        nonce,
        ct,
        recipient,
        signing_pub,
        label,
    })
}

fn read_protected(
    path: &Path,
    rest: &str,
    key_use: KeyUse,
    passphrase: &mut dyn FnMut() -> Result<SecretString, KeyError>,
) -> Result<IdentityFile, KeyError> {
    let corrupted = |why: &str| KeyError::Corrupted {
        path: path.to_path_buf(),
        why: why.into(),
    };
    let ProtectedHeader {
        params,
        salt,
        nonce,
        ct,
        recipient,
        signing_pub,
        label,
    } = protected_header(path, rest)?;
    let aad = protected_fields(&params, &salt, &nonce, recipient, signing_pub, label);
    let pass = passphrase()?;
    let key = params.derive(&pass, &salt).map_err(|e| corrupted(&e))?;
    let plain = XChaCha20Poly1305::new((&*key).into())
        .decrypt(
            (&nonce).into(),
            Payload {
                msg: &ct,
                aad: aad.as_bytes(),
            },
        )
        // The checksum matched, but it is unkeyed: whoever can write the file can change
        // a public field (swap the signing key) and recompute it. The associated data
        // then fails exactly like a wrong passphrase, so the message names both.
        .map_err(|_| KeyError::WrongPassphraseOrAltered(path.to_path_buf()))?;
    let plain = Zeroizing::new(plain);
    let text = std::str::from_utf8(&plain)
        .map_err(|_| corrupted(&crate::tr!("key-why-sealed-not-text")))?;
    let id = read_plain(path, text, key_use)?;
    // The sealed keys must be the ones the file advertises (the recipient only when
    // the age key was decoded; it is authenticated as associated data anyway).
    let recipient_ok = match key_use {
        KeyUse::Sign => id.identities.is_empty(),
        _ => id.identities.len() == 1 && id.identities[0].to_public().to_string() == recipient,
    };
    let signing_ok = match key_use {
        KeyUse::Decrypt => id.signing.is_none(),
        _ => id
            .signing
            .as_ref()
            .and_then(|s| s.public_key().to_openssh().ok())
            .is_some_and(|s| s.trim() == signing_pub),
    };
    let card_ok = recipient_ok && signing_ok;
    if !card_ok {
        return Err(corrupted(&crate::tr!("key-why-sealed-mismatch")));
    }
    Ok(id)
}

fn read_age_encrypted_identity(
    path: &Path,
    raw: &[u8],
    key_use: KeyUse,
    passphrase: &mut dyn FnMut() -> Result<SecretString, KeyError>,
) -> Result<IdentityFile, KeyError> {
    use crate::engine::{Decryptor, Parallelism};
    use crate::error::DecryptError;
    let d = Decryptor::new(raw).map_err(|e| KeyError::Corrupted {
        path: path.to_path_buf(),
        why: e.to_string(),
    })?;
    // The plaintext is shorter than the file: one buffer, never grown (a grown one
    // leaves unwiped copies in the freed smaller ones; CWE-226).
    let mut plain = Zeroizing::new(Vec::with_capacity(raw.len() + 1));
    let r = d.decrypt_with_passphrase(passphrase()?, None, Parallelism::with_workers(1));
    let result = r.and_then(|mut r| r.read_to_end(&mut plain).map_err(DecryptError::from_io));
    match result {
        Ok(_) => {}
        Err(DecryptError::WrongPassphrase) => {
            return Err(KeyError::WrongPassphrase(path.to_path_buf()))
        }
        Err(e) => {
            return Err(KeyError::Corrupted {
                path: path.to_path_buf(),
                why: e.to_string(),
            })
        }
    }
    let text = std::str::from_utf8(&plain).map_err(|_| KeyError::UnknownFormat {
        path: path.to_path_buf(),
        why: crate::tr!("key-why-decrypted-not-text"),
    })?;
    read_plain(path, text, key_use)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> KdfParams {
        KdfParams {
            memory_kib: 64,
            iterations: 1,
            lanes: 1,
        }
    }

    fn pass(s: &str) -> SecretString {
        SecretString::from(s.to_string())
    }

    #[test]
    fn the_card_is_read_without_unlocking_and_its_label_is_authenticated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("id.txt");
        let id = NewIdentity::generate().with_label("大阪府がん登録室");
        write_identity_file(&path, &id, Some(&pass("correct horse")), cheap()).unwrap();
        let card = read_public_card(&path).unwrap();
        assert_eq!(card, id.contact_card("大阪府がん登録室"));
        // The label is associated data: changed (checksum recomputed), the card shows
        // it, but the file no longer unlocks, so the change does not go unnoticed.
        let text = fs::read_to_string(&path).unwrap();
        let evil = text.replace("label: 大阪府がん登録室\n", "label: 別の組織\n");
        let start = evil.find(BEGIN).unwrap() + BEGIN.len() + 1;
        let (body, _) = evil[start..].rsplit_once("checksum: sha256:").unwrap();
        let sum = hex::encode(Sha256::digest(body.as_bytes()));
        let evil = format!("{}{body}checksum: sha256:{sum}\n{END}\n", &evil[..start]);
        let altered = dir.path().join("altered.txt");
        fs::write(&altered, evil).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&altered, fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert_eq!(read_public_card(&altered).unwrap().label, "別の組織");
        assert!(matches!(
            read_identity_file(&altered, &mut || Ok(pass("correct horse"))),
            Err(KeyError::WrongPassphraseOrAltered(_))
        ));
        // A file without a label is the same as before labels were kept.
        let plain = dir.path().join("nolabel.txt");
        write_identity_file(&plain, &NewIdentity::generate(), Some(&pass("x")), cheap()).unwrap();
        assert!(!fs::read_to_string(&plain).unwrap().contains("label:"));
        assert_eq!(read_public_card(&plain).unwrap().label, "");
    }

    #[test]
    fn protected_round_trip_wrong_passphrase_and_corruption() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/id.txt");
        let id = NewIdentity::generate();
        write_identity_file(&path, &id, Some(&pass("correct horse")), cheap()).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        let back = read_identity_file(&path, &mut || Ok(pass("correct horse"))).unwrap();
        assert_eq!(back.identities[0].to_public(), id.age.to_public());
        assert_eq!(
            ed25519_seed(back.signing_key().unwrap()),
            ed25519_seed(&id.signing)
        );
        assert!(!format!("{back:?}").contains("AGE-SECRET-KEY"));

        assert!(matches!(
            read_identity_file(&path, &mut || Ok(pass("wrong horse"))),
            Err(KeyError::WrongPassphraseOrAltered(_))
        ));

        // Flip one character of the ciphertext: the checksum names it as damage.
        let text = fs::read_to_string(&path).unwrap();
        let at = text.find("ciphertext: ").unwrap() + 20;
        let mut bytes = text.into_bytes();
        bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
        let bad = dir.path().join("bad.txt");
        let mut o = OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        o.open(&bad).unwrap().write_all(&bytes).unwrap();
        assert!(matches!(
            read_identity_file(&bad, &mut || Ok(pass("correct horse"))),
            Err(KeyError::Corrupted { .. })
        ));

        // Never overwritten.
        assert!(matches!(
            write_identity_file(&path, &id, None, cheap()),
            Err(KeyError::AlreadyExists(_))
        ));
    }

    #[test]
    fn unprotected_file_is_a_plain_age_identity_with_signing_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("id.txt");
        let id = NewIdentity::generate();
        write_identity_file(&path, &id, None, cheap()).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.lines().any(|l| l.starts_with("AGE-SECRET-KEY-1")));
        let back = read_identity_file(&path, &mut || panic!("no passphrase needed")).unwrap();
        assert_eq!(back.identities[0].to_public(), id.age.to_public());
        assert!(back.signing.is_some());
        assert_eq!(
            back.contact_card("").unwrap().to_string(),
            id.contact_card("").to_string()
        );
        // Debug output (logs, panics) never shows a secret: neither the age key nor
        // the signing key's seed.
        let dbg = format!("{back:?}");
        assert!(!dbg.contains("AGE-SECRET-KEY"), "{dbg}");
        let seed = text
            .lines()
            .find_map(|l| l.strip_prefix(SIGNING_PREFIX))
            .unwrap();
        assert!(!dbg.contains(seed.trim()), "{dbg}");
        assert!(dbg.contains(&id.age.to_public().to_string()));
    }

    #[cfg(unix)]
    #[test]
    fn group_readable_identity_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("id.txt");
        write_identity_file(&path, &NewIdentity::generate(), None, cheap()).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        assert!(matches!(
            read_identity_file(&path, &mut || Ok(pass("x"))),
            Err(KeyError::InsecurePermissions { mode, .. }) if mode & 0o777 == 0o640
        ));
    }

    #[test]
    fn other_files_are_named_unknown() {
        let p = Path::new("x");
        for raw in [
            &b"\x00\x01binary"[..],
            b"hello\n",
            b"# only a comment\n",
            b"-----BEGIN OPENSSH PRIVATE KEY-----\n",
        ] {
            let e = parse_identity(p, raw, &mut || Ok(pass("x"))).unwrap_err();
            assert!(matches!(e, KeyError::UnknownFormat { .. }), "{e}");
            // The message and hint are printed through the sanitiser, which hides
            // everything after a secret key's marker: naming the marker would cut them.
            let shown = format!("{e} {}", e.hint().unwrap());
            assert!(!crate::untrusted::looks_secret(&shown), "{shown}");
        }
    }

    #[test]
    fn absurd_kdf_parameters_are_refused_before_allocating() {
        let id = NewIdentity::generate();
        let text = protected_text(&id, &pass("correct horse"), cheap()).unwrap();
        let evil = text.replace("argon2-memory-kib: 64\n", "argon2-memory-kib: 4000000000\n");
        // Recompute the checksum so only the parameter check can catch it.
        let start = evil.find(BEGIN).unwrap() + BEGIN.len() + 1;
        let body_end = evil.find("checksum: sha256:").unwrap();
        let body = &evil[start..body_end];
        let sum = hex::encode(Sha256::digest(body.as_bytes()));
        let evil = format!("{}checksum: sha256:{sum}\n{END}\n", &evil[..body_end]);
        let e = parse_identity(Path::new("x"), evil.as_bytes(), &mut || {
            panic!("the passphrase is not asked for a file that cannot be opened")
        })
        .unwrap_err();
        assert!(matches!(e, KeyError::KdfOutOfBounds { .. }), "{e}");
    }

    #[test]
    fn kdf_bound_is_keygens_default_with_a_margin() {
        assert!(KdfParams::default().within_bounds());
        assert!(cheap().within_bounds());
        for p in [
            KdfParams {
                memory_kib: 64 * 1024 + 1,
                ..KdfParams::default()
            },
            KdfParams {
                iterations: 7,
                ..KdfParams::default()
            },
            KdfParams {
                lanes: 9,
                ..KdfParams::default()
            },
            KdfParams {
                memory_kib: 8 * 4 - 1,
                ..KdfParams::default()
            },
            KdfParams {
                iterations: 0,
                ..KdfParams::default()
            },
        ] {
            assert!(!p.within_bounds(), "{p:?}");
        }
    }

    #[test]
    fn only_the_keys_asked_for_are_decoded() {
        let id = NewIdentity::generate();
        let seed = ed25519_seed(&id.signing);
        for text in [
            protected_text(&id, &pass("correct horse"), cheap()).unwrap(),
            unprotected_text(&id),
        ] {
            let raw = text.as_bytes();
            let mut p = || Ok(pass("correct horse"));
            let sign = parse_identity_for(Path::new("x"), raw, KeyUse::Sign, &mut p).unwrap();
            assert!(sign.identities.is_empty());
            assert_eq!(ed25519_seed(sign.signing_key().unwrap()), seed);
            let dec = parse_identity_for(Path::new("x"), raw, KeyUse::Decrypt, &mut p).unwrap();
            assert!(dec.signing.is_none());
            assert_eq!(dec.identities[0].to_public(), id.age.to_public());
            let all = parse_identity_for(Path::new("x"), raw, KeyUse::All, &mut p).unwrap();
            assert!(all.signing.is_some() && all.identities.len() == 1);
        }
    }

    #[test]
    fn crlf_and_bom_are_accepted_and_binary_age_files_untouched() {
        let id = NewIdentity::generate();
        for text in [
            protected_text(&id, &pass("correct horse"), cheap()).unwrap(),
            unprotected_text(&id),
        ] {
            let windows = format!("\u{feff}{}", text.replace('\n', "\r\n"));
            let back = parse_identity(Path::new("x"), windows.as_bytes(), &mut || {
                Ok(pass("correct horse"))
            })
            .unwrap();
            assert_eq!(back.identities[0].to_public(), id.age.to_public());
        }
        assert_eq!(&without_cr(b"a\r\nb\rc\r")[..], b"a\nb\rc\r");
    }

    #[test]
    fn two_signing_keys_are_refused() {
        let id = NewIdentity::generate();
        let other = NewIdentity::generate();
        let text = format!(
            "{}{}",
            unprotected_text(&id),
            other.secret_text().lines().nth(1).unwrap()
        );
        let e =
            parse_identity(Path::new("x"), text.as_bytes(), &mut || unreachable!()).unwrap_err();
        assert!(
            matches!(e, KeyError::Corrupted { ref why, .. } if why.contains("2 signing-key lines")),
            "{e}"
        );
    }
}
