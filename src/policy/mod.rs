//! The organisation's transport policy, `isou.toml` (別添２ §2.2①②): designated
//! handlers, contacts (so `--to NAME`, `--destination NAME` and `--signer NAME` resolve),
//! and rules per information class. `seal` refuses what the policy forbids and names the
//! rule and the manual's clause.
//!
//! Names: a value typed where a recipient or signer belongs is a key whenever
//! it can be one — an `age1…` key, an `isou-card-v1` card, an `ssh-ed25519` key, or the
//! name of an existing file — and only otherwise a contact name ([`Policy::party`]); so
//! that no name can shadow a key, the policy refuses contact names that look like keys,
//! cards or file names ([`name_rule`]). Contact and handler names are compared after
//! NFKC normalisation and trimming ([`normalize_name`]): names that look the same are the
//! same, and two of them in one file are refused (CWE-180, CWE-706).
//!
//! The file itself is bounded: a regular file of at most [`MAX_POLICY_BYTES`] (CWE-400).
//!
//! Without a policy file the built-in defaults apply: anyone may handle, any destination,
//! and for identifiable (非匿名化) data tracked carriers only, the envelope marking
//! confirmed and, for hand-carrying, the attendance rule acknowledged.
//!
//! Safe by default: a medium is identifiable unless `--class anonymized` or
//! the policy's `default_class` says otherwise, and every unsafe choice made by flag is
//! an [`ExplicitChoice`], recorded in the sealed event and shown in the register's 備考.
//! `$ISOU_POLICY` naming a file that does not exist is an error, as `--policy` is: a
//! mistyped path must not fall back silently to the built-in rules.

mod destination;
mod load;
mod names;
mod party;
mod rules;
mod schema;
mod text;

use std::path::{Path, PathBuf};

use crate::media::InfoClass;

pub use destination::Addressee;
pub use load::PolicyError;
pub use names::{is_explicit_key, known_names, name_key, name_rule, normalize_name};
pub use party::{AmbiguousName, PartyError, UnknownParty, UnknownPartyKind};
pub use rules::{class_name, is_tracked, Clause, ExplicitChoice, Plan, Refusal};
pub use schema::{ClassRules, Contact, Handler};
pub use text::MAX_POLICY_BYTES;

/// A loaded policy.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Where it came from (`None`: the built-in defaults).
    pub source: Option<PathBuf>,
    /// The organisation's name.
    pub organization: String,
    /// Designated transport handlers (empty: not restricted).
    pub handlers: Vec<Handler>,
    /// Partner institutions.
    pub contacts: Vec<Contact>,
    /// Rules for identifiable data.
    pub identifiable: ClassRules,
    /// Rules for anonymised data.
    pub anonymized: ClassRules,
    /// The class of a medium sealed without `--class` (built in: identifiable).
    pub default_class: InfoClass,
    /// How long media are kept before `record due` lists them.
    pub retention_days: Option<u32>,
    /// The registry's time zone (`time_zone`, an IANA name; built in: Asia/Tokyo):
    /// "today" and the times the registers show (`clock`).
    pub time_zone: crate::clock::Zone,
    /// The language of messages (`language`; `None`: the locale decides). `--lang` and
    /// `ISOU_LANG` still win (`i18n::choose`).
    pub language: Option<crate::i18n::Lang>,
    /// `[terms]`: the approver, application number and end of the use period a seal
    /// takes when its flag is not given (§2.4; `records::terms`).
    pub terms: crate::records::terms::TermsDefaults,
}

/// The policy file named by `$ISOU_POLICY` (unset or empty: none).
pub fn env_policy_path() -> Option<PathBuf> {
    std::env::var_os("ISOU_POLICY")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}

/// Whether data of this class is treated as identifiable (非匿名化): every class but an
/// explicit anonymized one. A class not stated is identifiable (safe by default, issue 14).
pub fn is_identifiable(class: Option<InfoClass>) -> bool {
    class != Some(InfoClass::Anonymized)
}
/// The default policy file: `$ISOU_POLICY`, else `<config dir>/isou/isou.toml`.
pub fn default_policy_path() -> Option<PathBuf> {
    env_policy_path().or_else(|| dirs::config_dir().map(|d| d.join("isou").join("isou.toml")))
}

impl Policy {
    /// The built-in defaults.
    pub fn defaults() -> Policy {
        Policy {
            source: None,
            organization: String::new(),
            handlers: vec![],
            contacts: vec![],
            identifiable: ClassRules::identifiable_default(),
            anonymized: ClassRules::anonymized_default(),
            default_class: InfoClass::Identifiable,
            retention_days: None,
            time_zone: crate::clock::Zone::default_zone(),
            language: None,
            terms: Default::default(),
        }
    }

    /// Loads the file at `path` if given, else the default file if it exists, else the
    /// built-in defaults.
    ///
    /// A file named by `--policy` or `$ISOU_POLICY` must exist: a mistyped path silently
    /// meant the built-in rules (no handlers, any destination), which is not what the
    /// 利用責任者 set (issue 14). Only the default path may be missing.
    pub fn find(path: Option<&Path>) -> Result<Policy, PolicyError> {
        match path {
            Some(p) => Policy::load(p),
            None => match env_policy_path() {
                Some(p) if !p.exists() => Err(PolicyError {
                    why: crate::tr!("policy-env-missing"),
                    hint: Some(
                        match dirs::config_dir().map(|d| d.join("isou").join("isou.toml")) {
                            Some(p) => crate::tr!(
                                "policy-env-missing-hint",
                                path = p.display().to_string()
                            ),
                            None => crate::tr!("policy-env-missing-builtin-hint"),
                        },
                    ),
                    path: p,
                    secret: None,
                    language: None,
                    language_refused: false,
                }),
                Some(p) => Policy::load(&p),
                None => match default_policy_path().filter(|p| p.exists()) {
                    Some(p) => Policy::load(&p),
                    None => Ok(Policy::defaults()),
                },
            },
        }
    }

    /// The class of a medium: `--class` as typed, else the policy's `default_class`
    /// (identifiable when the policy does not say).
    pub fn class(&self, typed: Option<InfoClass>) -> InfoClass {
        typed.unwrap_or(self.default_class)
    }

    /// The rules for `class`.
    pub fn rules(&self, class: InfoClass) -> &ClassRules {
        match class {
            InfoClass::Identifiable => &self.identifiable,
            InfoClass::Anonymized => &self.anonymized,
        }
    }
}

#[cfg(test)]
mod tests;
