//! The carriers (移送手段) Japanese offices use, in one table (別添２ §2.2⑥): each
//! service's name, the other names clerks type for it, whether it is tracked, and the
//! format of its tracking number.
//!
//! §2.2⑥ requires a service with tracking (追跡サービス付きの手段: レターパック, 書留,
//! 特定記録郵便, ゆうパック …) for identifiable data; carrying by hand (持参) is tracked by
//! a person and has its own rules (§2.2⑧⑨). The untracked services (普通郵便, 定形外郵便
//! …) are in the table so that they can be named and refused, not mistaken for unknown
//! names. Every place a carrier is typed (`seal --carrier`, `record ship --carrier`, the
//! policy's `allowed_carriers`) resolves it here, so the ledger and `bag-info.txt` hold
//! the service's one canonical name, and a free-text carrier can no longer pass a rule
//! by spelling (CWE-180).
//!
//! Tracking numbers (see [`crate::tracking`]): Japan Post's 書留 family carries 11 digits
//! (check digit = first 10 digits mod 7); ゆうパック, ゆうパケット and レターパック carry 12
//! (first 11 mod 7); ヤマト運輸 宅急便 and 佐川急便 飛脚宅配便 carry 12 with the same rule
//! (the "7DR" check of Japanese courier slips); international mail carries UPU S10.

use std::fmt;

use unicode_normalization::UnicodeNormalization;

use crate::tracking::{TrackingError, TrackingKind, TrackingNumber};

/// How a service is tracked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tracking {
    /// By a tracking number of this format.
    Number(TrackingKind),
    /// By a person: the medium is carried by hand and never left unattended (§2.2⑧⑨).
    ByHand,
    /// Not at all: the service exists so that it can be named and refused (§2.2⑥).
    Untracked,
}

/// One service of the table.
#[derive(Debug, PartialEq, Eq)]
pub struct Carrier {
    /// Its canonical name, as recorded in the ledger and in `bag-info.txt`.
    pub name: &'static str,
    /// Other names clerks type for it (`書留` for 一般書留).
    pub aliases: &'static [&'static str],
    /// Who runs it.
    pub operator: &'static str,
    /// How it is tracked.
    pub tracking: Tracking,
}

/// Japan Post.
const JP: &str = "日本郵便";

/// The table. Order is the order the list is shown in.
pub static CARRIERS: &[Carrier] = &[
    Carrier {
        name: "一般書留",
        // The manual's seed names the service 書留 alone (§2.2⑥).
        aliases: &["書留"],
        operator: JP,
        tracking: Tracking::Number(TrackingKind::Registered),
    },
    Carrier {
        name: "簡易書留",
        aliases: &[],
        operator: JP,
        tracking: Tracking::Number(TrackingKind::Registered),
    },
    Carrier {
        name: "現金書留",
        aliases: &[],
        operator: JP,
        tracking: Tracking::Number(TrackingKind::Registered),
    },
    Carrier {
        name: "特定記録郵便",
        aliases: &["特定記録"],
        operator: JP,
        tracking: Tracking::Number(TrackingKind::Registered),
    },
    Carrier {
        name: "レターパックプラス",
        aliases: &[],
        operator: JP,
        tracking: Tracking::Number(TrackingKind::Parcel),
    },
    Carrier {
        name: "レターパックライト",
        aliases: &[],
        operator: JP,
        tracking: Tracking::Number(TrackingKind::Parcel),
    },
    Carrier {
        name: "ゆうパック",
        aliases: &[],
        operator: JP,
        tracking: Tracking::Number(TrackingKind::Parcel),
    },
    Carrier {
        name: "ゆうパケット",
        aliases: &[],
        operator: JP,
        tracking: Tracking::Number(TrackingKind::Parcel),
    },
    Carrier {
        name: "国際郵便",
        aliases: &["EMS", "国際スピード郵便", "国際書留", "国際小包"],
        operator: JP,
        tracking: Tracking::Number(TrackingKind::International),
    },
    Carrier {
        name: "ヤマト運輸 宅急便",
        aliases: &["宅急便", "ヤマト運輸", "ヤマト", "クロネコヤマト"],
        operator: "ヤマト運輸",
        tracking: Tracking::Number(TrackingKind::Parcel),
    },
    Carrier {
        name: "佐川急便 飛脚宅配便",
        aliases: &["飛脚宅配便", "佐川急便", "佐川"],
        operator: "佐川急便",
        tracking: Tracking::Number(TrackingKind::Parcel),
    },
    Carrier {
        name: "持参",
        aliases: &["手持ち", "手渡し"],
        operator: "",
        tracking: Tracking::ByHand,
    },
    Carrier {
        name: "普通郵便",
        aliases: &["普通", "通常郵便", "定形郵便"],
        operator: JP,
        tracking: Tracking::Untracked,
    },
    Carrier {
        name: "定形外郵便",
        aliases: &["定形外"],
        operator: JP,
        tracking: Tracking::Untracked,
    },
    Carrier {
        name: "速達",
        aliases: &["速達郵便"],
        operator: JP,
        tracking: Tracking::Untracked,
    },
    Carrier {
        name: "スマートレター",
        aliases: &[],
        operator: JP,
        tracking: Tracking::Untracked,
    },
    Carrier {
        name: "ゆうメール",
        aliases: &[],
        operator: JP,
        tracking: Tracking::Untracked,
    },
];

