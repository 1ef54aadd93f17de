//! Safe by default (issue 14): the class is identifiable unless declared, written signed
//! to bag-info.txt and recorded on both sides; unsafe choices are refused or recorded.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::*;

/// A sender, a recipient, an extract and a ledger in a fresh folder.
struct Setup {
    dir: tempfile::TempDir,
    sender: PathBuf,
    sender_card: String,
    recipient: PathBuf,
    recipient_card: String,
    extract: PathBuf,
    ledger: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let (sender, sender_card) = keygen(dir.path(), "s.txt");
    let (recipient, recipient_card) = keygen(dir.path(), "r.txt");
    let extract = dir.path().join("extract");
    fs::create_dir(&extract).unwrap();
    fs::write(extract.join("x.csv"), "1,2\n").unwrap();
    let ledger = dir.path().join("l.sqlite");
    Setup {
        dir,
        sender,
        sender_card,
        recipient,
        recipient_card,
        extract,
        ledger,
    }
}

impl Setup {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A new empty medium folder.
    fn medium(&self, name: &str) -> PathBuf {
        let m = self.path(name);
        fs::create_dir(&m).unwrap();
        m
    }

    /// `isou [--policy P] seal --to CARD -i S --medium M EXTRA… EXTRACT`.
    fn seal(&self, policy: Option<&Path>, medium: &Path, extra: &[&str]) -> Output {
        let mut c = isou();
        c.arg("--ledger").arg(&self.ledger);
        if let Some(p) = policy {
            c.arg("--policy").arg(p);
        }
        run(c
            .args(["seal", "--to", &self.recipient_card, "-i"])
            .arg(&self.sender)
            .arg("--medium")
            .arg(medium)
            .args(extra)
            // Identifiable data names where it goes (§2.2②, tests/it/destination.rs).
            .args(if extra.contains(&"--destination") {
                &[][..]
            } else {
                &["--destination", "国立がん研究センター"][..]
            })
            .arg(&self.extract))
    }

    /// A policy file with `extra` lines.
    fn policy(&self, name: &str, extra: &str) -> PathBuf {
        let p = self.path(name);
        fs::write(&p, format!("organization = \"大阪府\"\n{extra}")).unwrap();
        p
    }

    /// The register (移送記録簿) as JSON rows.
    fn register(&self) -> Vec<serde_json::Value> {
        let o = run(isou()
            .arg("--ledger")
            .arg(&self.ledger)
            .args(["record", "export", "--format", "json"]));
        assert!(o.status.success(), "{}", stderr(&o));
        // The export is an object: its provenance and its rows (issue 16).
        serde_json::from_value(
            serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["rows"].clone(),
        )
        .unwrap()
    }

    /// The register as CSV text.
    fn register_csv(&self) -> String {
        let o = run(isou()
            .arg("--ledger")
            .arg(&self.ledger)
            .args(["record", "export", "--format", "csv"]));
        assert!(o.status.success(), "{}", stderr(&o));
        String::from_utf8(o.stdout).unwrap()
    }

    /// The last sealed event's body.
    fn last_sealed(&self) -> serde_json::Value {
        ledger_events(&self.ledger)
            .into_iter()
            .rev()
            .find(|e| e["kind"] == "sealed")
            .expect("a sealed event")["body"]
            .clone()
    }
}

fn info(m: &Path) -> String {
    fs::read_to_string(m.join("bag-info.txt")).unwrap()
}

/// A refusal: exit 2, the clause named, nothing written to the medium.
fn refused(o: &Output, m: &Path, clause: &str) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    assert!(stderr(o).contains(clause), "{clause}: {}", stderr(o));
    assert!(entries(m).is_empty(), "written despite the refusal");
}

