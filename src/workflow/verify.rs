//! `isou verify`'s rules: a set of media checked against the pinned senders, the
//! envelope and the local ledger; the verdict (valid, incomplete, invalid and why) and
//! the events it records. The report is the command line's.

use std::path::PathBuf;

use ssh_key::PublicKey;

use super::claims::{self, Claim};
use crate::bag::Severity;
use crate::i18n::{both, Text as Said};
use crate::media::authentic::{Authentic, ReceivedClass};
use crate::media::{SetVerification, Verification};
use crate::policy::Policy;
use crate::records::{EventBody, Ledger, LedgerError};
use crate::tracking::TrackingNumber;
use crate::untrusted::sanitize;

/// What to verify, as the user gave it.
pub struct VerifyRequest<'a> {
    /// The media, one per volume given.
    pub media: &'a [PathBuf],
    /// The pinned senders' signing keys (none: nobody's signature is trusted).
    pub trusted: &'a [PublicKey],
    /// The tracking number on the envelope, to compare with the signed one.
    pub envelope: Option<TrackingNumber>,
    /// Worker threads for hashing.
    pub workers: usize,
}

/// Whose check this is when the ledger sealed the shipment with the key that signed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Own {
    /// Not sealed here with that key: a recipient's check.
    No,
    /// Sealed here and not yet shipped, carried or received: the sender's check before
    /// shipping (issue 15 item 4).
    BeforeShipping,
    /// Sealed here and shipped since: the sender's check at the counter or of a
    /// returned parcel (red team finding 04).
    AfterShipping,
}

/// Why a verification that is not valid fails, for the exit code and its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Intact, but an isou medium checked without `--signer`: who made it is unknown.
    Unpinned,
    /// Intact, but the bag's `fetch.txt` lists this many files not present.
    Holey {
        /// Files still to fetch, over all volumes.
        count: u64,
    },
    /// Intact, but volumes of the set were not given.
    SetIncomplete {
        /// The volumes missing, as said to people.
        missing: String,
    },
    /// Refused.
    Invalid {
        /// Problems found.
        count: usize,
        /// Only read errors: reading again may work.
        unreadable_only: bool,
        /// Nothing there was a bag at all.
        no_bag: bool,
    },
}

/// The verdict of `isou verify` and everything the report shows.
pub struct Verdict {
    /// Each volume's verification and the set's.
    pub set: SetVerification,
    /// Senders were pinned (`--signer`).
    pub pinned: bool,
    /// An isou medium checked with no sender pinned.
    pub unpinned: bool,
    /// More than one volume given or in the set.
    pub multi: bool,
    /// VALID.
    pub valid: bool,
    /// Not valid only because something is missing (exit code 4).
    pub incomplete_only: bool,
    /// Valid and authenticated as a pinned sender's.
    pub authenticated: bool,
    /// The pinned sender's volumes, but not the whole set.
    pub incomplete: bool,
    /// A plain bag's `fetch.txt` lists payload not present.
    pub holey: bool,
    /// Nothing found against what the user and the ledger know.
    pub records_ok: bool,
    /// The set's problems, in both languages.
    pub set_lines: Vec<Said>,
    /// Warnings about the shipment (the volumes' own are in their problems).
    pub warnings: Vec<Said>,
    /// Errors counted.
    pub errors: usize,
    /// The shipment the media are recorded under, when authenticated as a pinned
    /// sender's and an id isou makes.
    pub shipment: Option<String>,
    /// Whose check this is.
    pub own: Own,
    /// The id a check was recorded under, when it is one (not a receipt).
    pub checked_as: Option<String>,
    /// Said when the signed Source-Organization is not the contact whose key signed.
    pub sender_claim: Option<String>,
    /// The events to record, in order, each under its id; stop at the first failure.
    pub to_record: Vec<(String, EventBody)>,
}

impl Verdict {
    /// The volumes that could be read.
    pub fn volumes(&self) -> impl Iterator<Item = &Verification> {
        self.set.volumes.iter().filter_map(|(_, v)| v.as_ref().ok())
    }

