//! Loading `isou.toml`: the file read and parsed, then each section checked by its own
//! function, in a fixed order, the first fault reported as a [`PolicyError`].

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::schema::{ClassRulesFile, HandlerEntry, PolicyFile};
use super::text::{control_char, read_bounded, secret_line, toml_error};
use super::{
    class_name, name_key, name_rule, normalize_name, ClassRules, Contact, Handler, Policy,
};
use crate::carriers;
use crate::keys::{ContactCard, SecretKind};
use crate::media::InfoClass;

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
    /// A hint of its own, where the general one would not say what to do.
    pub hint: Option<String>,
    /// The language the file states (`language`), when it parsed and names a known
    /// one: the file's other faults are then worded in it (issue 17 red team finding 60).
    pub language: Option<crate::i18n::Lang>,
    /// Whether it is the `language` value that is refused: then every command refuses
    /// the file, also those that do not otherwise read the policy (red team 17, finding
    /// 12: `language = "fr"` was an error for verify and silently the locale for decrypt).
    pub language_refused: bool,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::tr!(
            "policy-error",
            path = self.path.display().to_string(),
            why = self.why.as_str()
        ))
    }
}

impl PolicyError {
    /// What the user can do about it.
    pub fn hint(&self) -> String {
        if let Some(h) = &self.hint {
            h.clone()
        } else if self.secret.is_some() {
            crate::tr!("policy-error-secret-hint")
        } else {
            crate::tr!("policy-error-hint")
        }
    }
}

impl std::error::Error for PolicyError {}

impl Policy {
    /// Loads `path`; every contact card is checked. A file that holds a secret key
    /// anywhere (a partner's card replaced by an identity, a key pasted in a comment) is
    /// refused, naming the line and never quoting it: the messages of the TOML parser
    /// and of the card parser would (CWE-209, CWE-532).
    ///
    /// The checks run in this order, each section by its own function; the first fault
    /// found is the one reported.
    pub fn load(path: &Path) -> Result<Policy, PolicyError> {
        let text = read_text(path)?;
        let stated = stated_language(&text);
        let fault = Fault {
            path,
            language: stated,
        };
        let f: PolicyFile = toml::from_str(&text).map_err(|e| fault.why(toml_error(&text, &e)))?;
        check_language(path, &f)?;
        check_values(&f, &fault)?;
        let contacts = contacts(f.contacts, &fault)?;
        let handlers = handlers(f.handlers, &fault)?;
        let mut classes = classes(f.classes, &fault)?;
        let time_zone = time_zone(f.time_zone.as_deref(), &fault)?;
        let language = stated;
        // Written into every medium sealed without the flags: checked now (CWE-20).
        f.terms.check().map_err(|e| {
            fault.hinted(
                e.to_string(),
                crate::tr!("policy-terms-hint", hint = e.hint()),
            )
        })?;
        let default_class = match f.default_class.as_deref() {
            None => InfoClass::Identifiable,
            Some(c) => c.parse::<InfoClass>().map_err(|e| {
                fault.why(crate::tr!("policy-default-class", error = e.to_string()))
            })?,
        };
        Ok(Policy {
            source: Some(path.to_path_buf()),
            default_class,
            organization: f.organization,
            handlers,
            contacts,
            identifiable: classes
                .remove("identifiable")
                .unwrap_or_else(ClassRules::identifiable_default),
            anonymized: classes
                .remove("anonymized")
                .unwrap_or_else(ClassRules::anonymized_default),
            retention_days: f.retention_days,
            time_zone,
            language,
            terms: f.terms,
        })
    }
}

/// The faults of one file: its path, and the language it states (`None` until that is
/// known, and for the faults found before).
struct Fault<'a> {
    path: &'a Path,
    language: Option<crate::i18n::Lang>,
}

