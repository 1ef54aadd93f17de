//! `isou receipt` (the recipient's signed receipt, 受領書, made and recorded) and
//! `record receipt` (the destination's receipt checked and the delivery recorded);
//! the rules are `records::receipt`'s.

use std::path::Path;

use isou::records::{self, Ledger};
use isou::untrusted::{clean, sanitize};

use super::{ledger_path, open_ledger, record, who};
use crate::cli::Cli;
use crate::error::CliError;
use crate::output::outln;

/// A receipt refused or not made, as the command line reports it: the receipt itself
/// refused is exit 1, nothing to make or check it against is exit 2.
fn receipt_error(e: records::receipt::ReceiptError) -> CliError {
    let (msg, hint) = (e.to_string(), Some(e.hint()));
    if e.is_rejection() {
        CliError::Rejected { msg, hint }
    } else {
        CliError::Usage { msg, hint }
    }
}

/// `isou receipt`: the recipient's signed receipt (受領書) of a shipment this ledger
/// verified VALID against a pinned sender (`records::receipt`), written to a new file
/// and recorded as `receipt-issued`.
pub fn receipt(a: &crate::cli::ReceiptArgs, cli: &Cli) -> Result<(), CliError> {
    use records::receipt::{self, Receipt};
    // Refused before a passphrase is asked: an existing file is never overwritten.
    if std::fs::symlink_metadata(&a.output).is_ok() {
        return Err(CliError::usage(
            isou::tr!(
                "rec-receipt-exists",
                path = clean(&a.output.display().to_string())
            ),
            isou::tr!("rec-receipt-exists-hint"),
        ));
    }
    // No ledger: nothing was verified in it, and none is created for the refusal.
    if std::fs::symlink_metadata(ledger_path(cli.ledger.as_deref())?).is_err() {
        return Err(receipt_error(receipt::ReceiptError::NotVerified(
            a.shipment.clone(),
        )));
    }
    let mut ledger = open_ledger(cli.ledger.as_deref())?;
    let policy = crate::medium::load_policy(cli)?;
    let actor = records::actor(&policy);
    let events = ledger.events(Some(&a.shipment))?;
    // Issue 16 red team finding 06 (§2.2③, CWE-706): a contested id names more than one
    // sender's medium; --signer says which one the receipt confirms (the library refuses
    // a contested id without it).
    let signer = match &a.signer {
        Some(s) => Some(isou::signature::fingerprint(&crate::medium::parse_signer(
            s, &policy,
        )?)),
        None => None,
    };
    let v =
        receipt::verification(&a.shipment, &events, signer.as_deref()).map_err(receipt_error)?;
    let identity = crate::keygen::load_identity_for(
        a.identity.as_deref(),
        isou::keys::KeyUse::Sign,
        &mut crate::keygen::IdentityPassphrase::new(&a.passphrase),
    )?;
    let key = identity.signing_key()?;
    let r = Receipt::from_verification(v, key.public_key(), &isou::clock::now_rfc3339())
        .map_err(receipt_error)?;
    let text = r.sign(key).map_err(receipt_error);
    // Signing left copies of the seed in dead stack frames (CWE-226, issue 13).
    isou::keys::wipe_stack();
    drop(identity);
    let text = text?;
    write_new_public(&a.output, text.as_bytes())?;
    let body = records::receipt::Delivery::issued(
        &r,
        v.id,
        sha256_hex(text.as_bytes()),
        &a.output,
        &actor,
    );
    record(&mut ledger, &r.shipment, body)?;
    outln!(
        "{}",
        isou::tr!(
            "rec-receipt-file",
            path = clean(&a.output.display().to_string())
        )
    );
    outln!(
        "{}",
        isou::tr!("rec-receipt-shipment", shipment = sanitize(&r.shipment))
    );
    outln!(
        "{}",
        isou::tr!(
            "rec-receipt-verified",
            when = sanitize(&isou::clock::local(&r.verified_at)),
            zone = isou::clock::zone_label()
        )
    );
    outln!(
        "{}",
        isou::tr!("rec-receipt-signed", key = r.recipient_key.to_string())
    );
    crate::output::next_step(cli.quiet, &isou::tr!("next-after-receipt"));
    Ok(())
}

/// Writes a new file (never an existing one, never through a link) readable by all:
/// a receipt holds nothing secret — public facts and a signature — and is meant to be
/// sent away, so 0644 hides nothing worth hiding. Removed again if the write fails.
fn write_new_public(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    isou::platform::public_file(&mut o);
    let mut f = o.open(path).map_err(CliError::io(isou::tr!(
        "rec-creating",
        path = clean(&path.display().to_string())
    )))?;
    if let Err(e) = f.write_all(bytes).and_then(|()| f.sync_all()) {
        let _ = std::fs::remove_file(path);
        return Err(CliError::io(isou::tr!(
            "rec-writing",
            path = clean(&path.display().to_string())
        ))(e));
    }
    Ok(())
}

/// SHA-256 of `bytes`, lower-case hex.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// `record receipt`: the destination's signed receipt checked against this ledger
/// (`records::receipt::check`), then the shipment recorded as `delivered` — once: a
/// second good receipt of a delivered shipment records nothing.
pub(super) fn record_receipt(ledger: &mut Ledger, file: &Path, cli: &Cli) -> Result<(), CliError> {
    use isou::localfile::{read_bounded, Links, LocalFileError};
    use records::receipt::{self, ReceiptError};
    let shown = clean(&file.display().to_string());
    // Bounded, a FIFO or device refused at once (CWE-400).
    let bytes = read_bounded(file, receipt::MAX_BYTES, Links::Follow).map_err(|e| match e {
        LocalFileError::TooLarge { size, .. } => receipt_error(ReceiptError::TooLarge(size)),
        LocalFileError::Io(e) => CliError::io(isou::tr!("rec-reading", path = shown.as_str()))(e),
        other => CliError::usage(
            format!("{shown}: {other}"),
            isou::tr!("rec-receipt-file-hint"),
        ),
    })?;
    let d =
        receipt::check(&bytes, &ledger.events(None)?, isou::clock::now()).map_err(receipt_error)?;
    let r = &d.receipt;
    // Delivery is one fact: a receipt sent twice (or re-issued after a second check)
    // adds none, and two 到着確認 would misstate the register. Checked in full first,
    // so a forged second receipt is still refused.
    if let Some((id, at)) = &d.already {
        outln!(
            "{}",
            isou::tr!(
                "rec-already-delivered",
                shipment = sanitize(&r.shipment),
                id = id.to_string(),
                when = sanitize(&isou::clock::local(at)),
                zone = isou::clock::zone_label()
            )
        );
        return Ok(());
    }
    let who = who(cli)?;
    record(ledger, &r.shipment, d.event_body(&who))?;
    outln!(
        "{}",
        isou::tr!(
            "rec-delivered",
            shipment = sanitize(&r.shipment),
            when = sanitize(&isou::clock::local(&r.verified_at)),
            zone = isou::clock::zone_label(),
            key = r.recipient_key.to_string()
        )
    );
    Ok(())
}