    /// Nothing was recorded because nothing given was a bag.
    pub fn no_bag(&self) -> bool {
        self.checked_as.is_none() && self.shipment.is_none()
    }

    /// Why the verification fails; `None` when it is valid.
    pub fn failure(&self) -> Option<Failure> {
        if self.valid {
            return None;
        }
        let sv = &self.set;
        let intact = sv.is_valid() && self.records_ok;
        Some(if intact && self.unpinned {
            Failure::Unpinned
        } else if self.incomplete_only && self.holey {
            Failure::Holey {
                count: self.volumes().map(|v| v.bag.to_fetch_count).sum(),
            }
        } else if self.incomplete_only {
            Failure::SetIncomplete {
                missing: sv.set.missing_text().unwrap_or_default(),
            }
        } else {
            let vols: Vec<&Verification> = self.volumes().collect();
            let count = self.errors
                + vols
                    .iter()
                    .filter(|v| matches!(v.authentic, Some(Err(_))))
                    .count();
            Failure::Invalid {
                count,
                unreadable_only: self.unreadable_only(&vols),
                no_bag: self.no_bag(),
            }
        })
    }

    /// Only read errors: the medium may be intact, and reading again may work. A
    /// medium refused for what it is (a FIFO, a link, a damaged image) is not that.
    fn unreadable_only(&self, vols: &[&Verification]) -> bool {
        let sv = &self.set;
        let errors = || {
            vols.iter()
                .flat_map(|v| v.all_problems())
                .filter(|p| p.severity == Severity::Error)
        };
        vols.len() == sv.volumes.len()
            && sv.set.problems.is_empty()
            && sv.problems.is_empty()
            && self.records_ok
            && vols.iter().all(|v| match &v.authentic {
                Some(Err(e)) => e.is_read_error(),
                _ => true,
            })
            && errors().all(|p| p.is_read_error())
            // At least one read error: a medium refused for something else (no
            // --signer, a volume left out) was read fine (red team 18, finding 08).
            && (vols
                .iter()
                .any(|v| matches!(&v.authentic, Some(Err(e)) if e.is_read_error()))
                || vols
                    .iter()
                    .flat_map(|v| v.all_problems())
                    .any(|p| p.is_read_error()))
    }
}

/// The fields of a volume to show: the signed ones when the signature checked out,
/// else what the medium claims.
pub fn shown_info(v: &Verification) -> &crate::bag::BagInfo {
    match &v.authentic {
        Some(Ok(a)) => &a.info,
        _ => &v.bag.info,
    }
}

/// Verifies the media (hashing every segment, `progress` counting), judges them
/// against the envelope and the ledger, and says what to record.
pub fn verify(
    req: &VerifyRequest<'_>,
    ledger: &Ledger,
    policy: &Policy,
    progress: &crate::progress::Progress,
) -> Result<Verdict, LedgerError> {
    let sv = crate::media::verify_set(req.media, req.trusted, req.workers, progress);
    judge(req, sv, ledger, policy)
}

/// The set's own problems, in English for `--json` and in the user's language.
fn set_problems(sv: &SetVerification) -> Vec<Said> {
    let mut lines: Vec<Said> = sv.set.problems.clone();
    lines.extend(sv.problems.iter().cloned());
    if let (Some(local), Some(en)) = (
        sv.set.missing_text(),
        sv.set.missing_text_in(crate::i18n::Lang::En),
    ) {
        lines.push(Said {
            id: "media-set-missing",
            local,
            en,
        });
    }
    for (p, v) in &sv.volumes {
        if let Err(e) = v {
            // The reason in each language (its English for --json, finding 01).
            lines.push(Said::nest(
                "verify-cannot-read",
                "error",
                e.clone(),
                &[("path", p.display().to_string())],
            ));
        }
    }
    lines
}

