//! Shipment ids a medium claims (issue 15 red team): canonical, unclaimed, bound to a sender.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::*;

/// Alice (the parties' sender) seals to Bob (the recipient) in her own ledger; Bob keeps
/// his; Mallory is a keyed partner Bob trusts for her own shipments.
struct Three {
    p: Parties,
    alice_ledger: PathBuf,
    bob: PathBuf,
    mallory: ssh_key::PrivateKey,
    mallory_card: String,
}

fn three() -> Three {
    let p = parties(1, 1000);
    let alice_ledger = p.dir.path().join("alice.sqlite");
    let bob = p.dir.path().join("bob.sqlite");
    let (mallory, mallory_card) = other_key();
    Three {
        p,
        alice_ledger,
        bob,
        mallory,
        mallory_card,
    }
}

fn at(ledger: &Path, args: &[&str]) -> Output {
    run(isou().arg("--ledger").arg(ledger).args(args))
}

impl Three {
    /// Alice's genuine medium `name`, sealed in her ledger; with its shipment id.
    fn alice_seals(&self, name: &str) -> (PathBuf, String) {
        let m = self.p.dir.path().join(name);
        fs::create_dir(&m).unwrap();
        let o = run(isou()
            .arg("--ledger")
            .arg(&self.alice_ledger)
            .args([
                "seal",
                "--class",
                "anonymized",
                "--json",
                "--to",
                &self.p.rcard,
            ])
            .arg("-i")
            .arg(&self.p.sender)
            .arg("--medium")
            .arg(&m)
            .arg(&self.p.extract));
        assert!(o.status.success(), "{}", stderr(&o));
        let id = serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["shipment_id"]
            .as_str()
            .unwrap()
            .to_string();
        (m, id)
    }

    /// A medium Mallory signed, to Bob, claiming the shipment id `claims`.
    fn mallory_claims(&self, name: &str, claims: &str) -> PathBuf {
        let age = self.p.rcard.split_whitespace().nth(1).unwrap();
        keyed_medium(
            self.p.dir.path(),
            name,
            b"tar",
            age,
            &[
                ("External-Identifier", claims),
                ("Bag-Group-Identifier", claims),
            ],
            &self.mallory,
        )
    }

    fn bob_verifies(&self, m: &Path, card: &str) -> Output {
        run(isou()
            .arg("--ledger")
            .arg(&self.bob)
            .args(["verify", "--signer", card])
            .arg(m))
    }

    fn mallory_fp(&self) -> String {
        isou::signature::fingerprint(self.mallory.public_key())
    }

    fn alice_fp(&self) -> String {
        ledger_events(&self.alice_ledger)
            .iter()
            .find(|e| e["kind"] == "sealed")
            .map(|e| e["body"]["summary"]["signer"].as_str().unwrap().to_string())
            .unwrap()
    }
}

/// `(kind, shipment, signer)` of every event of Bob's ledger.
fn events(ledger: &Path) -> Vec<(String, String, String)> {
    ledger_events(ledger)
        .iter()
        .map(|e| {
            let signer = e["body"]["signer"]
                .as_str()
                .or(e["body"]["claimed"]["signer"].as_str())
                .unwrap_or("")
                .to_string();
            (
                e["kind"].as_str().unwrap().to_string(),
                e["shipment"].as_str().unwrap().to_string(),
                signer,
            )
        })
        .collect()
}

