//! `isou seal`, `isou verify`, `isou open`: the medium workflow.

use std::path::Path;

use isou::keys::{self, sanitize};
use isou::media::{
    self, open::OpenError, open::Unlock, InfoClass, Protection, SealRequest, ShipmentFields,
};
use isou::pipeline::{Compression, PayloadOptions};
use ssh_key::PublicKey;

use crate::cli::{Cli, OpenArgs, SealArgs, VerifyArgs};
use crate::crypt::{new_passphrase, parallelism};
use crate::error::CliError;
use crate::keygen::{load_identities, load_identity};
use isou::policy::Policy;

/// `1G`, `700M`, `4096` → bytes.
fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().last()? {
        (i, 'K' | 'k') => (&s[..i], 1u64 << 10),
        (i, 'M' | 'm') => (&s[..i], 1 << 20),
        (i, 'G' | 'g') => (&s[..i], 1 << 30),
        _ => (s, 1),
    };
    num.parse::<u64>().ok()?.checked_mul(mult)
}

/// A trusted sender: a contact name from the policy, a contact card, an
/// `ssh-ed25519 …` key, or a file holding one.
fn parse_signer(s: &str, policy: &Policy) -> Result<PublicKey, CliError> {
    if let Some((_, card)) = policy.contact(s) {
        return Ok(card.signing_key);
    }
    let text = if Path::new(s).is_file() {
        std::fs::read_to_string(s).map_err(CliError::io(format!("reading {s}")))?
    } else {
        s.to_string()
    };
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    if line.starts_with(keys::card::CARD_TAG) {
        return Ok(line.parse::<keys::ContactCard>()?.signing_key);
    }
    PublicKey::from_openssh(line).map_err(|e| {
        CliError::usage(
            format!("--signer {:?} is not a contact card or ssh-ed25519 key: {e}", sanitize(s)),
            "give the sender's contact card line (isou-card-v1 …), their ssh-ed25519 key, or a file holding it",
        )
    })
}

/// A `YYYY-MM-DD` date, checked.
fn parse_date(d: &str) -> Result<String, CliError> {
    humantime::parse_rfc3339(&format!("{d}T00:00:00Z"))
        .map(|_| d.to_string())
        .map_err(|_| {
            CliError::usage(
                format!("{:?} is not a date", sanitize(d)),
                "write dates as YYYY-MM-DD",
            )
        })
}

/// Loads the policy named by `--policy`, the default file, or the built-in rules.
fn load_policy(cli: &Cli) -> Result<Policy, CliError> {
    Policy::find(cli.policy.as_deref()).map_err(CliError::PolicyFile)
}

/// Asks at the terminal whether the envelope is marked; false without a terminal.
fn confirm_envelope() -> bool {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return false;
    }
    eprint!("封筒に赤字で「親展・取扱注意」と表示しましたか / Is the envelope marked 親展・取扱注意 in red? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    matches!(line.trim(), "y" | "Y" | "yes" | "はい")
}

