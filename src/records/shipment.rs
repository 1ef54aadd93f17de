//! The shipment workflow's records: what seal, ship, key-sent, hand-carry, dispose and
//! correct record, built here from the policy, the acting person and what the
//! operation did — so the CLI only checks its input, calls, and appends.
//! Every function returns a typed [`EventBody`]; the ledger checks every value again
//! when it is appended.

use super::event::{
    recipient_fingerprint, volume_id, Choice, Corrected, Disposed, EventBody, HandCarried, KeySent,
    Sealed, SealedSummary, SealedVolume, Shipped,
};
use super::Actor;
use crate::policy::Policy;

/// What a seal was asked to do, beside its summary.
#[derive(Clone, Debug, Default)]
pub struct SealFacts {
    /// 移送担当者 when given (`--handler`, or the mapped name under designated
    /// handlers); else the actor.
    pub handler: Option<String>,
    /// `--source-organization`; else the policy's `organization`.
    pub source_organization: Option<String>,
    /// The destination's name in the policy (`bind_destination`).
    pub destination: Option<String>,
    /// The policy contacts `--to` named or gave the cards of, under their names.
    pub to_contacts: Vec<String>,
    /// The carrier's name.
    pub carrier: Option<String>,
    /// The carrier has no tracking (an explicit choice, anonymized data only).
    pub untracked_carrier: bool,
    /// The class word (`InfoClass::as_str`).
    pub class: String,
    /// Unsafe choices made by flag.
    pub choices: Vec<crate::policy::ExplicitChoice>,
    /// 資料の形態 of one medium (`USB`, `CD-R` …).
    pub medium_label: String,
    /// The age recipients (`age1…`).
    pub recipients: Vec<String>,
    /// The destination cards' signing keys (`receipt::destination_keys`).
    pub destination_signing_keys: Vec<String>,
    /// Sealed with a passphrase.
    pub passphrase: bool,
    /// The envelope's markings were confirmed.
    pub envelope_confirmed: bool,
    /// The attendance rule was acknowledged.
    pub attendance_acknowledged: bool,
    /// 保管期限.
    pub retain_until: Option<String>,
    /// The approval terms signed into bag-info.
    pub terms: super::terms::UseTerms,
}

/// The `sealed` event of `summary`: the handler defaults to the acting person, 移送元
/// to the policy's organisation, the destination's address comes from the policy,
/// each recipient is recorded with its fingerprint ([`recipient_fingerprint`]), and
/// each volume of a set with its own id ([`volume_id`]) for the media register.
pub fn sealed(
    policy: &Policy,
    actor: &Actor,
    summary: &crate::media::SealSummary,
    f: SealFacts,
) -> EventBody {
    let n = summary.volumes.len();
    let volumes = summary
        .volumes
        .iter()
        .map(|v| SealedVolume {
            number: v.number,
            id: volume_id(&summary.shipment_id, v.number, n),
            location: v.location.display().to_string(),
            segments: v.segments.clone(),
            payload_bytes: v.payload_bytes,
            image_bytes: v.image_bytes,
            manifest_sha256: v.manifest_sha256.clone(),
            bag_count: v.bag_count.clone(),
            extra: Default::default(),
        })
        .collect();
    let source_organization = f
        .source_organization
        .or_else(|| Some(policy.organization.clone()))
        .filter(|o| !o.is_empty());
    let destination_address = f
        .destination
        .as_deref()
        .and_then(|d| policy.contact(d))
        .map(|(c, _)| c.address.clone());
    EventBody::Sealed(Sealed {
        summary: SealedSummary {
            shipment_id: summary.shipment_id.clone(),
            files: summary.files,
            bytes: summary.bytes,
            segments: summary.segments.clone(),
            payload_bytes: summary.payload_bytes,
            manifest_sha256: summary.manifest_sha256.clone(),
            tracking_number: summary.tracking_number.clone(),
            signer: summary.signer.clone(),
            volumes,
            extra: Default::default(),
        },
        handler: f.handler.unwrap_or_else(|| actor.name.clone()),
        by: actor.name.clone(),
        os_account: actor.account.clone(),
        source_organization,
        destination: f.destination,
        to_contacts: f.to_contacts,
        carrier: f.carrier,
        untracked_carrier: f.untracked_carrier,
        class: f.class,
        choices: f
            .choices
            .into_iter()
            .map(|c| Choice {
                flag: c.flag,
                rule: c.rule,
            })
            .collect(),
        medium_type: match n {
            0 | 1 => f.medium_label,
            n => format!("{} ×{n}", f.medium_label),
        },
        recipient_fingerprints: f
            .recipients
            .iter()
            .map(|r| recipient_fingerprint(r).unwrap_or_default())
            .collect(),
        recipients: f.recipients,
        destination_signing_keys: f.destination_signing_keys,
        passphrase: f.passphrase,
        envelope_confirmed: f.envelope_confirmed,
        attendance_acknowledged: f.attendance_acknowledged,
        destination_address,
        policy: policy.source.as_ref().map(|p| p.display().to_string()),
        retain_until: f.retain_until,
        terms: Some(f.terms),
        extra: Default::default(),
    })
}

