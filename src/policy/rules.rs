//! The rules a planned shipment is checked against (別添２ §2.2①②⑤⑥⑧⑨ and 本文): the
//! clause each comes from, the refusal naming it, and the unsafe choices made by flag.

use std::fmt;

use super::{known_names, name_key, Handler, Policy};
use crate::carriers::{self, Carrier};
use crate::media::InfoClass;

/// The clause of the manual (別添２ §2.2) a rule comes from: what code decides on.
/// The texts of a [`Refusal`] are in the language the user chose (issue 17), so no
/// decision may read them (`r.rule.contains("§2.2⑤")`); it matches this instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Clause {
    /// §2.2 本文: an unused medium, or one checked clean (未使用品).
    NewMedium,
    /// §2.2① 移送担当者の指定: the designated transport handlers.
    Handler,
    /// §2.2② 移送先・移送の手続き: the destination and the policy's allowed carriers.
    Destination,
    /// §2.2⑤ 親展・取扱注意: the envelope marking.
    Envelope,
    /// §2.2⑥ 追跡サービス付きの手段: tracked carriers and tracking numbers.
    Tracking,
    /// §2.2⑦ 強固な暗号化方法: the encryption (a strong passphrase, the key sent apart).
    Encryption,
    /// §2.2⑧⑨ 持参の立会い: hand-carrying with attendance.
    HandCarry,
}

/// What the policy forbids, naming the rule and the manual's clause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The clause broken, for decisions (the texts are localised).
    pub clause: Clause,
    /// The rule broken, in the current language, citing the clause (§2.2⑤…).
    pub rule: String,
    /// What to do, in the current language.
    pub hint: String,
}

impl Refusal {
    /// A refusal under `clause`.
    pub fn new(clause: Clause, rule: impl Into<String>, hint: impl Into<String>) -> Self {
        Refusal {
            clause,
            rule: rule.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::tr!("policy-refusal", rule = self.rule.as_str()))
    }
}

/// A class as named in messages: 非匿名化 / identifiable (非匿名化). Not
/// [`InfoClass::label`], which is the fixed value written to media.
pub fn class_name(class: InfoClass) -> String {
    match class {
        InfoClass::Identifiable => crate::tr!("policy-class-identifiable"),
        InfoClass::Anonymized => crate::tr!("policy-class-anonymized"),
    }
}

impl std::error::Error for Refusal {}

/// The facts of a planned shipment that the rules look at.
#[derive(Clone, Debug, Default)]
pub struct Plan<'a> {
    /// Information class: always known, identifiable unless declared otherwise
    /// ([`Policy::class`]).
    pub class: InfoClass,
    /// The handler as typed (`--handler`), if given.
    pub handler: Option<&'a str>,
    /// The OS account acting (of the real uid; see `records::actor`).
    pub account: Option<&'a str>,
    /// The destination.
    pub destination: Option<&'a str>,
    /// The carrier.
    pub carrier: Option<&'a str>,
    /// The envelope marking was confirmed.
    pub envelope_confirmed: bool,
    /// The attendance rule was acknowledged (hand-carrying).
    pub attendance_acknowledged: bool,
}

/// An unsafe choice made explicitly, by a flag (issue 14): recorded in the sealed event
/// (`choices`) and shown in the 移送記録簿's 備考, so an auditor sees who chose what
/// and against which rule. Any check that lets a flag relax a rule pushes one.
///
/// Persisted (the ledger): its texts are fixed, never localised (issue 17), so that a
/// record does not depend on the language of whoever sealed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExplicitChoice {
    /// The flag as typed (`--class anonymized`, `--allow-nonempty` …).
    pub flag: String,
    /// The rule it relaxes, with the manual's clause.
    pub rule: String,
}

impl ExplicitChoice {
    /// A choice of `flag` against `rule`.
    pub fn new(flag: impl Into<String>, rule: impl Into<String>) -> Self {
        ExplicitChoice {
            flag: flag.into(),
            rule: rule.into(),
        }
    }
}

impl fmt::Display for ExplicitChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.flag, self.rule)
    }
}

/// Whether `carrier` is a tracked service or carrying by hand (§2.2⑥), by the one
/// carrier table; an unknown name is not.
pub fn is_tracked(carrier: &str) -> bool {
    carriers::lookup(carrier).is_ok_and(|c| c.is_tracked())
}

