//! Signed receipts: isou receipt on the recipient's side, record receipt on the sender's.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use isou::records::receipt::{self, Receipt};

use crate::util::*;

const TRACKING: &str = "13112383852";

/// A shipment sealed by the sender (her ledger), verified VALID against her card by the
/// recipient (his ledger), and his receipt of it.
struct Loop {
    p: Parties,
    sender_ledger: PathBuf,
    recipient_ledger: PathBuf,
    medium: PathBuf,
    id: String,
    receipt: PathBuf,
}

fn at(ledger: &Path) -> Command {
    let mut c = isou();
    c.arg("--ledger").arg(ledger);
    c
}

fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        stderr(o)
    );
}

/// Verifies `medium` against the sender's card in `ledger`, then signs a receipt of
/// shipment `id` with `identity` into `out`.
fn verify_and_sign(
    ledger: &Path,
    card: &str,
    medium: &Path,
    id: &str,
    identity: &Path,
    out: &Path,
) {
    ok(&run(at(ledger)
        .args(["verify", "--signer", card])
        .arg(medium)));
    ok(&run(at(ledger)
        .args(["receipt", id, "-i"])
        .arg(identity)
        .arg("-o")
        .arg(out)));
}

fn sealed_and_received() -> Loop {
    let p = parties(1, 1000);
    let d = p.dir.path().to_path_buf();
    let (sender_ledger, recipient_ledger) = (d.join("sender.sqlite"), d.join("recipient.sqlite"));
    let medium = d.join("usb");
    std::fs::create_dir(&medium).unwrap();
    let o = run(at(&sender_ledger)
        .args([
            "seal",
            "--json",
            "--class",
            "anonymized",
            "--tracking-number",
            TRACKING,
        ])
        .args(["--to", &p.rcard, "-i"])
        .arg(&p.sender)
        .arg("--medium")
        .arg(&medium)
        .arg(&p.extract));
    ok(&o);
    let id = serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["shipment_id"]
        .as_str()
        .unwrap()
        .to_string();
    let receipt = d.join("受領書.txt");
    verify_and_sign(
        &recipient_ledger,
        &p.card,
        &medium,
        &id,
        &p.recipient,
        &receipt,
    );
    Loop {
        p,
        sender_ledger,
        recipient_ledger,
        medium,
        id,
        receipt,
    }
}

/// `record receipt FILE` in the sender's ledger.
fn record_receipt(l: &Loop, file: &Path) -> Output {
    run(at(&l.sender_ledger).args(["record", "receipt"]).arg(file))
}

/// A refusal: exit `code`, the error says `says`, a hint follows, nothing recorded.
fn refused(l: &Loop, file: &Path, code: i32, says: &str) {
    let o = record_receipt(l, file);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(code), "{err}");
    assert!(err.contains(says), "expected {says:?} in: {err}");
    assert!(err.contains("isou: hint: "), "{err}");
    assert_eq!(count_events(&l.sender_ledger, "delivered"), 0, "{err}");
}

/// The recipient's signing key, read through the library (to make receipts a real
/// recipient could sign but isou would never write).
fn recipient_key(l: &Loop) -> ssh_key::PrivateKey {
    isou::keys::read_identity_file_for(&l.p.recipient, isou::keys::KeyUse::Sign, &mut || {
        unreachable!("unprotected")
    })
    .unwrap()
    .signing_key()
    .unwrap()
    .clone()
}

