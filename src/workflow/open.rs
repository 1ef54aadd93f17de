//! `isou open`'s rules: whose media may be opened, the checks of every volume before a
//! passphrase is asked or anything decrypted, and what an opening (or its refusal)
//! records. The questions, the progress bar and the report are the command line's.

use std::path::PathBuf;

use ssh_key::PublicKey;

use super::claims::{self, Claim};
use super::WorkflowError;
use crate::media::authentic::{Authentic, Sender};
use crate::media::open::{OpenError, OpenSummary};
use crate::policy::Policy;
use crate::records::{Actor, EventBody, Ledger};
use crate::untrusted::{clean, sanitize};

/// Whose media may be opened. Safe by default: identifiable data from a sender nobody
/// checked is not opened unless the user says so, explicitly (and it is recorded).
pub fn sender(any_sender: bool, trusted: &[PublicKey]) -> Result<Sender<'_>, WorkflowError> {
    if any_sender {
        Ok(Sender::Any)
    } else if trusted.is_empty() {
        Err(WorkflowError::rejected(
            crate::tr!("open-no-signer"),
            crate::tr!("open-no-signer-hint"),
        ))
    } else {
        Ok(Sender::Pinned(trusted))
    }
}

/// The volumes given, checked before anything is decrypted.
#[derive(Default)]
pub struct Given {
    /// The first volume's authenticated bag-info and signer.
    pub first: Option<Authentic>,
    /// Other keys recorded before for the shipment, with when (finding 03).
    pub contested: Vec<(String, String)>,
}

/// The tag files and the signature of every volume given, before a passphrase is
/// asked for (a volume asked for later is checked when it comes), judged as verify
/// judges them against the ledger. A contested id is opened, `warn`ed loudly as it is
/// found and recorded as contested.
pub fn check_given(
    ledger: &Ledger,
    media: &[PathBuf],
    sender: Sender<'_>,
    warn: &mut dyn FnMut(&str),
) -> Result<Given, WorkflowError> {
    let mut given = Given::default();
    for m in media {
        let src = crate::media::volume::open_medium(m).map_err(|e| {
            WorkflowError::rejected(
                crate::tr!(
                    "open-medium-unreadable",
                    path = clean(&m.display().to_string()),
                    error = e.to_string()
                ),
                crate::tr!("open-medium-unreadable-hint"),
            )
        })?;
        // The same check the library makes of every volume as it reads it.
        let v = crate::media::open::check_volume(src.as_ref(), sender, &m.display().to_string())
            .map_err(WorkflowError::Open)?;
        if v.pinned {
            // As verify judges it: a medium whose id isou never makes is refused before
            // any of it is decrypted (review of findings 01 and 02).
            if let Some(why) = claims::id_problem(ledger, &v.shipment)? {
                return Err(WorkflowError::rejected(
                    why.local,
                    crate::tr!("open-id-not-isou-hint"),
                ));
            }
            match claims::signer_conflict(ledger, &v.shipment, &v.signer.fingerprint)? {
                Claim::Clear => {}
                Claim::NotOurs(why) => {
                    return Err(WorkflowError::rejected(
                        why.local,
                        crate::tr!("open-not-our-shipment-hint"),
                    ))
                }
                // The pinned sender's good signature: opened, warned loudly, recorded
                // as contested (finding 03).
                Claim::Contested(others) => {
                    warn(
                        &claims::contested_warning(&v.shipment, &v.signer.fingerprint, &others)
                            .local,
                    );
                    given.contested = others;
                }
            }
        }
        given.first.get_or_insert(v);
    }
    Ok(given)
}

/// Another plaintext copy is a second place to protect and destroy (§2.2): the
/// warnings that say when and where the earlier ones were made.
pub fn opened_before(
    ledger: &Ledger,
    first: &Authentic,
    media: &[PathBuf],
) -> Result<Vec<String>, WorkflowError> {
    Ok(claims::opened_before(ledger, &first.shipment, media)?
        .into_iter()
        .map(|(when, by, into)| {
            crate::tr!(
                "open-opened-before",
                shipment = sanitize(&first.shipment),
                when = crate::clock::local(&when),
                by = by,
                into = into
            )
        })
        .collect())
}

/// A pinned sender's medium whose archive open refused (hostile or corrupt): a failed
/// verification of the shipment, so the registers do not keep only 正常 (red team 17
/// finding 14). What to record, under which id; nothing for another refusal.
pub fn refusal_record(
    policy: &Policy,
    actor: &Actor,
    media: &[PathBuf],
    given: &Given,
    e: &OpenError,
) -> Option<(String, EventBody)> {
    let f = given.first.as_ref()?;
    let why = crate::records::shipment::open_refusal(e)
        .filter(|_| f.pinned && crate::records::value::is_canonical_shipment_id(&f.shipment))?;
    let volumes = media.iter().map(|m| m.display().to_string()).collect();
    let contact = policy
        .contact_of_signer(&f.signer.fingerprint)
        .map(|c| c.name.clone());
    let body =
        crate::records::shipment::open_refused(actor, f, volumes, why, &given.contested, contact);
    Some((f.shipment.clone(), body))
}

/// What an opening records, and what to tell of it.
pub struct Opening {
    /// The id the opening is recorded under.
    pub record_as: String,
    /// The event.
    pub body: EventBody,
    /// The day the decrypted folder is to be disposed of by, if any.
    pub keep_until: Option<String>,
    /// Warnings to give before it is recorded, in order.
    pub warnings: Vec<String>,
}

/// What an opening records. Opened from a sender nobody checked: what the medium says
/// it is was not authenticated, so it is recorded under the medium's own id, never
/// under the shipment it names (an outsider's medium must not close a real shipment).
pub fn opening(
    policy: &Policy,
    actor: &Actor,
    media: &[PathBuf],
    given: &Given,
    s: &OpenSummary,
) -> Opening {
    let record_as =
        if s.sender_checked && crate::records::value::is_canonical_shipment_id(&s.shipment_id) {
            s.shipment_id.clone()
        } else {
            crate::media::unauthenticated_id(media)
        };
    // What verify records of the shipment, from the bag-info authenticated before the
    // medium was opened, the approval terms of a pinned sender and the decrypted
    // folder's retention date (records::shipment::opened).
    let mut body = crate::records::shipment::opened(
        actor,
        s,
        &record_as,
        given.first.as_ref(),
        &given.contested,
        policy.retention_days,
    );
    let mut warnings = Vec::new();
    let mut keep_until = None;
    if let EventBody::Opened(o) = &mut body {
        keep_until = o.decrypted.as_ref().and_then(|d| d.retain_until.clone());
        let use_until = o.terms.as_ref().and_then(|t| t.use_until.as_deref());
        if let Some(d) = use_until.filter(|d| *d < crate::media::today().as_str()) {
            warnings.push(crate::tr!("open-use-ended", date = d));
        }
        // The authenticated sender: the contact whose key signed it (red team finding 15).
        if o.sender_checked {
            o.sender_contact = policy.contact_of_signer(&o.signer).map(|c| c.name.clone());
            warnings.extend(claims::sender_claim(&o.sender_contact, &o.from));
        }
    }
    Opening {
        record_as,
        body,
        keep_until,
        warnings,
    }
}
