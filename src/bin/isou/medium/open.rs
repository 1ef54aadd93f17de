//! `isou open`: the media checked by the library before anything is decrypted, the
//! passphrase or identities asked for when the payload says which, further volumes
//! asked for at the terminal, the opening recorded and reported.

use std::path::PathBuf;

use isou::media::open::{OpenError, OpenSummary, Unlock};
use isou::media::{self, authentic::Sender};
use isou::untrusted::{clean, sanitize};
use isou::workflow::{given, open::Given, parties};

use super::prompt::{ask_path, is_interactive};
use super::{files, load_policy, warn};
use crate::cli::{Cli, OpenArgs};
use crate::crypt::parallelism;
use crate::error::CliError;
use crate::keygen::load_identities;
use crate::output::{errln, outln};

/// `isou open`.
pub fn open(a: &OpenArgs, cli: &Cli) -> Result<(), CliError> {
    let quiet = cli.quiet;
    given::require_media_exist(&a.medium)?;
    given::refuse_part_of_medium(&a.medium)?;
    let mut ledger = crate::record::open_ledger(cli.ledger.as_deref())?;
    let policy = load_policy(cli)?;
    let actor = isou::records::actor(&policy);
    let trusted = parties::signers(&a.signer, &policy)?;
    let sender = isou::workflow::open::sender(a.any_sender, &trusted)?;
    let given = isou::workflow::open::check_given(&ledger, &a.medium, sender, &mut |w| warn(w))?;
    if let Some(f) = &given.first {
        if a.any_sender {
            warn(&isou::tr!(
                "open-any-sender",
                signer = f.signer.fingerprint.as_str()
            ));
        } else if !quiet {
            errln!(
                "isou: {}",
                isou::tr!(
                    "open-signed-by-expected",
                    signer = f.signer.fingerprint.as_str()
                )
            );
        }
        // Another plaintext copy is a second place to protect and destroy (§2.2): said
        // with when and where the earlier ones were made; each opening is recorded.
        for w in isou::workflow::open::opened_before(&ledger, f, &a.medium)? {
            warn(&w);
        }
    }
    let s = decrypt(a, quiet, sender);
    // A pinned sender's medium whose archive open refused: recorded as a failed
    // verification of the shipment. The refusal stays the error reported (a ledger
    // failure is said).
    if let Err(CliError::Open(e)) = &s {
        refusal_recorded(&mut ledger, &policy, &actor, a, &given, e, quiet);
    }
    let s = s?;
    said_opened_where(&s, quiet);
    let o = isou::workflow::open::opening(&policy, &actor, &a.medium, &given, &s);
    for w in &o.warnings {
        warn(w);
    }
    let recorded = crate::record::record_finished(&mut ledger, &o.record_as, o.body);
    if a.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&s).expect("serialisable")
        );
    } else {
        report(&s, &o.record_as, o.keep_until.as_deref(), quiet);
    }
    recorded
}

/// Records a refusal of the archive when the library says it is one to record.
fn refusal_recorded(
    ledger: &mut isou::records::Ledger,
    policy: &isou::policy::Policy,
    actor: &isou::records::Actor,
    a: &OpenArgs,
    given: &Given,
    e: &OpenError,
    quiet: bool,
) {
    let Some((id, body)) = isou::workflow::open::refusal_record(policy, actor, &a.medium, given, e)
    else {
        return;
    };
    if crate::record::record(ledger, &id, body).is_ok() && !quiet {
        errln!(
            "isou: {}",
            isou::tr!("open-refusal-recorded", shipment = sanitize(&id))
        );
    }
}

/// Decrypts the media into `--out`, asking for a passphrase or loading identities
/// once the payload says which, and for further volumes at the terminal.
fn decrypt(a: &OpenArgs, quiet: bool, sender: Sender<'_>) -> Result<OpenSummary, CliError> {
    let progress = isou::progress::Progress::new();
    // The bar starts once the payload is unlocked: before, it would run (a climbing
    // ETA) while the user is asked for a passphrase (issue 15 item 1).
    let bar: std::cell::RefCell<Option<crate::bar::Bar>> = Default::default();
    let start_bar = || {
        bar.borrow_mut().get_or_insert_with(|| {
            crate::bar::start(
                &progress,
                given::media_size(&a.medium),
                &isou::tr!("progress-opening"),
                quiet,
            )
        });
    };
    let mut unlock = |is_scrypt: bool, wrong: u32| -> Result<Unlock, OpenError> {
        let unlocked = if is_scrypt {
            // No bar while the passphrase is asked again (its clock would run).
            if wrong > 0 {
                drop(bar.borrow_mut().take());
            }
            passphrase(a, wrong)?
        } else {
            identities(a)?
        };
        start_bar();
        Ok(unlocked)
    };
    let mut ask = |k: usize, n: Option<usize>, group: &str, problem: Option<&str>| {
        ask_volume(k, n, group, problem)
    };
    let volumes = media::open::Volumes {
        given: a.medium.clone(),
        ask: if is_interactive() {
            Some(&mut ask)
        } else {
            None
        },
        sender,
    };
    let s = media::open::open_volumes(
        volumes,
        &a.out,
        &mut unlock,
        parallelism(a.threads),
        &progress,
    )
    .map_err(CliError::Open);
    drop(bar.take());
    s
}