fn write(l: &Loop, name: &str, bytes: &[u8]) -> PathBuf {
    let p = l.p.dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The cell of `column` in the first data row of a CSV export.
fn cell(csv: &str, column: &str) -> String {
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let i = head
        .iter()
        .position(|h| *h == column)
        .unwrap_or_else(|| panic!("no column {column} in {head:?}"));
    lines.next().unwrap().split(',').nth(i).unwrap().to_string()
}

#[test]
fn the_receipt_round_trip_records_delivered_once_and_the_register_shows_it() {
    let l = sealed_and_received();
    let text = std::fs::read_to_string(&l.receipt).unwrap();
    assert!(text.starts_with("isou-receipt v1\n# 受領書"), "{text}");
    assert!(text.contains(&format!("shipment: {}\n", l.id)), "{text}");
    assert!(
        text.contains(&format!("tracking-number: {TRACKING}\n")),
        "{text}"
    );
    assert!(text.contains("verification: VALID\n"), "{text}");
    assert!(text.contains("no personal data"), "{text}");
    // No names, no file names: not the extract's, not the medium's folder.
    // Only the signed text is read: the base64 signature may spell anything by chance.
    let body = text.split("-----BEGIN SSH SIGNATURE-----").next().unwrap();
    assert!(!body.contains("part0") && !body.contains("usb"), "{text}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&l.receipt).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
    assert_eq!(count_events(&l.recipient_ledger, "receipt-issued"), 1);

    // -o never overwrites.
    let o = run(at(&l.recipient_ledger)
        .args(["receipt", &l.id, "-i"])
        .arg(&l.p.recipient)
        .arg("-o")
        .arg(&l.receipt));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&l.receipt).unwrap(), text);
    assert_eq!(count_events(&l.recipient_ledger, "receipt-issued"), 1);

    let o = record_receipt(&l, &l.receipt);
    ok(&o);
    assert!(String::from_utf8_lossy(&o.stdout).contains("delivered"));
    assert_eq!(count_events(&l.sender_ledger, "delivered"), 1);
    let o = run(at(&l.sender_ledger).args(["record", "export"]));
    ok(&o);
    let csv = String::from_utf8(o.stdout).unwrap();
    let verified_at = text
        .lines()
        .find_map(|l| l.strip_prefix("verified-at: "))
        .unwrap();
    let day = verified_at
        .parse::<jiff::Timestamp>()
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::get("Asia/Tokyo").unwrap())
        .date()
        .to_string();
    assert_eq!(cell(&csv, "到着確認"), day, "{csv}");

    // A second receipt of a delivered shipment: checked, then nothing recorded.
    let again = l.p.dir.path().join("again.txt");
    ok(&run(at(&l.recipient_ledger)
        .args(["receipt", &l.id, "-i"])
        .arg(&l.p.recipient)
        .arg("-o")
        .arg(&again)));
    for f in [&l.receipt, &again] {
        let o = record_receipt(&l, f);
        ok(&o);
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("already recorded as delivered"),
            "{}",
            String::from_utf8_lossy(&o.stdout)
        );
    }
    assert_eq!(count_events(&l.sender_ledger, "delivered"), 1);
}

#[test]
fn no_receipt_without_a_valid_verification_against_a_pinned_sender() {
    let l = sealed_and_received();
    let other = l.p.dir.path().join("other.sqlite");
    // Checked without --signer: not VALID, so no receipt; nor in a ledger with nothing.
    let o = run(at(&other).arg("verify").arg(&l.medium));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    for ledger in [&other, &l.p.dir.path().join("empty.sqlite")] {
        let out = l.p.dir.path().join("r.txt");
        let o = run(at(ledger)
            .args(["receipt", &l.id, "-i"])
            .arg(&l.p.recipient)
            .arg("-o")
            .arg(&out));
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("no VALID verification"),
            "{}",
            stderr(&o)
        );
        assert!(
            stderr(&o).contains("isou verify --signer"),
            "{}",
            stderr(&o)
        );
        assert!(!out.exists());
    }
    assert_eq!(count_events(&other, "receipt-issued"), 0);
    // No ledger is created for the refusal.
    assert!(!l.p.dir.path().join("empty.sqlite").exists());
}

#[test]
fn a_receipt_of_a_shipment_not_sealed_here_is_refused() {
    let l = sealed_and_received();
    // The recipient's own ledger verified the shipment but did not seal it.
    let o = run(at(&l.recipient_ledger)
        .args(["record", "receipt"])
        .arg(&l.receipt));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("was not sealed in this ledger"),
        "{}",
        stderr(&o)
    );
    assert_eq!(count_events(&l.recipient_ledger, "delivered"), 0);
    // Another sender's ledger, with a shipment of its own.
    let (other_ledger, _) = ledger_with_shipment(&l.p.dir.path().join("o").tap_mkdir());
    let o = run(at(&other_ledger)
        .args(["record", "receipt"])
        .arg(&l.receipt));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("another shipment"), "{}", stderr(&o));
    assert_eq!(count_events(&other_ledger, "delivered"), 0);
    // No ledger at all: refused, and none is created.
    let none = l.p.dir.path().join("none.sqlite");
    let o = run(at(&none).args(["record", "receipt"]).arg(&l.receipt));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("no ledger"), "{}", stderr(&o));
    assert!(!none.exists());
}