/// The name carrying by hand goes by.
pub const HAND_CARRY: &str = "持参";

/// A typed name as it is compared: NFKC-normalised (全角/半角 alike, as
/// `policy::normalize_name` does), without spaces or middle dots, ASCII letters
/// lower-case — so `ヤマト運輸　宅急便`, `ヤマト運輸宅急便` and `ems` find their service.
fn key(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace() && *c != '・')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A carrier name that is not in the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCarrier(pub String);

impl fmt::Display for UnknownCarrier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // As compared (NFKC, spaces collapsed): a full-width space typed after the
        // name was echoed as "簡易書留\u{3000}" (issue 15 item 9).
        let name = crate::untrusted::sanitize(&crate::policy::normalize_name(&self.0));
        f.write_str(&crate::tr!("carrier-unknown", name = format!("{name:?}")))
    }
}

impl std::error::Error for UnknownCarrier {}

impl UnknownCarrier {
    /// What to do: the list.
    pub fn hint(&self) -> String {
        crate::tr!("carrier-unknown-hint", list = list(Some(true)))
    }
}

/// The service `typed` names, by its name or an alias.
pub fn lookup(typed: &str) -> Result<&'static Carrier, UnknownCarrier> {
    let k = key(typed);
    CARRIERS
        .iter()
        .find(|c| key(c.name) == k || c.aliases.iter().any(|a| key(a) == k))
        .ok_or_else(|| UnknownCarrier(typed.to_string()))
}

/// The canonical names, comma-separated: the tracked ones (with 持参) for `Some(true)`,
/// the untracked for `Some(false)`, all for `None`.
pub fn list(tracked: Option<bool>) -> String {
    CARRIERS
        .iter()
        .filter(|c| tracked.is_none_or(|t| c.is_tracked() == t))
        .map(|c| c.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A tracking number that does not belong to its carrier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// The service has no tracking numbers (持参, 普通郵便).
    NoNumbers {
        /// The service.
        carrier: &'static str,
    },
    /// The number is another service's format (a ゆうパック number for 簡易書留).
    OtherFormat {
        /// The service.
        carrier: &'static str,
        /// Its format.
        expected: TrackingKind,
        /// The format the number has.
        found: TrackingKind,
        /// The number, normalised.
        normalized: String,
    },
    /// The number is no valid number of any format, or its check digit is wrong.
    Invalid {
        /// The service.
        carrier: &'static str,
        /// Its format.
        expected: TrackingKind,
        /// Why.
        error: TrackingError,
    },
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberError::NoNumbers { carrier } => {
                f.write_str(&crate::tr!("carrier-no-numbers", carrier = *carrier))
            }
            NumberError::OtherFormat {
                carrier,
                expected,
                found,
                normalized,
            } => f.write_str(&crate::tr!(
                "carrier-number-other-format",
                number = crate::i18n::tracking_number(normalized),
                service = found.label(),
                format = found.format(),
                carrier = *carrier,
                expected = expected.format()
            )),
            NumberError::Invalid {
                carrier,
                expected,
                error,
            } => f.write_str(&crate::tr!(
                "carrier-number-invalid",
                error = error.to_string(),
                carrier = *carrier,
                expected = expected.format()
            )),
        }
    }
}

