//! `isou keygen` and `isou card`.

use std::path::{Path, PathBuf};

use isou::error::KeyError;
use isou::keys::{self, KdfParams, KeyUse, NewIdentity, PassphraseSource};
use secrecy::SecretString;

use crate::cli::{CardArgs, KeygenArgs, PassphraseArgs};
use crate::error::CliError;
use crate::output::errln;
use crate::output::outln;

fn identity_path(given: Option<&Path>) -> Result<PathBuf, KeyError> {
    given
        .map(Path::to_path_buf)
        .or_else(keys::default_identity_path)
        .ok_or(KeyError::NoDefaultPath)
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
            // With any progress bar cleared: it would hide the prompt (issue 15 item 1).
            return crate::bar::suspend(|| {
                self.source.read(&format!(
                    "{} ",
                    isou::tr!(
                        "prompt-identity-passphrase",
                        // The one sanitiser, as in the error for the same path: the
                        // file's name may hold escapes (red team 17 finding 62).
                        path = isou::untrusted::clean(&path.display().to_string())
                    )
                ))
            });
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
) -> Result<keys::IdentityFile, KeyError> {
    let path = identity_path(given)?;
    // A person at the terminal who mistypes is asked again, up to three tries in all
    // (issue 15 item 9); a passphrase from a file or descriptor would only be the same
    // wrong one again.
    let mut wrong = 0;
    loop {
        match keys::read_identity_file_for(&path, key_use, &mut || pass.read(&path)) {
            Err(KeyError::WrongPassphrase(_) | KeyError::WrongPassphraseOrAltered(_))
                if pass.source == PassphraseSource::Terminal
                    && wrong + 1 < isou::media::open::PASSPHRASE_TRIES =>
            {
                wrong += 1;
                errln!(
                    "isou: {}",
                    isou::tr!(
                        "key-wrong-passphrase-again",
                        path = isou::untrusted::clean(&path.display().to_string()),
                        attempt = wrong + 1,
                        tries = isou::media::open::PASSPHRASE_TRIES
                    )
                );
            }
            r => return r,
        }
    }
}

/// Loads every `-i` identity file (their age identities only: what decrypts never
/// signs), or the default one when none is given; a passphrase from a file or
/// descriptor is read once for all of them.
pub fn load_identities(
    given: &[PathBuf],
    pass: &PassphraseArgs,
) -> Result<Vec<keys::IdentityFile>, KeyError> {
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
            isou::tr!("keygen-no-stdout"),
            isou::tr!("keygen-no-stdout-hint"),
        ));
    }
    // Fail before asking for a passphrase the user would type in vain.
    if path.exists() {
        return Err(KeyError::AlreadyExists(path).into());
    }
    check_label(&args.label)?;
    let passphrase = if args.unprotected {
        if args.passphrase.given() {
            return Err(CliError::usage(
                isou::tr!("keygen-unprotected-with-passphrase"),
                isou::tr!("keygen-unprotected-with-passphrase-hint"),
            ));
        }
        if !quiet {
            crate::output::warn(&isou::tr!(
                "keygen-unprotected-warning",
                path = path.display().to_string()
            ));
        }
        None
    } else {
        Some(new_identity_passphrase(
            &args.passphrase.source(),
            &args.label,
        )?)
    };
    let id = NewIdentity::generate().with_label(&args.label);
    keys::write_identity_file(&path, &id, passphrase.as_ref(), KdfParams::default())?;
    if !quiet {
        let written = if passphrase.is_some() {
            isou::tr!(
                "keygen-written-protected",
                path = isou::untrusted::clean(&path.display().to_string())
            )
        } else {
            isou::tr!(
                "keygen-written-unprotected",
                path = isou::untrusted::clean(&path.display().to_string())
            )
        };
        errln!("isou: {written}");
        errln!("isou: {}", isou::tr!("keygen-hand-card"));
    }
    outln!("{}", id.contact_card(&args.label));
    Ok(())
}