trait Mkdir {
    fn tap_mkdir(self) -> PathBuf;
}
impl Mkdir for PathBuf {
    fn tap_mkdir(self) -> PathBuf {
        std::fs::create_dir_all(&self).unwrap();
        self
    }
}

#[test]
fn a_receipt_signed_by_a_third_party_is_refused() {
    let l = sealed_and_received();
    // A third party who got hold of the medium verifies it VALID and signs a receipt.
    let (third, _) = keygen(l.p.dir.path(), "third.txt");
    let ledger = l.p.dir.path().join("third.sqlite");
    let forged = l.p.dir.path().join("third-receipt.txt");
    verify_and_sign(&ledger, &l.p.card, &l.medium, &l.id, &third, &forged);
    refused(
        &l,
        &forged,
        1,
        "not by the destination's key recorded at seal",
    );
}

#[test]
fn an_edited_receipt_is_refused() {
    let l = sealed_and_received();
    let text = std::fs::read_to_string(&l.receipt).unwrap();
    // A byte of the body, keeping every field's form: the signature no longer matches.
    let hash = text
        .lines()
        .find_map(|l| l.strip_prefix("tagmanifest-sha256: "))
        .unwrap();
    let flipped: String = hash
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i == 0 {
                if c == '0' {
                    '1'
                } else {
                    '0'
                }
            } else {
                c
            }
        })
        .collect();
    let f = write(
        &l,
        "edited-body.txt",
        text.replace(hash, &flipped).as_bytes(),
    );
    refused(&l, &f, 1, "edited after signing");
    let f = write(
        &l,
        "edited-time.txt",
        text.replacen("verified-at: 2", "verified-at: 1", 1)
            .as_bytes(),
    );
    refused(&l, &f, 1, "edited after signing");
    // A byte of the signature block.
    let at = text.find("-----BEGIN SSH SIGNATURE-----\n").unwrap() + 40;
    let mut bytes = text.into_bytes();
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    let f = write(&l, "edited-signature.txt", &bytes);
    refused(&l, &f, 1, "signature");
}

#[test]
fn a_receipt_signed_in_the_medium_namespace_is_refused() {
    let l = sealed_and_received();
    let text = std::fs::read_to_string(&l.receipt).unwrap();
    let signed = receipt::parse(text.as_bytes()).unwrap();
    // The recipient's own key, but the medium's namespace (`isou`).
    let sig = isou::signature::sign(&recipient_key(&l), signed.body.as_bytes()).unwrap();
    let f = write(&l, "medium-ns.txt", (signed.body + &sig).as_bytes());
    refused(&l, &f, 1, "it is a medium's signature");
}

#[test]
fn a_signed_receipt_whose_facts_differ_from_the_seal_is_refused() {
    let l = sealed_and_received();
    let good = receipt::parse(&std::fs::read(&l.receipt).unwrap())
        .unwrap()
        .receipt;
    let key = recipient_key(&l);
    type Change = Box<dyn Fn(&mut Receipt)>;
    let cases: [(&str, Change); 3] = [
        (
            "tracking-number",
            Box::new(|r| r.tracking_number = Some("13112383863".into())),
        ),
        (
            "tagmanifest-sha256",
            Box::new(|r| r.tagmanifest_sha256 = "0".repeat(64)),
        ),
        (
            "sender-key",
            Box::new(|r| r.sender_key = format!("SHA256:{}", "C".repeat(43))),
        ),
    ];
    for (field, change) in cases {
        let mut r = good.clone();
        change(&mut r);
        let f = write(
            &l,
            &format!("{field}.txt"),
            r.sign(&key).unwrap().as_bytes(),
        );
        refused(&l, &f, 1, &format!("the receipt's {field} "));
    }
}

