//! `isou keygen` and `isou card`.

use std::path::{Path, PathBuf};

use isou::error::KeyError;
use isou::keys::{self, KdfParams, KeyUse, NewIdentity, PassphraseSource};
use secrecy::SecretString;

use crate::cli::{CardArgs, KeygenArgs, PassphraseArgs};
use crate::error::CliError;
use crate::output::errln;
use crate::output::outln;

fn identity_path(given: Option<&Path>) -> Result<PathBuf, CliError> {
    given
        .map(Path::to_path_buf)
        .or_else(keys::default_identity_path)
        .ok_or_else(|| {
            CliError::usage(
                "there is no per-user configuration directory on this system",
                "name the identity file with -i FILE (or -o FILE for keygen), or set ISOU_IDENTITY",
            )
        })
}

/// Asks for identity passphrases: at the terminal once per file (files may have
/// different passphrases), from a file or descriptor once in all, the secret kept for
/// the next file. A descriptor can be read only once (it is closed after; a second read
/// failed, or read whatever file had been opened under that number since) (issue 13).
pub struct IdentityPassphrase {
    source: PassphraseSource,
    kept: Option<SecretString>,
}

impl IdentityPassphrase {
    pub fn new(pass: &PassphraseArgs) -> Self {
        IdentityPassphrase {
            source: pass.source(),
            kept: None,
        }
    }

    fn read(&mut self, path: &Path) -> Result<SecretString, KeyError> {
        if self.source == PassphraseSource::Terminal {
            return self.source.read(&format!(
                "Passphrase for identity file {}: ",
                path.display()
            ));
        }
        if let Some(p) = &self.kept {
            return Ok(p.clone());
        }
        let p = self.source.read("")?;
        self.kept = Some(p.clone());
        Ok(p)
    }
}

/// Loads an identity file, asking for its passphrase only when it is protected, and
/// decoding only the secrets `key_use` needs.
pub fn load_identity_for(
    given: Option<&Path>,
    key_use: KeyUse,
    pass: &mut IdentityPassphrase,
) -> Result<keys::IdentityFile, CliError> {
    let path = identity_path(given)?;
    Ok(keys::read_identity_file_for(&path, key_use, &mut || {
        pass.read(&path)
    })?)
}

/// Loads an identity file with both its secrets.
pub fn load_identity(
    given: Option<&Path>,
    pass: &PassphraseArgs,
) -> Result<keys::IdentityFile, CliError> {
    load_identity_for(given, KeyUse::All, &mut IdentityPassphrase::new(pass))
}

/// Loads every `-i` identity file (their age identities only: what decrypts never
/// signs), or the default one when none is given; a passphrase from a file or
/// descriptor is read once for all of them.
pub fn load_identities(
    given: &[PathBuf],
    pass: &PassphraseArgs,
) -> Result<Vec<keys::IdentityFile>, CliError> {
    let mut pass = IdentityPassphrase::new(pass);
    if given.is_empty() {
        return Ok(vec![load_identity_for(None, KeyUse::Decrypt, &mut pass)?]);
    }
    given
        .iter()
        .map(|p| load_identity_for(Some(p), KeyUse::Decrypt, &mut pass))
        .collect()
}

pub fn keygen(args: &KeygenArgs, quiet: bool) -> Result<(), CliError> {
    let path = identity_path(args.output.as_deref())?;
    if path.as_os_str() == "-" {
        return Err(CliError::usage(
            "an identity file cannot be written to standard output",
            "give a file with -o FILE; it is created with mode 0600",
        ));
    }
    // Fail before asking for a passphrase the user would type in vain.
    if path.exists() {
        return Err(KeyError::AlreadyExists(path).into());
    }
    if args.label.chars().any(char::is_control) {
        return Err(CliError::usage(
            "the label contains control characters",
            "use plain text for --label",
        ));
    }
    let passphrase = if args.unprotected {
        if args.passphrase.given() {
            return Err(CliError::usage(
                "--unprotected writes no passphrase, but a passphrase source was given",
                "drop either --unprotected or --passphrase-file/--passphrase-fd",
            ));
        }
        if !quiet {
            errln!(
                "isou: warning: writing an UNPROTECTED identity file: anyone who copies {} can open what is sent to you and sign as you.",
                path.display()
            );
        }
        None
    } else {
        Some(args.passphrase.source().read_new("the new identity file")?)
    };
    let id = NewIdentity::generate();
    keys::write_identity_file(&path, &id, passphrase.as_ref(), KdfParams::default())?;
    if !quiet {
        errln!(
            "isou: identity written to {} ({}, mode 0600).",
            path.display(),
            if passphrase.is_some() {
                "protected with Argon2id and XChaCha20-Poly1305"
            } else {
                "unprotected"
            }
        );
        errln!("isou: hand this contact card to your partners (it holds only public keys):");
    }
    outln!("{}", id.contact_card(&args.label));
    Ok(())
}

pub fn card(args: &CardArgs) -> Result<(), CliError> {
    let id = load_identity(args.identity.as_deref(), &args.passphrase)?;
    let card = id
        .contact_card(&args.label)
        .ok_or_else(|| KeyError::NoSigningKey(id.path.clone()))?;
    outln!("{card}");
    Ok(())
}
