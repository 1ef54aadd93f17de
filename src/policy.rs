//! The organisation's transport policy, `isou.toml` (別添２ §2.2①②): designated
//! handlers, contacts (so `--to NAME`, `--destination NAME` and `--signer NAME` resolve),
//! and rules per information class. `seal` refuses what the policy forbids and names the
//! rule and the manual's clause.
//!
//! Without a policy file the built-in defaults apply: anyone may handle, any destination,
//! and for identifiable (非匿名化) data tracked carriers only, the envelope marking
//! confirmed and, for hand-carrying, the attendance rule acknowledged.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::keys::{secret_kind, ContactCard, SecretKind};
use crate::media::InfoClass;

/// Carriers whose items are tracked (§2.2⑥), plus carrying by hand (持参), whose own
/// rules (⑧⑨) apply.
pub const TRACKED_CARRIERS: &[&str] = &[
    "一般書留",
    "簡易書留",
    "現金書留",
    "特定記録郵便",
    "ゆうパック",
    "レターパックプラス",
    "レターパックライト",
    "持参",
];

/// The word for carrying by hand.
pub const HAND_CARRY: &str = "持参";

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

/// Rules for one information class.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassRules {
    /// Only tracked carriers (and hand-carrying) may be used (§2.2⑥).
    #[serde(default)]
    pub tracked_carriers_only: bool,
    /// The envelope marking 親展・取扱注意 in red must be confirmed (§2.2⑤).
    #[serde(default)]
    pub require_envelope_confirmation: bool,
    /// Hand-carrying needs the attendance rule acknowledged (§2.2⑧⑨).
    #[serde(default)]
    pub hand_carry_requires_attendance: bool,
    /// If set, only these carriers.
    #[serde(default)]
    pub allowed_carriers: Vec<String>,
}

impl ClassRules {
    fn identifiable_default() -> Self {
        ClassRules {
            tracked_carriers_only: true,
            require_envelope_confirmation: true,
            hand_carry_requires_attendance: true,
            allowed_carriers: vec![],
        }
    }

    fn anonymized_default() -> Self {
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
struct PolicyFile {
    #[serde(default)]
    organization: String,
    #[serde(default)]
    handlers: Vec<String>,
    #[serde(default)]
    contacts: Vec<Contact>,
    #[serde(default)]
    classes: BTreeMap<String, ClassRules>,
    #[serde(default)]
    retention_days: Option<u32>,
}

/// A loaded policy.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Where it came from (`None`: the built-in defaults).
    pub source: Option<PathBuf>,
    /// The organisation's name.
    pub organization: String,
    /// Designated transport handlers (empty: not restricted).
    pub handlers: Vec<String>,
    /// Partner institutions.
    pub contacts: Vec<Contact>,
    /// Rules for identifiable data.
    pub identifiable: ClassRules,
    /// Rules for anonymised data.
    pub anonymized: ClassRules,
    /// How long media are kept before `record due` lists them.
    pub retention_days: Option<u32>,
}

/// A policy file that cannot be used.
#[derive(Debug)]
pub struct PolicyError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong.
    pub why: String,
    /// The secret key material the file holds, when that is why it was refused (it is
    /// named, never quoted).
    pub secret: Option<SecretKind>,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "policy file {}: {}", self.path.display(), self.why)
    }
}

impl PolicyError {
    /// What the user can do about it.
    pub fn hint(&self) -> String {
        if self.secret.is_some() {
            "put the partner's contact card (isou-card-v1 …) there, never a secret key; the policy file is shared, so if anyone else saw it, make a new identity with 'isou keygen'".into()
        } else {
            "fix isou.toml ('isou policy check' validates it); the sample is docs/isou.sample.toml"
                .into()
        }
    }
}

/// The first line of a policy file that holds secret key material, and what it is.
/// Comments count: the file is shared among the staff, and a key in a comment is as
/// exposed as one in a field.
fn secret_line(text: &str) -> Option<(usize, SecretKind)> {
    text.lines()
        .enumerate()
        .find_map(|(n, line)| Some((n + 1, secret_kind(line)?)))
}

impl std::error::Error for PolicyError {}

/// What the policy forbids, naming the rule and the manual's clause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The rule broken.
    pub rule: String,
    /// What to do.
    pub hint: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the transport policy forbids this: {}", self.rule)
    }
}

impl std::error::Error for Refusal {}

/// The facts of a planned shipment that the rules look at.
#[derive(Clone, Debug, Default)]
pub struct Plan<'a> {
    /// Information class (`None`: not stated).
    pub class: Option<InfoClass>,
    /// The handler.
    pub handler: Option<&'a str>,
    /// The destination.
    pub destination: Option<&'a str>,
    /// The carrier.
    pub carrier: Option<&'a str>,
    /// The envelope marking was confirmed.
    pub envelope_confirmed: bool,
    /// The attendance rule was acknowledged (hand-carrying).
    pub attendance_acknowledged: bool,
}