#[test]
fn malformed_oversized_and_binary_receipts_are_refused() {
    let l = sealed_and_received();
    let text = std::fs::read_to_string(&l.receipt).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "extra",
            text.replacen("issued-at: ", "destination: 某大学\nissued-at: ", 1)
                .into_bytes(),
            "no field of a receipt",
        ),
        (
            "duplicate",
            text.replacen(
                "verification: VALID\n",
                "verification: VALID\nverification: VALID\n",
                1,
            )
            .into_bytes(),
            "twice",
        ),
        (
            "missing",
            text.lines()
                .filter(|l| !l.starts_with("sender-key: "))
                .map(|l| format!("{l}\n"))
                .collect::<String>()
                .into_bytes(),
            "has no \"sender-key\" field",
        ),
        ("oversized", vec![b'a'; 100_000], "at most 8192"),
        (
            "binary",
            b"isou-receipt v1\n\x00\x01\x02\xff\xfe".to_vec(),
            "not a text receipt",
        ),
        ("no-header", b"hello\n".to_vec(), "not an isou receipt"),
    ];
    for (name, bytes, says) in cases {
        let f = write(&l, &format!("{name}.txt"), &bytes);
        refused(&l, &f, 1, says);
    }
}

#[test]
fn ssh_keygen_verifies_a_receipt_in_the_receipt_namespace_only() {
    if !have("ssh-keygen") {
        return;
    }
    let l = sealed_and_received();
    let text = std::fs::read_to_string(&l.receipt).unwrap();
    let signed = receipt::parse(text.as_bytes()).unwrap();
    let d = l.p.dir.path();
    let (body, sig) = (d.join("body.txt"), d.join("body.txt.sig"));
    std::fs::write(&body, &signed.body).unwrap();
    std::fs::write(&sig, &signed.signature).unwrap();
    let card: isou::keys::ContactCard = l.p.rcard.parse().unwrap();
    let key = card.signing_key.to_openssh().unwrap();
    let allowed = d.join("allowed_signers");
    std::fs::write(
        &allowed,
        format!("recipient namespaces=\"{}\" {key}\n", receipt::NAMESPACE),
    )
    .unwrap();
    let verify = |ns: &str| {
        Command::new("ssh-keygen")
            .args(["-Y", "verify", "-I", "recipient", "-n", ns, "-f"])
            .arg(&allowed)
            .arg("-s")
            .arg(&sig)
            .stdin(std::fs::File::open(&body).unwrap())
            .output()
            .unwrap()
    };
    let o = verify("isou-receipt");
    assert!(o.status.success(), "{}", stderr(&o));
    // Not as a medium signature.
    assert!(!verify("isou").status.success());
}

/// Issue 16 red team finding 01: a receipt signed by the destination whose times cannot
/// be true — verified in the future or before the seal, issued before the verification
/// or in the future — is refused and nothing is recorded; within the clock skew a
/// receipt still counts.
#[test]
fn a_signed_receipt_whose_times_cannot_be_true_is_refused() {
    let l = sealed_and_received();
    let good = receipt::parse(&std::fs::read(&l.receipt).unwrap())
        .unwrap()
        .receipt;
    let key = recipient_key(&l);
    let verified: jiff::Timestamp = good.verified_at.parse().unwrap();
    let shift = |secs: i64| {
        verified
            .checked_add(jiff::SignedDuration::from_secs(secs))
            .unwrap()
            .to_string()
    };
    let cases: [(&str, &str, String, String); 5] = [
        (
            "future",
            "verified-at",
            "2099-01-01T00:00:00Z".into(),
            "2099-01-01T00:00:00Z".into(),
        ),
        (
            "before-seal",
            "verified-at",
            "2020-01-01T00:00:00Z".into(),
            "2020-01-01T00:00:00Z".into(),
        ),
        (
            "before-seal-by-an-hour",
            "verified-at",
            shift(-3600),
            good.issued_at.clone(),
        ),
        (
            "issued-before-verified",
            "issued-at",
            good.verified_at.clone(),
            shift(-60),
        ),
        (
            "issued-in-future",
            "issued-at",
            good.verified_at.clone(),
            shift(3 * 24 * 3600),
        ),
    ];
    for (name, field, verified_at, issued_at) in cases {
        let mut r = good.clone();
        r.verified_at = verified_at;
        r.issued_at = issued_at;
        let f = write(&l, &format!("{name}.txt"), r.sign(&key).unwrap().as_bytes());
        refused(&l, &f, 1, &format!("the receipt's {field} "));
        assert!(stderr(&record_receipt(&l, &f)).contains("cannot be true"));
    }
    // A minute of the recipient's clock ahead of the sender's is no lie.
    let mut r = good.clone();
    r.verified_at = shift(60);
    r.issued_at = shift(90);
    let f = write(&l, "skew.txt", r.sign(&key).unwrap().as_bytes());
    let o = run(at(&l.sender_ledger)
        .env("ISOU_NOW", verified.to_string())
        .args(["record", "receipt"])
        .arg(&f));
    ok(&o);
    assert_eq!(count_events(&l.sender_ledger, "delivered"), 1);
}

