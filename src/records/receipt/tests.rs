//! The signed receipt's own tests.

use super::*;

fn sample() -> Receipt {
    Receipt {
        shipment: "ISOU-20261203-ABCDEFGH".into(),
        tracking_number: Some("13112383852".into()),
        tagmanifest_sha256: "ab".repeat(32),
        verification: "VALID".into(),
        verified_at: "2026-12-03T08:15:07Z".into(),
        recipient_key: format!("SHA256:{}", "A".repeat(43)),
        sender_key: format!("SHA256:{}", "B".repeat(43)),
        issued_at: "2026-12-03T08:20:00Z".into(),
    }
}

#[test]
fn a_written_receipt_parses_back_and_edits_are_refused() {
    let k = PrivateKey::random(&mut rand::rngs::OsRng, ssh_key::Algorithm::Ed25519).unwrap();
    let text = sample().sign(&k).unwrap();
    let s = parse(text.as_bytes()).unwrap();
    assert_eq!(s.receipt, sample());
    let twice = text.replacen(
        "verification: VALID\n",
        "verification: VALID\nverification: VALID\n",
        1,
    );
    assert!(matches!(
        parse(twice.as_bytes()),
        Err(ReceiptError::Duplicate(_))
    ));
    let spaced = text.replacen("shipment: ", "shipment:  ", 1);
    assert!(parse(spaced.as_bytes()).is_err());
    let swapped = text.replacen("issued-at", "issued_at", 1);
    assert!(matches!(
        parse(swapped.as_bytes()),
        Err(ReceiptError::Extra(_))
    ));
}