/// The default policy file: `$ISOU_POLICY`, else `<config dir>/isou/isou.toml`.
pub fn default_policy_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ISOU_POLICY").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    dirs::config_dir().map(|d| d.join("isou").join("isou.toml"))
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
            retention_days: None,
        }
    }

    /// Loads `path`; every contact card is checked. A file that holds a secret key
    /// anywhere (a partner's card replaced by an identity, a key pasted in a comment) is
    /// refused, naming the line and never quoting it: the messages of the TOML parser
    /// and of the card parser would (CWE-209, CWE-532).
    pub fn load(path: &Path) -> Result<Policy, PolicyError> {
        let err = |why: String| PolicyError {
            path: path.to_path_buf(),
            why,
            secret: None,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        if let Some((n, kind)) = secret_line(&text) {
            return Err(PolicyError {
                path: path.to_path_buf(),
                why: format!(
                    "line {n} holds a secret {}, not a public key: it is {kind}",
                    kind.noun()
                ),
                secret: Some(kind),
            });
        }
        let f: PolicyFile = toml::from_str(&text).map_err(|e| err(e.to_string()))?;
        for c in &f.contacts {
            c.card
                .parse::<ContactCard>()
                .map_err(|e| err(format!("contact {:?}: {e}", c.name)))?;
        }
        let mut names = std::collections::HashSet::new();
        for c in &f.contacts {
            if !names.insert(c.name.as_str()) {
                return Err(err(format!("contact {:?} is listed twice", c.name)));
            }
        }
        let mut classes = f.classes;
        for k in classes.keys() {
            if k != "identifiable" && k != "anonymized" {
                return Err(err(format!(
                    "unknown class {k:?}: use identifiable or anonymized"
                )));
            }
        }
        Ok(Policy {
            source: Some(path.to_path_buf()),
            organization: f.organization,
            handlers: f.handlers,
            contacts: f.contacts,
            identifiable: classes
                .remove("identifiable")
                .unwrap_or_else(ClassRules::identifiable_default),
            anonymized: classes
                .remove("anonymized")
                .unwrap_or_else(ClassRules::anonymized_default),
            retention_days: f.retention_days,
        })
    }

    /// Loads the file at `path` if given, else the default file if it exists, else the
    /// built-in defaults.
    pub fn find(path: Option<&Path>) -> Result<Policy, PolicyError> {
        match path {
            Some(p) => Policy::load(p),
            None => match default_policy_path().filter(|p| p.exists()) {
                Some(p) => Policy::load(&p),
                None => Ok(Policy::defaults()),
            },
        }
    }

    /// The contact called `name`.
    pub fn contact(&self, name: &str) -> Option<(&Contact, ContactCard)> {
        let c = self.contacts.iter().find(|c| c.name == name)?;
        Some((c, c.card.parse().ok()?))
    }

    /// Checks a planned shipment; the first rule broken is returned.
    pub fn check(&self, plan: &Plan) -> Result<(), Refusal> {
        let refuse = |rule: String, hint: &str| {
            Err(Refusal {
                rule,
                hint: hint.into(),
            })
        };
        if !self.handlers.is_empty() {
            match plan.handler {
                None => return refuse(
                    "the handler must be named (§2.2① 移送担当者の指定)".into(),
                    "add --handler with your name as listed in the policy's handlers",
                ),
                Some(h) if !self.handlers.iter().any(|x| x == h) => return refuse(
                    format!("{} is not a designated transport handler (§2.2① 移送担当者の指定)", crate::untrusted::sanitize(h)),
                    "ask the 利用責任者 to designate you in isou.toml, or let a designated handler seal it",
                ),
                _ => {}
            }
        }
        if !self.contacts.is_empty() {
            if let Some(d) = plan.destination {
                if self.contact(d).is_none() {
                    return refuse(
                        format!(
                            "{} is not a destination in the policy (§2.2② 移送先ごとの手順)",
                            crate::untrusted::sanitize(d)
                        ),
                        "use a contact name from isou.toml ('isou policy check' lists them)",
                    );
                }
            }
        }
        let Some(class) = plan.class else {
            return Ok(());
        };
        let rules = match class {
            InfoClass::Identifiable => &self.identifiable,
            InfoClass::Anonymized => &self.anonymized,
        };
        let carrier = plan.carrier.unwrap_or("");
        if rules.tracked_carriers_only && !TRACKED_CARRIERS.contains(&carrier) {
            return refuse(
                format!(
                    "{} data may travel only by a tracked service or by hand (§2.2⑥), not {:?}",
                    class.label(),
                    crate::untrusted::sanitize(carrier)
                ),
                &format!("give --carrier as one of: {}", TRACKED_CARRIERS.join(", ")),
            );
        }
        if !rules.allowed_carriers.is_empty()
            && !rules.allowed_carriers.iter().any(|c| c == carrier)
        {
            return refuse(
                format!(
                    "the carrier {:?} is not allowed for {} data (§2.2②)",
                    crate::untrusted::sanitize(carrier),
                    class.label()
                ),
                &format!("use one of: {}", rules.allowed_carriers.join(", ")),
            );
        }
        if carrier == HAND_CARRY
            && rules.hand_carry_requires_attendance
            && !plan.attendance_acknowledged
        {
            return refuse(
                "carrying identifiable data by hand needs the attendance rule acknowledged (§2.2⑧⑨)".into(),
                "confirm that two persons accompany the medium and it is never left unattended, then add --attendance-acknowledged",
            );
        }
        if carrier != HAND_CARRY && rules.require_envelope_confirmation && !plan.envelope_confirmed
        {
            return refuse(
                "the envelope must be marked 親展・取扱注意 in red and this confirmed (§2.2⑤)"
                    .into(),
                "mark the envelope, then confirm at the prompt or add --envelope-confirmed",
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan<'a>(class: InfoClass, carrier: &'a str) -> Plan<'a> {
        Plan {
            class: Some(class),
            carrier: Some(carrier),
            ..Default::default()
        }
    }

    #[test]
    fn defaults_protect_identifiable_data() {
        let p = Policy::defaults();
        let e = p
            .check(&plan(InfoClass::Identifiable, "普通郵便"))
            .unwrap_err();
        assert!(e.rule.contains("§2.2⑥"), "{e:?}");
        let e = p
            .check(&plan(InfoClass::Identifiable, "簡易書留"))
            .unwrap_err();
        assert!(e.rule.contains("§2.2⑤"), "{e:?}");
        let mut ok = plan(InfoClass::Identifiable, "簡易書留");
        ok.envelope_confirmed = true;
        assert!(p.check(&ok).is_ok());
        let e = p.check(&plan(InfoClass::Identifiable, "持参")).unwrap_err();
        assert!(e.rule.contains("§2.2⑧⑨"), "{e:?}");
        assert!(p.check(&plan(InfoClass::Anonymized, "普通郵便")).is_ok());
    }

    #[test]
    fn handlers_and_destinations_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let id = crate::keys::NewIdentity::generate();
        let path = dir.path().join("isou.toml");
        std::fs::write(
            &path,
            format!(
                "organization = \"大阪府\"\nhandlers = [\"山田\"]\n[[contacts]]\nname = \"NCC\"\ncard = \"{}\"\n",
                id.contact_card("")
            ),
        )
        .unwrap();
        let p = Policy::load(&path).unwrap();
        let mut pl = Plan {
            handler: Some("鈴木"),
            ..Default::default()
        };
        assert!(p.check(&pl).unwrap_err().rule.contains("§2.2①"));
        pl.handler = Some("山田");
        pl.destination = Some("どこか");
        assert!(p.check(&pl).unwrap_err().rule.contains("§2.2②"));
        pl.destination = Some("NCC");
        assert!(p.check(&pl).is_ok());
        assert_eq!(p.contact("NCC").unwrap().1.recipient, id.age.to_public());
        std::fs::write(&path, "handlers = 3\n").unwrap();
        assert!(Policy::load(&path).is_err());
        std::fs::write(&path, "[[contacts]]\nname = \"x\"\ncard = \"nonsense\"\n").unwrap();
        let e = Policy::load(&path).unwrap_err();
        assert!(e.why.contains("contact \"x\"") && e.secret.is_none(), "{e}");
        assert!(e.hint().contains("isou policy check"));
    }

    #[test]
    fn a_secret_key_anywhere_in_the_file_is_named_never_quoted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("isou.toml");
        let id = crate::keys::NewIdentity::generate();
        let key = age::secrecy::ExposeSecret::expose_secret(&id.age.to_string()).to_string();
        let card = id.contact_card("").to_string();
        let body = &key[16..];
        for (text, line) in [
            // In place of the card.
            (
                format!("[[contacts]]\nname = \"NCC\"\ncard = \"{key}\"\n"),
                3,
            ),
            // In place of the card's recipient.
            (
                format!(
                    "[[contacts]]\nname = \"NCC\"\ncard = \"{}\"\n",
                    card.replace(&id.age.to_public().to_string(), &key)
                ),
                3,
            ),
            // In a field the TOML parser refuses, quoting the line.
            (
                format!("[[contacts]]\nname = \"NCC\"\ncard = \"{card}\"\nrecipient = \"{key}\"\n"),
                4,
            ),
            // Where a list is expected: serde's message quotes the value.
            (format!("handlers = \"{}\"\n", key.to_lowercase()), 1),
            // Where it would be accepted and printed (and written to bag-info.txt).
            (format!("organization = \"{key}\"\n"), 1),
            // In a comment of the shared file.
            (format!("# {key}\n"), 1),
        ] {
            std::fs::write(&path, &text).unwrap();
            let e = Policy::load(&path).unwrap_err();
            assert_eq!(e.secret, Some(SecretKind::AgeIdentity), "{e}");
            // Said without the sanitiser's help: the message holds no key.
            let shown = format!("{e} {}", e.hint());
            assert!(
                !shown.to_uppercase().contains(&body.to_uppercase()),
                "{shown}"
            );
            assert!(!crate::untrusted::looks_secret(&shown), "{shown}");
            assert!(
                e.why
                    .starts_with(&format!("line {line} holds a secret identity")),
                "{e}"
            );
        }
    }
}