/// The `shipped` event of a `record ship` the carrier rules allowed (`check_shipping`).
pub fn shipped(actor: &Actor, ship: &crate::carriers::Shipping, date: &str) -> EventBody {
    EventBody::Shipped(Shipped {
        carrier: ship.carrier.name.to_string(),
        tracking_number: ship.tracking.as_ref().map(|t| t.normalized().to_string()),
        date: date.to_string(),
        by: actor.name.clone(),
        os_account: actor.account.clone(),
        untracked_carrier: ship.untracked,
        replaces_carrier: ship.replaces_carrier.clone(),
        replaces_tracked_carrier: ship.replaces_tracked.clone(),
        replaces_tracking_number: ship.replaces_tracking_number.clone(),
        sealed_tracking_number: ship.differs_from_sealed.clone(),
        attendance_acknowledged: ship.attendance_acknowledged,
        extra: Default::default(),
    })
}

/// The `key-sent` event: the key or passphrase sent by `method`, today.
pub fn key_sent(actor: &Actor, method: &str, tracking_number: Option<&str>) -> EventBody {
    EventBody::KeySent(KeySent {
        method: method.to_string(),
        tracking_number: tracking_number.map(str::to_string),
        date: crate::clock::today(),
        by: actor.name.clone(),
        os_account: actor.account.clone(),
        extra: Default::default(),
    })
}

/// The `hand-carried` event: carried by hand with `attendant`, today.
pub fn hand_carried(actor: &Actor, attendant: &str) -> EventBody {
    EventBody::HandCarried(HandCarried {
        attendant: attendant.to_string(),
        date: crate::clock::today(),
        by: actor.name.clone(),
        os_account: actor.account.clone(),
        extra: Default::default(),
    })
}

/// The `disposed` event of a disposal the rules allowed (`records::disposal::check`).
pub fn disposed(actor: &Actor, d: &super::disposal::Disposal) -> EventBody {
    EventBody::Disposed(Disposed {
        method: d.method.name.to_string(),
        witness: d.witness.clone(),
        contractor: d.contractor.clone(),
        certificate: d.certificate.clone(),
        class: d.class.as_str().to_string(),
        date: crate::clock::today(),
        by: actor.name.clone(),
        os_account: actor.account.clone(),
        item: d.item.recorded().map(str::to_string),
        extra: Default::default(),
    })
}

/// The `corrected` event of `target` (named by id and hash) with `note`.
pub fn corrected(actor: &Actor, target: &super::Event, note: &str) -> EventBody {
    EventBody::Corrected(Corrected {
        corrects: target.id,
        corrects_hash: target.hash.clone(),
        note: note.to_string(),
        by: actor.name.clone(),
        os_account: actor.account.clone(),
        extra: Default::default(),
    })
}

/// 資料の形態 as a medium's signed `Medium-Type` gives it, with the set's count when it
/// has several volumes (`CD-R ×3`); text from outside, even signed: made a record value.
fn medium_type(info: &crate::bag::BagInfo, volumes: Option<usize>) -> Option<String> {
    use crate::untrusted::sanitize;
    info.get("Medium-Type").map(|t| match volumes {
        Some(n) if n > 1 => sanitize(&format!("{t} ×{n}")),
        _ => sanitize(t),
    })
}

/// The contested claim as recorded: the other keys and since when.
fn contests(others: &[(String, String)]) -> Option<Vec<super::event::Contest>> {
    (!others.is_empty()).then(|| {
        others
            .iter()
            .map(|(k, at)| super::event::Contest {
                signer: k.clone(),
                since: at.clone(),
            })
            .collect()
    })
}

