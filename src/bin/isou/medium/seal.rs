//! `isou seal`: the flags as an order, the library's rules applied in their order
//! (with the envelope question, the identity's and the medium's passphrases asked
//! between them), the media written with a progress bar, the seal recorded and
//! reported.

use std::path::PathBuf;

use isou::media::{self, Layout, Protection, SealRequest, SealSummary};
use isou::pipeline::{Compression, InputEntry, PayloadOptions};
use isou::untrusted::clean;
use isou::workflow::seal::{self as rules, SealOrder, Settled};

use super::prompt::{ask_path, confirm_envelope, is_interactive};
use super::{files, load_policy, segments};
use crate::cli::{Cli, SealArgs};
use crate::crypt::parallelism;
use crate::error::CliError;
use crate::keygen::{load_identity_for, IdentityPassphrase};
use crate::output::{errln, outln};

/// The order the flags make (clap checked each value's form).
fn order(a: &SealArgs) -> SealOrder {
    SealOrder {
        inputs: a.inputs.clone(),
        media: a.medium.clone(),
        iso: a.iso.clone(),
        class: a.class,
        handler: a.handler.clone(),
        destination: a.destination.clone(),
        carrier: a.carrier.clone(),
        tracking_number: a.tracking_number.clone(),
        source_organization: a.source_organization.clone(),
        retain_until: a.retain_until.clone(),
        allow_past_retention: a.allow_past_retention,
        approver: a.approver.clone(),
        application: a.application.clone(),
        use_until: a.use_until.clone(),
        no_use_until: a.no_use_until,
        to: a.to.clone(),
        passphrase: a.passphrase,
        medium_type: a.medium_type,
        volume_size: a.volume_size,
        allow_nonempty: a.allow_nonempty,
        envelope_confirmed: a.envelope_confirmed,
        attendance_acknowledged: a.attendance_acknowledged,
    }
}

/// `isou seal`.
pub fn seal(a: &SealArgs, cli: &Cli) -> Result<(), CliError> {
    let quiet = cli.quiet;
    let o = order(a);
    rules::check_given(&o)?;
    // The ledger next, opened for writing (a read-only ledger is refused here): a
    // medium must never be sealed without its record.
    let mut ledger = crate::record::open_ledger(cli.ledger.as_deref())?;
    let policy = load_policy(cli)?;
    let r = rules::rules(&o, &policy, &mut confirm_envelope)?;
    // With --passphrase, --passphrase-file/-fd give the medium's passphrase; a protected
    // identity file's own passphrase is then asked at the terminal.
    let identity_pass = if a.passphrase {
        Default::default()
    } else {
        a.passphrase_source.clone()
    };
    // Only the signing key: seal never decrypts, so the X25519 secret stays in the file.
    let identity = load_identity_for(
        a.identity.as_deref(),
        isou::keys::KeyUse::Sign,
        &mut IdentityPassphrase::new(&identity_pass),
    )?;
    let signing_key = identity.signing_key()?;
    let parties = rules::parties(&o, &policy, &r)?;
    // The same number on another shipment: said before anything is written (issue 15).
    if let Some(t) = &r.tracking {
        crate::record::warn_tracking_reused(&ledger, t, None, parties.destination.as_deref())?;
    }
    let protection = if a.passphrase {
        // Judged for the class (`crypt::new_medium_passphrase`); the destination and
        // the organisation are the words an attacker tries first.
        let context = rules::passphrase_context(&o, parties.destination.as_deref(), &policy);
        Protection::Passphrase(crate::crypt::new_medium_passphrase(
            &a.passphrase_source,
            isou::policy::is_identifiable(Some(r.class)),
            &context,
            quiet,
        )?)
    } else {
        Protection::Recipients(parties.recipients.clone())
    };
    let medium_type = rules::medium_type(&o)?;
    let settled = Settled {
        order: &o,
        policy: &policy,
        rules: &r,
        parties: &parties,
        medium_type,
    };
    let summary = write(a, quiet, &settled, protection, signing_key)?;
    if !quiet {
        for p in &summary.stale_removed {
            errln!(
                "isou: {}",
                isou::tr!("seal-stale-removed", path = clean(&p.display().to_string()))
            );
        }
    }
    let body = settled.record(&summary);
    let recorded = crate::record::record_finished(&mut ledger, &summary.shipment_id, body);
    if a.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&summary).expect("serialisable")
        );
        // The medium is made and its summary printed, but an event the ledger refused
        // is an error here too (kept beside the ledger, exit 2), as without --json.
        return recorded;
    }
    report(a, &summary, quiet);
    recorded
}

