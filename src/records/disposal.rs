//! Disposal records an auditor can sign off (廃棄記録, 別添２ §2.4⑥⑦⑬): the
//! method from one list, a witness for identifiable data, a contractor's certificate
//! when the work is outsourced, and a medium disposed of only once.
//!
//! Why: `record dispose` took any text. 「ゴミ箱」 passed as a method, an empty witness
//! passed for a 非匿名化 medium, and one medium was recorded as disposed of eleven
//! times: a register an auditor cannot rely on (§2.4⑥ 廃棄の作業記録,
//! CWE-20). The rules live here; the command line only adapts them.

use std::fmt;

use unicode_normalization::UnicodeNormalization;

use super::terms::Item;
use super::{check_value, Event, EventKind, RecordValueError};
use crate::media::InfoClass;
use crate::untrusted::sanitize;

/// One disposal method of the list.
#[derive(Debug, PartialEq, Eq)]
pub struct Method {
    /// Its canonical name, as recorded in the ledger and the registers.
    pub name: &'static str,
    /// Other names typed for it (Japanese variants, English).
    pub aliases: &'static [&'static str],
    /// Done by an outside contractor (§2.4⑦): needs the contractor's name and the
    /// number of its certificate of destruction.
    pub outsourced: bool,
}

/// The methods §2.4⑬ names for media (data-erasure software or physical destruction),
/// ⑨'s 溶解 (pulping, for paper and what goes with it) and ⑦'s outsourcing. Order is
/// the order the list is shown in.
pub static METHODS: &[Method] = &[
    Method {
        name: "物理破壊",
        aliases: &[
            "破壊",
            "粉砕",
            "破砕",
            "切断",
            "physical destruction",
            "physical",
            "destroyed",
            "destruction",
            "shredded",
        ],
        outsourced: false,
    },
    Method {
        name: "消去ソフト",
        aliases: &[
            "データ消去ソフト",
            "消去ソフトウェア",
            "データ消去",
            "data-erasure software",
            "data erasure software",
            "data erasure",
            "erasure software",
            "erased",
            "wiped",
        ],
        outsourced: false,
    },
    Method {
        name: "溶解",
        aliases: &["溶解処理", "dissolution", "pulping", "pulped", "dissolved"],
        outsourced: false,
    },
    Method {
        name: "外部委託",
        aliases: &[
            "委託",
            "外部業者",
            "outsourced",
            "contractor",
            "external contractor",
        ],
        outsourced: true,
    },
];

/// A typed name as it is compared, as carriers are (`carriers::lookup`): NFKC (全角/半角
/// alike), no spaces, middle dots, hyphens or underscores, ASCII letters lower-case.
fn key(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace() && !matches!(c, '・' | '-' | '_'))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The method `typed` names, by its name or an alias.
pub fn lookup(typed: &str) -> Option<&'static Method> {
    let k = key(typed);
    METHODS
        .iter()
        .find(|m| key(m.name) == k || m.aliases.iter().any(|a| key(a) == k))
}