impl Fault<'_> {
    /// `why`, with the general hint.
    fn why(&self, why: String) -> PolicyError {
        PolicyError {
            path: self.path.to_path_buf(),
            why,
            secret: None,
            hint: None,
            language: self.language,
            language_refused: false,
        }
    }

    /// `why`, with a hint of its own.
    fn hinted(&self, why: String, hint: String) -> PolicyError {
        PolicyError {
            hint: Some(hint),
            ..self.why(why)
        }
    }

    /// Every value the policy gives is written into media (Source-Organization,
    /// Contact-Name) and events: checked here, when the file is loaded, by the one
    /// rule every record value passes — not after a medium has been written and the
    /// ledger refuses its event (red team, issue 13).
    fn value(&self, field: &str, v: &str) -> Result<(), PolicyError> {
        crate::records::check_value(field, v).map_err(|e| {
            let hint = e.hint();
            self.hinted(e.to_string(), crate::tr!("policy-value-hint", hint = hint))
        })
    }

    /// Two names that normalise alike are one name (NFC/NFD, full-width/ASCII):
    /// which one a lookup found would be an accident (CWE-180).
    fn twice(&self, contact: bool, a: &str, b: &str) -> PolicyError {
        let (a, b) = (format!("{a:?}"), format!("{b:?}"));
        self.hinted(
            match (contact, a == b) {
                (true, true) => crate::tr!("policy-contact-twice", name = a),
                (true, false) => crate::tr!("policy-contacts-same", first = a, second = b),
                (false, true) => crate::tr!("policy-handler-twice", name = a),
                (false, false) => crate::tr!("policy-handlers-same", first = a, second = b),
            },
            if contact {
                crate::tr!("policy-contact-twice-hint")
            } else {
                crate::tr!("policy-handler-twice-hint")
            },
        )
    }
}

/// The file's text: read bounded, refused if any line holds secret key material or a
/// control character TOML refuses. Its faults state no language (none is read yet).
fn read_text(path: &Path) -> Result<String, PolicyError> {
    let fault = Fault {
        path,
        language: None,
    };
    let text = read_bounded(path).map_err(|why| PolicyError {
        // A mistyped path: there is nothing to fix in a file, check the name.
        hint: (!path.exists()).then(|| crate::tr!("policy-file-not-found-hint")),
        ..fault.why(why)
    })?;
    if let Some((n, kind)) = secret_line(&text) {
        return Err(PolicyError {
            secret: Some(kind),
            ..fault.why(crate::tr!(
                "policy-secret-line",
                line = n.to_string(),
                noun = kind.noun(),
                kind = kind.to_string()
            ))
        });
    }
    if let Some((n, c)) = control_char(&text) {
        return Err(fault.hinted(
            crate::tr!(
                "policy-control-char",
                line = n.to_string(),
                code = format!("U+{:04X}", u32::from(c))
            ),
            crate::tr!("policy-control-char-hint"),
        ));
    }
    Ok(text)
}

/// The language the file states words the rest of its faults (issue 17 red team
/// findings 60 and 106: a policy saying `language = "ja"` was refused for its time
/// zone, a misspelt key or a wrong type in English). Read from the TOML as it is,
/// before the file's own structure is checked; `choose_language` takes it from the
/// error. A file that is not TOML at all, or names no known language, states none.
fn stated_language(text: &str) -> Option<crate::i18n::Lang> {
    toml::from_str::<toml::Table>(text).ok().and_then(|t| {
        t.get("language")?
            .as_str()?
            .parse::<crate::i18n::Lang>()
            .ok()
    })
}

/// An unknown language is refused, not taken as English: a clerk who set
/// `language = "jp"` expects Japanese. Checked first, so that every command can
/// tell this fault from the others (`language_refused`); worded in no stated language.
fn check_language(path: &Path, f: &PolicyFile) -> Result<(), PolicyError> {
    if let Some(Err(e)) = f
        .language
        .as_deref()
        .map(|l| l.parse::<crate::i18n::Lang>())
    {
        let fault = Fault {
            path,
            language: None,
        };
        return Err(PolicyError {
            language_refused: true,
            ..fault.hinted(
                crate::tr!("policy-language", error = e.to_string()),
                crate::tr!("lang-unknown-hint"),
            )
        });
    }
    Ok(())
}