/// The transport register as CSV text.
fn export(ledger: &Path) -> String {
    let o = at(ledger, &["record", "export", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}

/// Finding 01: a medium signed by a pinned sender that names an existing `MEDIUM-…`
/// check row (or `x`) as its shipment id is no shipment: INVALID, recorded as a check
/// of itself under its own `MEDIUM-…` id, the claim shown as claimed; the failed
/// check's row keeps its 異常 and gets no receipt.
#[test]
fn a_signed_medium_cannot_name_a_check_row_or_any_string_as_its_shipment() {
    let t = three();
    // A medium that fails at Bob (Mallory's, checked against Alice's card): a check row.
    let failed = t.mallory_claims("failed", "ISOU-20261203-ABCDEFGH");
    let o = t.bob_verifies(&failed, &t.p.card);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let row = events(&t.bob)[0].1.clone();
    assert!(row.starts_with("MEDIUM-"), "{row}");
    assert!(export(&t.bob).contains(",異常,"));

    for (name, claim) in [("hijack", row.as_str()), ("x", "x")] {
        let m = t.mallory_claims(name, claim);
        let o = t.bob_verifies(&m, &t.mallory_card);
        assert_eq!(o.status.code(), Some(1), "{claim}: {}", stdout(&o));
        assert!(
            stdout(&o).contains("is not one isou makes"),
            "{claim}: {}",
            stdout(&o)
        );
        let ev = events(&t.bob);
        let last = ev.last().unwrap();
        assert_eq!(last.0, "checked", "{ev:?}");
        assert!(last.1.starts_with("MEDIUM-") && last.1 != row, "{ev:?}");
        let claimed = ledger_events(&t.bob).last().unwrap()["body"]["claimed"]["shipment"].clone();
        assert_eq!(claimed, claim, "the claim is shown as claimed");
    }
    // The failed check's row: one event, still 異常, nothing received or verified.
    let ev = events(&t.bob);
    assert_eq!(ev.iter().filter(|e| e.1 == row).count(), 1, "{ev:?}");
    assert!(
        !ev.iter().any(|e| e.0 == "received" || e.0 == "verified"),
        "{ev:?}"
    );
    let text = export(&t.bob);
    let line = text.lines().find(|l| l.starts_with(&row)).unwrap();
    assert!(line.contains(",異常,") && !line.contains("正常"), "{line}");
}

/// Finding 02: Mallory's medium saying the lower-case (or full-width) spelling of
/// Alice's shipment id: not a shipment id, so INVALID, no second row, and the conflict
/// with Alice's key is found on the canonical form.
#[test]
fn a_non_canonical_spelling_of_a_shipment_id_is_no_shipment() {
    let t = three();
    let (real, id) = t.alice_seals("real");
    assert!(t.bob_verifies(&real, &t.p.card).status.success());
    let lower = id.to_lowercase();
    let wide: String = id
        .chars()
        .map(|c| char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap())
        .collect();
    for (name, claim) in [("lower", lower.as_str()), ("wide", wide.as_str())] {
        let m = t.mallory_claims(name, claim);
        let o = t.bob_verifies(&m, &t.mallory_card);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stdout(&o));
        assert!(stdout(&o).contains("result: INVALID"), "{}", stdout(&o));
        assert!(
            stdout(&o).contains("is not one isou makes"),
            "{}",
            stdout(&o)
        );
        assert!(
            stdout(&o).contains(&format!("read as shipment {id} of this ledger")),
            "the canonical form is compared: {}",
            stdout(&o)
        );
    }
    let ev = events(&t.bob);
    // Only Alice's shipment and two check rows: no row under another spelling.
    for (kind, shipment, _) in &ev {
        assert!(
            shipment == &id || (kind == "checked" && shipment.starts_with("MEDIUM-")),
            "{ev:?}"
        );
    }
    assert_eq!(
        ev.iter()
            .filter(|e| e.1 == id)
            .map(|e| e.0.as_str())
            .collect::<Vec<_>>(),
        ["received", "verified"]
    );
    // Opened, as verify judged it: refused before anything is decrypted, nothing made.
    let m = t.mallory_claims("lower-open", &lower);
    let out = t.p.dir.path().join("out-lower");
    let o = run(isou()
        .arg("--ledger")
        .arg(&t.bob)
        .args(["open", "--signer", &t.mallory_card, "-i"])
        .arg(&t.p.recipient)
        .arg("--out")
        .arg(&out)
        .arg(&m));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is not one isou makes"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
    // Typed in lower case, the id is Alice's shipment, and only hers.
    let o = at(&t.bob, &["record", "show", &lower]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains(&t.mallory_fp()), "{}", stdout(&o));
}

/// Checks Bob's ledger after both Alice's genuine medium and Mallory's claim of its id
/// were verified (in either order): both receipts under the id, neither INVALID, the
/// register row naming both keys as contested.
fn both_recorded_as_contested(t: &Three, id: &str) {
    let ev = events(&t.bob);
    for fp in [t.alice_fp(), t.mallory_fp()] {
        let kinds: Vec<&str> = ev
            .iter()
            .filter(|e| e.1 == id && e.2 == fp)
            .map(|e| e.0.as_str())
            .collect();
        assert_eq!(kinds, ["received", "verified"], "{fp}: {ev:?}");
    }
    let text = export(&t.bob);
    let row = text.lines().find(|l| l.starts_with(id)).unwrap();
    assert!(row.contains("移送ID競合"), "{row}");
    assert!(
        row.contains(&t.alice_fp()) && row.contains(&t.mallory_fp()),
        "{row}"
    );
}

/// Finding 03, Mallory first: her medium carrying Alice's id does not capture the row.
/// Alice's genuine medium is VALID (exit 0), its receipt recorded under the id, the
/// contest said loudly naming both keys; it opens, recorded as contested.
#[test]
fn a_squatted_shipment_id_does_not_make_the_genuine_medium_invalid() {
    let t = three();
    let (real, id) = t.alice_seals("real");
    let evil = t.mallory_claims("evil", &id);
    assert!(t.bob_verifies(&evil, &t.mallory_card).status.success());
    let o = t.bob_verifies(&real, &t.p.card);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("result: VALID"), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("SHIPMENT ID CONTESTED"), "{err}");
    assert!(
        err.contains(&t.mallory_fp()) && err.contains(&t.alice_fp()),
        "{err}"
    );
    both_recorded_as_contested(&t, &id);
    // In Japanese as loud, in the register's word (備考 移送ID競合; red team 17, 13).
    let o = run(isou()
        .env("LANG", "ja_JP.UTF-8")
        .arg("--ledger")
        .arg(&t.bob)
        .args(["verify", "--signer", &t.p.card])
        .arg(&real));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("【移送ID競合】"), "{}", stderr(&o));
    // Opened from Alice: not refused, warned, recorded under the id as contested.
    let out = t.p.dir.path().join("out");
    let o = run(isou()
        .arg("--ledger")
        .arg(&t.bob)
        .args(["open", "--signer", &t.p.card, "-i"])
        .arg(&t.p.recipient)
        .arg("--out")
        .arg(&out)
        .arg(&real));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("SHIPMENT ID CONTESTED"),
        "{}",
        stderr(&o)
    );
    let opened = ledger_events(&t.bob)
        .into_iter()
        .find(|e| e["kind"] == "opened")
        .unwrap();
    assert_eq!(opened["shipment"], id.as_str());
    assert_eq!(
        opened["body"]["contested"][0]["signer"],
        t.mallory_fp().as_str()
    );
}