/// The canonical names with their English alias, comma-separated.
pub fn list() -> String {
    METHODS
        .iter()
        .map(|m| {
            let english = m.aliases.iter().find(|a| a.is_ascii()).copied();
            match english {
                Some(e) => format!("{} ({e})", m.name),
                None => m.name.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What `record dispose` was given, as typed.
#[derive(Clone, Debug, Default)]
pub struct Request<'a> {
    /// `--method`.
    pub method: &'a str,
    /// `--witness` (立会者), if given.
    pub witness: Option<&'a str>,
    /// `--contractor`, if given.
    pub contractor: Option<&'a str>,
    /// `--certificate`, if given.
    pub certificate: Option<&'a str>,
    /// The medium, or the folder `open` decrypted into (`--decrypted`, `SHIPMENT/復号`):
    /// an item of its own with its own disposal (§1.2 中間生成物, §2.4).
    pub item: Item,
}

/// A disposal that passed the rules, as it is recorded.
#[derive(Debug)]
pub struct Disposal {
    /// The method.
    pub method: &'static Method,
    /// The witness, if any (normalised as names are).
    pub witness: Option<String>,
    /// The contractor (外部委託 only).
    pub contractor: Option<String>,
    /// The certificate of destruction's number (外部委託 only).
    pub certificate: Option<String>,
    /// The medium's class as the ledger records it.
    pub class: InfoClass,
    /// What was disposed of.
    pub item: Item,
}

/// The disposal already recorded for a medium.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Earlier {
    /// Its event id (what `record correct` takes).
    pub event: i64,
    /// When it was recorded.
    pub at: String,
    /// Who recorded it.
    pub by: String,
    /// The method recorded.
    pub method: String,
}

/// Why a disposal was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum DisposalError {
    /// The method is not one of the list.
    UnknownMethod(String),
    /// 外部委託 without the contractor's name.
    NoContractor,
    /// 外部委託 without the certificate of destruction's number.
    NoCertificate,
    /// A contractor or certificate given for a method done in house.
    NotOutsourced {
        /// The method.
        method: &'static str,
    },
    /// Identifiable data disposed of without a witness.
    NoWitness,
    /// A value that cannot be recorded (empty, a control character, too long).
    Value(RecordValueError),
    /// The decrypted folder of a shipment this ledger never opened.
    NotOpened {
        /// The shipment id.
        shipment: String,
    },
    /// The item is already recorded as disposed of.
    AlreadyDisposed {
        /// The item (shipment id, or `SHIPMENT/復号`).
        shipment: String,
        /// The first disposal.
        first: Earlier,
    },
}

impl fmt::Display for DisposalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            DisposalError::UnknownMethod(m) => crate::tr!(
                "rec-dispose-unknown-method",
                method = format!("{:?}", sanitize(&crate::policy::normalize_name(m)))
            ),
            DisposalError::NoContractor => crate::tr!("rec-dispose-no-contractor"),
            DisposalError::NoCertificate => crate::tr!("rec-dispose-no-certificate"),
            DisposalError::NotOutsourced { method } => {
                crate::tr!("rec-dispose-not-outsourced", method = method.to_string())
            }
            DisposalError::NoWitness => crate::tr!("rec-dispose-no-witness"),
            DisposalError::Value(e) => e.to_string(),
            DisposalError::NotOpened { shipment } => {
                crate::tr!("rec-dispose-not-opened", shipment = sanitize(shipment))
            }
            DisposalError::AlreadyDisposed { shipment, first } => {
                let (item, event, at, by, method) = (
                    sanitize(shipment),
                    first.event.to_string(),
                    // In the registry's zone, as the lists show it; the ledger keeps UTC.
                    sanitize(&format!(
                        "{} {}",
                        crate::clock::local(&first.at),
                        crate::clock::zone_label()
                    )),
                    sanitize(&first.by),
                    sanitize(&first.method),
                );
                if shipment.ends_with(super::terms::DECRYPTED_SUFFIX) {
                    crate::tr!(
                        "rec-dispose-already-decrypted",
                        item = item,
                        event = event,
                        at = at,
                        by = by,
                        method = method
                    )
                } else {
                    crate::tr!(
                        "rec-dispose-already-medium",
                        item = item,
                        event = event,
                        at = at,
                        by = by,
                        method = method
                    )
                }
            }
        };
        f.write_str(&text)
    }
}

impl std::error::Error for DisposalError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DisposalError::Value(e) => Some(e),
            _ => None,
        }
    }
}

impl DisposalError {
    /// What to do.
    pub fn hint(&self) -> String {
        match self {
            DisposalError::UnknownMethod(_) => {
                crate::tr!("rec-dispose-unknown-method-hint", list = list())
            }
            DisposalError::NoContractor | DisposalError::NoCertificate => {
                crate::tr!("rec-dispose-no-contractor-hint")
            }
            DisposalError::NotOutsourced { .. } => crate::tr!("rec-dispose-not-outsourced-hint"),
            DisposalError::NoWitness => crate::tr!("rec-dispose-no-witness-hint"),
            DisposalError::Value(e) => e.hint(),
            DisposalError::NotOpened { shipment } => {
                crate::tr!("rec-dispose-not-opened-hint", shipment = sanitize(shipment))
            }
            DisposalError::AlreadyDisposed { first, .. } => {
                crate::tr!("rec-dispose-already-hint", event = first.event.to_string())
            }
        }
    }
}

impl From<RecordValueError> for DisposalError {
    fn from(e: RecordValueError) -> Self {
        DisposalError::Value(e)
    }
}

