//! The approval terms of a shipment (利用責任者, 申出番号・応諾番号, 利用期間) and the
//! recipient's duty cycle: the received medium and the decrypted folder (中間生成物) are
//! each an item with a date after which they are due for disposal.
//!
//! Why: 別添２ §2.4 「応諾された利用期間を過ぎたもの…迅速かつ安全に廃棄する」. The end of
//! the approved use period is known to the sender (the approval letter), not to the
//! recipient's ledger; unless it travels with the data, signed, the recipient's
//! `record due` cannot know when the medium and the plaintext it made must go (§1.2②
//! 廃棄日を含めた電子媒体リスト). The terms are written into the signed `bag-info.txt`
//! (covered by the tag manifest, so an edited term fails verification) and read back
//! only from the authenticated copy (CWE-345: a medium's unauthenticated claim never
//! sets a record's date).
//!
//! Labels in `bag-info.txt`: [`APPROVER`] (`Approver`, 利用責任者), [`APPLICATION`]
//! (`Application-Number`, 申出番号・応諾番号), [`USE_UNTIL`] (`Use-Until`, the last day
//! of the approved use period, `YYYY-MM-DD`).

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::value::{check_date, check_value, RecordValueError};
use super::{Event, EventBody, EventKind};
use crate::bag::BagInfo;
use crate::media::InfoClass;
use crate::untrusted::sanitize;

/// `bag-info.txt` label of the approver (利用責任者).
pub const APPROVER: &str = "Approver";
/// `bag-info.txt` label of the application / approval number (申出番号・応諾番号).
pub const APPLICATION: &str = "Application-Number";
/// `bag-info.txt` label of the last day of the approved use period (利用期間).
pub const USE_UNTIL: &str = "Use-Until";
/// The three labels, each allowed once in a signed bag-info.
pub const LABELS: &[&str] = &[APPROVER, APPLICATION, USE_UNTIL];

/// What a decrypted folder is called in `record due`, the disposal log and
/// `record dispose` (`SHIPMENT/復号`).
pub const DECRYPTED_SUFFIX: &str = "/復号";

/// The approval terms of a shipment. Every value is one line, bounded, checked as every
/// record value is ([`check_value`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UseTerms {
    /// 利用責任者.
    pub approver: Option<String>,
    /// 申出番号・応諾番号.
    pub application: Option<String>,
    /// The last day of the approved use period (`YYYY-MM-DD`).
    pub use_until: Option<String>,
}

/// The policy's defaults (`[terms]` in isou.toml), used when a flag is not given.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermsDefaults {
    /// Default 利用責任者.
    #[serde(default)]
    pub approver: Option<String>,
    /// Default 申出番号・応諾番号.
    #[serde(default)]
    pub application: Option<String>,
    /// Default end of the use period (`YYYY-MM-DD`): the approval's, so a policy whose
    /// approval has ended refuses to seal until the 利用責任者 updates it.
    #[serde(default)]
    pub use_until: Option<String>,
}

impl TermsDefaults {
    /// Checks the defaults as they are loaded (a date that is no date, a value the
    /// ledger would refuse): refused with the policy, not at the first seal.
    pub fn check(&self) -> Result<(), RecordValueError> {
        if let Some(v) = &self.approver {
            check_value("terms.approver", v)?;
        }
        if let Some(v) = &self.application {
            check_value("terms.application", v)?;
        }
        if let Some(v) = &self.use_until {
            check_value("terms.use_until", v)?;
            check_date("terms.use_until", v)?;
        }
        Ok(())
    }
}

/// The terms as typed at `isou seal`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Given<'a> {
    /// `--approver`.
    pub approver: Option<&'a str>,
    /// `--application`.
    pub application: Option<&'a str>,
    /// `--use-until` (as typed; made canonical by `value::typed_date`).
    pub use_until: Option<&'a str>,
    /// `--no-use-until`: identifiable data sealed without a use period (an explicit
    /// choice, recorded).
    pub no_use_until: bool,
}

