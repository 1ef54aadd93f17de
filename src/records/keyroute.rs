//! The key by another route (鍵は別経路, 別添２ §2.2 本文 and ⑦): the passphrase of a
//! passphrase-mode medium must not travel with the medium. Whoever intercepts the
//! envelope (or the parcel's tracking trail) must not get both; so `record key-sent`
//! must name a route, for identifiable data with a tracking number of its own, and
//! neither may be the medium's. A shipment without such a record is incomplete: `record
//! ship` warns and the 移送記録簿 says 鍵未送付.

use serde_json::Value;

use super::{Event, EventKind};
use crate::policy::normalize_name;

/// What the key rule compares about a shipment, folded from its events.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MediumRoute {
    /// Sealed with a passphrase (`seal --passphrase`), not to keys.
    pub passphrase: bool,
    /// Its class is identifiable: the sealed event's `class`, a missing one included
    /// (safe by default).
    pub identifiable: bool,
    /// The medium's tracking numbers (at seal and at each `record ship`), normalised.
    pub numbers: Vec<String>,
    /// The medium's carriers (at seal and at each `record ship`), normalised.
    pub carriers: Vec<String>,
}

/// A tracking number as compared: letters and digits only, upper case.
fn number_key(n: &str) -> String {
    n.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn text(v: &Value) -> Option<&str> {
    v.as_str().map(str::trim).filter(|s| !s.is_empty())
}

impl MediumRoute {
    /// The route of one shipment, from its events (in ledger order); `None` when it
    /// was not sealed here.
    pub fn of(events: &[&Event]) -> Option<MediumRoute> {
        let mut route: Option<MediumRoute> = None;
        for e in events {
            let b = &e.body;
            match e.kind {
                EventKind::Sealed => {
                    let r = route.get_or_insert_with(Default::default);
                    r.passphrase = b["passphrase"] == Value::Bool(true);
                    r.identifiable = crate::media::InfoClass::of_record(&b["class"])
                        == crate::media::InfoClass::Identifiable;
                    r.add(&b["carrier"], &b["summary"]["tracking_number"]);
                }
                EventKind::Shipped => {
                    if let Some(r) = route.as_mut() {
                        r.add(&b["carrier"], &b["tracking_number"]);
                    }
                }
                _ => {}
            }
        }
        route
    }

    fn add(&mut self, carrier: &Value, number: &Value) {
        if let Some(c) = text(carrier) {
            self.carriers.push(normalize_name(c));
        }
        if let Some(n) = text(number) {
            self.numbers.push(number_key(n));
        }
    }

    /// Checks a key-sent record (`method`, its tracking number) against the medium's
    /// route.
    pub fn check_key_sent(&self, method: &str, tracking: Option<&str>) -> Result<(), KeyRoute> {
        let number = tracking.map(number_key).filter(|n| !n.is_empty());
        match &number {
            Some(n) if self.numbers.contains(n) => Err(KeyRoute {
                why: crate::tr!(
                    "rec-key-route-same-number",
                    number = crate::i18n::tracking_number(n)
                ),
                hint: crate::tr!("rec-key-route-same-number-hint"),
            }),
            // Only a passphrase is a secret that travels: a shipment sealed to keys
            // has none, whatever its key-sent records say.
            None if self.passphrase && self.identifiable => Err(KeyRoute {
                why: crate::tr!("rec-key-route-needs-number"),
                hint: crate::tr!("rec-key-route-needs-number-hint"),
            }),
            None if self.passphrase && self.carriers.contains(&normalize_name(method)) => {
                Err(KeyRoute {
                    why: crate::tr!(
                        "rec-key-route-same-carrier",
                        method = crate::untrusted::sanitize(method)
                    ),
                    hint: crate::tr!("rec-key-route-same-carrier-hint"),
                })
            }
            _ => Ok(()),
        }
    }

    /// Whether a passphrase-mode shipment still lacks a valid key-sent record: it is
    /// incomplete until one exists. Judged against the medium's whole route, so a
    /// `record ship` with the key's own number, recorded later, undoes it.
    pub fn key_missing(&self, events: &[&Event]) -> bool {
        self.passphrase
            && !events
                .iter()
                .filter(|e| e.kind == EventKind::KeySent)
                .any(|e| {
                    text(&e.body["method"]).is_some_and(|m| {
                        self.check_key_sent(m, text(&e.body["tracking_number"]))
                            .is_ok()
                    })
                })
    }
}

/// A key-sent record the rule refuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRoute {
    /// What is wrong (names the rule and the clause).
    pub why: String,
    /// What to do.
    pub hint: String,
}

impl std::fmt::Display for KeyRoute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.why)
    }
}

impl std::error::Error for KeyRoute {}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(identifiable: bool) -> MediumRoute {
        MediumRoute {
            passphrase: true,
            identifiable,
            numbers: vec!["123456789011".into()],
            carriers: vec!["ゆうパック".into()],
        }
    }

    #[test]
    fn the_key_needs_its_own_route() {
        let r = route(true);
        assert!(r
            .check_key_sent("別便簡易書留", Some("1234-5678-9011"))
            .unwrap_err()
            .why
            .contains("medium's own"));
        assert!(r
            .check_key_sent("電話", None)
            .unwrap_err()
            .why
            .contains("§2.2"));
        assert_eq!(
            r.check_key_sent("別便簡易書留", Some("12345678905")),
            Ok(())
        );
        let a = route(false);
        assert!(a.check_key_sent("ゆうパック", None).is_err());
        assert_eq!(a.check_key_sent("電話", None), Ok(()));
        // Sealed to keys: no passphrase travels; only the medium's own number is wrong.
        let k = MediumRoute {
            passphrase: false,
            ..route(true)
        };
        assert_eq!(k.check_key_sent("電話", None), Ok(()));
        assert!(k.check_key_sent("x", Some("123456789011")).is_err());
    }
}