pub fn seal(a: &SealArgs, cli: &Cli) -> Result<(), CliError> {
    let quiet = cli.quiet;
    // The ledger first: a medium must never be sealed without its record.
    let mut ledger = crate::record::open_ledger(cli.ledger.as_deref())?;
    let policy = load_policy(cli)?;
    let class = a.class.as_deref().map(|c| {
        if c == "identifiable" {
            InfoClass::Identifiable
        } else {
            InfoClass::Anonymized
        }
    });
    let retain_until = match &a.retain_until {
        Some(d) => Some(parse_date(d)?),
        None => policy.retention_days.map(|n| {
            let t = std::time::SystemTime::now()
                + std::time::Duration::from_secs(u64::from(n) * 86_400);
            humantime::format_rfc3339_seconds(t).to_string()[..10].to_string()
        }),
    };
    let mut plan = isou::policy::Plan {
        class,
        handler: a.handler.as_deref(),
        destination: a.destination.as_deref(),
        carrier: a.carrier.as_deref(),
        envelope_confirmed: a.envelope_confirmed,
        attendance_acknowledged: a.attendance_acknowledged,
    };
    // Refused before anything is touched; the envelope question only when it matters.
    if let Err(r) = policy.check(&plan) {
        if !plan.envelope_confirmed && r.rule.contains("§2.2⑤") && confirm_envelope() {
            plan.envelope_confirmed = true;
            policy.check(&plan).map_err(CliError::Policy)?;
        } else {
            return Err(CliError::Policy(r));
        }
    }
    let compression: Compression = a
        .compression
        .parse()
        .map_err(|e: String| CliError::usage(e, "for example --compression zstd:3"))?;
    let segment_size = parse_size(&a.segment_size)
        .filter(|n| *n >= 1024 * 1024 && *n <= isou::pipeline::segments::MAX_SEGMENT_SIZE)
        .ok_or_else(|| {
            CliError::usage(
                format!(
                    "--segment-size {:?} is not between 1M and 4G minus one byte",
                    sanitize(&a.segment_size)
                ),
                "for example --segment-size 1G (FAT32 holds no file of 4 GiB or more)",
            )
        })?;
    let tracking = match &a.tracking_number {
        Some(t) if !t.trim().is_empty() => Some(
            t.parse::<isou::tracking::TrackingNumber>()
                .map_err(|e| CliError::Usage {
                    msg: e.to_string(),
                    hint: Some(e.hint()),
                })?,
        ),
        _ => None,
    };
    // With --passphrase, --passphrase-file/-fd give the medium's passphrase; a protected
    // identity file's own passphrase is then asked at the terminal.
    let identity_pass = if a.passphrase {
        Default::default()
    } else {
        a.passphrase_source.clone()
    };
    let identity = load_identity(a.identity.as_deref(), &identity_pass)?;
    let signing_key = identity.signing_key()?;
    let protection = if a.passphrase {
        Protection::Passphrase(new_passphrase(&a.passphrase_source)?)
    } else {
        let mut r = Vec::new();
        for t in &a.to {
            match policy.contact(t) {
                Some((_, card)) => r.push(card.recipient),
                None => r.push(keys::parse_recipient(t)?),
            }
        }
        Protection::Recipients(r)
    };
    let progress = isou::progress::Progress::new();
    let entries = isou::pipeline::collect_inputs(&a.inputs)
        .map_err(|e| CliError::Seal(media::SealError::Input(e)))?;
    let total = isou::pipeline::total_size(&entries);
    if compression != Compression::None && !quiet {
        // Compressed, the final size is unknown until the end; say so early when even
        // the uncompressed size would not fit (a full medium is cleaned up and reported).
        if let Some(free) = media::free_space(&a.medium).filter(|f| *f < total) {
            eprintln!(
                "isou: warning: the medium has {} MB free and the extract is {} MB before compression; it may not fit",
                free / 1_000_000,
                total.div_ceil(1_000_000)
            );
        }
    }
    let bar = crate::bar::start(&progress, total, "sealing", quiet);
    let summary = media::seal(SealRequest {
        entries: &entries,
        medium: &a.medium,
        protection,
        signing_key,
        fields: ShipmentFields {
            tracking,
            carrier: a.carrier.clone(),
            handler: a.handler.clone(),
            destination: a.destination.clone(),
            class,
            source_organization: a
                .source_organization
                .clone()
                .or_else(|| Some(policy.organization.clone()).filter(|o| !o.is_empty())),
            medium_type: Some(a.medium_type.clone()),
        },
        options: PayloadOptions {
            compression,
            segment_size,
            parallelism: parallelism(a.threads),
            progress: progress.clone(),
        },
        allow_nonempty: a.allow_nonempty,
    })
    .map_err(CliError::Seal);
    drop(bar);
    let summary = summary?;
    let recorded = crate::record::record(
        &mut ledger,
        isou::records::EventKind::Sealed,
        &summary.shipment_id,
        serde_json::json!({
            "summary": &summary,
            "handler": a.handler.as_deref().map(str::to_string).unwrap_or_else(isou::records::current_user),
            "source_organization": a.source_organization,
            "destination": a.destination,
            "carrier": a.carrier,
            "class": a.class,
            "medium_type": a.medium_type,
            "recipients": a.to.iter().map(|t| keys::parse_recipient(t).map(|r| r.to_string()).unwrap_or_default()).collect::<Vec<_>>(),
            "passphrase": a.passphrase,
            "envelope_confirmed": plan.envelope_confirmed,
            "attendance_acknowledged": plan.attendance_acknowledged,
            "destination_address": a.destination.as_deref().and_then(|d| policy.contact(d)).map(|(c, _)| c.address.clone()),
            "policy": policy.source.as_ref().map(|p| p.display().to_string()),
            "retain_until": retain_until,
        }),
    );
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&summary).expect("serialisable")
        );
        return Ok(());
    }
    println!("shipment:        {}", summary.shipment_id);
    println!(
        "tracking number: {}",
        summary
            .tracking_number
            .as_deref()
            .unwrap_or("(none yet: add it with the transport record)")
    );
    println!(
        "sealed:          {} files, {} bytes",
        summary.files, summary.bytes
    );
    println!(
        "on the medium:   {} segment(s), {} bytes",
        summary.segments.len(),
        summary.payload_bytes
    );
    println!(
        "manifest SHA-256 (tagmanifest-sha256.txt): {}",
        summary.manifest_sha256
    );
    println!("signed by:       {}", summary.signer);
    if !quiet {
        eprintln!("isou: the medium was read back and matches its manifests.");
    }
    recorded
}

