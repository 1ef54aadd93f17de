//! `isou seal`'s rules, before anything is written: the values as the ledger will
//! check them, the class assumed, the retention date, the policy's refusals, the
//! approval terms, the explicit choices recorded, the carrier and its tracking number,
//! the addressees and the destination bound to them, the medium type and the volumes;
//! then what the seal records. The questions (the envelope, passphrases, the next
//! volume) and the report are the command line's.

use std::path::PathBuf;

use super::WorkflowError;
use crate::carriers::Carrier;
use crate::media::{InfoClass, MediumType};
use crate::policy::{Addressee, ExplicitChoice, Plan, Policy};
use crate::records::terms::UseTerms;
use crate::records::Actor;
use crate::tracking::TrackingNumber;
use crate::untrusted::sanitize;

/// A seal as the user asked for it (the command line's flags, as plain values).
#[derive(Clone, Debug, Default)]
pub struct SealOrder {
    /// The extract: files and folders to seal.
    pub inputs: Vec<PathBuf>,
    /// The media folders given (`--medium`), the first one first.
    pub media: Vec<PathBuf>,
    /// The folder for disc images (`--iso`), instead of media folders.
    pub iso: Option<PathBuf>,
    /// The class declared (`--class`); none: the policy's default.
    pub class: Option<InfoClass>,
    /// `--handler`.
    pub handler: Option<String>,
    /// `--destination`.
    pub destination: Option<String>,
    /// `--carrier`.
    pub carrier: Option<String>,
    /// `--tracking-number`.
    pub tracking_number: Option<String>,
    /// `--source-organization`.
    pub source_organization: Option<String>,
    /// `--retain-until` (a date checked as typed).
    pub retain_until: Option<String>,
    /// `--allow-past-retention`.
    pub allow_past_retention: bool,
    /// `--approver`.
    pub approver: Option<String>,
    /// `--application`.
    pub application: Option<String>,
    /// `--use-until`.
    pub use_until: Option<String>,
    /// `--no-use-until`.
    pub no_use_until: bool,
    /// `--to`, as typed.
    pub to: Vec<String>,
    /// `--passphrase`: protected by a passphrase instead of recipients.
    pub passphrase: bool,
    /// `--medium-type`.
    pub medium_type: Option<MediumType>,
    /// `--volume-size`.
    pub volume_size: Option<u64>,
    /// `--allow-nonempty`.
    pub allow_nonempty: bool,
    /// `--envelope-confirmed`.
    pub envelope_confirmed: bool,
    /// `--attendance-acknowledged`.
    pub attendance_acknowledged: bool,
}

/// Every free value as the ledger will check it, and the extract and the media, before
/// anything else is touched (issue 15): a value the ledger refuses would leave a
/// sealed medium without its record; an empty extract, the two given the wrong way
/// round, or a medium overlapping the extract would put the bag beside the plaintext
/// and seal nothing (CWE-200).
pub fn check_given(o: &SealOrder) -> Result<(), WorkflowError> {
    for (field, v) in [
        ("handler", &o.handler),
        ("destination", &o.destination),
        ("carrier", &o.carrier),
        ("source_organization", &o.source_organization),
        ("retain_until", &o.retain_until),
    ] {
        if let Some(v) = v {
            crate::records::check_value(field, v)
                .map_err(|e| WorkflowError::usage(e.to_string(), e.hint()))?;
        }
    }
    let media: Vec<PathBuf> = o.media.iter().chain(o.iso.iter()).cloned().collect();
    crate::media::swap::check_extract(&o.inputs, &media).map_err(WorkflowError::Seal)?;
    crate::media::swap::check_overlap(&o.inputs, &media).map_err(WorkflowError::Seal)?;
    Ok(())
}

/// What the policy and the order settle, before any key is loaded.
pub struct Rules {
    /// The class, identifiable unless declared otherwise (issue 14: safe by default).
    pub class: InfoClass,
    /// Who seals: the OS account, mapped to a name by the policy (§2.2①).
    pub actor: Actor,
    /// The medium's retention date, if any.
    pub retain_until: Option<String>,
    /// The envelope is marked (by flag, or said at the terminal).
    pub envelope_confirmed: bool,
    /// The approval terms (§2.4).
    pub terms: UseTerms,
    /// Every unsafe choice made by flag, to be recorded.
    pub choices: Vec<ExplicitChoice>,
    /// The carrier's service (§2.2⑥).
    pub carrier: Option<&'static Carrier>,
    /// The tracking number, checked against the carrier's format.
    pub tracking: Option<TrackingNumber>,
}

