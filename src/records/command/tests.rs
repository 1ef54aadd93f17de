//! The `record` subcommands' rules, on events built here: which events a list shows,
//! and which other shipments a tracking number names.

use serde_json::{json, Value};

use super::list::{select, ListRequest};
use super::ship::{receipt_expected, tracking_reused, Reuse};
use crate::records::{Event, EventKind};
use crate::tracking::TrackingNumber;

/// An event of `kind` of `shipment` with `body`, recorded at `at`.
fn event(id: i64, kind: EventKind, shipment: &str, at: &str, body: Value) -> Event {
    Event {
        id,
        recorded_at: at.into(),
        kind,
        unknown_kind: None,
        shipment: shipment.into(),
        body,
        prev_hash: String::new(),
        hash: String::new(),
    }
}

/// The ids of `events`.
fn ids(events: &[Event]) -> Vec<i64> {
    events.iter().map(|e| e.id).collect()
}

#[test]
fn a_list_keeps_open_shipments_and_those_since_a_date() {
    let all = [
        event(
            1,
            EventKind::Shipped,
            "A",
            "2026-12-01T00:00:00Z",
            json!({}),
        ),
        event(
            2,
            EventKind::Shipped,
            "B",
            "2026-12-02T00:00:00Z",
            json!({}),
        ),
        event(
            3,
            EventKind::Received,
            "A",
            "2026-12-03T00:00:00Z",
            json!({}),
        ),
        event(
            4,
            EventKind::KeySent,
            "B",
            "2026-12-04T00:00:00Z",
            json!({}),
        ),
    ];
    assert_eq!(ids(&select(&all, &ListRequest::default())), [1, 2, 3, 4]);
    let open = ListRequest {
        open: true,
        ..ListRequest::default()
    };
    // A received shipment is closed: every event of it is left out.
    assert_eq!(ids(&select(&all, &open)), [2, 4]);
    let since = ListRequest {
        since: Some("2026-12-03"),
        ..ListRequest::default()
    };
    assert_eq!(ids(&select(&all, &since)), [3, 4]);
}

#[test]
fn a_tracking_number_names_other_shipments_by_their_current_number() {
    let number: TrackingNumber = "131123838521".parse().unwrap();
    let sealed = |id, shipment: &str, n: &str, to: &str| {
        event(
            id,
            EventKind::Sealed,
            shipment,
            "2026-12-01T00:00:00Z",
            json!({"summary": {"tracking_number": n}, "destination": to}),
        )
    };
    let all = [
        sealed(1, "A", "131123838521", "NCC"),
        // Written as on the slip: the same number.
        sealed(2, "B", "1311-2383-8521", "大阪府"),
        sealed(3, "C", "131123838521", "NCC"),
        // C's number replaced by a later ship: no longer C's.
        event(
            4,
            EventKind::Shipped,
            "C",
            "2026-12-02T00:00:00Z",
            json!({"tracking_number": "99999999999"}),
        ),
    ];
    assert_eq!(
        tracking_reused(&all, &number, Some("A")),
        [Reuse {
            shipment: "B".into(),
            destination: Some("大阪府".into()),
            recorded_at: "2026-12-01T00:00:00Z".into(),
        }]
    );
    assert_eq!(tracking_reused(&all, &number, None).len(), 2);
}

#[test]
fn a_receipt_is_expected_only_when_the_seal_named_the_destinations_key() {
    let sealed = |keys: Value| {
        event(
            1,
            EventKind::Sealed,
            "A",
            "2026-12-01T00:00:00Z",
            json!({"destination_signing_keys": keys}),
        )
    };
    assert!(receipt_expected(&[sealed(json!(["ssh-ed25519 AAAA"]))]));
    assert!(!receipt_expected(&[sealed(json!([]))]));
}