fn trusted(signers: &[String], policy: &Policy) -> Result<Vec<PublicKey>, CliError> {
    signers.iter().map(|s| parse_signer(s, policy)).collect()
}

/// Bytes under `dir`, for a progress bar's total.
fn tree_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| match e.file_type() {
                    Ok(t) if t.is_dir() => tree_size(&e.path()),
                    Ok(t) if t.is_file() => e.metadata().map(|m| m.len()).unwrap_or(0),
                    _ => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

pub fn verify(a: &VerifyArgs, cli: &Cli) -> Result<(), CliError> {
    let quiet = cli.quiet;
    let trusted = trusted(&a.signer, &load_policy(cli)?)?;
    let mut ledger = crate::record::open_ledger(cli.ledger.as_deref())?;
    if !a.medium.is_dir() {
        return Err(CliError::usage(
            format!("{} is not a folder", a.medium.display()),
            "give the medium's mounted folder",
        ));
    }
    let progress = isou::progress::Progress::new();
    let bar = crate::bar::start(&progress, tree_size(&a.medium), "hashing", quiet);
    let v = media::verify(
        &a.medium,
        &trusted,
        parallelism(a.threads).workers,
        &progress,
    )
    .map_err(CliError::io(format!("reading {}", a.medium.display())));
    drop(bar);
    let v = v?;
    let unpinned = v.isou_profile && trusted.is_empty();
    let valid = v.is_valid() && !unpinned;
    let info = &v.bag.info;
    let field = |l: &str| info.get(l).map(sanitize);
    let signer = match &v.signature {
        Some(Ok(s)) => Some(s.fingerprint.clone()),
        _ => None,
    };
    if a.json {
        let problems: Vec<serde_json::Value> = v
            .all_problems()
            .map(|p| serde_json::json!({"severity": format!("{:?}", p.severity).to_lowercase(), "file": p.file, "message": p.message}))
            .collect();
        let sig = match &v.signature {
            None => serde_json::Value::Null,
            Some(Ok(s)) => {
                serde_json::json!({"valid": true, "signer": s.fingerprint, "trusted": !trusted.is_empty()})
            }
            Some(Err(e)) => serde_json::json!({"valid": false, "error": e.to_string()}),
        };
        let fields: serde_json::Map<String, serde_json::Value> = info
            .fields()
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect();
        let out = serde_json::json!({
            "valid": valid,
            "isou_medium": v.isou_profile,
            "fields": fields,
            "signature": sig,
            "payload_files": v.bag.payload_files,
            "payload_bytes": v.bag.payload_bytes,
            "problems": problems,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).expect("serialisable")
        );
    } else {
        println!(
            "tracking number: {}",
            field("Tracking-Number")
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "(none)".into())
        );
        for (label, name) in [
            ("shipment", "External-Identifier"),
            ("bagged", "Bagging-Date"),
            ("from", "Source-Organization"),
            ("handler", "Contact-Name"),
            ("to", "Destination"),
            ("carrier", "Carrier"),
            ("class", "Information-Class"),
            ("medium", "Medium-Type"),
            ("volume", "Bag-Count"),
            ("encryption", "Encryption"),
        ] {
            if let Some(v) = field(name) {
                println!("{label:<16} {v}");
            }
        }
        println!(
            "{:<16} {} files, {} bytes",
            "payload", v.bag.payload_files, v.bag.payload_bytes
        );
        match (&v.signature, &signer) {
            (None, _) => println!(
                "{:<16} none (a plain BagIt bag, not an isou medium)",
                "signature"
            ),
            (Some(Ok(_)), Some(fp)) if !trusted.is_empty() => {
                println!("{:<16} good, by the expected sender {fp}", "signature")
            }
            (Some(Ok(_)), Some(fp)) => println!(
                "{:<16} valid, by {fp} — NOT CHECKED against an expected sender",
                "signature"
            ),
            (Some(Err(e)), _) => println!("{:<16} BAD: {e}", "signature"),
            _ => {}
        }
        for p in v.all_problems() {
            let tag = match p.severity {
                isou::bag::Severity::Error => "problem",
                isou::bag::Severity::Warning => "warning",
            };
            println!("{tag}: {p}");
        }
        println!(
            "{}",
            if valid {
                "result: VALID"
            } else {
                "result: INVALID"
            }
        );
    }
    // The recipient's ledger: received (once) and verified (every check), valid or not.
    let shipment = info
        .get("External-Identifier")
        .map(str::to_string)
        .unwrap_or_else(|| a.medium.display().to_string());
    let facts = serde_json::json!({
        "valid": valid,
        "tracking_number": info.get("Tracking-Number"),
        "from": info.get("Source-Organization"),
        "destination": info.get("Destination"),
        "class": info.get("Information-Class"),
        "medium_type": info.get("Medium-Type"),
        "signer": signer,
        "signer_pinned": !trusted.is_empty(),
        "problems": v.all_problems().filter(|p| p.severity == isou::bag::Severity::Error).count(),
        "by": isou::records::current_user(),
    });
    let first_time = !ledger
        .events(Some(&shipment))?
        .iter()
        .any(|e| e.kind == isou::records::EventKind::Received);
    if first_time {
        crate::record::record(
            &mut ledger,
            isou::records::EventKind::Received,
            &shipment,
            facts.clone(),
        )?;
    }
    crate::record::record(
        &mut ledger,
        isou::records::EventKind::Verified,
        &shipment,
        facts,
    )?;
    if valid {
        return Ok(());
    }
    let (msg, hint) = if v.is_valid() && unpinned {
        (
            "the medium is intact, but no --signer was given, so who signed it was not checked".to_string(),
            "run again with --signer and the sender's contact card (obtained beforehand, not from the parcel)".to_string(),
        )
    } else {
        let n = v
            .all_problems()
            .filter(|p| p.severity == isou::bag::Severity::Error)
            .count()
            + usize::from(matches!(v.signature, Some(Err(_))));
        (
            format!(
                "the medium failed verification ({n} problem{})",
                if n == 1 { "" } else { "s" }
            ),
            "do not open it; report it to the sender and keep it for inspection".to_string(),
        )
    };
    Err(CliError::Rejected {
        msg,
        hint: Some(hint),
    })
}