/// Why the terms given at seal were refused.
#[derive(Debug, PartialEq, Eq)]
pub enum TermsError {
    /// A value that cannot be recorded (empty, a control character, too long, no date).
    Value(RecordValueError),
    /// The use period has already ended.
    Past {
        /// The date.
        date: String,
        /// Today in the registry's zone.
        today: String,
        /// Whether it came from the policy's `[terms]`, not from `--use-until`.
        from_policy: bool,
    },
    /// Identifiable data without a use period (§2.4).
    UseUntilRequired,
    /// `--use-until` and `--no-use-until` together.
    Both,
}

impl fmt::Display for TermsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            TermsError::Value(e) => e.to_string(),
            TermsError::Past {
                date,
                today,
                from_policy: true,
            } => crate::tr!(
                "rec-terms-past-policy",
                date = sanitize(date),
                today = today.as_str()
            ),
            TermsError::Past { date, today, .. } => crate::tr!(
                "rec-terms-past",
                date = sanitize(date),
                today = today.as_str()
            ),
            TermsError::UseUntilRequired => crate::tr!("rec-terms-use-until-required"),
            TermsError::Both => crate::tr!("rec-terms-both"),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for TermsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TermsError::Value(e) => Some(e),
            _ => None,
        }
    }
}

impl TermsError {
    /// What to do.
    pub fn hint(&self) -> String {
        match self {
            TermsError::Value(e) => e.hint(),
            TermsError::Past {
                from_policy: true, ..
            } => crate::tr!("rec-terms-past-policy-hint"),
            TermsError::Past { .. } => crate::tr!("rec-terms-past-hint"),
            TermsError::UseUntilRequired => crate::tr!("rec-terms-use-until-required-hint"),
            TermsError::Both => crate::tr!("rec-terms-both-hint"),
        }
    }
}

impl From<RecordValueError> for TermsError {
    fn from(e: RecordValueError) -> Self {
        TermsError::Value(e)
    }
}

/// A value typed or taken from the policy: normalised as names are, then checked.
fn name_value(field: &str, v: Option<&str>) -> Result<Option<String>, RecordValueError> {
    let Some(v) = v else { return Ok(None) };
    let v = crate::policy::normalize_name(v);
    check_value(field, &v)?;
    Ok(Some(v))
}

impl UseTerms {
    /// The terms of a seal: each flag, else the policy's default; checked (one line,
    /// bounded; the date a real `YYYY-MM-DD` not before `today`, the registry's today
    /// from `crate::clock`). Identifiable data needs a use period unless `--no-use-until`
    /// says explicitly that the approval states none (safe by default, §2.4).
    pub fn at_seal(
        given: &Given,
        defaults: &TermsDefaults,
        class: InfoClass,
        today: &str,
    ) -> Result<UseTerms, TermsError> {
        if given.no_use_until && given.use_until.is_some() {
            return Err(TermsError::Both);
        }
        let approver = name_value("approver", given.approver.or(defaults.approver.as_deref()))?;
        let application = name_value(
            "application",
            given.application.or(defaults.application.as_deref()),
        )?;
        let (use_until, from_policy) = match (given.use_until, given.no_use_until) {
            (Some(d), _) => (Some(d.to_string()), false),
            (None, true) => (None, false),
            (None, false) => (defaults.use_until.clone(), true),
        };
        if let Some(d) = &use_until {
            check_value("use_until", d)?;
            check_date("use_until", d)?;
            // Dates of one form compare as text (YYYY-MM-DD).
            if d.as_str() < today {
                return Err(TermsError::Past {
                    date: d.clone(),
                    today: today.to_string(),
                    from_policy,
                });
            }
        }
        if use_until.is_none() && class == InfoClass::Identifiable && !given.no_use_until {
            return Err(TermsError::UseUntilRequired);
        }
        Ok(UseTerms {
            approver,
            application,
            use_until,
        })
    }