/// The policy's rules for the order, refused before anything is touched. The envelope
/// question is asked (`confirm_envelope`) only when it matters.
pub fn rules(
    o: &SealOrder,
    policy: &Policy,
    confirm_envelope: &mut dyn FnMut() -> bool,
) -> Result<Rules, WorkflowError> {
    let class = policy.class(o.class);
    // One "today" for the refusal and for the recorded choice (two calls could fall on
    // either side of midnight).
    let today = crate::media::today();
    let retain_until = retain_until(o, policy, &today)?;
    let actor = crate::records::actor(policy);
    let mut plan = Plan {
        class,
        handler: o.handler.as_deref(),
        account: Some(&actor.account),
        destination: o.destination.as_deref(),
        carrier: o.carrier.as_deref(),
        envelope_confirmed: o.envelope_confirmed,
        attendance_acknowledged: o.attendance_acknowledged,
    };
    if let Err(r) = policy.check(&plan) {
        if !plan.envelope_confirmed
            && r.clause == crate::policy::Clause::Envelope
            && confirm_envelope()
        {
            plan.envelope_confirmed = true;
            policy.check(&plan)?;
        } else {
            return Err(WorkflowError::Policy(assumed_class(r, o.class, class)));
        }
    }
    // The approval terms (§2.4): checked, and for identifiable data a use period
    // required, before anything is written (records::terms); after the policy's
    // refusals, which say more urgent things (a carrier, a destination).
    let terms = UseTerms::at_seal(
        &crate::records::terms::Given {
            approver: o.approver.as_deref(),
            application: o.application.as_deref(),
            use_until: o.use_until.as_deref(),
            no_use_until: o.no_use_until,
        },
        &policy.terms,
        class,
        &today,
    )
    .map_err(|e| WorkflowError::usage(e.to_string(), e.hint()))?;
    let choices = explicit_choices(o, policy, &plan, retain_until.as_deref(), &today)?;
    let (carrier, tracking) =
        carrier_and_tracking(o.carrier.as_deref(), o.tracking_number.as_deref())?;
    let envelope_confirmed = plan.envelope_confirmed;
    Ok(Rules {
        class,
        actor,
        retain_until,
        envelope_confirmed,
        terms,
        choices,
        carrier,
        tracking,
    })
}

/// The retention date: as given, or the policy's period from today. A medium made
/// today kept until a day already gone would be due for disposal (廃棄, §2.4⑥) from
/// the start: as a rule a typo (the year), refused before anything is written (issue
/// 15). Data returned after its agreement ended is the exception:
/// `--allow-past-retention`, recorded as an explicit choice.
fn retain_until(
    o: &SealOrder,
    policy: &Policy,
    today: &str,
) -> Result<Option<String>, WorkflowError> {
    Ok(match &o.retain_until {
        Some(d) if d.as_str() < today && !o.allow_past_retention => {
            return Err(WorkflowError::usage(
                crate::tr!("seal-retain-until-past", date = sanitize(d), today = today),
                crate::tr!("seal-retain-until-past-hint"),
            ));
        }
        Some(d) => Some(d.clone()),
        None => policy.retention_days.map(crate::clock::today_plus),
    })
}

/// A refusal of identifiable data whose class nobody typed: the hint says the class was
/// assumed and names the flag that declares otherwise (issue 14).
fn assumed_class(
    mut r: crate::policy::Refusal,
    typed: Option<InfoClass>,
    class: InfoClass,
) -> crate::policy::Refusal {
    if typed.is_none() && class == InfoClass::Identifiable {
        r.hint.push_str(&crate::tr!("seal-class-assumed-hint"));
    }
    r
}

/// The unsafe choices this seal makes by flag, to be recorded; `--allow-nonempty` for
/// identifiable data is refused here, before anything is written (§2.2 本文).
fn explicit_choices(
    o: &SealOrder,
    policy: &Policy,
    plan: &Plan,
    retain_until: Option<&str>,
    today: &str,
) -> Result<Vec<ExplicitChoice>, WorkflowError> {
    policy.check_nonempty(plan.class, o.allow_nonempty)?;
    let mut choices = policy.explicit_choices(o.class, plan, o.allow_nonempty, o.passphrase);
    // The reasons of explicit choices are recorded in the ledger and shown in the
    // registers' 備考: persisted, so they stay in the fixed language they have (not the
    // catalogue's, which would make the record depend on who sealed).
    if o.allow_past_retention && retain_until.is_some_and(|d| d < today) {
        choices.push(ExplicitChoice::new(
            "--allow-past-retention",
            "保管期限 already past when sealed: due for disposal at once (§2.4⑥)",
        ));
    }
    if o.no_use_until && plan.class == InfoClass::Identifiable {
        choices.push(ExplicitChoice::new(
            "--no-use-until",
            "利用期間 not stated: the recipient's record due cannot list the data (§2.4)",
        ));
    }
    Ok(choices)
}

