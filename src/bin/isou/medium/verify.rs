//! `isou verify`: the flags as a request, the library's verdict recorded and reported,
//! and the exit code it calls for.

use isou::untrusted::sanitize;
use isou::workflow::verify::{Failure, Own, Verdict, VerifyRequest};
use isou::workflow::{given, parties};

use super::{load_policy, record_all, report};
use crate::cli::{Cli, VerifyArgs};
use crate::crypt::parallelism;
use crate::error::CliError;
use crate::output::errln;

/// `isou verify`.
pub fn verify(a: &VerifyArgs, cli: &Cli) -> Result<(), CliError> {
    let quiet = cli.quiet;
    let policy = load_policy(cli)?;
    let trusted = parties::signers(&a.signer, &policy)?;
    let envelope = match &a.tracking_number {
        Some(t) => {
            Some(
                t.parse::<isou::tracking::TrackingNumber>()
                    .map_err(|e| CliError::Usage {
                        msg: e.to_string(),
                        hint: Some(e.hint()),
                    })?,
            )
        }
        None => None,
    };
    given::refuse_part_of_medium(&a.medium)?;
    let mut ledger = crate::record::open_ledger(cli.ledger.as_deref())?;
    given::require_media_exist(&a.medium)?;
    let req = VerifyRequest {
        media: &a.medium,
        trusted: &trusted,
        envelope,
        workers: parallelism(a.threads).workers,
    };
    let progress = isou::progress::Progress::new();
    let bar = crate::bar::start(
        &progress,
        given::media_size(&a.medium),
        &isou::tr!("progress-hashing"),
        quiet,
    );
    let verdict = isou::workflow::verify::verify(&req, &ledger, &policy, &progress);
    drop(bar);
    let mut verdict = verdict?;
    if let Some(w) = &verdict.sender_claim {
        super::warn(w);
    }
    // The recipient's ledger, written before the report is printed, so nothing about
    // standard output can lose the event (issue 13 finding 02).
    let recorded = record_all(&mut ledger, std::mem::take(&mut verdict.to_record));
    if a.json {
        report::verify_json(&verdict);
    } else {
        report::verify_text(&verdict);
    }
    report::warnings(&verdict);
    recorded?;
    said_recorded(&verdict, quiet);
    match verdict.failure() {
        None => {
            next_after_valid(a, &verdict, quiet);
            Ok(())
        }
        Some(f) => Err(failed(f, quiet || a.json)),
    }
}

/// What was recorded, when it is a check rather than a receipt; that nothing was, when
/// nothing given was a bag (issue 15 item 4).
fn said_recorded(v: &Verdict, quiet: bool) {
    if let (Some(id), false) = (&v.checked_as, quiet) {
        let id = sanitize(id);
        errln!(
            "isou: {}",
            match v.own {
                Own::BeforeShipping => isou::tr!("verify-recorded-before-shipping", shipment = id),
                Own::AfterShipping => isou::tr!("verify-recorded-sender-check", shipment = id),
                Own::No if v.shipment.is_some() => isou::tr!(
                    "verify-recorded-incomplete",
                    shipment = id,
                    missing = v.set.set.missing_text().unwrap_or_default()
                ),
                Own::No => isou::tr!("verify-recorded-medium-check", medium = id),
            }
        );
    }
    if v.no_bag() && !quiet {
        errln!("isou: {}", isou::tr!("verify-nothing-recorded"));
    }
}

/// What comes next (issue 17): the sender ships its own medium; the recipient has it
/// opened by someone entitled to.
fn next_after_valid(a: &VerifyArgs, v: &Verdict, quiet: bool) {
    let next = match &v.shipment {
        Some(id) if v.own == Own::BeforeShipping => {
            isou::tr!("next-after-verify-own", shipment = sanitize(id))
        }
        Some(_) if v.own == Own::AfterShipping => String::new(),
        // A plain BagIt bag (no isou medium) has nothing to open.
        _ if !v.authenticated => String::new(),
        _ => isou::tr!(
            "next-after-verify",
            medium = a
                .medium
                .iter()
                // One shell word each, to be copied (red team 17 finding 63).
                .map(|m| {
                    isou::untrusted::shell_word(&m.display().to_string())
                        .unwrap_or_else(|| "…".to_string())
                })
                .collect::<Vec<_>>()
                .join(" ")
        ),
    };
    if !next.is_empty() {
        crate::output::next_step(quiet || a.json, &next);
    }
}

/// The error a failed verification exits with: incomplete (4), or refused (1) with
/// what to do next.
fn failed(f: Failure, quiet: bool) -> CliError {
    let (msg, hint) = match f {
        Failure::Unpinned => (
            isou::tr!("verify-unpinned"),
            isou::tr!("verify-unpinned-hint"),
        ),
        Failure::Holey { count } => {
            return CliError::Incomplete {
                msg: isou::tr!("verify-holey", count = count),
                hint: Some(isou::tr!("verify-holey-hint")),
            }
        }
        Failure::SetIncomplete { missing } => {
            return CliError::Incomplete {
                msg: isou::tr!("verify-set-incomplete", missing = missing),
                hint: Some(isou::tr!("verify-set-incomplete-hint")),
            }
        }
        Failure::Invalid {
            count,
            unreadable_only,
            no_bag,
        } => {
            // What comes next after a failure: not opening it (issue 17).
            if !unreadable_only && !no_bag {
                crate::output::next_step(quiet, &isou::tr!("next-after-verify-invalid"));
            }
            (
                isou::tr!("verify-failed", count = count),
                if unreadable_only {
                    isou::tr!("verify-failed-unreadable-hint")
                } else if no_bag {
                    isou::tr!("verify-failed-no-bag-hint")
                } else {
                    isou::tr!("verify-failed-hint")
                },
            )
        }
    };
    CliError::Rejected {
        msg,
        hint: Some(hint),
    }
}