pub fn open(a: &OpenArgs, cli: &Cli) -> Result<(), CliError> {
    let quiet = cli.quiet;
    let par = parallelism(a.threads);
    let mut ledger = crate::record::open_ledger(cli.ledger.as_deref())?;
    if !a.signer.is_empty() {
        // The tag files and the signature now; each segment's hash during the one pass
        // that decrypts it.
        let trusted = trusted(&a.signer, &load_policy(cli)?)?;
        let v = media::check_tags(&a.medium, &trusted).map_err(|why| CliError::Rejected {
            msg: format!("the medium failed verification: {why}"),
            hint: Some("run 'isou verify' to see every problem; do not open it".into()),
        })?;
        if !quiet {
            eprintln!("isou: signed by the expected sender {}", v.fingerprint);
        }
    } else if !quiet {
        eprintln!(
            "isou: note: no --signer given; the sender's signature is not checked before opening"
        );
    }
    // Passphrase or keys: the payload's header says which, once it is read.
    let mut unlock = |is_scrypt: bool| -> Result<Unlock, OpenError> {
        if is_scrypt {
            let p = a
                .passphrase_source
                .source()
                .read("Passphrase for the medium: ");
            return p.map(Unlock::Passphrase).map_err(OpenError::Key);
        }
        let files = load_identities(&a.identities, &a.passphrase_source).map_err(|e| match e {
            CliError::Key(k) => OpenError::Key(k),
            other => OpenError::Medium(other.to_string()),
        })?;
        Ok(Unlock::Identities(
            files.into_iter().flat_map(|f| f.identities).collect(),
        ))
    };
    let progress = isou::progress::Progress::new();
    let bar = crate::bar::start(
        &progress,
        tree_size(&a.medium.join("data")),
        "opening",
        quiet,
    );
    let s =
        media::open::open(&a.medium, &a.out, &mut unlock, par, &progress).map_err(CliError::Open);
    drop(bar);
    let s = s?;
    let recorded = crate::record::record(
        &mut ledger,
        isou::records::EventKind::Opened,
        &s.shipment_id,
        serde_json::json!({"files": s.files, "bytes": s.bytes, "by": isou::records::current_user()}),
    );
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&s).expect("serialisable")
        );
    } else {
        println!("shipment: {}", s.shipment_id);
        println!(
            "opened:   {} files, {} bytes, each checked against ISOU-CONTENTS.json",
            s.files, s.bytes
        );
        println!("into:     {}", s.out.display());
    }
    recorded
}