/// The organisation's name and the contacts' names and addresses, by the record-value
/// rule ([`Fault::value`]).
fn check_values(f: &PolicyFile, fault: &Fault) -> Result<(), PolicyError> {
    if !f.organization.is_empty() {
        fault.value(&crate::tr!("policy-field-organization"), &f.organization)?;
    }
    for c in &f.contacts {
        fault.value(&crate::tr!("policy-field-contact-name"), &c.name)?;
        if !c.address.is_empty() {
            fault.value(&crate::tr!("policy-field-contact-address"), &c.address)?;
        }
    }
    Ok(())
}

/// The contacts: each card parsed, each name normalised and refused if it could shadow
/// a key, a card or a file ([`name_rule`]), then no two names alike.
fn contacts(mut contacts: Vec<Contact>, fault: &Fault) -> Result<Vec<Contact>, PolicyError> {
    let raw: Vec<String> = contacts.iter().map(|c| c.name.clone()).collect();
    for c in &mut contacts {
        c.card.parse::<ContactCard>().map_err(|e| {
            fault.why(crate::tr!(
                "policy-contact-card",
                name = format!("{:?}", c.name),
                error = e.to_string()
            ))
        })?;
        // Names are kept normalised: lookups normalise what is typed the same way.
        let name = normalize_name(&c.name);
        if let Some(rule) = name_rule(&name) {
            return Err(fault.hinted(
                crate::tr!(
                    "policy-contact-name-refused",
                    name = format!("{:?}", c.name),
                    rule = rule
                ),
                crate::tr!("policy-contact-name-hint"),
            ));
        }
        c.name = name;
    }
    // Compared by [`name_key`], as lookups compare: variation selectors, white
    // space and case are left out (葛 and 葛 + U+E0100, 国立 がん研究センター and
    // 国立がん研究センター are one name to the clerk reading the list).
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for (raw, c) in raw.iter().zip(&contacts) {
        let key = name_key(&c.name);
        if let Some(first) = seen.insert(key, raw.as_str()) {
            return Err(fault.twice(true, first, raw));
        }
    }
    Ok(contacts)
}

/// The designated handlers (§2.2①): each name and account non-empty and a valid record
/// value, no two names alike and no account twice.
fn handlers(entries: Vec<HandlerEntry>, fault: &Fault) -> Result<Vec<Handler>, PolicyError> {
    let mut handlers: Vec<Handler> = Vec::new();
    let mut raw_names: Vec<String> = Vec::new();
    for h in entries {
        let (name, account) = match h {
            HandlerEntry::Account(a) => (a.clone(), a),
            HandlerEntry::Mapped(m) => (m.name, m.account),
        };
        let h = Handler {
            name: normalize_name(&name),
            account: account.trim().to_string(),
        };
        if h.name.is_empty() || h.account.is_empty() {
            return Err(fault.why(crate::tr!("policy-handler-empty")));
        }
        // Written to every medium (Contact-Name) and event.
        fault.value(&crate::tr!("policy-field-handler-name"), &h.name)?;
        fault.value(&crate::tr!("policy-field-handler-account"), &h.account)?;
        let same = |a: &str, b: &str| name_key(a) == name_key(b);
        if let Some(i) = handlers.iter().position(|x| same(&x.name, &h.name)) {
            return Err(fault.twice(false, &raw_names[i], &name));
        }
        if handlers.iter().any(|x| x.account == h.account) {
            return Err(fault.why(crate::tr!(
                "policy-account-twice",
                account = format!("{:?}", h.account)
            )));
        }
        handlers.push(h);
        raw_names.push(name);
    }
    Ok(handlers)
}