impl std::error::Error for NumberError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            NumberError::Invalid { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl NumberError {
    /// What to do.
    pub fn hint(&self) -> String {
        match self {
            NumberError::NoNumbers { .. } => crate::tr!("carrier-no-numbers-hint"),
            NumberError::OtherFormat { .. } => crate::tr!("carrier-number-other-format-hint"),
            NumberError::Invalid { error, .. } => error.hint(),
        }
    }
}

impl Carrier {
    /// Tracked: by number or by a person (§2.2⑥, ⑧⑨).
    pub fn is_tracked(&self) -> bool {
        self.tracking != Tracking::Untracked
    }

    /// Carried by hand (持参).
    pub fn is_hand_carry(&self) -> bool {
        self.tracking == Tracking::ByHand
    }

    /// The format of its tracking numbers, if it has any.
    pub fn number_format(&self) -> Option<TrackingKind> {
        match self.tracking {
            Tracking::Number(k) => Some(k),
            _ => None,
        }
    }

    /// `input` checked as this service's tracking number: its format, then its check
    /// digit. A number of another service's format is refused naming both: a 12-digit
    /// ゆうパック number typed for 簡易書留 is a mix-up at the desk, and the recipient's
    /// check of the envelope against the medium would fail weeks later.
    pub fn tracking_number(&self, input: &str) -> Result<TrackingNumber, NumberError> {
        let Some(expected) = self.number_format() else {
            return Err(NumberError::NoNumbers { carrier: self.name });
        };
        match input.parse::<TrackingNumber>() {
            Ok(n) if n.kind() == expected => Ok(n),
            Ok(n) => Err(NumberError::OtherFormat {
                carrier: self.name,
                expected,
                found: n.kind(),
                normalized: n.normalized().to_string(),
            }),
            Err(TrackingError::CheckDigit {
                kind, normalized, ..
            }) if kind != expected => Err(NumberError::OtherFormat {
                carrier: self.name,
                expected,
                found: kind,
                normalized,
            }),
            Err(error) => Err(NumberError::Invalid {
                carrier: self.name,
                expected,
                error,
            }),
        }
    }
}

/// What the ledger already says about a shipment, as `record ship` needs it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    /// Its information class, from the sealed event: identifiable unless the sender
    /// declared it anonymized (safe by default: a missing or unknown class, or no sealed
    /// event at all, is identifiable).
    pub anonymized: bool,
    /// The tracking number sealed (signed) on the medium, normalised.
    pub tracking_number: Option<String>,
    /// The carrier last recorded (the latest shipped event's, else the sealed one's).
    pub carrier: Option<String>,
    /// The tracking number last recorded (the latest shipped event's, else the one
    /// sealed on the medium), normalised.
    pub last_tracking_number: Option<String>,
    /// The day the shipment was sealed (`YYYY-MM-DD` in the registry's time zone, from
    /// the sealed event's `recorded_at`): nothing can be shipped before it.
    pub sealed_on: Option<String>,
    /// Sealed to be carried by hand with the attendance rule acknowledged (§2.2⑧⑨):
    /// that acknowledgement covers a `record ship --carrier 持参` of the same medium.
    pub sealed_by_hand_acknowledged: bool,
}