/// Writes the media: the extract read, the volumes announced, the bag sealed and
/// signed with a progress bar, each further medium asked for at the terminal.
fn write(
    a: &SealArgs,
    quiet: bool,
    settled: &Settled<'_>,
    protection: Protection,
    signing_key: &ssh_key::PrivateKey,
) -> Result<SealSummary, CliError> {
    let progress = isou::progress::Progress::new();
    let entries = isou::pipeline::collect_inputs(&a.inputs)
        .map_err(|e| CliError::Seal(media::SealError::Input(e)))?;
    let total = isou::pipeline::total_size(&entries);
    let first: PathBuf = match &a.iso {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(CliError::io(isou::tr!(
                "seal-creating-folder",
                path = clean(&dir.display().to_string())
            )))?;
            dir.clone()
        }
        None => a.medium[0].clone(),
    };
    let volume_size = settled.volume_size();
    announce(a, quiet, &entries, total, volume_size, &first);
    let allow_nonempty = a.allow_nonempty;
    let look = media::swap::ExtractLook::of(&entries);
    let anonymized = (settled.rules.class == media::InfoClass::Anonymized).then_some(look);
    let inputs = a.inputs.clone();
    let mut ask = move |k: usize| -> Option<PathBuf> {
        loop {
            let p = ask_path(&format!(
                "isou: {}",
                isou::tr!("seal-ask-volume", volume = k)
            ))?;
            let checked = media::swap::check_overlap(&inputs, std::slice::from_ref(&p))
                .and_then(|()| media::check_medium(&p, allow_nonempty, anonymized.as_ref()));
            match checked {
                Ok(()) => return Some(p),
                // The path was typed, the error may quote it: the one sanitiser here,
                // whatever the error's constructor did (red team 17, finding 52).
                Err(e) => errln!("isou: {}", clean(&e.to_string())),
            }
        }
    };
    let interactive = is_interactive();
    let layout = match &a.iso {
        Some(_) => Layout::Images {
            volume_size: volume_size.expect("checked above"),
        },
        None => Layout::Folders {
            volume_size,
            more: a.medium[1..].to_vec(),
            ask: if interactive { Some(&mut ask) } else { None },
        },
    };
    let notify = |m: &str| {
        if !quiet {
            errln!("isou: {}", clean(m));
        }
    };
    let bar = crate::bar::start(&progress, total, &isou::tr!("progress-sealing"), quiet);
    let summary = media::seal(SealRequest {
        entries: &entries,
        medium: &first,
        protection,
        signing_key,
        fields: settled.fields(),
        options: PayloadOptions {
            compression: a.compression,
            segment_size: a.segment_size,
            parallelism: parallelism(a.threads),
            progress: progress.clone(),
        },
        allow_nonempty: a.allow_nonempty,
        layout,
        notify: &notify,
    })
    .map_err(CliError::Seal);
    // Signing left copies of the seed in dead stack frames (CWE-226, issue 13).
    isou::keys::wipe_stack();
    drop(bar);
    summary
}

