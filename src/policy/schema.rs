//! The policy file's schema: the tables of `isou.toml` as written (contacts, handlers,
//! classes), and the built-in rules a class table starts from.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A partner institution.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Its name, as used on the command line.
    pub name: String,
    /// Its contact card (`isou-card-v1 age1… ssh-ed25519 …`).
    pub card: String,
    /// Postal address (for the envelope and the records).
    #[serde(default)]
    pub address: String,
}

/// A designated transport handler (§2.2①): the OS account that may act, and the name it
/// is recorded and shown under. In the file either `"yamada"` (account yamada, shown as
/// yamada) or `{ name = "山田 太郎", account = "yamada" }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handler {
    /// The person's name (NFKC-normalised, trimmed).
    pub name: String,
    /// Their OS account (the login name of the real uid).
    pub account: String,
}

#[derive(Debug)]
pub(super) enum HandlerEntry {
    Account(String),
    Mapped(MappedHandler),
}

impl<'de> Deserialize<'de> for HandlerEntry {
    /// Either form; anything else is refused with the catalogue's text (serde's
    /// `expecting` takes only a fixed English string).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Account(String),
            Mapped(MappedHandler),
        }
        match Raw::deserialize(d) {
            Ok(Raw::Account(a)) => Ok(HandlerEntry::Account(a)),
            Ok(Raw::Mapped(m)) => Ok(HandlerEntry::Mapped(m)),
            Err(_) => Err(serde::de::Error::custom(crate::tr!("policy-handler-entry"))),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MappedHandler {
    pub(super) name: String,
    pub(super) account: String,
}

/// Rules for one information class.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassRules {
    /// Only tracked carriers (and hand-carrying) may be used (§2.2⑥). Always so for
    /// identifiable data: a policy may not turn it off there.
    #[serde(default)]
    pub tracked_carriers_only: bool,
    /// The envelope marking 親展・取扱注意 in red must be confirmed (§2.2⑤).
    #[serde(default)]
    pub require_envelope_confirmation: bool,
    /// Hand-carrying needs the attendance rule acknowledged (§2.2⑧⑨).
    #[serde(default)]
    pub hand_carry_requires_attendance: bool,
    /// If set, only these carriers (canonical names from [`crate::carriers`], resolved
    /// when the policy is loaded).
    #[serde(default)]
    pub allowed_carriers: Vec<String>,
}

/// A `[classes.NAME]` table as written: a field left out keeps the class's built-in
/// value. (With plain `bool` fields a table that only narrowed the carriers turned the
/// envelope and attendance rules off for identifiable data: red team, issue 14.)
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ClassRulesFile {
    pub(super) tracked_carriers_only: Option<bool>,
    pub(super) require_envelope_confirmation: Option<bool>,
    pub(super) hand_carry_requires_attendance: Option<bool>,
    #[serde(default)]
    pub(super) allowed_carriers: Vec<String>,
}

impl ClassRulesFile {
    /// The rules: the class's built-in ones with what the table states.
    pub(super) fn over(self, base: ClassRules) -> ClassRules {
        ClassRules {
            tracked_carriers_only: self
                .tracked_carriers_only
                .unwrap_or(base.tracked_carriers_only),
            require_envelope_confirmation: self
                .require_envelope_confirmation
                .unwrap_or(base.require_envelope_confirmation),
            hand_carry_requires_attendance: self
                .hand_carry_requires_attendance
                .unwrap_or(base.hand_carry_requires_attendance),
            allowed_carriers: self.allowed_carriers,
        }
    }
}

impl ClassRules {
    pub(super) fn identifiable_default() -> Self {
        ClassRules {
            tracked_carriers_only: true,
            require_envelope_confirmation: true,
            hand_carry_requires_attendance: true,
            allowed_carriers: vec![],
        }
    }

    pub(super) fn anonymized_default() -> Self {
        ClassRules {
            tracked_carriers_only: false,
            require_envelope_confirmation: false,
            hand_carry_requires_attendance: false,
            allowed_carriers: vec![],
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PolicyFile {
    #[serde(default)]
    pub(super) organization: String,
    #[serde(default)]
    pub(super) default_class: Option<String>,
    #[serde(default)]
    pub(super) handlers: Vec<HandlerEntry>,
    #[serde(default)]
    pub(super) contacts: Vec<Contact>,
    #[serde(default)]
    pub(super) classes: BTreeMap<String, ClassRulesFile>,
    #[serde(default)]
    pub(super) retention_days: Option<u32>,
    #[serde(default)]
    pub(super) time_zone: Option<String>,
    /// `language = "ja"` or `"en"`: the language of messages (issue 17).
    #[serde(default)]
    pub(super) language: Option<String>,
    /// `[terms]`: the approval's defaults for `isou seal` (issue 16).
    #[serde(default)]
    pub(super) terms: crate::records::terms::TermsDefaults,
}
