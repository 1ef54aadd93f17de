//! The event structs' own tests: each kind read, written and round-tripped through
//! the ledger.

use super::*;
use crate::records::EventKind;

#[test]
fn recipient_fingerprints_are_of_the_key() {
    // The age test vector's recipient (age-encryption.org/v1 spec).
    let r = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
    let f = recipient_fingerprint(r).unwrap();
    assert!(f.starts_with("SHA256:") && f.len() == 7 + 43, "{f}");
    assert_eq!(recipient_fingerprint(&r.to_uppercase()), Some(f));
    // A changed character breaks the checksum.
    assert_eq!(recipient_fingerprint(&r.replace("ql3", "ql4")), None);
    assert_eq!(recipient_fingerprint("ssh-ed25519 AAAA"), None);
}

#[test]
fn old_bodies_read_with_defaults_and_keep_unknown_keys() {
    let v = serde_json::json!({"carrier": "簡易書留", "tracking_number": null, "date": "2026-01-02", "by": "a", "later": 1});
    let b = EventBody::from_value(EventKind::Shipped, &v).unwrap();
    let EventBody::Shipped(s) = &b else { panic!() };
    assert_eq!(s.carrier, "簡易書留");
    assert!(!s.untracked_carrier);
    assert_eq!(s.extra["later"], 1);
    assert!(
        EventBody::from_value(EventKind::Opened, &serde_json::json!({"files": "many"})).is_err()
    );
    assert!(EventBody::from_value(EventKind::Opened, &serde_json::json!([1])).is_err());
}

/// `Some(x)` as a `String`.
fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

/// A verification with every field set (received, verified and the checks share it).
fn verification() -> Verification {
    Verification {
        sender_contact: s("大阪府がん登録室"),
        terms: Some(crate::records::terms::UseTerms {
            approver: s("山田 太郎"),
            application: s("申出-2026-001"),
            use_until: s("2027-03-31"),
        }),
        retain_until: s("2027-03-31"),
        valid: true,
        authenticated: true,
        tracking_number: s("131123838520"),
        envelope_tracking_number: s("131123838520"),
        from: s("大阪府"),
        destination: s("NCC"),
        medium_type: s("CD-R ×2"),
        signer: "SHA256:abc".into(),
        signer_pinned: true,
        manifest_sha256: "ab".repeat(32),
        volumes: vec!["/media/a".into(), "/media/b".into()],
        set_complete: false,
        missing: vec![3],
        missing_text: s("volume 3 of 3 missing"),
        problems: 0,
        class: "identifiable".into(),
        open_refused: s("open refused the archive: its entry \"../x\" cannot be extracted safely"),
        class_stated: true,
        class_claimed: s("secret"),
        contested: Some(vec![Contest {
            signer: "SHA256:other".into(),
            since: "2026-12-01T00:00:00Z".into(),
        }]),
        by: "佐藤".into(),
        os_account: "sato".into(),
        extra: Default::default(),
    }
}

/// A seal with every field set.
fn sealed() -> EventBody {
    let mut extra = Extra::new();
    extra.insert(
        "use_terms".into(),
        serde_json::json!({"until": "2027-03-31"}),
    );
    EventBody::Sealed(Sealed {
        destination_signing_keys: vec!["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA".into()],
        terms: Some(crate::records::terms::UseTerms {
            approver: s("山田 太郎"),
            application: s("申出-2026-001"),
            use_until: s("2027-03-31"),
        }),
        summary: SealedSummary {
            shipment_id: "ISOU-20261203-ABCDEFGH".into(),
            files: 2,
            bytes: 10,
            segments: vec!["s.age".into()],
            payload_bytes: 9,
            manifest_sha256: "cd".repeat(32),
            tracking_number: s("131123838520"),
            signer: "SHA256:abc".into(),
            volumes: vec![SealedVolume {
                number: 1,
                id: "ISOU-20261203-ABCDEFGH-1/2".into(),
                location: "/media/usb".into(),
                segments: vec!["s.age".into()],
                payload_bytes: 9,
                image_bytes: Some(4096),
                manifest_sha256: "cd".repeat(32),
                bag_count: "1 of 2".into(),
                extra: Default::default(),
            }],
            extra: Default::default(),
        },
        handler: "山田".into(),
        by: "山田".into(),
        os_account: "yamada".into(),
        source_organization: s("大阪府"),
        destination: s("NCC"),
        to_contacts: vec!["NCC".into()],
        carrier: s("簡易書留"),
        untracked_carrier: false,
        class: "identifiable".into(),
        choices: vec![Choice {
            flag: "--allow-nonempty".into(),
            rule: "rule".into(),
        }],
        medium_type: "CD-R ×2".into(),
        recipients: vec!["age1x".into()],
        recipient_fingerprints: vec!["SHA256:x".into()],
        passphrase: false,
        envelope_confirmed: true,
        attendance_acknowledged: true,
        destination_address: s("東京都中央区"),
        policy: s("/etc/isou.toml"),
        retain_until: s("2027-03-31"),
        extra,
    })
}