/// The number on the envelope against the one the sender signed: a problem, or a
/// warning when the sender signed none.
fn envelope_check(
    envelope: Option<&TrackingNumber>,
    signed: Option<&Authentic>,
) -> (Option<Said>, Option<Said>) {
    let Some(env) = envelope else {
        return (None, None);
    };
    // Compared as tracking numbers: the sender may have written the printed form
    // (`131-12-38385-2`), isou writes the digits.
    let same = |t: &str| {
        t.parse::<TrackingNumber>()
            .is_ok_and(|t| t.normalized() == env.normalized())
    };
    match signed.and_then(|s| s.info.get("Tracking-Number")) {
        Some(t) if same(t) => (None, None),
        Some(t) => (
            Some(both::tr!(
                "verify-tracking-mismatch",
                envelope = env.to_string(),
                signed = sanitize(t)
            )),
            None,
        ),
        None if signed.is_some() => (None, Some(both::tr!("verify-no-tracking-number"))),
        // Nothing signed to compare with: the medium fails for that already.
        None => (None, None),
    }
}

/// What the ledger holds against a pinned sender's medium: an id isou never makes, a
/// shipment sealed here with another key (problems), or other keys that claimed it
/// before (contested, finding 03).
fn against_ledger(
    ledger: &Ledger,
    signed: Option<&Authentic>,
) -> Result<(Vec<Said>, claims::Contested), LedgerError> {
    let Some(s) = signed.filter(|s| s.pinned) else {
        return Ok((Vec::new(), Vec::new()));
    };
    let mut problems: Vec<Said> = claims::id_problem(ledger, &s.shipment)?
        .into_iter()
        .collect();
    let mut contested = Vec::new();
    match claims::signer_conflict(ledger, &s.shipment, &s.signer.fingerprint)? {
        Claim::Clear => {}
        Claim::NotOurs(why) => problems.push(why),
        Claim::Contested(others) => contested = others,
    }
    Ok((problems, contested))
}

/// Whose check this is, and the ledger's warnings about a shipment recorded under its
/// id: contested by another key, or seen before (when and by whom: a replayed medium,
/// or a second copy of one already received and opened).
fn shipment_claims(
    ledger: &Ledger,
    shipment: Option<&str>,
    signed: Option<&Authentic>,
    contested: &[(String, String)],
    warnings: &mut Vec<Said>,
) -> Result<Own, LedgerError> {
    let (Some(id), Some(s)) = (shipment, signed) else {
        return Ok(Own::No);
    };
    let own = match claims::sealed_here(ledger, id, &s.signer.fingerprint)? {
        Some(true) => Own::BeforeShipping,
        Some(false) => Own::AfterShipping,
        None => Own::No,
    };
    if !contested.is_empty() {
        warnings.push(claims::contested_warning(
            id,
            &s.signer.fingerprint,
            contested,
        ));
    }
    warnings.extend(claims::seen_warnings(&claims::seen_before(ledger, id)?));
    Ok(own)
}

/// Every volume given is intact (and, for isou media, the pinned sender's) and nothing
/// is found against the set or the records: a verification that is not valid then
/// fails only for what is missing (exit code 4, issue 18) — volumes of the set not
/// given, or a plain bag's fetch.txt listing payload not present. Never said of an
/// unpinned isou medium: who made it was not checked, so nothing about it is "intact".
fn all_intact(sv: &SetVerification, vols: &[&Verification], records_ok: bool) -> bool {
    vols.len() == sv.volumes.len()
        && vols.iter().all(|v| v.is_intact())
        && sv.set.problems.is_empty()
        && sv.problems.is_empty()
        && records_ok
}