/// `--carrier` as the carrier table's service (§2.2⑥; unknown names were refused by
/// `Policy::check`) and `--tracking-number` checked against that service's format;
/// without a carrier, against the shapes of all formats.
pub fn carrier_and_tracking(
    carrier: Option<&str>,
    tracking: Option<&str>,
) -> Result<(Option<&'static Carrier>, Option<TrackingNumber>), WorkflowError> {
    let carrier = match carrier {
        Some(c) => Some(
            crate::carriers::lookup(c)
                .map_err(|e| WorkflowError::usage(e.to_string(), e.hint()))?,
        ),
        None => None,
    };
    let tracking = match (tracking, carrier) {
        (Some(t), _) if t.trim().is_empty() => None,
        (Some(t), Some(c)) => Some(
            c.tracking_number(t)
                .map_err(|e| WorkflowError::usage(e.to_string(), e.hint()))?,
        ),
        (Some(t), None) => Some(
            t.parse::<TrackingNumber>()
                .map_err(|e| WorkflowError::usage(e.to_string(), e.hint()))?,
        ),
        (None, _) => None,
    };
    Ok((carrier, tracking))
}

/// Who the medium is for and who hands it over.
pub struct Parties {
    /// Every recipient key, in the order given.
    pub recipients: Vec<age::x25519::Recipient>,
    /// Each `--to` resolved.
    pub addressees: Vec<Addressee>,
    /// The handler recorded and written on the medium.
    pub handler: Option<String>,
    /// The destination under its name in the policy, bound to the recipients (§2.2②).
    pub destination: Option<String>,
}

/// The addressees (none with `--passphrase`), the handler and the destination bound to
/// them. One resolver for `--to` (`Policy::party`): what was resolved is what is
/// recorded.
pub fn parties(o: &SealOrder, policy: &Policy, rules: &Rules) -> Result<Parties, WorkflowError> {
    let mut recipients = Vec::new();
    let mut addressees = Vec::new();
    if !o.passphrase {
        for t in &o.to {
            let who = super::parties::addressee(t, policy)?;
            recipients.extend(who.recipients.iter().cloned());
            addressees.push(who);
        }
    }
    // With a policy of designated handlers the handler is the mapped name of the
    // account (checked by the rules); otherwise --handler is the Contact-Name as typed.
    let handler = if policy.handlers.is_empty() {
        o.handler.clone()
    } else {
        Some(rules.actor.name.clone())
    };
    let destination =
        policy.bind_destination(Some(rules.class), &addressees, o.destination.as_deref())?;
    Ok(Parties {
        recipients,
        addressees,
        handler,
        destination,
    })
}

/// The words an attacker tries first, which a medium's passphrase must not be made of:
/// what the envelope and the medium show in clear (bag-info.txt), the destination and
/// the organisation (red team, issue 14).
pub fn passphrase_context<'a>(
    o: &'a SealOrder,
    destination: Option<&'a str>,
    policy: &'a Policy,
) -> Vec<&'a str> {
    let mut context: Vec<&str> = vec!["isou"];
    context.extend(destination);
    context.extend(o.source_organization.as_deref());
    context.extend(o.tracking_number.as_deref());
    context.extend(o.carrier.as_deref());
    context.extend(o.handler.as_deref());
    if !policy.organization.is_empty() {
        context.push(&policy.organization);
    }
    context
}

/// The medium type (a CD-R for images, a USB stick for folders, unless given), with
/// the combinations of images, discs and sizes that cannot work refused.
pub fn medium_type(o: &SealOrder) -> Result<MediumType, WorkflowError> {
    let medium_type = match o.medium_type {
        Some(t) => t,
        None if o.iso.is_some() => MediumType::CdR,
        None => MediumType::Usb,
    };
    if o.iso.is_some() && !medium_type.is_disc() && o.volume_size.is_none() {
        return Err(WorkflowError::usage(
            crate::tr!("seal-iso-needs-size"),
            crate::tr!("seal-iso-needs-size-hint"),
        ));
    }
    if o.iso.is_none() && medium_type.is_disc() {
        return Err(WorkflowError::usage(
            crate::tr!("seal-disc-needs-iso", medium = medium_type.label()),
            crate::tr!("seal-disc-needs-iso-hint"),
        ));
    }
    Ok(medium_type)
}