/// What `verify` found of a medium authenticated as a pinned sender's.
pub struct VerifyFacts<'a> {
    /// Every check passed.
    pub valid: bool,
    /// The whole set authenticated.
    pub authenticated: bool,
    /// The signature that authenticated it.
    pub signed: &'a crate::media::authentic::Authentic,
    /// The first volume's bag-info as shown (the signed one).
    pub info: &'a crate::bag::BagInfo,
    /// What the volumes say of their set.
    pub set: &'a crate::media::volume::SetCheck,
    /// The volumes given.
    pub volumes: Vec<String>,
    /// The envelope's number given (normalised).
    pub envelope: Option<String>,
    /// Other keys recorded for the shipment id, and since when.
    pub contested: &'a [(String, String)],
    /// The approval terms the pinned sender signed.
    pub terms: super::terms::UseTerms,
    /// The policy's `retention_days`, for a received medium without a use period.
    pub retention_days: Option<u32>,
    /// The policy contact whose key signed it (`Policy::contact_of_signer`).
    pub sender_contact: Option<String>,
}

/// The facts a verification records (`received`, `verified`, and the routine checks):
/// the signed fields made record values, the signed class as the one word seal
/// records (none or an unknown one: identifiable, and that it was not stated).
pub fn verification(actor: &Actor, f: VerifyFacts<'_>) -> super::event::Verification {
    use crate::untrusted::sanitize;
    let rc = crate::media::authentic::ReceivedClass::of(f.info);
    super::event::Verification {
        valid: f.valid,
        authenticated: f.authenticated,
        tracking_number: signed_tracking(f.info),
        envelope_tracking_number: f.envelope,
        from: f.info.get("Source-Organization").map(sanitize),
        destination: f.info.get("Destination").map(sanitize),
        medium_type: medium_type(f.info, f.set.total),
        signer: f.signed.signer.fingerprint.clone(),
        signer_pinned: true,
        manifest_sha256: f.signed.tagmanifest_sha256.clone(),
        volumes: f.volumes,
        set_complete: f.set.is_complete(),
        missing: f.set.missing.clone(),
        // Stored in the ledger: in English whoever ran verify (issue 17).
        missing_text: f.set.missing_text_in(crate::i18n::Lang::En),
        problems: 0,
        open_refused: None,
        class: rc.class.as_str().to_string(),
        class_stated: rc.stated,
        class_claimed: rc.claimed,
        contested: contests(f.contested),
        // The received medium's own retention date (§1.2② 廃棄日): the signed use
        // period, else the policy's retention from today.
        retain_until: super::terms::retain_until(&f.terms, f.retention_days).map(|(d, _)| d),
        terms: Some(f.terms),
        sender_contact: f.sender_contact,
        by: actor.name.clone(),
        os_account: actor.account.clone(),
        extra: Default::default(),
    }
}

/// The `opened` event of `s`, recorded under `record_as` (the shipment, or the medium's
/// own id when the sender was not checked). The shipment's facts come from `first`,
/// the bag-info authenticated before the medium was opened, only when it is the one
/// `s` was read from (same shipment, same signer), so a register row of a shipment only
/// opened is not blank; else only the class the sender signed (none: identifiable).
pub fn opened(
    actor: &Actor,
    s: &crate::media::open::OpenSummary,
    record_as: &str,
    first: Option<&crate::media::authentic::Authentic>,
    contested: &[(String, String)],
    retention_days: Option<u32>,
) -> EventBody {
    use crate::untrusted::sanitize;
    let mut body = super::event::Opened {
        claimed_shipment: (record_as != s.shipment_id).then(|| sanitize(&s.shipment_id)),
        files: s.files,
        bytes: s.bytes,
        by: actor.name.clone(),
        os_account: actor.account.clone(),
        signer: s.signer.clone(),
        sender_checked: s.sender_checked,
        manifest_sha256: s.manifest_sha256.clone(),
        out: s.out.display().to_string(),
        contested: if record_as == s.shipment_id {
            contests(contested)
        } else {
            None
        },
        ..Default::default()
    };
    match first.filter(|f| f.shipment == s.shipment_id && f.signer.fingerprint == s.signer) {
        Some(f) => {
            let field = |l: &str| f.info.get(l).map(sanitize);
            body.from = field("Source-Organization");
            body.destination = field("Destination");
            body.tracking_number = signed_tracking(&f.info);
            body.medium_type = medium_type(&f.info, f.count.n);
            body.signer_pinned = Some(f.pinned);
            let rc = crate::media::authentic::ReceivedClass::of(&f.info);
            body.class = rc.class.as_str().to_string();
            body.class_stated = rc.stated;
            body.class_claimed = rc.claimed;
            // The terms only of a pinned sender (with --any-sender the signer is
            // unknown, so what it signed is no one's approval).
            if f.pinned {
                body.terms = Some(super::terms::UseTerms::from_signed(&f.info).0);
            }
        }
        None => {
            body.class = s.class.unwrap_or_default().as_str().to_string();
            body.class_stated = s.class.is_some();
        }
    }
    // The decrypted folder is an item of its own (中間生成物, §1.2, §2.4): kept until the
    // signed use period ends (else the policy's retention), then `record due` lists it.
    body.decrypted = Some(super::terms::decrypted_record(
        &body.terms.clone().unwrap_or_default(),
        retention_days,
    ));
    EventBody::Opened(body)
}