/// The class the ledger records for a shipment: the first event that states one
/// (sealed on the sender's side; received, verified or opened on the recipient's),
/// read by [`InfoClass::of_record`]: none, or an unknown one, is identifiable. Only
/// those kinds count: a `checked` row holds what an unauthenticated medium claimed,
/// and a medium must not choose `anonymized` to be disposed of without a witness.
pub fn recorded_class(events: &[Event]) -> InfoClass {
    use super::EventBody as B;
    // Typed (`records::event`); a row of another shape states nothing.
    events
        .iter()
        .filter_map(|e| match e.typed().ok()? {
            B::Sealed(b) => Some(b.class),
            B::Received(b) | B::Verified(b) if b.authenticated => Some(b.class),
            B::Opened(b) => Some(b.class),
            _ => None,
        })
        .find(|c| !c.is_empty())
        .map(|c| InfoClass::of_record(&serde_json::Value::String(c)))
        .unwrap_or(InfoClass::Identifiable)
}

/// The disposal of `item` already recorded among a shipment's events, if any (a
/// disposal without `item` is the medium's, as every one before issue 16).
///
/// A decrypted folder disposed of and then made again by a later `open` is a new
/// plaintext copy: only a disposal after the last opening counts for it.
pub fn earlier(events: &[Event], item: Item) -> Option<Earlier> {
    let since = match item {
        // Only a disposal of the medium in hand: one made before another signer's
        // medium came under the id was of the earlier medium (finding 05).
        Item::Medium => super::terms::current_medium_since(&events.iter().collect::<Vec<_>>()),
        Item::Decrypted => events
            .iter()
            .rposition(|e| e.kind == EventKind::Opened)
            .map_or(0, |i| i + 1),
    };
    events[since..].iter().find_map(|e| match e.typed() {
        Ok(super::EventBody::Disposed(d)) if Item::of_recorded(d.item.as_deref()) == item => {
            Some(Earlier {
                event: e.id,
                at: e.recorded_at.clone(),
                by: d.by,
                method: d.method,
            })
        }
        _ => None,
    })
}

/// A non-empty value of `field`, normalised as names are and checked as every record
/// value is (`check_value`).
fn value(field: &str, v: Option<&str>) -> Result<Option<String>, RecordValueError> {
    let Some(v) = v else { return Ok(None) };
    let v = crate::policy::normalize_name(v);
    check_value(field, &v)?;
    Ok(Some(v))
}

/// `req` checked against the rules, on what the ledger says of the shipment (`events`,
/// oldest first, all of one shipment): refused before anything is recorded.
pub fn check(shipment: &str, events: &[Event], req: &Request) -> Result<Disposal, DisposalError> {
    // First: whatever else was typed, a second record of one medium is the mistake.
    if let Some(first) = earlier(events, req.item) {
        return Err(DisposalError::AlreadyDisposed {
            shipment: req.item.id(shipment),
            first,
        });
    }
    // A decrypted folder exists only where `open` recorded one.
    if req.item == Item::Decrypted && !events.iter().any(|e| e.kind == EventKind::Opened) {
        return Err(DisposalError::NotOpened {
            shipment: shipment.to_string(),
        });
    }
    let method =
        lookup(req.method).ok_or_else(|| DisposalError::UnknownMethod(req.method.to_string()))?;
    // An empty or blank witness is a witness not given, and refused as a value: "" or
    // "　" in the 立会人 column reads as if someone watched.
    let witness = value("witness", req.witness)?;
    let contractor = value("contractor", req.contractor)?;
    let certificate = value("certificate", req.certificate)?;
    if method.outsourced {
        if contractor.is_none() {
            return Err(DisposalError::NoContractor);
        }
        if certificate.is_none() {
            return Err(DisposalError::NoCertificate);
        }
    } else if contractor.is_some() || certificate.is_some() {
        return Err(DisposalError::NotOutsourced {
            method: method.name,
        });
    }
    let class = recorded_class(events);
    if class == InfoClass::Identifiable && witness.is_none() {
        return Err(DisposalError::NoWitness);
    }
    Ok(Disposal {
        method,
        witness,
        contractor,
        certificate,
        class,
        item: req.item,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_find_their_method() {
        for (typed, want) in [
            ("物理破壊", "物理破壊"),
            ("物理 破壊", "物理破壊"),
            ("Physical Destruction", "物理破壊"),
            ("粉砕", "物理破壊"),
            ("消去ソフト", "消去ソフト"),
            ("ﾃﾞｰﾀ消去ｿﾌﾄ", "消去ソフト"),
            ("data-erasure software", "消去ソフト"),
            ("溶解", "溶解"),
            ("外部委託", "外部委託"),
            ("Outsourced", "外部委託"),
        ] {
            assert_eq!(lookup(typed).map(|m| m.name), Some(want), "{typed}");
        }
        for bad in ["ゴミ箱", "", "消磁x", "trash"] {
            assert!(lookup(bad).is_none(), "{bad}");
        }
    }
}