/// The transport acts with every field set.
fn transport() -> Vec<(&'static str, EventBody)> {
    vec![
        (
            "shipped",
            EventBody::Shipped(Shipped {
                carrier: "簡易書留".into(),
                tracking_number: s("131123838520"),
                date: "2026-12-03".into(),
                by: "山田".into(),
                os_account: "yamada".into(),
                untracked_carrier: true,
                replaces_carrier: s("ゆうパック"),
                replaces_tracked_carrier: s("書留"),
                replaces_tracking_number: s("1"),
                sealed_tracking_number: s("2"),
                attendance_acknowledged: true,
                extra: Default::default(),
            }),
        ),
        (
            "key-sent",
            EventBody::KeySent(KeySent {
                method: "別便".into(),
                tracking_number: s("4055"),
                date: "2026-12-03".into(),
                by: "山田".into(),
                os_account: "yamada".into(),
                extra: Default::default(),
            }),
        ),
        (
            "hand-carried",
            EventBody::HandCarried(HandCarried {
                attendant: "鈴木".into(),
                date: "2026-12-03".into(),
                by: "山田".into(),
                os_account: "yamada".into(),
                extra: Default::default(),
            }),
        ),
    ]
}

/// The recipient's checks and opening with every field set.
fn checks() -> Vec<(&'static str, EventBody)> {
    let ver = verification();
    vec![
        ("received", EventBody::Received(ver.clone())),
        ("verified", EventBody::Verified(ver.clone())),
        (
            "checked-before-shipping",
            EventBody::CheckedBeforeShipping(ver.clone()),
        ),
        ("checked-by-sender", EventBody::CheckedBySender(ver.clone())),
        ("checked-incomplete", EventBody::CheckedIncomplete(ver)),
        (
            "checked",
            EventBody::Checked(Checked {
                valid: false,
                authenticated: false,
                claimed: Claimed {
                    shipment: s("ISOU-20261203-ABCDEFGH"),
                    from: s("x"),
                    destination: s("y"),
                    tracking_number: s("z"),
                    class: s("anonymized"),
                    medium_type: s("USB"),
                    signer: s("SHA256:q"),
                    extra: Default::default(),
                },
                envelope_tracking_number: s("1"),
                signer_pinned: false,
                volumes: vec!["/m".into()],
                set_complete: true,
                problems: 2,
                by: "佐藤".into(),
                os_account: "sato".into(),
                extra: Default::default(),
            }),
        ),
        (
            "opened",
            EventBody::Opened(Opened {
                sender_contact: s("大阪府がん登録室"),
                terms: None,
                decrypted: Some(crate::records::terms::Decrypted {
                    retain_until: s("2027-03-31"),
                    basis: s("use_until"),
                }),
                claimed_shipment: None,
                files: 3,
                bytes: 30,
                by: "佐藤".into(),
                os_account: "sato".into(),
                signer: "SHA256:abc".into(),
                sender_checked: true,
                manifest_sha256: "ab".repeat(32),
                out: "/home/sato/out".into(),
                contested: None,
                from: s("大阪府"),
                destination: s("NCC"),
                tracking_number: s("131123838520"),
                medium_type: s("USB"),
                signer_pinned: Some(true),
                class: "anonymized".into(),
                class_stated: true,
                class_claimed: None,
                extra: Default::default(),
            }),
        ),
    ]
}