pub fn policy_check(cli: &Cli) -> Result<(), CliError> {
    let p = load_policy(cli)?;
    match &p.source {
        Some(src) => println!("policy file:   {} (valid)", src.display()),
        None => println!("policy file:   none found; the built-in rules apply"),
    }
    println!(
        "organisation:  {}",
        if p.organization.is_empty() {
            "(not set)"
        } else {
            &p.organization
        }
    );
    if p.handlers.is_empty() {
        println!("handlers:      not restricted (§2.2①: designate them in isou.toml)");
    } else {
        println!("handlers:      {}", p.handlers.join(", "));
    }
    for c in &p.contacts {
        let (_, card) = p.contact(&c.name).expect("checked when loaded");
        println!(
            "contact:       {} — {} — signs with {}",
            c.name,
            card.recipient,
            isou::signature::fingerprint(&card.signing_key)
        );
    }
    for (name, r) in [
        ("identifiable (非匿名化)", &p.identifiable),
        ("anonymized (匿名化)", &p.anonymized),
    ] {
        println!(
            "{name}: tracked carriers only: {}, envelope confirmation: {}, hand-carry attendance: {}{}",
            r.tracked_carriers_only,
            r.require_envelope_confirmation,
            r.hand_carry_requires_attendance,
            if r.allowed_carriers.is_empty() { String::new() } else { format!(", carriers: {}", r.allowed_carriers.join(", ")) }
        );
    }
    Ok(())
}