    /// Whether no term is stated.
    pub fn is_empty(&self) -> bool {
        self.approver.is_none() && self.application.is_none() && self.use_until.is_none()
    }

    /// The `bag-info.txt` fields, in order (only the terms stated).
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        [
            (APPROVER, &self.approver),
            (APPLICATION, &self.application),
            (USE_UNTIL, &self.use_until),
        ]
        .into_iter()
        .filter_map(|(l, v)| v.clone().map(|v| (l, v)))
        .collect()
    }

    /// The terms of a signed `bag-info.txt`. Call it only with the AUTHENTICATED copy
    /// (`Authentic::info`): an unauthenticated medium's claim must not date a record
    /// (CWE-345). Even signed, each value is text from outside: sanitised and checked
    /// as a record value; one that fails (or a `Use-Until` that is no date) is left out
    /// and said in the second part (the sender's error, told to the user).
    pub fn from_signed(info: &BagInfo) -> (UseTerms, Vec<crate::i18n::Text>) {
        let mut problems = Vec::new();
        let mut read =
            |label: &str, date: bool| -> Option<String> {
                let raw = info.get(label)?;
                let v = sanitize(raw);
                let ok = check_value(label, &v).and_then(|()| {
                    if date {
                        check_date(label, &v)
                    } else {
                        Ok(())
                    }
                });
                match ok {
                    Ok(()) => Some(v),
                    Err(e) => {
                        // Both languages: `verify --json` gives the English.
                        problems.push(crate::i18n::Text::render(
                            "rec-terms-signed-unusable",
                            || {
                                crate::tr!(
                                    "rec-terms-signed-unusable",
                                    label = label,
                                    error = e.to_string()
                                )
                            },
                        ));
                        None
                    }
                }
            };
        let terms = UseTerms {
            approver: read(APPROVER, false),
            application: read(APPLICATION, false),
            use_until: read(USE_UNTIL, true),
        };
        (terms, problems)
    }

    /// The terms as an event body's `terms` value.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("serialisable")
    }

    /// The terms an event recorded under `terms`, if any.
    pub fn of_event(e: &Event) -> UseTerms {
        serde_json::from_value(e.body["terms"].clone()).unwrap_or_default()
    }

    /// Lines for a report: (label, value) of the terms stated, the labels in the
    /// reader's language (the manual's 利用責任者, 申出番号・応諾番号, 利用期間).
    pub fn lines(&self) -> Vec<(String, String)> {
        [
            (crate::tr!("rec-terms-label-approver"), &self.approver),
            (crate::tr!("rec-terms-label-application"), &self.application),
            (crate::tr!("rec-terms-label-use-until"), &self.use_until),
        ]
        .into_iter()
        .filter_map(|(l, v)| v.clone().map(|v| (l, v)))
        .collect()
    }
}

/// The date until which a received medium or a decrypted folder may be kept: the end
/// of the approved use period the sender signed, else `today` plus the policy's
/// `retention_days`, else none. The second part says which (`use_until` or
/// `retention_days`).
pub fn retain_until(
    terms: &UseTerms,
    retention_days: Option<u32>,
) -> Option<(String, &'static str)> {
    match (&terms.use_until, retention_days) {
        (Some(d), _) => Some((d.clone(), "use_until")),
        (None, Some(days)) => Some((crate::clock::today_plus(days), "retention_days")),
        (None, None) => None,
    }
}

/// What an `opened` event records of the decrypted folder (`decrypted`): its
/// retention date and where that date came from. Where it went, how many files and
/// bytes are the event's `out`, `files`, `bytes`.
pub fn decrypted_record(terms: &UseTerms, retention_days: Option<u32>) -> Decrypted {
    match retain_until(terms, retention_days) {
        Some((d, basis)) => Decrypted {
            retain_until: Some(d),
            basis: Some(basis.to_string()),
        },
        None => Decrypted::default(),
    }
}

