//! What the local ledger already says of a shipment id a medium claims: seen before,
//! received from whom, opened, sealed here, or claimed by another key (contested).

use std::path::PathBuf;

use crate::i18n::{both, Text as Said};
use crate::records::{EventKind, Ledger, LedgerError};
use crate::untrusted::sanitize;

/// What the local ledger already holds for a shipment: `(kind, when, who)` of its
/// `received` and `opened` events, to warn of a medium seen before (a replay).
pub fn seen_before(
    ledger: &Ledger,
    shipment: &str,
) -> Result<Vec<(EventKind, String, String)>, LedgerError> {
    Ok(ledger
        .events(Some(shipment))?
        .into_iter()
        .filter(|e| matches!(e.kind, EventKind::Received | EventKind::Opened))
        .map(|e| {
            let by = e.body["by"].as_str().unwrap_or("?").to_string();
            (e.kind, e.recorded_at, by)
        })
        .collect())
}

/// The warnings for a shipment seen before, said when and by whom: `--json` keeps the
/// instant as recorded, people read the registry's time.
pub fn seen_warnings(earlier: &[(EventKind, String, String)]) -> Vec<Said> {
    earlier
        .iter()
        .map(|(kind, when, by)| {
            let local = crate::clock::local(when);
            let by = sanitize(by);
            let (json, text) = if *kind == EventKind::Opened {
                (
                    both::tr!("verify-seen-opened", when = when.as_str(), by = by.as_str()),
                    both::tr!("verify-seen-opened", when = local, by = by.as_str()),
                )
            } else {
                (
                    both::tr!(
                        "verify-seen-received",
                        when = when.as_str(),
                        by = by.as_str()
                    ),
                    both::tr!("verify-seen-received", when = local, by = by.as_str()),
                )
            };
            Said {
                id: text.id,
                en: json.en,
                local: text.local,
            }
        })
        .collect()
}

/// Whether the local ledger recorded `shipment` as received from a medium signed by
/// `signer`.
pub fn received_from(ledger: &Ledger, shipment: &str, signer: &str) -> Result<bool, LedgerError> {
    Ok(ledger
        .events(Some(shipment))?
        .iter()
        .any(|e| e.kind == EventKind::Received && e.body["signer"] == signer))
}

/// Earlier `opened` events of this medium in the local ledger, `(when, by, into)`:
/// under the shipment it names, and under the medium's own id (how an opening with
/// `--any-sender` is recorded), so a second copy is never made silently (issue 15).
pub fn opened_before(
    ledger: &Ledger,
    shipment: &str,
    media: &[PathBuf],
) -> Result<Vec<(String, String, String)>, LedgerError> {
    let own = crate::media::unauthenticated_id(media);
    let mut ids = vec![shipment];
    if own != shipment {
        ids.push(&own);
    }
    let mut found = Vec::new();
    for id in ids {
        for e in ledger.events(Some(id))? {
            if e.kind == EventKind::Opened {
                let field = |k: &str| sanitize(e.body[k].as_str().unwrap_or("?"));
                found.push((sanitize(&e.recorded_at), field("by"), field("out")));
            }
        }
    }
    Ok(found)
}

/// Said when the medium's signed Source-Organization is not the policy contact whose
/// key signed it: the registers name the contact as 移送元 (the key is what was
/// checked), and the claim only in 備考 (issue 16 red team finding 15, CWE-345). A
/// keyed partner can sign any organisation's name; it cannot sign with another's key.
pub fn sender_claim(contact: &Option<String>, claimed: &Option<String>) -> Option<String> {
    match (contact, claimed) {
        (Some(c), Some(f)) if !f.is_empty() && f != c => Some(crate::tr!(
            "verify-sender-claim",
            claimed = sanitize(f),
            contact = sanitize(c)
        )),
        _ => None,
    }
}

/// Other keys recorded for a shipment id, each with when it was first recorded.
pub type Contested = Vec<(String, String)>;

/// A key the local ledger has recorded as signing a shipment: at sealing here, or when
/// a medium of it was verified or opened against a pinned sender; first seen when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claimant {
    /// The key's fingerprint.
    pub signer: String,
    /// Whether this ledger sealed the shipment with it.
    pub sealed_here: bool,
    /// When the ledger first recorded it for the shipment.
    pub since: String,
}

/// Only the form `isou seal` makes is a shipment id (finding 01, 02): another string,
/// signed or not, names no shipment. The problem to report, when there is one; verify
/// records the medium as a check of it, open refuses it before decrypting.
pub fn id_problem(ledger: &Ledger, shipment: &str) -> Result<Option<Said>, LedgerError> {
    if crate::records::value::is_canonical_shipment_id(shipment) {
        return Ok(None);
    }
    // Typed, the same letters would reach a shipment of this ledger: say so.
    let typed = crate::records::value::typed_shipment_id(shipment).unwrap_or_default();
    let id = format!("{:?}", sanitize(shipment));
    Ok(Some(
        if crate::records::value::is_canonical_shipment_id(&typed)
            && !ledger.events(Some(&typed))?.is_empty()
        {
            both::tr!("verify-id-not-isou-typed", id = id, typed = typed)
        } else {
            both::tr!("verify-id-not-isou", id = id)
        },
    ))
}

/// The keys the local ledger has recorded as signing a shipment, in order of first
/// appearance.
pub fn recorded_signers(ledger: &Ledger, shipment: &str) -> Result<Vec<Claimant>, LedgerError> {
    let mut out: Vec<Claimant> = Vec::new();
    for e in ledger.events(Some(shipment))? {
        let Some(signer) = crate::records::claimed_signer(&e) else {
            continue;
        };
        let sealed_here = e.kind == EventKind::Sealed;
        match out.iter_mut().find(|c| c.signer == signer) {
            Some(c) => c.sealed_here |= sealed_here,
            None => out.push(Claimant {
                signer,
                sealed_here,
                since: e.recorded_at.clone(),
            }),
        }
    }
    Ok(out)
}

