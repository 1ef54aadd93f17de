//! [`EventBody`]: one typed body per kind, read from and written to the JSON the ledger
//! stores, and [`BodyError`] for a row that does not read as its kind.

use serde_json::Value;

use super::{
    Checked, Corrected, Delivered, Disposed, HandCarried, KeySent, Opened, ReceiptIssued, Sealed,
    Shipped, Verification,
};
use crate::records::ledger::{Event, EventKind};

/// A typed event body; its variant is its [`EventKind`], so a body cannot be appended
/// under another kind.
#[derive(Clone, Debug, PartialEq)]
pub enum EventBody {
    /// `sealed`.
    Sealed(Sealed),
    /// `shipped`.
    Shipped(Shipped),
    /// `key-sent`.
    KeySent(KeySent),
    /// `hand-carried`.
    HandCarried(HandCarried),
    /// `received`.
    Received(Verification),
    /// `verified`.
    Verified(Verification),
    /// `opened`.
    Opened(Opened),
    /// `disposed`.
    Disposed(Disposed),
    /// `corrected`.
    Corrected(Corrected),
    /// `checked`.
    Checked(Checked),
    /// `checked-before-shipping`.
    CheckedBeforeShipping(Verification),
    /// `checked-by-sender`.
    CheckedBySender(Verification),
    /// `checked-incomplete`.
    CheckedIncomplete(Verification),
    /// `receipt-issued`.
    ReceiptIssued(ReceiptIssued),
    /// `delivered`.
    Delivered(Delivered),
}

/// A stored body that does not have its kind's shape (or a kind this isou does not
/// know): shown as unreadable, never guessed at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyError {
    /// The event's id.
    pub id: i64,
    /// Its stored kind.
    pub kind: String,
    /// What does not fit (serde's words, cleaned when shown).
    pub why: String,
}

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::tr!(
            "rec-body-unreadable",
            id = self.id.to_string(),
            kind = crate::untrusted::sanitize(&self.kind),
            why = crate::untrusted::sanitize(&self.why)
        ))
    }
}

impl std::error::Error for BodyError {}

impl BodyError {
    /// What the user can do about it.
    pub fn hint(&self) -> String {
        crate::tr!("rec-body-unreadable-hint")
    }
}

macro_rules! kinds {
    ($($var:ident),* $(,)?) => {
        impl EventBody {
            /// Its kind.
            pub fn kind(&self) -> EventKind {
                match self { $(EventBody::$var(_) => EventKind::$var,)* }
            }

            /// As the JSON object stored in the ledger.
            pub fn to_value(&self) -> Value {
                match self {
                    $(EventBody::$var(b) => serde_json::to_value(b),)*
                }
                .expect("event bodies serialise")
            }

            /// The body stored under `kind`, read as that kind's struct.
            pub fn from_value(kind: EventKind, v: &Value) -> Result<EventBody, String> {
                if !v.is_object() {
                    return Err("its body is not a JSON object".into());
                }
                let e = |e: serde_json::Error| e.to_string();
                Ok(match kind {
                    $(EventKind::$var => EventBody::$var(
                        serde_json::from_value(v.clone()).map_err(e)?,
                    ),)*
                    EventKind::Unknown => return Err("its kind is not one this isou knows".into()),
                })
            }
        }
    };
}

kinds!(
    Sealed,
    Shipped,
    KeySent,
    HandCarried,
    Received,
    Verified,
    Opened,
    Disposed,
    Corrected,
    Checked,
    CheckedBeforeShipping,
    CheckedBySender,
    CheckedIncomplete,
    ReceiptIssued,
    Delivered,
);

impl EventBody {
    /// Who recorded it (`by`).
    pub fn by(&self) -> &str {
        match self {
            EventBody::Sealed(b) => &b.by,
            EventBody::Shipped(b) => &b.by,
            EventBody::KeySent(b) => &b.by,
            EventBody::HandCarried(b) => &b.by,
            EventBody::Received(b)
            | EventBody::Verified(b)
            | EventBody::CheckedBeforeShipping(b)
            | EventBody::CheckedBySender(b)
            | EventBody::CheckedIncomplete(b) => &b.by,
            EventBody::Opened(b) => &b.by,
            EventBody::Disposed(b) => &b.by,
            EventBody::Corrected(b) => &b.by,
            EventBody::Checked(b) => &b.by,
            EventBody::ReceiptIssued(b) => &b.by,
            EventBody::Delivered(b) => &b.by,
        }
    }
}

impl Event {
    /// Its body read as its kind's struct; a row of another shape (or an unknown kind)
    /// is a [`BodyError`], so one such row is shown as unreadable and the rest of the
    /// ledger stays usable.
    pub fn typed(&self) -> Result<EventBody, BodyError> {
        EventBody::from_value(self.kind, &self.body).map_err(|why| BodyError {
            id: self.id,
            kind: self
                .unknown_kind
                .clone()
                .unwrap_or_else(|| self.kind.as_str().to_string()),
            why,
        })
    }
}