/// Issue 16 red team finding 09: a delivered shipment (its signed receipt recorded) is
/// no longer listed by `record list --open` on the sender's side.
#[test]
fn a_delivered_shipment_is_not_open() {
    let l = sealed_and_received();
    let open = || {
        let o = run(at(&l.sender_ledger).args(["record", "list", "--open"]));
        ok(&o);
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    assert!(open().contains(&l.id), "{}", open());
    ok(&record_receipt(&l, &l.receipt));
    let out = open();
    assert!(!out.contains(&l.id), "{out}");
    assert!(out.contains("delivered"), "{out}");
}

/// Issue 16 red team finding 06: after a keyed partner's medium claimed the shipment id
/// of the sender's genuine medium (both verified VALID, the id contested), `isou
/// receipt` no longer signs whichever was verified last: without --signer it refuses,
/// naming both keys and what to do; with --signer it signs that sender's medium, and
/// the genuine sender records the delivery.
#[test]
fn a_contested_shipment_id_is_receipted_only_for_the_sender_named() {
    let l = sealed_and_received();
    let (partner, partner_card) = other_key();
    let age = l.p.rcard.split_whitespace().nth(1).unwrap();
    let squat = keyed_medium(
        l.p.dir.path(),
        "squat",
        b"tar",
        age,
        &[
            ("External-Identifier", l.id.as_str()),
            ("Bag-Group-Identifier", l.id.as_str()),
        ],
        &partner,
    );
    ok(&run(at(&l.recipient_ledger)
        .args(["verify", "--signer", &partner_card])
        .arg(&squat)));
    let sign = |name: &str, signer: Option<&str>| {
        let out = l.p.dir.path().join(name);
        let mut c = at(&l.recipient_ledger);
        c.args(["receipt", &l.id, "-i"]).arg(&l.p.recipient);
        if let Some(s) = signer {
            c.args(["--signer", s]);
        }
        (run(c.arg("-o").arg(&out)), out)
    };
    let partner_fp = isou::signature::fingerprint(partner.public_key());
    let good = receipt::parse(&std::fs::read(&l.receipt).unwrap())
        .unwrap()
        .receipt;
    let (o, out) = sign("unnamed.txt", None);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("is contested"), "{err}");
    assert!(
        err.contains(&partner_fp) && err.contains(&good.sender_key),
        "{err}"
    );
    assert!(
        err.contains("isou: hint: ") && err.contains("--signer"),
        "{err}"
    );
    assert!(!out.exists());
    assert_eq!(count_events(&l.recipient_ledger, "receipt-issued"), 1);

    // Named: the genuine sender's medium, which the sender records as delivered.
    let (o, out) = sign("named.txt", Some(&l.p.card));
    ok(&o);
    let named = receipt::parse(&std::fs::read(&out).unwrap())
        .unwrap()
        .receipt;
    assert_eq!(named.sender_key, good.sender_key);
    assert_eq!(named.tagmanifest_sha256, good.tagmanifest_sha256);
    ok(&record_receipt(&l, &out));
    assert_eq!(count_events(&l.sender_ledger, "delivered"), 1);

    // The partner's medium, named, is the partner's receipt: not the sender's.
    let (o, out) = sign("partner.txt", Some(&partner_card));
    ok(&o);
    let theirs = receipt::parse(&std::fs::read(&out).unwrap())
        .unwrap()
        .receipt;
    assert_eq!(theirs.sender_key, partner_fp);
    // A sender whose medium of this id was never verified: refused, naming those that were.
    let (_, stranger) = other_key();
    let (o, _) = sign("stranger.txt", Some(&stranger));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no VALID verification"),
        "{}",
        stderr(&o)
    );
}