/// What the ledger says of a shipment id a medium signed by a key claims.
#[derive(Clone, Debug)]
pub enum Claim {
    /// Nothing against it: no other key is recorded for it.
    Clear,
    /// This ledger sealed that shipment with another key: the id was made here, so a
    /// medium signed by any other key is certainly not that shipment (a refusal).
    NotOurs(Said),
    /// Another pinned sender's medium was recorded under it before (which of the two
    /// made the id, the ledger cannot tell): both are kept and said to be contested
    /// (issue 15 red team finding 03). Other keys, with when first recorded.
    Contested(Vec<(String, String)>),
}

/// Whether a medium signed by `signer` may be the shipment `shipment` of the ledger,
/// compared on the canonical form of the id (so `isou-…` is the shipment `ISOU-…`,
/// finding 02). A partner we trust for their own shipments must not be able to claim
/// one we sealed; and one who claims another sender's id first must not capture its
/// row, so a contested id never turns a good signature of the pinned sender INVALID
/// nor loses its receipt (CWE-706).
pub fn signer_conflict(
    ledger: &Ledger,
    shipment: &str,
    signer: &str,
) -> Result<Claim, LedgerError> {
    let canonical = crate::records::value::typed_shipment_id(shipment).unwrap_or_default();
    let known = recorded_signers(ledger, &canonical)?;
    Ok(judge_claim(&canonical, signer, known))
}

/// [`signer_conflict`]'s rule on the keys recorded for the canonical id.
fn judge_claim(canonical: &str, signer: &str, known: Vec<Claimant>) -> Claim {
    if known.iter().all(|k| k.signer == signer) {
        return Claim::Clear;
    }
    if known.iter().any(|k| k.sealed_here && k.signer != signer) {
        return Claim::NotOurs(both::tr!(
            "verify-not-our-shipment",
            shipment = sanitize(canonical),
            ours = known
                .iter()
                .filter(|k| k.sealed_here)
                .map(|k| k.signer.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            signer = signer
        ));
    }
    let others: Vec<(String, String)> = known
        .into_iter()
        .filter(|k| k.signer != signer)
        .map(|k| (k.signer, k.since))
        .collect();
    if others.is_empty() {
        Claim::Clear
    } else {
        Claim::Contested(others)
    }
}

/// The loud warning for a contested shipment id, naming every key and when (in
/// `--json` as recorded, to people in the registry's time).
pub fn contested_warning(shipment: &str, signer: &str, others: &[(String, String)]) -> Said {
    // Each key in the language of the message it goes into.
    // --json keeps the instant as recorded; people read the registry's time.
    let keys = |lang: crate::i18n::Lang, local: bool| {
        others
            .iter()
            .map(|(k, at)| {
                let since = if local {
                    crate::clock::local(at)
                } else {
                    at.clone()
                };
                let mut a = crate::i18n::Args::new();
                a.set("key", k.as_str());
                a.set("since", since);
                // The id as a literal for the catalogue's check: "verify-contested-key".
                crate::i18n::tr_in(lang, "verify-contested-key", Some(&a))
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let shipment = sanitize(shipment);
    let json = both::tr!(
        "verify-contested",
        shipment = shipment.as_str(),
        others = keys(crate::i18n::Lang::En, false),
        signer = signer
    );
    let text = both::tr!(
        "verify-contested",
        shipment = shipment.as_str(),
        others = keys(crate::i18n::current(), true),
        signer = signer
    );
    Said {
        id: text.id,
        en: json.en,
        local: text.local,
    }
}

/// Whether this ledger sealed `shipment` with the key `signer` (the medium is its own),
/// and if so whether it has neither shipped, carried nor received it since: a check of
/// it is then the sender's own, before shipping (issue 15 item 4) or after (a check at
/// the counter, a returned parcel: red team finding 04) — never a receipt here.
pub fn sealed_here(
    ledger: &Ledger,
    shipment: &str,
    signer: &str,
) -> Result<Option<bool>, LedgerError> {
    let events = ledger.events(Some(shipment))?;
    let sealed = events
        .iter()
        .any(|e| e.kind == EventKind::Sealed && e.body["summary"]["signer"] == signer);
    let gone = events.iter().any(|e| {
        matches!(
            e.kind,
            EventKind::Shipped | EventKind::HandCarried | EventKind::Received
        )
    });
    Ok(sealed.then_some(!gone))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claimant(signer: &str, sealed_here: bool) -> Claimant {
        Claimant {
            signer: signer.into(),
            sealed_here,
            since: "2026-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn the_same_key_or_none_recorded_is_clear() {
        assert!(matches!(judge_claim("ISOU-X", "k1", vec![]), Claim::Clear));
        assert!(matches!(
            judge_claim("ISOU-X", "k1", vec![claimant("k1", true)]),
            Claim::Clear
        ));
    }

    #[test]
    fn a_shipment_sealed_here_with_another_key_is_not_ours() {
        let c = judge_claim(
            "ISOU-X",
            "k2",
            vec![claimant("k1", true), claimant("k3", false)],
        );
        assert!(matches!(c, Claim::NotOurs(_)));
    }

    #[test]
    fn another_senders_earlier_claim_is_contested() {
        match judge_claim(
            "ISOU-X",
            "k2",
            vec![claimant("k1", false), claimant("k2", false)],
        ) {
            Claim::Contested(others) => {
                assert_eq!(
                    others,
                    vec![("k1".to_string(), "2026-01-01T00:00:00Z".to_string())]
                )
            }
            other => panic!("{other:?}"),
        }
    }
}