impl Recorded {
    /// The facts from a shipment's events, oldest first.
    pub fn from_events(events: &[crate::records::Event]) -> Recorded {
        use crate::records::EventKind;
        let text = |e: &crate::records::Event, f: &[&str]| {
            f.iter()
                .try_fold(&e.body, |v, k| v.get(k))
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let sealed = events.iter().find(|e| e.kind == EventKind::Sealed);
        let anonymized = sealed.is_some_and(|e| {
            crate::media::InfoClass::of_record(&e.body["class"])
                == crate::media::InfoClass::Anonymized
        });
        let shipped = events.iter().rev().find(|e| e.kind == EventKind::Shipped);
        let carrier = shipped.or(sealed).and_then(|e| text(e, &["carrier"]));
        let tracking_number = sealed.and_then(|e| text(e, &["summary", "tracking_number"]));
        let last_tracking_number = match shipped {
            Some(e) => text(e, &["tracking_number"]),
            None => tracking_number.clone(),
        };
        Recorded {
            anonymized,
            tracking_number,
            carrier,
            last_tracking_number,
            sealed_on: sealed.map(|e| crate::clock::local_date(&e.recorded_at)),
            sealed_by_hand_acknowledged: sealed.is_some_and(|e| {
                e.body["attendance_acknowledged"] == serde_json::Value::Bool(true)
                    && text(e, &["carrier"])
                        .is_some_and(|c| lookup(&c).is_ok_and(Carrier::is_hand_carry))
            }),
        }
    }

    /// The class.
    pub fn class(&self) -> crate::media::InfoClass {
        if self.anonymized {
            crate::media::InfoClass::Anonymized
        } else {
            crate::media::InfoClass::Identifiable
        }
    }
}

/// A shipping act that passed the rules, as it is recorded.
#[derive(Debug)]
pub struct Shipping {
    /// The service.
    pub carrier: &'static Carrier,
    /// Its tracking number: the one typed, else the one sealed on the medium.
    pub tracking: Option<TrackingNumber>,
    /// An untracked service for anonymized data: an explicit choice, recorded.
    pub untracked: bool,
    /// The tracked carrier recorded before that this act replaces with an untracked
    /// one (said and recorded, never silent).
    pub replaces_tracked: Option<String>,
    /// The carrier recorded before (sealed, or the previous ship), when this act names
    /// another: recorded and shown in 備考, never a silent overwrite of the register.
    pub replaces_carrier: Option<String>,
    /// The tracking number recorded before (sealed, or the previous ship), when this
    /// act records another (or none).
    pub replaces_tracking_number: Option<String>,
    /// Carried by hand with the attendance rule acknowledged (§2.2⑧⑨).
    pub attendance_acknowledged: bool,
    /// The number sealed on the medium, when the one typed is another: the recipient's
    /// check of the envelope against the medium will flag it.
    pub differs_from_sealed: Option<String>,
}

/// Why `record ship` refused.
#[derive(Debug)]
pub enum ShipError {
    /// The carrier is not in the table.
    Unknown(UnknownCarrier),
    /// The tracking number is not the carrier's.
    Number(NumberError),
    /// A rule forbids it (§2.2⑥, the policy's allowed carriers).
    Refused(crate::policy::Refusal),
}

impl From<UnknownCarrier> for ShipError {
    fn from(e: UnknownCarrier) -> Self {
        ShipError::Unknown(e)
    }
}

impl From<NumberError> for ShipError {
    fn from(e: NumberError) -> Self {
        ShipError::Number(e)
    }
}

impl From<crate::policy::Refusal> for ShipError {
    fn from(e: crate::policy::Refusal) -> Self {
        ShipError::Refused(e)
    }
}

/// The rules of `record ship` (§2.2⑥), for a shipment whose ledger says `before`: the
/// carrier from the table; for identifiable data a tracked service only, and its
/// tracking number — typed now or sealed on the medium — valid for that service by
/// the time it is shipped (hand-carrying needs none). An untracked service for
/// anonymized data passes as an explicit choice; replacing a tracked carrier with it
/// is reported, never silent. Carrying by hand needs the attendance rule acknowledged
/// exactly as at `seal` (§2.2⑧⑨): `record ship --carrier 持参` is no way around it.
/// Any change of carrier or tracking number against what was recorded before is
/// returned, to be recorded and shown.
pub fn check_shipping(
    policy: &crate::policy::Policy,
    before: &Recorded,
    typed_carrier: &str,
    typed_number: Option<&str>,
    attendance_acknowledged: bool,
) -> Result<Shipping, ShipError> {
    let carrier = lookup(typed_carrier)?;
    let class = before.class();
    policy.check_carrier(class, carrier)?;
    let typed = typed_number.filter(|t| !t.trim().is_empty());
    let tracking = match (typed, &before.tracking_number) {
        (Some(t), _) => Some(carrier.tracking_number(t)?),
        // The number on the medium must be this service's too.
        (None, Some(sealed)) if carrier.number_format().is_some() => {
            Some(carrier.tracking_number(sealed)?)
        }
        _ => None,
    };
    policy.check_hand_carry(
        class,
        carrier,
        attendance_acknowledged || before.sealed_by_hand_acknowledged,
    )?;
    if let (Some(format), None, false) = (carrier.number_format(), &tracking, before.anonymized) {
        return Err(ShipError::Refused(crate::policy::Refusal {
            clause: crate::policy::Clause::Tracking,
            rule: crate::tr!("carrier-number-needed", carrier = carrier.name),
            hint: crate::tr!("carrier-number-needed-hint", format = format.format()),
        }));
    }
    let replaces_tracked = before
        .carrier
        .as_deref()
        .filter(|_| !carrier.is_tracked())
        .filter(|b| lookup(b).is_ok_and(Carrier::is_tracked))
        .map(str::to_string);
    let differs_from_sealed = match (&tracking, &before.tracking_number) {
        (Some(t), Some(s)) if t.normalized() != s => Some(s.clone()),
        _ => None,
    };
    // Compared by canonical name: an alias of the same service is no change.
    let replaces_carrier = before
        .carrier
        .as_deref()
        .filter(|b| lookup(b).map_or(true, |c| c.name != carrier.name))
        .map(str::to_string);
    let replaces_tracking_number = before
        .last_tracking_number
        .as_deref()
        .filter(|b| tracking.as_ref().is_none_or(|t| t.normalized() != *b))
        .map(str::to_string);
    Ok(Shipping {
        carrier,
        tracking,
        untracked: !carrier.is_tracked(),
        replaces_tracked,
        replaces_carrier,
        replaces_tracking_number,
        attendance_acknowledged: carrier.is_hand_carry() && attendance_acknowledged,
        differs_from_sealed,
    })
}

/// Why a shipping date was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not a calendar date written `YYYY-MM-DD`.
    Malformed(String),
    /// Before the day the shipment was sealed (a medium cannot leave before it exists).
    BeforeSeal {
        /// As typed.
        date: String,
        /// The sealing day.
        sealed: String,
    },
    /// After today: the register records acts done, not planned.
    Future {
        /// As typed.
        date: String,
        /// Today.
        today: String,
    },
}

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::untrusted::sanitize;
        match self {
            DateError::Malformed(d) => {
                f.write_str(&crate::tr!("carrier-date-malformed", date = sanitize(d)))
            }
            DateError::BeforeSeal { date, sealed } => f.write_str(&crate::tr!(
                "carrier-date-before-seal",
                date = sanitize(date),
                sealed = sealed.as_str()
            )),
            DateError::Future { date, today } => f.write_str(&crate::tr!(
                "carrier-date-future",
                date = sanitize(date),
                today = today.as_str(),
                zone = crate::clock::zone().name().to_string()
            )),
        }
    }
}

impl std::error::Error for DateError {}

impl DateError {
    /// What to do.
    pub fn hint(&self) -> String {
        match self {
            DateError::Malformed(_) => crate::tr!("carrier-date-malformed-hint"),
            DateError::BeforeSeal { .. } | DateError::Future { .. } => {
                crate::tr!("carrier-date-hint")
            }
        }
    }
}

/// The date of `record ship --date` (CWE-20): a real `YYYY-MM-DD`, not before the day
/// the shipment was sealed and not after `today` (both dates in the registry's time zone,
/// `clock`: JST by default).
pub fn check_ship_date(date: &str, sealed_on: Option<&str>, today: &str) -> Result<(), DateError> {
    if !crate::clock::is_date(date) {
        return Err(DateError::Malformed(date.to_string()));
    }
    if let Some(sealed) = sealed_on.filter(|s| date < *s) {
        return Err(DateError::BeforeSeal {
            date: date.to_string(),
            sealed: crate::untrusted::sanitize(sealed).to_string(),
        });
    }
    if date > today {
        return Err(DateError::Future {
            date: date.to_string(),
            today: today.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