impl Policy {
    /// The unsafe choices a planned shipment makes by flag (issue 14), each with its rule
    /// and clause: data declared anonymized against an identifiable default (the
    /// （＊） rules of §2.2⑤–⑪ then no longer apply), an untracked carrier for it
    /// (§2.2⑥), other files left on the medium (§2.2 本文), a passphrase instead of
    /// keys (§2.2⑦, the passphrase travels separately).
    pub fn explicit_choices(
        &self,
        typed_class: Option<InfoClass>,
        plan: &Plan,
        allow_nonempty: bool,
        passphrase: bool,
    ) -> Vec<ExplicitChoice> {
        let mut out = Vec::new();
        if typed_class == Some(InfoClass::Anonymized)
            && self.default_class == InfoClass::Identifiable
        {
            out.push(ExplicitChoice::new(
                "--class anonymized",
                "declared anonymized (匿名化): the rules for identifiable data (§2.2⑤–⑪) do not apply",
            ));
        }
        if plan.class == InfoClass::Anonymized {
            if let Some(c) = plan.carrier.filter(|c| !is_tracked(c)) {
                out.push(ExplicitChoice::new(
                    format!("--carrier {}", crate::untrusted::sanitize(c)),
                    "an untracked carrier (§2.2⑥ 追跡サービス)",
                ));
            }
        }
        if allow_nonempty {
            out.push(ExplicitChoice::new(
                "--allow-nonempty",
                "a medium that already held files, neither new nor known clean (§2.2 本文)",
            ));
        }
        if passphrase {
            out.push(ExplicitChoice::new(
                "--passphrase",
                "a passphrase instead of the recipient's key; it must travel by another route (§2.2⑦)",
            ));
        }
        out
    }

    /// `--allow-nonempty` for identifiable data: refused (§2.2 本文: an electronic medium
    /// is unused or checked for viruses; a stick that already holds files is neither).
    pub fn check_nonempty(&self, class: InfoClass, allow_nonempty: bool) -> Result<(), Refusal> {
        if class == InfoClass::Identifiable && allow_nonempty {
            return Err(Refusal::new(
                Clause::NewMedium,
                crate::tr!("policy-nonempty"),
                crate::tr!("policy-nonempty-hint"),
            ));
        }
        Ok(())
    }

    /// The designated handler whose OS account is `account`.
    pub fn handler_for_account(&self, account: &str) -> Option<&Handler> {
        self.handlers.iter().find(|h| h.account == account)
    }

    /// §2.2① alone: the OS account `account` acts, and `--handler`, if typed, is its
    /// name. For acts that carry no class (`record ship`, `key-sent`, `hand-carry`).
    pub fn check_handler(
        &self,
        account: Option<&str>,
        handler: Option<&str>,
    ) -> Result<(), Refusal> {
        let refuse = |rule: String, hint: String| Err(Refusal::new(Clause::Handler, rule, hint));
        // §2.2①: who acts is the OS account, not a name typed by the person acting
        // (CWE-290); --handler may only repeat the name the policy maps it to.
        if !self.handlers.is_empty() {
            let account = account.unwrap_or("");
            let Some(h) = self.handler_for_account(account) else {
                return refuse(
                    crate::tr!(
                        "policy-handler-not-designated",
                        account = crate::untrusted::sanitize(account)
                    ),
                    crate::tr!("policy-handler-not-designated-hint"),
                );
            };
            if let Some(typed) = handler {
                if name_key(typed) != name_key(&h.name) {
                    return refuse(
                        crate::tr!(
                            "policy-handler-not-you",
                            handler = crate::untrusted::sanitize(typed),
                            account = crate::untrusted::sanitize(&h.account),
                            name = crate::untrusted::sanitize(&h.name)
                        ),
                        crate::tr!("policy-handler-not-you-hint"),
                    );
                }
            }
        }
        Ok(())
    }