/// Finding 03, Alice first: Mallory's later claim is recorded and said the same way
/// (the ledger cannot tell who made the id, so the first claimant wins nothing); a
/// shipment this ledger sealed itself stays refused to any other key.
#[test]
fn a_later_claim_of_a_received_shipment_id_is_contested_and_of_a_sealed_one_refused() {
    let t = three();
    let (real, id) = t.alice_seals("real");
    assert!(t.bob_verifies(&real, &t.p.card).status.success());
    let evil = t.mallory_claims("evil", &id);
    let o = t.bob_verifies(&evil, &t.mallory_card);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("SHIPMENT ID CONTESTED"), "{err}");
    assert!(err.contains(&t.alice_fp()), "{err}");
    both_recorded_as_contested(&t, &id);

    // At Alice's, whose ledger made the id: Mallory's claim is not that shipment.
    let o = at(
        &t.alice_ledger,
        &[
            "verify",
            "--signer",
            &t.mallory_card,
            evil.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("was sealed here"), "{}", stdout(&o));
    let ev = events(&t.alice_ledger);
    assert!(
        !ev.iter().any(|e| e.1 == id && e.2 == t.mallory_fp()),
        "{ev:?}"
    );
}

/// Review of finding 03: a claim made through a set checked with a volume left out
/// (`checked-incomplete`, pinned) counts like a receipt, so the genuine medium that
/// comes later is said to be contested, not taken as the first claim.
#[test]
fn a_claim_through_an_incomplete_set_is_a_claim_too() {
    let t = three();
    let (real, id) = t.alice_seals("real");
    let age = t.p.rcard.split_whitespace().nth(1).unwrap();
    let evil = keyed_medium(
        t.p.dir.path(),
        "evil1of2",
        b"tar",
        age,
        &[
            ("External-Identifier", id.as_str()),
            ("Bag-Group-Identifier", id.as_str()),
            ("Bag-Count", "1 of 2"),
        ],
        &t.mallory,
    );
    let _ = t.bob_verifies(&evil, &t.mallory_card);
    assert!(
        events(&t.bob)
            .iter()
            .any(|(k, s, _)| k == "checked-incomplete" && *s == id),
        "{:?}",
        events(&t.bob)
    );
    let o = t.bob_verifies(&real, &t.p.card);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains("SHIPMENT ID CONTESTED"),
        "{}",
        stderr(&o)
    );
    assert!(export(&t.bob).contains("移送ID競合"), "{}", export(&t.bob));
}