/// How many passphrases a person at the terminal may choose before keygen stops.
const NEW_PASSPHRASE_TRIES: u32 = 3;

/// The passphrase of a new identity file. From a file or descriptor: read once, at
/// least `MIN_LEN` characters (as before). At the terminal: its length and strength are
/// judged *before* the confirmation is asked (typing a passphrase twice to hear it is
/// too short wastes both), and a too-short or weak one or a mismatched confirmation is
/// named and asked again, up to three tries (issue 15 item 10); never "run in a
/// terminal" to someone at a terminal.
fn new_identity_passphrase(
    source: &PassphraseSource,
    label: &str,
) -> Result<SecretString, CliError> {
    use isou::keys::passphrase::{judge, MIN_LEN};
    use secrecy::ExposeSecret;
    if *source != PassphraseSource::Terminal {
        return Ok(source.read_new(&isou::tr!("prompt-what-new-identity"))?);
    }
    // Words an attacker of this file tries first.
    let context = ["isou", label];
    for attempt in 1..=NEW_PASSPHRASE_TRIES {
        // The last try is said as such: no "(try 4 of 3)".
        let last = attempt >= NEW_PASSPHRASE_TRIES;
        let p = source.read(&format!(
            "{} ",
            isou::tr!(
                "prompt-passphrase-for",
                what = isou::tr!("prompt-what-new-identity")
            )
        ))?;
        let problem = if p.expose_secret().chars().count() < MIN_LEN {
            Some(isou::tr!("prompt-too-short", min = MIN_LEN))
        } else {
            judge(&p, &context).err().map(|weak| weak.to_string())
        };
        if let Some(problem) = problem {
            // The message adds its own full stop after the problem (Japanese).
            let problem = problem.trim_end_matches('。');
            let line = if last {
                isou::tr!("keygen-choose-another-last", problem = problem)
            } else {
                isou::tr!(
                    "keygen-choose-another",
                    problem = problem,
                    attempt = attempt + 1,
                    tries = NEW_PASSPHRASE_TRIES
                )
            };
            errln!("isou: {line}");
            continue;
        }
        let confirm = source.read(&format!("{} ", isou::tr!("prompt-confirm-passphrase")))?;
        if confirm.expose_secret() != p.expose_secret() {
            let line = if last {
                isou::tr!("keygen-differ-last")
            } else {
                isou::tr!(
                    "keygen-differ",
                    attempt = attempt + 1,
                    tries = NEW_PASSPHRASE_TRIES
                )
            };
            errln!("isou: {line}");
            continue;
        }
        return Ok(p);
    }
    Err(CliError::usage(
        isou::tr!("keygen-no-passphrase-set", tries = NEW_PASSPHRASE_TRIES),
        isou::tr!("keygen-no-passphrase-set-hint", min = MIN_LEN),
    ))
}

/// Prints the contact card without unlocking the identity: a card holds only public
/// keys (`keys::read_public_card` says why that is safe), with the label given at
/// keygen unless `--label` gives another.
pub fn card(args: &CardArgs, quiet: bool) -> Result<(), CliError> {
    let path = identity_path(args.identity.as_deref())?;
    if args.passphrase.given() && !quiet {
        errln!("isou: {}", isou::tr!("card-passphrase-unused"));
    }
    let mut card = keys::read_public_card(&path)?;
    if let Some(label) = &args.label {
        check_label(label)?;
        card.label = label.clone();
    }
    outln!("{card}");
    Ok(())
}

/// A card label is a record value: one line of at most 200 characters, without
/// control, bidirectional or invisible characters (partners print and record it; an
/// unbounded one would also make an identity file too large to read back).
fn check_label(label: &str) -> Result<(), CliError> {
    if label.is_empty() {
        return Ok(());
    }
    isou::records::check_value("label", label)
        .map_err(|e| CliError::usage(format!("--label: {e}"), isou::tr!("keygen-label-hint")))
}