/// Judges a verified set: the verdict, its warnings and what to record.
pub fn judge(
    req: &VerifyRequest<'_>,
    sv: SetVerification,
    ledger: &Ledger,
    policy: &Policy,
) -> Result<Verdict, LedgerError> {
    let pinned = !req.trusted.is_empty();
    let vols: Vec<&Verification> = sv
        .volumes
        .iter()
        .filter_map(|(_, v)| v.as_ref().ok())
        .collect();
    let isou_medium = pinned || vols.iter().any(|v| v.isou_profile);
    let unpinned = !pinned && isou_medium;
    let multi = sv.volumes.len() > 1 || sv.set.total.is_some_and(|n| n > 1);
    let mut set_lines = set_problems(&sv);
    let signed = sv.authentic();
    let (tracking_problem, no_tracking) = envelope_check(req.envelope.as_ref(), signed);
    let mut warnings: Vec<Said> = no_tracking.into_iter().collect();
    // Only the form `isou seal` makes is a shipment id (finding 01, 02); a shipment
    // this ledger sealed with another key is not this one; one another pinned sender's
    // medium claimed before is contested (finding 03).
    let (ledger_problems, contested) = against_ledger(ledger, signed)?;
    // Problems found against what the user and the ledger know, beyond the medium's own.
    let against_records: Vec<Said> = tracking_problem
        .into_iter()
        .chain(ledger_problems)
        .collect();
    let records_ok = against_records.is_empty();
    set_lines.extend(against_records);
    let valid = sv.is_valid() && !unpinned && records_ok;
    let holey = vols.iter().any(|v| v.bag.is_holey());
    let incomplete_only = !valid
        && !unpinned
        && all_intact(&sv, &vols, records_ok)
        && (holey || !sv.set.is_complete());
    let authenticated = valid && pinned && sv.is_authenticated();
    // Volumes of a pinned sender's set with one left out: the sender's, so checked
    // under the shipment, but as a check of its own that neither receives the shipment
    // nor overwrites an earlier verification of the whole set (issue 15 item 4).
    let incomplete = !authenticated && pinned && records_ok && sv.is_authentic_but_incomplete();
    // Recorded under the shipment it names only if that is a shipment id isou makes,
    // exactly (finding 01, 02).
    let shipment = signed
        .filter(|s| {
            (authenticated || incomplete)
                && crate::records::value::is_canonical_shipment_id(&s.shipment)
        })
        .map(|s| s.shipment.clone());
    // The sender's own check: this ledger sealed the shipment with the key that signed
    // it. A routine check, never a receipt: no 受領日時, and the shipment stays open.
    let own = shipment_claims(
        ledger,
        shipment.as_deref(),
        signed,
        &contested,
        &mut warnings,
    )?;
    let info = vols
        .first()
        .map(|v| shown_info(v).clone())
        .unwrap_or_default();
    // A signed class that is none isou knows is the sender's error, not a forgery: the
    // medium stays VALID, its data is handled (and recorded) as identifiable, and the
    // user is told so the sender can be asked.
    if let (true, Some(c)) = (isou_medium, ReceivedClass::of(&info).claimed) {
        warnings.push(both::tr!("verify-class-unknown", class = format!("{c:?}")));
    }
    let errors: usize = vols
        .iter()
        .map(|v| {
            v.all_problems()
                .filter(|p| p.severity == Severity::Error)
                .count()
        })
        .sum::<usize>()
        + set_lines.len();
    let mut verdict = Verdict {
        set: sv,
        pinned,
        unpinned,
        multi,
        valid,
        incomplete_only,
        authenticated,
        incomplete,
        holey,
        records_ok,
        set_lines,
        warnings,
        errors,
        shipment,
        own,
        checked_as: None,
        sender_claim: None,
        to_record: Vec::new(),
    };
    verdict.to_record = to_record(&mut verdict, req, ledger, policy, &info, &contested)?;
    Ok(verdict)
}