/// Why `open` refused a medium's archive, as the ledger keeps it (in English, whoever
/// ran open: a persisted text must not depend on the reader's language): `None` when
/// the error is not the archive's fault (a wrong key, the output folder, a disk).
pub fn open_refusal(e: &crate::media::open::OpenError) -> Option<String> {
    use crate::media::open::OpenError as O;
    // An entry name from the medium, sanitised and bounded (a record value).
    let name = |n: &str| {
        let n = crate::untrusted::sanitize(n);
        match n.char_indices().nth(200) {
            Some((at, _)) => format!("{}…", &n[..at]),
            None => n,
        }
    };
    match e {
        O::UnsafeEntry { name: n, .. } => Some(format!(
            "open refused the archive: its entry {:?} cannot be extracted safely \
             (hostile or corrupt archive); nothing was extracted",
            name(n)
        )),
        O::Archive(_) => Some(
            "open refused the archive: it is corrupt or hostile (tar headers, compression \
             or bounds); nothing was extracted"
                .into(),
        ),
        // The payload is what the sender signed (its hash was checked first), yet
        // decryption refused it: malformed, altered before signing, or an absurd
        // scrypt cost — a hostile or broken sender's medium, recorded like a refused
        // archive (red team 19, finding 2). No usable key is the recipient's matter
        // (Category::Key), not recorded as the medium's.
        O::Decrypt(d) if d.category() == crate::error::Category::Rejected => Some(format!(
            "open refused the payload: it could not be decrypted ({}); nothing was \
             extracted",
            name(&crate::i18n::in_lang(crate::i18n::Lang::En, || d.to_string()))
        )),
        O::ContentsMismatch(lines) => Some(format!(
            "open refused the archive: what it holds does not match its contents list \
             ({}, {} problem(s)); nothing was kept",
            crate::pipeline::CONTENTS_NAME,
            lines.len()
        )),
        _ => None,
    }
}

/// The `verified` event of a refused opening (red team 17 finding 14): the medium
/// `f` authenticated as a pinned sender's, its archive refused by open for `why`
/// ([`open_refusal`]). Recorded as a verification that failed, under the shipment, so
/// the 受領・検証・復号記録 and 移送記録簿 show 異常 and the reason, not only the
/// earlier 正常.
pub fn open_refused(
    actor: &Actor,
    f: &crate::media::authentic::Authentic,
    volumes: Vec<String>,
    why: String,
    contested: &[(String, String)],
    sender_contact: Option<String>,
) -> EventBody {
    use crate::untrusted::sanitize;
    let field = |l: &str| f.info.get(l).map(sanitize);
    let rc = crate::media::authentic::ReceivedClass::of(&f.info);
    EventBody::Verified(super::event::Verification {
        valid: false,
        authenticated: f.pinned,
        tracking_number: signed_tracking(&f.info),
        envelope_tracking_number: None,
        from: field("Source-Organization"),
        destination: field("Destination"),
        medium_type: medium_type(&f.info, f.count.n),
        signer: f.signer.fingerprint.clone(),
        signer_pinned: f.pinned,
        manifest_sha256: f.tagmanifest_sha256.clone(),
        set_complete: f.count.n.is_none_or(|n| volumes.len() >= n),
        volumes,
        missing: Vec::new(),
        missing_text: None,
        problems: 1,
        open_refused: Some(why),
        class: rc.class.as_str().to_string(),
        class_stated: rc.stated,
        class_claimed: rc.claimed,
        contested: contests(contested),
        terms: f
            .pinned
            .then(|| super::terms::UseTerms::from_signed(&f.info).0),
        retain_until: None,
        sender_contact,
        by: actor.name.clone(),
        os_account: actor.account.clone(),
        extra: Default::default(),
    })
}

/// The signed tracking number as the registers keep it: normalised (digits, as on
/// every other row: `131-12-38385-2`, `131 12 38385 2` or a tab-separated form are one
/// number, found by one search) when it is one; otherwise what the medium says,
/// sanitised, so the auditor sees what was claimed (red team 19 second pass, finding D).
fn signed_tracking(info: &crate::bag::BagInfo) -> Option<String> {
    let t = info.get("Tracking-Number")?;
    Some(match t.parse::<crate::tracking::TrackingNumber>() {
        Ok(n) => n.normalized().to_string(),
        Err(_) => crate::untrusted::sanitize(t),
    })
}
