//! `isou encrypt` and `isou decrypt`: single age files, compatible with age and rage.

use std::io::{self, Write};

use age::armor::{ArmoredWriter, Format};
use isou::engine::{Decryptor, Encryptor, Parallelism};
use isou::error::DecryptError;
use isou::keys::{self, passphrase};
use secrecy::ExposeSecret;

use crate::cli::{DecryptArgs, EncryptArgs};
use crate::error::CliError;
use crate::keygen::load_identities;
use crate::output::errln;
use crate::output::{open_input, Output};

pub fn parallelism(threads: Option<usize>) -> Parallelism {
    threads.map(Parallelism::with_workers).unwrap_or_default()
}

/// Remembers whether the error came from the output side, since the engine's copy
/// reports reading and writing failures alike as `io::Error`.
struct Tracked<'a, W: Write> {
    inner: &'a mut W,
    failed: bool,
}

impl<W: Write> Write for Tracked<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf).inspect_err(|_| self.failed = true)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.inner
            .write_all(buf)
            .inspect_err(|_| self.failed = true)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().inspect_err(|_| self.failed = true)
    }
}

fn output_name(out: &Output, args_out: Option<&std::path::Path>) -> String {
    if out.is_stdout() {
        isou::tr!("crypto-writing-stdout")
    } else {
        isou::tr!(
            "crypto-writing-file",
            path = args_out
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        )
    }
}

pub fn encrypt(args: &EncryptArgs, quiet: bool) -> Result<(), CliError> {
    let use_passphrase = args.passphrase || args.passphrase_source.given();
    if use_passphrase && (!args.recipients.is_empty() || !args.recipients_files.is_empty()) {
        return Err(CliError::usage(
            isou::tr!("crypto-passphrase-with-recipients"),
            isou::tr!("crypto-passphrase-with-recipients-hint"),
        ));
    }
    let encryptor = if use_passphrase {
        Encryptor::with_passphrase(new_passphrase(&args.passphrase_source)?, None)
    } else {
        let mut recipients = Vec::new();
        for r in &args.recipients {
            recipients.push(keys::parse_recipient(r)?);
        }
        for f in &args.recipients_files {
            recipients.extend(keys::read_recipients_file(f)?);
        }
        let refs: Vec<&dyn age::Recipient> = recipients
            .iter()
            .map(|r| r as &dyn age::Recipient)
            .collect();
        Encryptor::with_recipients(&refs)?
    };
    let mut input = open_input(args.input.as_deref())?;
    let mut out = Output::open(args.output.as_deref(), args.force, !args.armor, quiet)?;
    let what = output_name(&out, args.output.as_deref());
    let mut t = Tracked {
        inner: &mut out,
        failed: false,
    };
    let written = write_encrypted(
        encryptor,
        &mut input,
        &mut t,
        args.armor,
        parallelism(args.threads),
    );
    let failed_output = t.failed;
    match written {
        Ok(()) => out.commit(),
        Err(error) if failed_output => Err(CliError::Io { what, error }),
        Err(error) => Err(CliError::Io {
            what: isou::tr!(
                "crypto-reading-input",
                input = input_name(args.input.as_deref())
            ),
            error,
        }),
    }
}

fn input_name(p: Option<&std::path::Path>) -> String {
    match p.filter(|p| p.as_os_str() != "-") {
        Some(p) => p.display().to_string(),
        None => isou::tr!("crypto-stdin"),
    }
}

fn write_encrypted(
    encryptor: Encryptor,
    input: &mut dyn io::Read,
    out: &mut dyn Write,
    armor: bool,
    par: Parallelism,
) -> io::Result<()> {
    if armor {
        let aw = ArmoredWriter::wrap_output(out, Format::AsciiArmor)?;
        let mut w = encryptor.wrap_output(FinishOnly(aw), par)?;
        w.copy_from(input)?;
        w.finish()?.0.finish()?.flush()
    } else {
        let mut w = encryptor.wrap_output(out, par)?;
        w.copy_from(input)?;
        w.finish().map(|_| ())
    }
}

/// Passes writes through but not `flush`: in age 0.12.1, `ArmoredWriter::flush`
/// followed by `finish` writes one 65-column line at a 8 KiB encoder boundary, which
/// the age CLI then rejects ("column limit exceeded"). `finish` writes everything, so
/// the intermediate flush is not needed. Regression test: interop::armored_both_ways.
struct FinishOnly<W: Write>(W);

impl<W: Write> Write for FinishOnly<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.0.write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A passphrase to encrypt with: from a file or descriptor as given, or typed twice at
/// the terminal, where an empty answer generates a strong one.
pub fn new_passphrase(
    args: &crate::cli::PassphraseArgs,
) -> Result<secrecy::SecretString, CliError> {
    new_passphrase_judged(args, &|_| Ok(()))
}

/// The passphrase of a sealed medium (`seal --passphrase`): one a person chose (typed,
/// or from a file or descriptor) is judged by `keys::passphrase::judge`; for
/// identifiable (非匿名化) data a weak one is refused, for anonymized data it is only
/// warned about. A generated one is always strong (CWE-521, §2.2⑦).
pub fn new_medium_passphrase(
    args: &crate::cli::PassphraseArgs,
    identifiable: bool,
    context: &[&str],
    quiet: bool,
) -> Result<secrecy::SecretString, CliError> {
    new_passphrase_judged(args, &|p| match passphrase::judge(p, context) {
        Ok(()) => Ok(()),
        Err(weak) if identifiable => Err(CliError::Policy(isou::policy::Refusal {
            clause: isou::policy::Clause::Encryption,
            rule: isou::tr!(
                "crypto-weak-identifiable",
                weak = weak.to_string().trim_end_matches('。').to_string()
            ),
            hint: isou::tr!("crypto-weak-identifiable-hint"),
        })),
        Err(weak) => {
            if !quiet {
                crate::output::warn(&weak.to_string());
            }
            Ok(())
        }
    })
}