/// The decrypted folder as an `opened` event records it (`decrypted`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decrypted {
    /// The last day it may be kept (`YYYY-MM-DD`), if any date applies.
    pub retain_until: Option<String>,
    /// Where that date came from: `use_until` or `retention_days`.
    pub basis: Option<String>,
}

/// What a disposal disposes of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Item {
    /// The medium (the sender's, or the one received).
    #[default]
    Medium,
    /// The folder `open` decrypted into (中間生成物, §1.2).
    Decrypted,
}

impl Item {
    /// As a disposal records it (`item`): none for the medium (as before), `decrypted`.
    pub fn recorded(self) -> Option<&'static str> {
        match self {
            Item::Medium => None,
            Item::Decrypted => Some("decrypted"),
        }
    }

    /// The item a disposal event is about.
    pub fn of_disposal(e: &Event) -> Item {
        match e.typed() {
            Ok(super::EventBody::Disposed(d)) => Item::of_recorded(d.item.as_deref()),
            _ => Item::Medium,
        }
    }

    /// The item a disposal's recorded `item` names (none: the medium).
    pub fn of_recorded(item: Option<&str>) -> Item {
        if item == Some("decrypted") {
            Item::Decrypted
        } else {
            Item::Medium
        }
    }

    /// The item's id in the lists: the shipment id, or `SHIPMENT/復号`.
    pub fn id(self, shipment: &str) -> String {
        match self {
            Item::Medium => shipment.to_string(),
            Item::Decrypted => format!("{shipment}{DECRYPTED_SUFFIX}"),
        }
    }
}

/// Which medium of its shipment id each event is about, by event id: 0 for the first;
/// one more for each medium recorded AFTER the id's medium was disposed of, by a signer
/// no event of the id named before (another keyed sender's medium claiming the id, a
/// contested id). One disposal is of the medium in hand then, never of a medium that
/// came later (issue 16 red team finding 05; §1.2② 媒体のリスト, §2.4⑥⑬, CWE-706).
pub fn medium_generations(events: &[Event]) -> std::collections::BTreeMap<i64, usize> {
    use std::collections::BTreeMap;
    let mut out = BTreeMap::new();
    // Per shipment: the signers seen, whether the medium in hand is disposed of, and
    // its number.
    let mut state: BTreeMap<&str, (Vec<String>, bool, usize)> = BTreeMap::new();
    for e in events {
        let st = state.entry(e.shipment.as_str()).or_default();
        if let Some(signer) = super::claimed_signer(e) {
            if !st.0.contains(&signer) {
                st.0.push(signer);
                if st.1 {
                    st.1 = false;
                    st.2 += 1;
                }
            }
        }
        if e.kind == EventKind::Disposed && Item::of_disposal(e) == Item::Medium {
            st.1 = true;
        }
        out.insert(e.id, st.2);
    }
    out
}

/// The index in a shipment's events (`of`, oldest first) where the medium in hand now
/// begins ([`medium_generations`]): a disposal before it is another medium's.
pub fn current_medium_since(of: &[&Event]) -> usize {
    let owned: Vec<Event> = of.iter().map(|e| (*e).clone()).collect();
    let gens = medium_generations(&owned);
    let last = of
        .iter()
        .filter_map(|e| gens.get(&e.id))
        .max()
        .copied()
        .unwrap_or(0);
    of.iter()
        .position(|e| gens.get(&e.id) == Some(&last))
        .unwrap_or(0)
}

/// What `record dispose SHIPMENT [--decrypted]` names: `SHIPMENT/復号` (as typed,
/// NFKC) is the decrypted folder, as `--decrypted` is.
pub fn disposal_target(typed: &str, decrypted: bool) -> (String, Item) {
    match typed.strip_suffix(DECRYPTED_SUFFIX) {
        Some(s) => (s.to_string(), Item::Decrypted),
        None if decrypted => (typed.to_string(), Item::Decrypted),
        None => (typed.to_string(), Item::Medium),
    }
}