    /// Checks a planned shipment; the first rule broken is returned.
    pub fn check(&self, plan: &Plan) -> Result<(), Refusal> {
        self.check_handler(plan.account, plan.handler)?;
        if !self.contacts.is_empty() {
            if let Some(d) = plan.destination {
                if self.contact(d).is_none() {
                    return Err(Refusal::new(
                        Clause::Destination,
                        crate::tr!(
                            "policy-dest-unknown",
                            name = crate::untrusted::sanitize(d),
                            known = known_names(d, self.contacts.iter().map(|c| c.name.as_str()))
                        ),
                        crate::tr!("policy-dest-unknown-hint"),
                    ));
                }
            }
        }
        // §2.2⑥: a carrier named is resolved in the one table and checked for the
        // plan's class (identifiable unless declared otherwise: safe by default).
        let class = plan.class;
        let carrier = match plan.carrier {
            Some(typed) => Some(
                carriers::lookup(typed)
                    .map_err(|e| Refusal::new(Clause::Tracking, e.to_string(), e.hint()))?,
            ),
            None => None,
        };
        if let Some(c) = carrier {
            self.check_carrier(class, c)?;
        }
        let rules = self.rules(class);
        if carrier.is_none()
            && (class == InfoClass::Identifiable
                || rules.tracked_carriers_only
                || !rules.allowed_carriers.is_empty())
        {
            return Err(Refusal::new(
                Clause::Tracking,
                crate::tr!("policy-carrier-needed", class = class_name(class)),
                crate::tr!(
                    "policy-carrier-needed-hint",
                    carriers = carriers::list(Some(true))
                ),
            ));
        }
        let hand_carry = carrier.is_some_and(Carrier::is_hand_carry);
        if let Some(c) = carrier {
            self.check_hand_carry(class, c, plan.attendance_acknowledged)?;
        }
        if !hand_carry && rules.require_envelope_confirmation && !plan.envelope_confirmed {
            return Err(Refusal::new(
                Clause::Envelope,
                crate::tr!("policy-envelope"),
                crate::tr!("policy-envelope-hint"),
            ));
        }
        Ok(())
    }

    /// §2.2⑧⑨ for one carrier, at `seal` and at `record ship` (the same rule at both,
    /// so a shipment sealed for the post cannot be switched to hand-carrying without
    /// it): carrying by hand needs the attendance rule acknowledged when the class's
    /// rules say so (identifiable data by default).
    pub fn check_hand_carry(
        &self,
        class: InfoClass,
        carrier: &Carrier,
        attendance_acknowledged: bool,
    ) -> Result<(), Refusal> {
        if carrier.is_hand_carry()
            && self.rules(class).hand_carry_requires_attendance
            && !attendance_acknowledged
        {
            return Err(Refusal::new(
                Clause::HandCarry,
                crate::tr!("policy-hand-carry", class = class_name(class)),
                crate::tr!("policy-hand-carry-hint"),
            ));
        }
        Ok(())
    }

    /// §2.2⑥ for one carrier, at `seal` and at `record ship`: identifiable data (and
    /// data of a class whose rules say so) travels only by a tracked service or by hand,
    /// whatever the policy says; the policy's `allowed_carriers` narrow it further
    /// (§2.2②). An untracked carrier that passes is an explicit choice the caller
    /// records.
    pub fn check_carrier(&self, class: InfoClass, carrier: &Carrier) -> Result<(), Refusal> {
        let rules = self.rules(class);
        if !carrier.is_tracked()
            && (class == InfoClass::Identifiable || rules.tracked_carriers_only)
        {
            let list = carriers::list(Some(true));
            return Err(Refusal::new(
                Clause::Tracking,
                crate::tr!(
                    "policy-untracked",
                    class = class_name(class),
                    carrier = carrier.name
                ),
                match class {
                    InfoClass::Identifiable => {
                        crate::tr!("policy-untracked-identifiable-hint", carriers = list)
                    }
                    InfoClass::Anonymized => {
                        crate::tr!("policy-untracked-anonymized-hint", carriers = list)
                    }
                },
            ));
        }
        if !rules.allowed_carriers.is_empty()
            && !rules.allowed_carriers.iter().any(|c| c == carrier.name)
        {
            return Err(Refusal::new(
                Clause::Destination,
                crate::tr!(
                    "policy-carrier-not-allowed",
                    carrier = carrier.name,
                    class = class_name(class)
                ),
                crate::tr!(
                    "policy-use-one-of",
                    carriers = rules.allowed_carriers.join(", ")
                ),
            ));
        }
        Ok(())
    }
}