/// The `[classes.NAME]` tables, by canonical class name (`identifiable`, `anonymized`):
/// each class known and given once, its rules over the built-in ones.
fn classes(
    tables: BTreeMap<String, ClassRulesFile>,
    fault: &Fault,
) -> Result<BTreeMap<String, ClassRules>, PolicyError> {
    let mut classes: BTreeMap<String, ClassRules> = BTreeMap::new();
    for (typed, table) in tables {
        // `[classes.identifiable]` or `[classes.非匿名化]` (issue 17), by the one
        // class parser; anything else is refused, naming the accepted words.
        let parsed = typed.parse::<InfoClass>().map_err(|_| {
            fault.why(crate::tr!(
                "policy-class-unknown",
                class = format!("{:?}", crate::untrusted::sanitize(&typed))
            ))
        })?;
        let class = parsed.as_str().to_string();
        if classes.contains_key(&class) {
            return Err(fault.why(crate::tr!("policy-class-twice", class = class_name(parsed))));
        }
        let base = match parsed {
            InfoClass::Identifiable => ClassRules::identifiable_default(),
            InfoClass::Anonymized => ClassRules::anonymized_default(),
        };
        if class == "identifiable" {
            check_not_relaxed(&typed, &table, fault)?;
        }
        let mut rules = table.over(base);
        for c in &mut rules.allowed_carriers {
            *c = allowed_carrier(&typed, &class, c, fault)?;
        }
        classes.insert(class, rules);
    }
    Ok(classes)
}

/// §2.2⑤⑥⑧⑨ are the manual's rules for identifiable data, not the organisation's to
/// relax: a table may narrow them, never turn one off.
fn check_not_relaxed(
    typed: &str,
    table: &ClassRulesFile,
    fault: &Fault,
) -> Result<(), PolicyError> {
    for (field, value, clause) in [
        (
            "tracked_carriers_only",
            table.tracked_carriers_only,
            "§2.2⑥ 追跡サービス付きの手段",
        ),
        (
            "require_envelope_confirmation",
            table.require_envelope_confirmation,
            "§2.2⑤ 親展・取扱注意の封筒",
        ),
        (
            "hand_carry_requires_attendance",
            table.hand_carry_requires_attendance,
            "§2.2⑧⑨ 持参の立会い",
        ),
    ] {
        if value == Some(false) {
            return Err(fault.hinted(
                crate::tr!(
                    "policy-class-false",
                    field = field,
                    table = crate::untrusted::sanitize(typed),
                    clause = clause
                ),
                crate::tr!(
                    "policy-class-false-hint",
                    field = field,
                    table = crate::untrusted::sanitize(typed)
                ),
            ));
        }
    }
    Ok(())
}

/// One of a class table's `allowed_carriers` (table `typed`, canonical class `class`):
/// a valid record value naming a carrier of the one table, and a tracked one for
/// identifiable data; returns its canonical name.
fn allowed_carrier(
    typed: &str,
    class: &str,
    c: &str,
    fault: &Fault,
) -> Result<String, PolicyError> {
    fault.value(&crate::tr!("policy-field-allowed-carrier"), c)?;
    // A name outside the carrier table would never match what seal and
    // record ship resolve (and could name an untracked service by a
    // spelling the rules do not know): refused here, with the list.
    let known = carriers::lookup(c).map_err(|e| {
        fault.hinted(
            crate::tr!("policy-carriers-unknown", error = e.to_string()),
            crate::tr!(
                "policy-carriers-unknown-hint",
                table = crate::untrusted::sanitize(typed),
                carriers = carriers::list(None)
            ),
        )
    })?;
    // An untracked service allowed for identifiable data would be refused
    // at every seal anyway: say so when the policy is loaded.
    if class == "identifiable" && !known.is_tracked() {
        return Err(fault.hinted(
            crate::tr!(
                "policy-carriers-untracked",
                table = crate::untrusted::sanitize(typed),
                carrier = known.name
            ),
            crate::tr!(
                "policy-carriers-untracked-hint",
                carriers = carriers::list(Some(true))
            ),
        ));
    }
    Ok(known.name.to_string())
}

/// The registry's time zone (built in: Asia/Tokyo). An unknown zone is refused here,
/// not taken as UTC: every "today" and every time in the registers would silently be
/// off by the zone's offset (CWE-20).
fn time_zone(name: Option<&str>, fault: &Fault) -> Result<crate::clock::Zone, PolicyError> {
    match name {
        None => Ok(crate::clock::Zone::default_zone()),
        Some(name) => crate::clock::Zone::named(name).ok_or_else(|| {
            fault.hinted(
                crate::tr!(
                    "policy-zone-unknown",
                    zone = format!("{:?}", crate::untrusted::sanitize(name))
                ),
                crate::tr!("policy-zone-hint", zone = crate::clock::DEFAULT_ZONE),
            )
        }),
    }
}