/// What the recipient's ledger records. Only a medium authenticated as a pinned
/// sender's is recorded under the shipment it names: received (once) and verified
/// (every check), or the sender's own check. Anything else is recorded as a check of
/// *that medium*, under its own id, with what it claimed: a forged medium naming one
/// of our shipments must not change what the registers say about it.
fn to_record(
    v: &mut Verdict,
    req: &VerifyRequest<'_>,
    ledger: &Ledger,
    policy: &Policy,
    info: &crate::bag::BagInfo,
    contested: &[(String, String)],
) -> Result<Vec<(String, EventBody)>, LedgerError> {
    let actor = crate::records::actor(policy);
    let Some(shipment) = v.shipment.clone() else {
        let Some(medium_id) = crate::media::checked_id(req.media) else {
            // No bag at all: nothing to record (issue 15 item 4).
            return Ok(Vec::new());
        };
        v.checked_as = Some(medium_id.clone());
        let body = EventBody::Checked(checked(v, req, &actor, info));
        return Ok(vec![(medium_id, body)]);
    };
    let s = v.set.authentic().expect("authenticated");
    // The approval terms the pinned sender signed (records::terms), read only from the
    // authenticated bag-info; said when unusable or when the use period has ended.
    let (terms, problems) = crate::records::terms::UseTerms::from_signed(&s.info);
    v.warnings.extend(problems);
    if let Some(d) = terms
        .use_until
        .as_deref()
        .filter(|d| *d < crate::media::today().as_str())
    {
        v.warnings.push(both::tr!("verify-use-ended", date = d));
    }
    // Built by the library (records::shipment): the signed fields made record
    // values, the class as the one word seal records.
    let facts = crate::records::shipment::verification(
        &actor,
        crate::records::shipment::VerifyFacts {
            valid: v.valid,
            authenticated: v.authenticated,
            signed: s,
            info,
            set: &v.set.set,
            volumes: volume_names(&v.set),
            envelope: req.envelope.as_ref().map(|e| e.normalized().to_string()),
            contested,
            terms,
            retention_days: policy.retention_days,
            sender_contact: policy
                .contact_of_signer(&s.signer.fingerprint)
                .map(|c| c.name.clone()),
        },
    );
    let signer = s.signer.fingerprint.clone();
    v.sender_claim = claims::sender_claim(&facts.sender_contact, &facts.from);
    use EventBody as B;
    let routine = match v.own {
        Own::BeforeShipping => Some(B::CheckedBeforeShipping as fn(_) -> B),
        Own::AfterShipping => Some(B::CheckedBySender as fn(_) -> B),
        Own::No if !v.authenticated => Some(B::CheckedIncomplete as fn(_) -> B),
        Own::No => None,
    };
    if let Some(kind) = routine {
        v.checked_as = Some(shipment.clone());
        return Ok(vec![(shipment, kind(facts))]);
    }
    // Received once from this signer: a contested id's other claimant's receipt does
    // not stand for this one (finding 03).
    let mut events = Vec::new();
    if !claims::received_from(ledger, &shipment, &signer)? {
        events.push((shipment.clone(), B::Received(facts.clone())));
    }
    events.push((shipment, B::Verified(facts)));
    Ok(events)
}

/// The media given, as recorded.
fn volume_names(sv: &SetVerification) -> Vec<String> {
    sv.volumes
        .iter()
        .map(|(p, _)| p.display().to_string())
        .collect()
}

/// A check of a medium not authenticated as a pinned sender's: what it claimed.
fn checked(
    v: &Verdict,
    req: &VerifyRequest<'_>,
    actor: &crate::records::Actor,
    info: &crate::bag::BagInfo,
) -> crate::records::event::Checked {
    let claim = |l: &str| info.get(l).map(sanitize);
    let medium_type = info.get("Medium-Type").map(|t| match v.set.set.total {
        Some(n) if n > 1 => format!("{t} ×{n}"),
        _ => t.to_string(),
    });
    crate::records::event::Checked {
        valid: v.valid,
        authenticated: false,
        claimed: crate::records::event::Claimed {
            shipment: claim("External-Identifier"),
            from: claim("Source-Organization"),
            destination: claim("Destination"),
            tracking_number: claim("Tracking-Number"),
            class: claim("Information-Class"),
            medium_type: medium_type.as_deref().map(sanitize),
            signer: v
                .volumes()
                .find_map(|v| v.signer())
                .map(|s| s.fingerprint.clone()),
            extra: Default::default(),
        },
        envelope_tracking_number: req.envelope.as_ref().map(|e| e.normalized().to_string()),
        signer_pinned: v.pinned,
        volumes: volume_names(&v.set),
        set_complete: v.set.set.is_complete(),
        problems: v.errors as u64,
        by: actor.name.clone(),
        os_account: actor.account.clone(),
        extra: Default::default(),
    }
}