/// An item of `record due`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueItem {
    /// The shipment (or the medium id it was recorded under).
    pub shipment: String,
    /// The medium or the decrypted folder.
    pub item: Item,
    /// 作成(発送), 受領 or 復号.
    pub origin: &'static str,
    /// 資料の形態 (the medium type, or the decrypted folder's path).
    pub form: String,
    /// The date it may be kept until.
    pub until: String,
}

impl DueItem {
    /// The item's id (`SHIPMENT` or `SHIPMENT/復号`).
    pub fn id(&self) -> String {
        self.item.id(&self.shipment)
    }
}

/// What `record due` says of a decrypted folder no recorded date applies to: it is
/// listed at once, to be looked at (finding 14).
pub const UNDATED: &str =
    "未設定 (no use period nor retention_days applies: decide when to dispose of it)";

/// Every item past its date and not disposed of, as of `today` (`YYYY-MM-DD`, the
/// registry's zone): the media this ledger sealed, the media it received (authenticated,
/// dated by the signed use period or the policy's retention) and the folders it
/// decrypted into — each once, in the order first recorded. An item is due the day
/// after its date (the date is the last day of the period).
pub fn due(events: &[Event], today: &str) -> Vec<DueItem> {
    let mut order: Vec<&str> = Vec::new();
    for e in events {
        if !order.contains(&e.shipment.as_str()) {
            order.push(&e.shipment);
        }
    }
    let mut out = Vec::new();
    for shipment in order {
        let of: Vec<&Event> = events.iter().filter(|e| e.shipment == shipment).collect();
        out.extend(medium_due(shipment, &of, today));
        out.extend(folder_due(shipment, &of, today));
    }
    out
}