/// [`new_passphrase`], with `judge` applied to a passphrase a person chose (before it is
/// asked again).
fn new_passphrase_judged(
    args: &crate::cli::PassphraseArgs,
    judge: &dyn Fn(&secrecy::SecretString) -> Result<(), CliError>,
) -> Result<secrecy::SecretString, CliError> {
    let source = args.source();
    if args.given() {
        let p = source.read("")?;
        judge(&p)?;
        return Ok(p);
    }
    // A mismatched confirmation at the terminal is said as such and asked again, up to
    // three tries; never "run in a terminal" to someone at one (issue 15 item 10).
    for attempt in 1..=CONFIRM_TRIES {
        let p = source.read(&format!("{} ", isou::tr!("prompt-new-passphrase-or-empty")))?;
        if p.expose_secret().is_empty() {
            let g = passphrase::generate();
            // Shown once, on the terminal only: it belongs on the key sheet that travels
            // separately from the medium (§2.2). Never on standard error or output, which
            // may be a log file others can read (`2>log`, CWE-532), and also with -q: a
            // passphrase nobody saw would make the medium unreadable.
            passphrase::show_on_terminal(&g).map_err(|e| {
                CliError::usage(
                    isou::tr!("crypto-generated-no-terminal", error = e.to_string()),
                    isou::tr!("crypto-generated-no-terminal-hint"),
                )
            })?;
            return Ok(g);
        }
        judge(&p)?;
        let again = source.read(&format!("{} ", isou::tr!("prompt-confirm-passphrase")))?;
        if again.expose_secret() == p.expose_secret() {
            return Ok(p);
        }
        if attempt < CONFIRM_TRIES {
            errln!(
                "isou: {}",
                isou::tr!(
                    "crypto-passphrases-differ-again",
                    attempt = attempt + 1,
                    tries = CONFIRM_TRIES
                )
            );
        }
    }
    Err(CliError::usage(
        isou::tr!("crypto-passphrases-differed", tries = CONFIRM_TRIES),
        isou::tr!("crypto-passphrases-differed-hint"),
    ))
}

/// How many times a new passphrase and its confirmation may differ before isou stops.
const CONFIRM_TRIES: u32 = 3;

pub fn decrypt(args: &DecryptArgs, quiet: bool) -> Result<(), CliError> {
    let input = open_input(args.input.as_deref())?;
    let decryptor = Decryptor::new(input)?;
    let par = parallelism(args.threads);
    let mut out = Output::open(args.output.as_deref(), args.force, true, quiet)?;
    let what = output_name(&out, args.output.as_deref());
    let mut reader = if decryptor.is_scrypt() {
        // An absurd work factor is the file's fault, said before a passphrase is asked.
        decryptor.check_scrypt_work(None)?;
        if !args.identities.is_empty() && !quiet {
            errln!("isou: {}", isou::tr!("crypto-identities-unused"));
        }
        // At the terminal a mistyped passphrase is asked again, up to three tries in
        // all (issue 15 item 9); a generated one typed loosely is normalised by the
        // engine (`Decryptor::unwrap_with_passphrase`).
        let source = args.passphrase_source.source();
        let mut tries = 1;
        let key = loop {
            let p = source.read(&format!("{} ", isou::tr!("prompt-passphrase")))?;
            match decryptor.unwrap_with_passphrase(&p, None) {
                Err(DecryptError::WrongPassphrase)
                    if source == keys::PassphraseSource::Terminal
                        && tries < isou::media::open::PASSPHRASE_TRIES =>
                {
                    tries += 1;
                    errln!(
                        "isou: {}",
                        isou::tr!(
                            "crypto-wrong-passphrase-again",
                            attempt = tries,
                            tries = isou::media::open::PASSPHRASE_TRIES
                        )
                    );
                }
                r => break r?,
            }
        };
        decryptor.decrypt_with_file_key(&key, par)
    } else {
        if args.passphrase {
            return Err(DecryptError::NotPassphraseEncrypted.into());
        }
        let reader = {
            let ids = load_identities(&args.identities, &args.passphrase_source)?;
            let all: Vec<&dyn age::Identity> =
                ids.iter().flat_map(|i| i.age_identities()).collect();
            decryptor.decrypt(&all, par)?
        };
        // The identities are dropped (their heap buffers zeroized) once the file key is
        // unwrapped; the copies the unwrapping left in dead stack frames go too, before
        // the long stream (issue 13: a core dumped here held the keys; CWE-226).
        keys::wipe_stack();
        reader
    };
    let mut t = Tracked {
        inner: &mut out,
        failed: false,
    };
    let copied = reader.copy_to(&mut t);
    let failed_output = t.failed;
    match copied {
        Ok(_) => out.commit(),
        Err(e) if failed_output => Err(CliError::Io { what, error: e }),
        Err(e) => {
            if out.is_stdout() && !quiet {
                crate::output::warn(&isou::tr!("crypto-stdout-incomplete"));
            }
            Err(DecryptError::from_io(e).into())
        }
    }
}