/// The medium's passphrase, asked again after a wrong one only of a person at the
/// terminal (issue 15 item 9): a passphrase from a file would be the same wrong one.
fn passphrase(a: &OpenArgs, wrong: u32) -> Result<Unlock, OpenError> {
    let source = a.passphrase_source.source();
    if wrong > 0 {
        if source != isou::keys::PassphraseSource::Terminal {
            return Err(OpenError::Decrypt(
                isou::error::DecryptError::WrongPassphrase,
            ));
        }
        errln!(
            "isou: {}",
            isou::tr!(
                "open-wrong-passphrase",
                attempt = wrong + 1,
                tries = media::open::PASSPHRASE_TRIES
            )
        );
    }
    let prompt = format!("{} ", isou::tr!("open-passphrase-prompt"));
    let p = crate::bar::suspend(|| source.read(&prompt));
    p.map(Unlock::Passphrase).map_err(OpenError::Key)
}

/// The identities of `--identity` (or the default), their passphrases asked as needed.
fn identities(a: &OpenArgs) -> Result<Unlock, OpenError> {
    // No identity found or usable is a key problem (exit 3), or the user's (exit 2:
    // no configuration folder to find the default one in), never the medium's.
    let files = load_identities(&a.identities, &a.passphrase_source).map_err(OpenError::Key)?;
    Ok(Unlock::Identities(
        files.into_iter().flat_map(|f| f.identities).collect(),
    ))
}

/// Asks at the terminal for volume `k` (of `n`) of the set, after what was wrong with
/// the last one given.
fn ask_volume(k: usize, n: Option<usize>, group: &str, problem: Option<&str>) -> Option<PathBuf> {
    if let Some(p) = problem {
        errln!("isou: {}", clean(p));
    }
    let group = sanitize(group);
    let volume = k.to_string();
    ask_path(&format!(
        "isou: {}",
        match n {
            Some(n) => isou::tr!(
                "open-ask-volume-of",
                volume = volume,
                count = n.to_string(),
                shipment = group
            ),
            None => isou::tr!("open-ask-volume", volume = volume, shipment = group),
        }
    ))
}

/// Stale temporary files removed, and an output folder moved while open ran.
fn said_opened_where(s: &OpenSummary, quiet: bool) {
    if !quiet {
        for p in &s.stale_removed {
            errln!(
                "isou: {}",
                isou::tr!("open-stale-removed", path = clean(&p.display().to_string()))
            );
        }
    }
    if let Some(asked) = &s.out_moved_from {
        // The folder was renamed (or another put at its path) while open ran: the output
        // is where the folder held from the start is now, never where the path leads
        // (red team 15, finding 05). Said even with -q: the output is not where asked.
        warn(&isou::tr!(
            "open-out-moved",
            out = sanitize(&s.out.display().to_string()),
            asked = sanitize(&asked.display().to_string())
        ));
    }
}

/// The opening as text, and what comes next (issue 17): where the plaintext is, and
/// that it is disposed of (its 廃棄 recorded) by its date.
fn report(s: &OpenSummary, record_as: &str, keep_until: Option<&str>, quiet: bool) {
    outln!(
        "{}",
        isou::tr!("open-shipment", shipment = sanitize(&s.shipment_id))
    );
    outln!(
        "{}",
        isou::tr!(
            "open-opened",
            files = files(s.files),
            size = isou::i18n::size(s.bytes)
        )
    );
    // Possibly the held folder's new name, which someone else may have chosen.
    let into = sanitize(&s.out.display().to_string());
    outln!("{}", isou::tr!("open-into", path = into.as_str()));
    let dispose = format!(
        "isou record dispose {}{}",
        sanitize(record_as),
        isou::records::terms::DECRYPTED_SUFFIX
    );
    if let Some(d) = keep_until {
        outln!(
            "{}",
            isou::tr!("open-keep-until", date = d, command = dispose.as_str())
        );
    }
    if !s.sender_checked {
        outln!(
            "{}",
            isou::tr!("open-sender-not-checked", signer = s.signer.as_str())
        );
    }
    crate::output::next_step(
        quiet,
        &match keep_until {
            Some(d) => isou::tr!(
                "next-after-open",
                path = into.as_str(),
                date = d,
                command = dispose.as_str()
            ),
            None => isou::tr!(
                "next-after-open-no-date",
                path = into.as_str(),
                command = dispose.as_str()
            ),
        },
    );
}