#[test]
fn without_a_class_the_medium_is_identifiable_without_a_policy() {
    let s = setup();
    // The new user: no class, ordinary untracked mail. It sealed and exited 0.
    let m = s.medium("plain");
    let o = s.seal(None, &m, &["--carrier", "普通郵便"]);
    refused(&o, &m, "§2.2⑥");
    assert!(
        stderr(&o).contains("identifiable (非匿名化)"),
        "{}",
        stderr(&o)
    );
    // The hint says the class was assumed and names the flag that declares otherwise.
    assert!(
        stderr(&o).contains("no --class was given") && stderr(&o).contains("--class anonymized"),
        "{}",
        stderr(&o)
    );
    // The envelope rule of identifiable data applies too, and the class is written.
    let m = s.medium("tracked-unconfirmed");
    refused(&s.seal(None, &m, &["--carrier", "簡易書留"]), &m, "§2.2⑤");
    let m = s.medium("tracked");
    let o = s.seal(
        None,
        &m,
        &[
            "--carrier",
            "簡易書留",
            "--envelope-confirmed",
            "--use-until",
            "2099-12-31",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        info(&m).contains("Information-Class: identifiable (非匿名化)\n"),
        "{}",
        info(&m)
    );
    assert_eq!(s.last_sealed()["class"], "identifiable");
    assert_eq!(s.register()[0]["情報の区分"], "非匿名化");
}

#[test]
fn the_class_takes_english_or_japanese_words_and_nothing_else() {
    let s = setup();
    for (i, (typed, label)) in [
        ("anonymized", "anonymized (匿名化)"),
        ("匿名化", "anonymized (匿名化)"),
        ("anonymized (匿名化)", "anonymized (匿名化)"),
        ("非匿名化", "identifiable (非匿名化)"),
        ("identifiable (非匿名化)", "identifiable (非匿名化)"),
    ]
    .into_iter()
    .enumerate()
    {
        let m = s.medium(&format!("m{i}"));
        let o = s.seal(
            None,
            &m,
            &[
                "--class",
                typed,
                "--carrier",
                "簡易書留",
                "--envelope-confirmed",
                "--use-until",
                "2099-12-31",
            ],
        );
        assert!(o.status.success(), "{typed}: {}", stderr(&o));
        assert!(
            info(&m).contains(&format!("Information-Class: {label}\n")),
            "{typed}: {}",
            info(&m)
        );
        // One word in the event, whichever was typed.
        assert_eq!(s.last_sealed()["class"], label.split(' ').next().unwrap());
    }
    // A misspelt class falls to neither side.
    for bad in ["anonymous", "匿名", "", "identifiable (匿名化)"] {
        let m = s.medium(&format!("bad{}", bad.len()));
        let o = s.seal(None, &m, &["--class", bad, "--carrier", "普通郵便"]);
        assert_eq!(o.status.code(), Some(2), "{bad:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("is not an information class"),
            "{bad:?}: {}",
            stderr(&o)
        );
        assert!(entries(&m).is_empty());
    }
}

#[test]
fn the_signed_class_is_recorded_by_verify_and_open() {
    let s = setup();
    let m = s.medium("usb");
    let o = s.seal(None, &m, &["--class", "匿名化", "--carrier", "普通郵便"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(info(&m).contains("Information-Class: anonymized (匿名化)\n"));
    // The recipient's ledger: the class as the sender signed it, the same word.
    let theirs = s.path("theirs.sqlite");
    let o = run(isou()
        .arg("--ledger")
        .arg(&theirs)
        .arg("verify")
        .arg(&m)
        .args(["--signer", &s.sender_card]));
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(isou()
        .arg("--ledger")
        .arg(&theirs)
        .arg("open")
        .arg(&m)
        .arg("-i")
        .arg(&s.recipient)
        .args(["--signer", &s.sender_card, "--out"])
        .arg(s.path("got")));
    assert!(o.status.success(), "{}", stderr(&o));
    let events = ledger_events(&theirs);
    for kind in ["received", "verified", "opened"] {
        let e = events.iter().find(|e| e["kind"] == kind).expect(kind);
        assert_eq!(e["body"]["class"], "anonymized", "{kind}: {e}");
    }
    let o = run(isou()
        .arg("--ledger")
        .arg(&theirs)
        .args(["record", "export", "--format", "json"]));
    let rows: Vec<serde_json::Value> = serde_json::from_value(
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["rows"].clone(),
    )
    .unwrap();
    assert_eq!(rows[0]["情報の区分"], "匿名化", "{rows:?}");
    // Changed on the medium, the class no longer authenticates: nothing is recorded
    // under the shipment from an altered bag-info.
    let text = info(&m).replace("anonymized (匿名化)", "identifiable (非匿名化)");
    fs::write(m.join("bag-info.txt"), text).unwrap();
    let o = run(isou()
        .arg("--ledger")
        .arg(&theirs)
        .arg("verify")
        .arg(&m)
        .args(["--signer", &s.sender_card]));
    assert_ne!(o.status.code(), Some(0), "{}", stderr(&o));
    let verified = ledger_events(&theirs)
        .into_iter()
        .filter(|e| e["kind"] == "verified")
        .count();
    assert_eq!(verified, 1);
}

#[test]
fn the_policy_sets_the_default_class_and_policy_check_shows_it() {
    let s = setup();
    // A policy that says nothing of the class: identifiable.
    let silent = s.policy("silent.toml", "");
    let o = run(isou()
        .arg("--policy")
        .arg(&silent)
        .args(["policy", "check"]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("default class: identifiable (非匿名化)"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let m = s.medium("silent");
    refused(
        &s.seal(Some(&silent), &m, &["--carrier", "普通郵便"]),
        &m,
        "§2.2⑥",
    );
    // default_class = "匿名化": sealed without --class as anonymized, and no explicit
    // choice recorded (the policy made it, not a flag).
    let anon = s.policy("anon.toml", "default_class = \"匿名化\"\n");
    let o = run(isou().arg("--policy").arg(&anon).args(["policy", "check"]));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("default class: anonymized (匿名化)"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let m = s.medium("anon");
    let o = s.seal(Some(&anon), &m, &["--carrier", "普通郵便"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(info(&m).contains("Information-Class: anonymized (匿名化)\n"));
    let body = s.last_sealed();
    assert_eq!(body["class"], "anonymized");
    assert!(
        !body["choices"].to_string().contains("--class"),
        "{}",
        body["choices"]
    );
    // --class identifiable still overrides it, with its rules.
    let m = s.medium("override");
    refused(
        &s.seal(
            Some(&anon),
            &m,
            &["--class", "identifiable", "--carrier", "普通郵便"],
        ),
        &m,
        "§2.2⑥",
    );
    // A default_class that is no class: the policy file is refused.
    let bad = s.policy("bad.toml", "default_class = \"secret\"\n");
    let o = run(isou().arg("--policy").arg(&bad).args(["policy", "check"]));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("default_class"), "{}", stderr(&o));
}

#[test]
fn allow_nonempty_is_refused_for_identifiable_data_and_recorded_for_anonymized() {
    let s = setup();
    let policy = s.policy("p.toml", "");
    for (name, p) in [("none", None), ("policy", Some(policy.as_path()))] {
        let m = s.medium(&format!("used-{name}"));
        // Not data (a photo): --allow-nonempty never keeps plaintext beside the bag.
        fs::write(m.join("IMG_0001.JPG"), b"\xff\xd8\xff\xe0\x00\x10JFIF\x00").unwrap();
        for extra in [
            &[
                "--allow-nonempty",
                "--carrier",
                "簡易書留",
                "--envelope-confirmed",
                "--use-until",
                "2099-12-31",
            ][..],
            &[
                "--class",
                "非匿名化",
                "--allow-nonempty",
                "--carrier",
                "簡易書留",
                "--envelope-confirmed",
                "--use-until",
                "2099-12-31",
            ],
        ] {
            let o = s.seal(p, &m, extra);
            assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
            let e = stderr(&o);
            assert!(
                e.contains("§2.2 本文") && e.contains("--allow-nonempty"),
                "{name}: {e}"
            );
            assert_eq!(
                entries(&m),
                ["IMG_0001.JPG"],
                "{name}: the medium was touched"
            );
        }
        // Anonymized: allowed, and recorded as an explicit choice.
        let o = s.seal(
            p,
            &m,
            &[
                "--class",
                "anonymized",
                "--allow-nonempty",
                "--carrier",
                "普通郵便",
            ],
        );
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let flags: Vec<String> = s.last_sealed()["choices"]
            .as_array()
            .expect("choices")
            .iter()
            .map(|c| c["flag"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            flags,
            [
                "--class anonymized",
                "--carrier 普通郵便",
                "--allow-nonempty"
            ],
            "{name}"
        );
    }
}

#[test]
fn explicit_choices_show_in_the_register_remarks() {
    let s = setup();
    let m = s.medium("usb");
    // Not data (a photo): --allow-nonempty never keeps plaintext beside the bag.
    fs::write(m.join("IMG_0001.JPG"), b"\xff\xd8\xff\xe0\x00\x10JFIF\x00").unwrap();
    let o = s.seal(
        None,
        &m,
        &[
            "--class",
            "anonymized",
            "--allow-nonempty",
            "--carrier",
            "普通郵便",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // A safe seal next to it: no remark.
    let safe = s.medium("safe");
    let o = s.seal(
        None,
        &safe,
        &[
            "--carrier",
            "簡易書留",
            "--envelope-confirmed",
            "--use-until",
            "2099-12-31",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = s.register();
    assert_eq!(rows.len(), 2);
    let remark = rows[0]["備考"].as_str().unwrap();
    for want in [
        "明示的な選択 --class anonymized",
        "§2.2⑤–⑪",
        "--carrier 普通郵便",
        "§2.2⑥",
        "--allow-nonempty",
        "§2.2 本文",
    ] {
        assert!(remark.contains(want), "{want}: {remark}");
    }
    assert_eq!(rows[0]["情報の区分"], "匿名化");
    assert_eq!(rows[1]["備考"], "", "{:?}", rows[1]);
    assert_eq!(rows[1]["情報の区分"], "非匿名化");
    let csv = s.register_csv();
    assert!(csv.contains("明示的な選択 --allow-nonempty"), "{csv}");
}

#[test]
fn isou_policy_naming_a_missing_file_is_an_error() {
    let s = setup();
    let missing = s.path("no-such-policy.toml");
    let o = run(isou()
        .env("ISOU_POLICY", &missing)
        .args(["policy", "check"]));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("no-such-policy.toml") && e.contains("ISOU_POLICY"),
        "{e}"
    );
    // seal too, before the medium is touched, even for data that needs no rule.
    let m = s.medium("usb");
    let o = run(isou()
        .env("ISOU_POLICY", &missing)
        .arg("--ledger")
        .arg(&s.ledger)
        .args(["seal", "--to", &s.recipient_card, "-i"])
        .arg(&s.sender)
        .arg("--medium")
        .arg(&m)
        .args(["--class", "anonymized"])
        .arg(&s.extract));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(entries(&m).is_empty());
    // Named and present, it applies; empty, it is unset (the built-in rules).
    let p = s.policy("p.toml", "default_class = \"anonymized\"\n");
    let o = run(isou().env("ISOU_POLICY", &p).args(["policy", "check"]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("anonymized (匿名化)"));
    let o = run(isou().env("ISOU_POLICY", "").args(["policy", "check"]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("built-in rules"));
}

/// `isou --ledger L verify M --signer CARD`.
fn verify_as(ledger: &Path, m: &Path, signer: &str) -> Output {
    run(isou()
        .arg("--ledger")
        .arg(ledger)
        .arg("verify")
        .arg(m)
        .args(["--signer", signer]))
}

/// The register rows (JSON) of the ledger at `ledger`.
fn register_of(ledger: &Path) -> Vec<serde_json::Value> {
    let o = run(isou()
        .arg("--ledger")
        .arg(ledger)
        .args(["record", "export", "--format", "json"]));
    assert!(o.status.success(), "{}", stderr(&o));
    // The export is an object: its provenance and its rows (issue 16).
    serde_json::from_value(
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["rows"].clone(),
    )
    .unwrap()
}

/// Finding 05: a medium signed without `Information-Class` (sealed before the class was
/// signed), or with a text that is no class, is handled as identifiable: verify says so,
/// records it with `class_stated: false`, and the register shows 非匿名化 with a remark.
#[test]
fn a_medium_without_a_known_class_is_received_as_identifiable() {
    let dir = tempfile::tempdir().unwrap();
    let (_, recipient) = unprotected_identity(dir.path(), "r.txt");
    let (key, signer) = other_key();
    for (n, class) in [
        None,
        Some("unknown"),
        Some("identifiable (匿名化)"),
        Some("anonymized (匿名化)"),
    ]
    .into_iter()
    .enumerate()
    {
        let id = format!("ISOU-20261203-CLASS22{}", (b'A' + n as u8) as char);
        let mut fields = vec![
            ("External-Identifier", id.as_str()),
            ("Source-Organization", "大阪府"),
            ("Medium-Type", "USBメモリ"),
        ];
        if let Some(c) = class {
            fields.push(("Information-Class", c));
        }
        let m = keyed_medium(dir.path(), &id, b"tar", &recipient, &fields, &key);
        let ledger = dir.path().join(format!("{id}.sqlite"));
        let o = verify_as(&ledger, &m, &signer);
        // A class the sender got wrong is the sender's error, not a forgery: VALID,
        // handled as identifiable, with a warning.
        assert!(o.status.success(), "{class:?}: {}", stderr(&o));
        let text = String::from_utf8_lossy(&o.stdout).to_string();
        let verified = ledger_events(&ledger)
            .into_iter()
            .find(|e| e["kind"] == "verified")
            .expect("verified")["body"]
            .clone();
        let row = &register_of(&ledger)[0];
        if class == Some("anonymized (匿名化)") {
            assert!(text.contains("anonymized (匿名化)\n"), "{text}");
            assert_eq!(verified["class"], "anonymized", "{verified}");
            assert_eq!(verified["class_stated"], true, "{verified}");
            assert_eq!(row["情報の区分"], "匿名化", "{row}");
            assert_eq!(row["備考"], "", "{row}");
            continue;
        }
        assert_eq!(verified["class"], "identifiable", "{class:?}: {verified}");
        assert_eq!(verified["class_stated"], false, "{class:?}: {verified}");
        assert_eq!(row["情報の区分"], "非匿名化", "{class:?}: {row}");
        match class {
            None => {
                assert!(
                    text.contains("identifiable (非匿名化) — not stated by the sender"),
                    "{text}"
                );
                assert!(verified.get("class_claimed").is_none(), "{verified}");
                assert!(
                    row["備考"].as_str().unwrap().contains("送付元の記載なし"),
                    "{row}"
                );
            }
            Some(c) => {
                assert!(
                    text.contains("identifiable (非匿名化) — the sender's class"),
                    "{text}"
                );
                assert!(
                    stderr(&o).contains("not a class isou knows"),
                    "{}",
                    stderr(&o)
                );
                assert_eq!(verified["class_claimed"], c, "{verified}");
                assert!(row["備考"].as_str().unwrap().contains(c), "{row}");
            }
        }
        let o = run(isou()
            .arg("--ledger")
            .arg(&ledger)
            .arg("verify")
            .arg("--json")
            .arg(&m)
            .args(["--signer", &signer]));
        let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(j["class"]["class"], "identifiable", "{j}");
        assert_eq!(j["class"]["stated"], false, "{j}");
        // Received and verified both: the remark once.
        assert_eq!(
            row["備考"].as_str().unwrap().matches("情報の区分").count(),
            1,
            "{row}"
        );
    }
}

/// Finding 07: a shipment the recipient only opened (open authenticates the medium
/// first) has its row filled from the `opened` event: 区分, 移送元, 情報の区分, 署名鍵.
#[test]
fn a_shipment_only_opened_fills_the_recipients_register_row() {
    let s = setup();
    let policy = s.policy("p.toml", "");
    let m = s.medium("usb");
    let o = s.seal(
        Some(&policy),
        &m,
        &[
            "--carrier",
            "簡易書留",
            "--envelope-confirmed",
            "--use-until",
            "2099-12-31",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let theirs = s.path("theirs.sqlite");
    let o = run(isou()
        .arg("--ledger")
        .arg(&theirs)
        .arg("open")
        .arg(&m)
        .arg("-i")
        .arg(&s.recipient)
        .args(["--signer", &s.sender_card, "--out"])
        .arg(s.path("got")));
    assert!(o.status.success(), "{}", stderr(&o));
    let opened = ledger_events(&theirs)
        .into_iter()
        .find(|e| e["kind"] == "opened")
        .expect("opened")["body"]
        .clone();
    assert_eq!(opened["from"], "大阪府", "{opened}");
    assert_eq!(opened["class"], "identifiable", "{opened}");
    assert_eq!(opened["class_stated"], true, "{opened}");
    assert_eq!(opened["destination"], "国立がん研究センター", "{opened}");
    let rows = register_of(&theirs);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    assert_eq!(row["区分"], "受領", "{row}");
    assert_eq!(row["移送元"], "大阪府", "{row}");
    assert_eq!(row["移送先"], "国立がん研究センター", "{row}");
    assert_eq!(row["情報の区分"], "非匿名化", "{row}");
    assert!(
        row["署名鍵"].as_str().unwrap().starts_with("SHA256:"),
        "{row}"
    );
    assert_eq!(row["復号回数"], "1", "{row}");
    assert_eq!(row["備考"], "", "{row}");
}
