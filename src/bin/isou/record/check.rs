//! `record check` and `record recover`: the ledger's chain and what waits beside it.

use isou::records::command::check::Summary;
use isou::records::{unrecorded, Ledger};
use isou::untrusted::{clean, sanitize};

use crate::error::CliError;
use crate::output::{errln, outln};

/// `record check`: the chain verified, then its state reported (`Summary`).
pub(super) fn check(ledger: &Ledger) -> Result<(), CliError> {
    if let Some(b) = ledger.check()? {
        return Err(CliError::Rejected {
            msg: isou::tr!(
                "rec-chain-break",
                id = b.id.to_string(),
                why = b.why.to_string()
            ),
            hint: Some(isou::tr!("rec-chain-break-hint")),
        });
    }
    // CWE-276: the ledger names shipments, recipients and people.
    for w in ledger.loose_permissions() {
        crate::output::warn(&isou::tr!("rec-check-loose", what = clean(&w)));
    }
    let s = Summary::of(ledger)?;
    // The path may hold escape sequences or line breaks (a folder named by someone
    // else): printed inert, so no forged "head:" line reaches the report (issue 16 red
    // team finding 11; CWE-150, CWE-117).
    outln!(
        "{}",
        isou::tr!(
            "rec-check-intact",
            path = clean(&ledger.path().display().to_string()),
            count = s.count
        )
    );
    // The head hash fixes the whole history: written down or printed on a report, it
    // also exposes events later removed from the end.
    if let Some((id, hash)) = &s.head {
        outln!(
            "{}",
            isou::tr!("rec-check-head", id = id.to_string(), hash = clean(hash))
        );
    }
    // Events that could not be appended when they happened are not in the chain; they
    // must be recorded by hand before the check is clean.
    if s.rejected > 0 {
        crate::output::warn(&isou::tr!(
            "rec-check-rejected",
            count = s.rejected,
            dir = clean(
                &unrecorded::rejected_dir(ledger.path())
                    .display()
                    .to_string()
            )
        ));
    }
    // Rows the registers cannot read: named here, the rest of the ledger stays usable.
    for u in &s.unreadable {
        errln!("isou: {}", clean(&u.to_string()));
    }
    if let Some(u) = s.unreadable.first() {
        return Err(CliError::Rejected {
            msg: isou::tr!("rec-check-unreadable", count = s.unreadable.len()),
            hint: Some(u.hint()),
        });
    }
    if s.waiting > 0 {
        return Err(CliError::Rejected {
            msg: isou::tr!(
                "rec-check-waiting",
                count = s.waiting,
                dir = clean(&unrecorded::dir(ledger.path()).display().to_string())
            ),
            hint: Some(isou::tr!("rec-check-waiting-hint")),
        });
    }
    Ok(())
}

/// `record recover`: appends the kept events whose authenticator checks, through the
/// ledger's own checks, marked `recorded_late`; refuses (and moves to `rejected/`,
/// never deletes) the others. See `isou::records::unrecorded`.
pub(super) fn recover(ledger: &mut Ledger) -> Result<(), CliError> {
    let dir = unrecorded::dir(ledger.path());
    let r = unrecorded::recover(ledger)
        .map_err(|e| CliError::io(isou::tr!("rec-reading", path = dir.display().to_string()))(e))?;
    for e in &r.recorded {
        outln!(
            "{}",
            isou::tr!(
                "rec-recovered",
                id = e.id.to_string(),
                kind = e.kind.as_str(),
                shipment = sanitize(&e.shipment),
                happened = sanitize(&format!(
                    "{} {}",
                    isou::clock::local(&e.happened_at),
                    isou::clock::zone_label()
                ))
            )
        );
    }
    for f in &r.refused {
        let why = clean(&f.why);
        errln!(
            "isou: {}",
            match &f.moved_to {
                Some(p) => isou::tr!(
                    "rec-recover-refused-moved",
                    file = clean(&f.name),
                    why = why,
                    moved = clean(&p.display().to_string())
                ),
                None => isou::tr!("rec-recover-refused", file = clean(&f.name), why = why),
            }
        );
    }
    if let Some(e) = r.stopped {
        return Err(e.into());
    }
    if !r.refused.is_empty() {
        return Err(CliError::Rejected {
            msg: isou::tr!(
                "rec-recover-refused-summary",
                count = r.refused.len(),
                dir = clean(&dir.display().to_string())
            ),
            hint: Some(isou::tr!(
                "rec-recover-refused-summary-hint",
                dir = clean(
                    &unrecorded::rejected_dir(ledger.path())
                        .display()
                        .to_string()
                )
            )),
        });
    }
    if r.recorded.is_empty() {
        outln!("{}", isou::tr!("rec-recover-none"));
    }
    Ok(())
}