/// The shipment's medium, when past its date and not disposed of. `of` is the
/// shipment's events.
fn medium_due(shipment: &str, of: &[&Event], today: &str) -> Option<DueItem> {
    // The medium in hand: a disposal of an earlier medium under the id (before another
    // signer's medium came) is not its disposal (finding 05).
    let medium_since = current_medium_since(of);
    let disposed = of[medium_since..]
        .iter()
        .any(|e| e.kind == EventKind::Disposed && Item::of_disposal(e) == Item::Medium);
    // The medium: every event that made or received it, authenticated, states a date,
    // and the item is due at the EARLIEST of them (issue 16 red team finding 03, §2.4
    // 本文, CWE-706): a contested id's terms are each signer's, so a partner's medium
    // claiming the id (recorded first, with a later Use-Until) never pushes the genuine
    // medium's date back. A medium only opened (no separate verify) from a checked
    // sender is a received medium too (finding 07, §1.2②).
    let mut medium: Option<(&'static str, String)> = None;
    let mut dates: Vec<String> = Vec::new();
    for e in &of[medium_since..] {
        let (origin, form, until) = match e.typed() {
            Ok(EventBody::Sealed(b)) => ("作成(発送)", b.medium_type, b.retain_until),
            Ok(EventBody::Received(v) | EventBody::CheckedIncomplete(v)) => {
                ("受領", v.medium_type.unwrap_or_default(), v.retain_until)
            }
            Ok(EventBody::Verified(v)) if v.signer_pinned => {
                ("受領", v.medium_type.unwrap_or_default(), v.retain_until)
            }
            Ok(EventBody::Opened(o)) if o.sender_checked => (
                "受領",
                o.medium_type.clone().unwrap_or_default(),
                o.medium_retain_until(),
            ),
            _ => continue,
        };
        if medium.as_ref().is_none_or(|(_, f)| f.is_empty()) {
            medium = Some((origin, form));
        }
        dates.extend(until.filter(|d| !d.is_empty()));
    }
    let ((origin, form), until) = (medium?, dates.into_iter().min()?);
    (until.as_str() < today && !disposed).then(|| DueItem {
        shipment: shipment.to_string(),
        item: Item::Medium,
        origin,
        form,
        until,
    })
}

/// The shipment's decrypted folder, when past its date (or undated) and not disposed
/// of: one item however often it was opened, due at the earliest date any opening
/// recorded; an opening after its disposal makes a new plaintext copy, listed again.
fn folder_due(shipment: &str, of: &[&Event], today: &str) -> Option<DueItem> {
    let since = of
        .iter()
        .rposition(|e| e.kind == EventKind::Disposed && Item::of_disposal(e) == Item::Decrypted)
        .map_or(0, |i| i + 1);
    let opened: Vec<super::event::Opened> = of[since..]
        .iter()
        .filter(|e| e.kind == EventKind::Opened)
        .filter_map(|e| match e.typed() {
            Ok(EventBody::Opened(o)) => Some(o),
            _ => None,
        })
        .collect();
    let until = opened
        .iter()
        .filter_map(|o| o.decrypted.as_ref()?.retain_until.clone())
        .filter(|d| !d.is_empty())
        .min();
    // A plaintext copy with no date at all (opened with --any-sender, or sealed with
    // --no-use-until, and no retention_days in the policy) is listed at once as
    // 保管期限未設定, never left off the list whose purpose is to remind of it (issue 16
    // red team finding 14, §2.4 本文・⑬; safe by default).
    let until = match until {
        Some(d) if d.as_str() < today => d,
        Some(_) => return None,
        None if opened.is_empty() => return None,
        None => UNDATED.to_string(),
    };
    let outs: Vec<&str> = opened.iter().map(|o| o.out.as_str()).collect();
    Some(DueItem {
        shipment: shipment.to_string(),
        item: Item::Decrypted,
        origin: "復号",
        form: format!("復号データ {}", outs.join(", ")),
        until,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_terms_are_checked_and_identifiable_needs_a_period() {
        let d = TermsDefaults::default();
        let g = |u: Option<&'static str>| Given {
            approver: Some("  山田　太郎 "),
            application: Some("申出-2026-017"),
            use_until: u,
            no_use_until: false,
        };
        let t = UseTerms::at_seal(
            &g(Some("2027-03-31")),
            &d,
            InfoClass::Identifiable,
            "2026-12-03",
        )
        .unwrap();
        assert_eq!(t.approver.as_deref(), Some("山田 太郎"));
        assert_eq!(t.use_until.as_deref(), Some("2027-03-31"));
        assert!(matches!(
            UseTerms::at_seal(
                &g(Some("2026-12-02")),
                &d,
                InfoClass::Identifiable,
                "2026-12-03"
            ),
            Err(TermsError::Past { .. })
        ));
        assert!(UseTerms::at_seal(
            &g(Some("2026-12-03")),
            &d,
            InfoClass::Identifiable,
            "2026-12-03"
        )
        .is_ok());
        assert!(matches!(
            UseTerms::at_seal(
                &g(Some("2026-02-30")),
                &d,
                InfoClass::Identifiable,
                "2026-01-01"
            ),
            Err(TermsError::Value(_))
        ));
        assert_eq!(
            UseTerms::at_seal(&g(None), &d, InfoClass::Identifiable, "2026-12-03"),
            Err(TermsError::UseUntilRequired)
        );
        assert!(UseTerms::at_seal(&g(None), &d, InfoClass::Anonymized, "2026-12-03").is_ok());
        let mut no = g(None);
        no.no_use_until = true;
        assert!(UseTerms::at_seal(&no, &d, InfoClass::Identifiable, "2026-12-03").is_ok());
        let bad = Given {
            approver: Some("a\nApprover: x"),
            ..g(Some("2027-01-01"))
        };
        assert!(UseTerms::at_seal(&bad, &d, InfoClass::Identifiable, "2026-12-03").is_err());
    }
}
