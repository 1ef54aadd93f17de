//! `isou keygen` and `isou card`.

use std::path::{Path, PathBuf};

use isou::error::KeyError;
use isou::keys::{self, KdfParams, NewIdentity};

use crate::cli::{CardArgs, KeygenArgs, PassphraseArgs};
use crate::error::CliError;

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

/// Loads an identity file, asking for its passphrase only when it is protected.
pub fn load_identity(
    given: Option<&Path>,
    pass: &PassphraseArgs,
) -> Result<keys::IdentityFile, CliError> {
    let path = identity_path(given)?;
    let source = pass.source();
    let prompt = format!("Passphrase for identity file {}: ", path.display());
    Ok(keys::read_identity_file(&path, &mut || {
        source.read(&prompt)
    })?)
}

/// Loads every `-i` identity file, or the default one when none is given.
pub fn load_identities(
    given: &[PathBuf],
    pass: &PassphraseArgs,
) -> Result<Vec<keys::IdentityFile>, CliError> {
    if given.is_empty() {
        return Ok(vec![load_identity(None, pass)?]);
    }
    given.iter().map(|p| load_identity(Some(p), pass)).collect()
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
            eprintln!(
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
        eprintln!(
            "isou: identity written to {} ({}, mode 0600).",
            path.display(),
            if passphrase.is_some() {
                "protected with Argon2id and XChaCha20-Poly1305"
            } else {
                "unprotected"
            }
        );
        eprintln!("isou: hand this contact card to your partners (it holds only public keys):");
    }
    println!("{}", id.contact_card(&args.label));
    Ok(())
}

pub fn card(args: &CardArgs) -> Result<(), CliError> {
    let id = load_identity(args.identity.as_deref(), &args.passphrase)?;
    let card = id
        .contact_card(&args.label)
        .ok_or_else(|| KeyError::NoSigningKey(id.path.clone()))?;
    println!("{card}");
    Ok(())
}