/// How many volumes of `volume_size` the extract needs: exact without compression,
/// an upper bound with it. About 100 KiB of each volume go to the bag's own files and
/// directories.
pub fn volumes_needed(volume_size: u64, total: u64, files: usize) -> u64 {
    let per = volume_size.saturating_sub(128 * 1024).max(64 * 1024);
    let need = (total + total / 4096 + 1024 * files as u64 + 65_536).div_ceil(per);
    need.max(1)
}

/// A seal the rules have settled: what is written on the medium and what is recorded
/// both come from it.
pub struct Settled<'a> {
    /// The order as given.
    pub order: &'a SealOrder,
    /// The policy in force.
    pub policy: &'a Policy,
    /// What the rules settled.
    pub rules: &'a Rules,
    /// Who it is for and who hands it over.
    pub parties: &'a Parties,
    /// The medium type.
    pub medium_type: MediumType,
}

impl Settled<'_> {
    /// The size of each volume: as given, or for images the disc's usable size.
    pub fn volume_size(&self) -> Option<u64> {
        match &self.order.iso {
            Some(_) => self.order.volume_size.or(self.medium_type.usable()),
            None => self.order.volume_size,
        }
    }

    /// The shipment's fields written on the medium (bag-info.txt); the source
    /// organisation as given, else the policy's.
    pub fn fields(&self) -> crate::media::ShipmentFields {
        let (r, p) = (self.rules, self.parties);
        crate::media::ShipmentFields {
            tracking: r.tracking.clone(),
            carrier: r.carrier.map(|c| c.name.to_string()),
            handler: p.handler.clone(),
            destination: p.destination.clone(),
            class: r.class,
            source_organization: self
                .order
                .source_organization
                .clone()
                .or_else(|| Some(self.policy.organization.clone()).filter(|o| !o.is_empty())),
            medium_type: Some(self.medium_type.label().to_string()),
            terms: r.terms.clone(),
        }
    }

    /// What the seal records (built by the library, records::shipment): 移送元 from the
    /// policy when not given, recipients with their fingerprints, a row per volume.
    pub fn record(&self, summary: &crate::media::SealSummary) -> crate::records::EventBody {
        let (o, rules, parties) = (self.order, self.rules, self.parties);
        let mut to_contacts: Vec<String> = parties
            .addressees
            .iter()
            .filter_map(|w| w.contact.clone())
            .collect();
        to_contacts.dedup();
        let carrier = rules.carrier;
        crate::records::shipment::sealed(
            self.policy,
            &rules.actor,
            summary,
            crate::records::shipment::SealFacts {
                handler: parties.handler.clone(),
                source_organization: o.source_organization.clone(),
                destination: parties.destination.clone(),
                to_contacts,
                carrier: carrier.map(|c| c.name.to_string()),
                // An untracked service (anonymized data only, §2.2⑥): an explicit choice.
                untracked_carrier: carrier.is_some_and(|c| !c.is_tracked()),
                class: rules.class.as_str().to_string(),
                // Every unsafe choice made by flag, shown in the register's 備考 (issue 14).
                choices: rules.choices.clone(),
                medium_label: self.medium_type.label().to_string(),
                recipients: parties.recipients.iter().map(|r| r.to_string()).collect(),
                destination_signing_keys: crate::records::receipt::destination_keys(
                    &parties.addressees,
                ),
                passphrase: o.passphrase,
                envelope_confirmed: rules.envelope_confirmed,
                attendance_acknowledged: o.attendance_acknowledged,
                retain_until: rules.retain_until.clone(),
                terms: rules.terms.clone(),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_disc_needs_images_and_images_of_a_stick_a_size() {
        let iso = SealOrder {
            iso: Some(PathBuf::from("/tmp/iso")),
            ..Default::default()
        };
        assert_eq!(medium_type(&iso).unwrap(), MediumType::CdR);
        let stick_images = SealOrder {
            medium_type: Some(MediumType::Usb),
            ..iso.clone()
        };
        assert!(medium_type(&stick_images).is_err());
        let disc_folder = SealOrder {
            medium_type: Some(MediumType::CdR),
            ..Default::default()
        };
        assert!(medium_type(&disc_folder).is_err());
        assert_eq!(medium_type(&SealOrder::default()).unwrap(), MediumType::Usb);
    }

    #[test]
    fn at_least_one_volume_is_needed() {
        assert_eq!(volumes_needed(700 << 20, 0, 0), 1);
        assert!(volumes_needed(1 << 20, 10 << 20, 3) >= 10);
    }

    #[test]
    fn an_empty_tracking_number_is_none() {
        let (c, t) = carrier_and_tracking(None, Some("  ")).unwrap();
        assert!(c.is_none() && t.is_none());
    }
}