/// How many volumes it will take, and a warning when a compressed seal on one medium
/// may not fit it.
fn announce(
    a: &SealArgs,
    quiet: bool,
    entries: &[InputEntry],
    total: u64,
    volume_size: Option<u64>,
    first: &std::path::Path,
) {
    let compression = a.compression;
    if let (Some(vs), false) = (volume_size, quiet) {
        // The count is exact without compression, an upper bound with it; isou reports
        // each volume as it fills.
        let count = rules::volumes_needed(vs, total, entries.len());
        let size = isou::i18n::size(vs);
        errln!(
            "isou: {}",
            if compression == Compression::None {
                isou::tr!("seal-volumes-about", count = count, size = size)
            } else {
                isou::tr!("seal-volumes-at-most", count = count, size = size)
            }
        );
    }
    if compression != Compression::None
        && !quiet
        && a.iso.is_none()
        && volume_size.is_none()
        && a.medium.len() == 1
    {
        // Compressed, the final size is unknown until the end; say so early when even
        // the uncompressed size would not fit (a full medium is cleaned up and reported).
        if let Some(free) = media::free_space(first).filter(|f| *f < total) {
            crate::output::warn(&isou::tr!(
                "seal-may-not-fit",
                free = isou::i18n::size(free),
                size = isou::i18n::size(total)
            ));
        }
    }
}

/// The seal as text (sizes for people, 300.0 MiB; the exact bytes are in `--json`,
/// issue 17), and what comes next.
fn report(a: &SealArgs, summary: &SealSummary, quiet: bool) {
    outln!(
        "{}",
        isou::tr!("seal-shipment", shipment = summary.shipment_id.as_str())
    );
    outln!(
        "{}",
        match summary.tracking_number.as_deref() {
            Some(t) => isou::tr!(
                "seal-tracking-number",
                number = isou::i18n::tracking_number(t)
            ),
            None => isou::tr!("seal-tracking-number-none"),
        }
    );
    outln!(
        "{}",
        isou::tr!(
            "seal-sealed",
            files = files(summary.files),
            size = isou::i18n::size(summary.bytes)
        )
    );
    outln!(
        "{}",
        isou::tr!(
            "seal-on-medium",
            segments = segments(summary.segments.len() as u64),
            size = isou::i18n::size(summary.payload_bytes)
        )
    );
    outln!(
        "{}",
        isou::tr!("seal-manifest", sha256 = summary.manifest_sha256.as_str())
    );
    outln!(
        "{}",
        isou::tr!("seal-signed-by", signer = summary.signer.as_str())
    );
    if summary.volumes.len() > 1 || a.iso.is_some() {
        volume_lines(summary);
    }
    if !quiet {
        errln!(
            "isou: {}",
            if summary.volumes.len() > 1 {
                isou::tr!("seal-read-back-all")
            } else {
                isou::tr!("seal-read-back")
            }
        );
    }
    crate::output::next_step(
        quiet,
        &isou::tr!("next-after-seal", shipment = summary.shipment_id.as_str()),
    );
    if a.passphrase {
        crate::output::next_step(
            quiet,
            &isou::tr!(
                "next-after-seal-passphrase",
                shipment = summary.shipment_id.as_str()
            ),
        );
    }
}

/// One line per volume: where it is, its segments and size (and its image's).
fn volume_lines(summary: &SealSummary) {
    let n = summary.volumes.len();
    for v in &summary.volumes {
        let volume = v.number.to_string();
        let count = n.to_string();
        let location = clean(&v.location.display().to_string());
        let segs = segments(v.segments.len() as u64);
        let size = isou::i18n::size(v.payload_bytes);
        outln!(
            "{}",
            match v.image_bytes {
                Some(b) => isou::tr!(
                    "seal-volume-image",
                    volume = volume,
                    count = count,
                    location = location,
                    segments = segs,
                    size = size,
                    image = isou::i18n::size(b)
                ),
                None => isou::tr!(
                    "seal-volume",
                    volume = volume,
                    count = count,
                    location = location,
                    segments = segs,
                    size = size
                ),
            }
        );
    }
}