/// Receipts, delivery and disposal with every field set.
fn closing() -> Vec<(&'static str, EventBody)> {
    vec![
        (
            "receipt-issued",
            EventBody::ReceiptIssued(ReceiptIssued {
                tracking_number: s("131123838520"),
                manifest_sha256: "ab".repeat(32),
                sender_key: "SHA256:abc".into(),
                recipient_key: "SHA256:def".into(),
                verified_event: 3,
                verified_at: "2026-12-03T05:00:00Z".into(),
                receipt_sha256: "cd".repeat(32),
                out: "/home/sato/受領書.txt".into(),
                by: "佐藤".into(),
                os_account: "sato".into(),
                extra: Default::default(),
            }),
        ),
        (
            "delivered",
            EventBody::Delivered(Delivered {
                tracking_number: s("131123838520"),
                manifest_sha256: "ab".repeat(32),
                verified_at: "2026-12-03T05:00:00Z".into(),
                issued_at: "2026-12-03T06:00:00Z".into(),
                recipient_key: "SHA256:def".into(),
                receipt_sha256: "cd".repeat(32),
                by: "山田".into(),
                os_account: "yamada".into(),
                extra: Default::default(),
            }),
        ),
        (
            "disposed",
            EventBody::Disposed(Disposed {
                item: s("decrypted"),
                method: "物理破壊".into(),
                witness: s("佐藤"),
                contractor: s("A社"),
                certificate: s("No.1"),
                class: "identifiable".into(),
                date: "2026-12-03".into(),
                by: "山田".into(),
                os_account: "yamada".into(),
                extra: Default::default(),
            }),
        ),
    ]
}

/// One body of each kind but `corrected` (which names an event: see the test), by kind.
fn bodies() -> Vec<(&'static str, EventBody)> {
    let mut all = vec![("sealed", sealed())];
    all.extend(transport());
    all.extend(checks());
    all.extend(closing());
    all
}

/// One body of each kind, every field set: appended, read back, the same struct. A
/// table: every kind is judged, and every one that fails is named, so one failing kind
/// does not hide the rest.
#[test]
fn every_kind_round_trips_through_the_ledger() {
    use crate::records::Ledger;
    const SHIPMENT: &str = "ISOU-20261203-ABCDEFGH";
    let dir = tempfile::tempdir().unwrap();
    let mut l = Ledger::open(&dir.path().join("l.sqlite")).unwrap();
    let mut failures = Vec::new();
    let mut appended = Vec::new();
    for (kind, b) in bodies() {
        match l.append(SHIPMENT, &b) {
            Ok(e) if e.kind == b.kind() => appended.push((kind, e.id, b)),
            Ok(e) => failures.push(format!("{kind}: appended as {:?}", e.kind)),
            Err(e) => failures.push(format!("{kind}: not appended: {e}")),
        }
    }
    let first = l.events(None).unwrap().remove(0);
    let correction = EventBody::Corrected(Corrected {
        corrects: first.id,
        corrects_hash: first.hash.clone(),
        note: "発送日は翌日".into(),
        by: "山田".into(),
        os_account: "yamada".into(),
        extra: Default::default(),
    });
    let e = l.append(SHIPMENT, &correction).unwrap();
    appended.push(("corrected", e.id, correction));
    let read = l.events(None).unwrap();
    for (kind, id, b) in &appended {
        match read.iter().find(|e| e.id == *id).map(|e| e.typed()) {
            Some(Ok(r)) if r == *b => {}
            Some(Ok(r)) => failures.push(format!("{kind}: read back as {r:?}, appended {b:?}")),
            Some(Err(e)) => failures.push(format!("{kind}: unreadable: {e}")),
            None => failures.push(format!("{kind}: not read back")),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(read.len(), appended.len(), "one event per body, no other");
    assert_eq!(l.check().unwrap(), None);
}
