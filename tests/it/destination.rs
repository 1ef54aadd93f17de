//! Destination binding (§2.2②) and passphrase mode for identifiable data (§2.2⑦): `--to
//! NAME` sets the destination, a third party's card is refused for a contact, identifiable
//! data needs a destination, weak passphrases are refused, the key travels another way.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::*;

/// What every identifiable seal here gives besides, so that the carrier and envelope
/// rules (§2.2⑤⑥) are met and only the rule under test decides.
const TRACKED: &[&str] = &[
    "--class",
    "identifiable",
    "--carrier",
    "簡易書留",
    "--envelope-confirmed",
    "--use-until",
    "2099-12-31",
];

struct Setup {
    dir: tempfile::TempDir,
    sender: PathBuf,
    ncc_card: String,
    third_card: String,
    extract: PathBuf,
    ledger: PathBuf,
    policy: PathBuf,
}

/// A sender, the partner NCC (a contact of the policy), a third party, an extract, a
/// ledger, and a policy listing NCC and 大阪府 (each with their card).
fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let (sender, _) = keygen(dir.path(), "sender.txt");
    let (_, ncc_card) = keygen(dir.path(), "ncc.txt");
    let (_, osaka_card) = keygen(dir.path(), "osaka.txt");
    let (_, third_card) = keygen(dir.path(), "third.txt");
    let extract = dir.path().join("extract.csv");
    fs::write(&extract, "id,name\n1,山田\n").unwrap();
    let policy = dir.path().join("isou.toml");
    fs::write(
        &policy,
        format!(
            "[[contacts]]\nname = \"NCC\"\ncard = \"{ncc_card}\"\n\n[[contacts]]\nname = \"大阪府\"\ncard = \"{osaka_card}\"\n"
        ),
    )
    .unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    Setup {
        dir,
        sender,
        ncc_card,
        third_card,
        extract,
        ledger,
        policy,
    }
}

impl Setup {
    /// `isou [--policy P] seal … --medium M EXTRACT` into a new empty medium `name`.
    fn seal(&self, name: &str, policy: bool, args: &[&str]) -> (Output, PathBuf) {
        let m = self.dir.path().join(name);
        fs::create_dir(&m).unwrap();
        let mut c = isou();
        c.arg("--ledger").arg(&self.ledger);
        if policy {
            c.arg("--policy").arg(&self.policy);
        }
        let o = run(c
            .args(["seal", "--json", "-i"])
            .arg(&self.sender)
            .args(args)
            .arg("--medium")
            .arg(&m)
            .arg(&self.extract));
        (o, m)
    }

    fn record(&self, args: &[&str]) -> Output {
        run(isou()
            .arg("--ledger")
            .arg(&self.ledger)
            .arg("record")
            .args(args))
    }

    /// The sealed event of `shipment`.
    fn sealed(&self, shipment: &str) -> serde_json::Value {
        ledger_events(&self.ledger)
            .into_iter()
            .find(|e| e["kind"] == "sealed" && e["shipment"] == shipment)
            .unwrap_or_else(|| panic!("no sealed event for {shipment}"))
    }

    /// The 備考 of `shipment`'s row in the 移送記録簿 (JSON export).
    fn remarks(&self, shipment: &str) -> String {
        let o = self.record(&["export", "--format", "json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        // The export is an object: its provenance and its rows (issue 16).
        let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let rows = j["rows"].as_array().unwrap().clone();
        let row = rows
            .iter()
            .find(|r| r["移送ID"] == shipment)
            .unwrap_or_else(|| panic!("no row for {shipment}"));
        row["備考"].as_str().unwrap().to_string()
    }

    fn passphrase_file(&self, name: &str, pass: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        write_private(&p, format!("{pass}\n").as_bytes());
        p
    }
}

/// The shipment id `seal --json` printed.
fn shipment(o: &Output) -> String {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["shipment_id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A refusal: exit 2, the clause named, the medium untouched (what is recorded is
/// counted by the callers).
fn refused(o: &Output, medium: &Path, clause: &str) -> String {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(clause), "{clause} not named: {err}");
    assert!(
        entries(medium).is_empty(),
        "the medium was touched: {:?}",
        entries(medium)
    );
    err
}

fn bag_info(medium: &Path) -> String {
    fs::read_to_string(medium.join("bag-info.txt")).unwrap()
}

#[test]
fn to_a_contact_name_sets_the_destination() {
    let s = setup();
    // --to NCC alone: the recipient key and the destination, in bag-info and the event.
    let (o, m) = s.seal("m1", true, &[&["--to", "NCC"][..], TRACKED].concat());
    let id = shipment(&o);
    assert!(
        bag_info(&m).contains("Destination: NCC"),
        "{}",
        bag_info(&m)
    );
    assert_eq!(s.sealed(&id)["body"]["destination"], "NCC");
    // --to NCC --destination ＮＣＣ (the same contact, another spelling): accepted, under
    // its name in the policy.
    let (o, m) = s.seal(
        "m2",
        true,
        &[&["--to", "NCC", "--destination", "ＮＣＣ"][..], TRACKED].concat(),
    );
    let id = shipment(&o);
    assert!(bag_info(&m).contains("Destination: NCC"));
    assert_eq!(s.sealed(&id)["body"]["destination"], "NCC");
    // --to NCC --destination 大阪府: another contact of the policy, refused naming both.
    let (o, m) = s.seal(
        "m3",
        true,
        &[&["--to", "NCC", "--destination", "大阪府"][..], TRACKED].concat(),
    );
    let err = refused(&o, &m, "§2.2②");
    assert!(err.contains("NCC") && err.contains("大阪府"), "{err}");
    // Two contacts as recipients of one shipment: refused (one destination).
    let (o, m) = s.seal(
        "m4",
        true,
        &[&["--to", "NCC", "--to", "大阪府"][..], TRACKED].concat(),
    );
    let err = refused(&o, &m, "§2.2②");
    assert!(err.contains("one destination"), "{err}");
    assert_eq!(count_events(&s.ledger, "sealed"), 2);
}

#[test]
fn a_third_partys_card_is_refused_for_a_contact() {
    let s = setup();
    let third_age = s.third_card.split_whitespace().nth(1).unwrap().to_string();
    let ncc_age = s.ncc_card.split_whitespace().nth(1).unwrap().to_string();
    // The third party's card, its bare key, and a file holding its card, each with
    // --destination NCC: refused, naming the card given and the contact's.
    let card_file = s.dir.path().join("third.card");
    fs::write(&card_file, format!("{}\n", s.third_card)).unwrap();
    let card_file = card_file.display().to_string();
    for (i, to) in [s.third_card.as_str(), &third_age, &card_file]
        .into_iter()
        .enumerate()
    {
        let (o, m) = s.seal(
            &format!("m{i}"),
            true,
            &[&["--to", to, "--destination", "NCC"][..], TRACKED].concat(),
        );
        let err = refused(&o, &m, "§2.2②");
        assert!(
            err.contains(&third_age) && err.contains(&ncc_age) && err.contains("NCC"),
            "both keys are named: {err}"
        );
        assert!(err.contains("--to NCC"), "the hint names the way: {err}");
    }
    // NCC's card and the third party's together: refused too (every recipient).
    let (o, m) = s.seal(
        "both",
        true,
        &[&["--to", "NCC", "--to", &s.third_card][..], TRACKED].concat(),
    );
    refused(&o, &m, "§2.2②");
    // A card with NCC's recipient but another signing key: not NCC's card.
    let forged = s.third_card.replace(&third_age, &ncc_age);
    let (o, m) = s.seal(
        "forged",
        true,
        &[&["--to", &forged, "--destination", "NCC"][..], TRACKED].concat(),
    );
    let err = refused(&o, &m, "§2.2②");
    assert!(err.contains("signing"), "{err}");
    assert_eq!(count_events(&s.ledger, "sealed"), 0);
    // NCC's own card typed out, with --destination NCC: accepted.
    let (o, _) = s.seal(
        "ok",
        true,
        &[&["--to", &s.ncc_card, "--destination", "NCC"][..], TRACKED].concat(),
    );
    let id = shipment(&o);
    assert_eq!(s.sealed(&id)["body"]["destination"], "NCC");
}

#[test]
fn identifiable_data_needs_a_destination() {
    let s = setup();
    // No policy: identifiable data (stated, or by default) without --destination is
    // refused, the flag named.
    for (name, class) in [("stated", TRACKED), ("default", &TRACKED[2..])] {
        let (o, m) = s.seal(name, false, &[&["--to", &s.ncc_card][..], class].concat());
        let err = refused(&o, &m, "§2.2②");
        assert!(err.contains("--destination"), "{err}");
    }
    // With a policy listing contacts, a card that is no contact's typed without a
    // destination: the same.
    let (o, m) = s.seal(
        "policy",
        true,
        &[&["--to", &s.third_card][..], TRACKED].concat(),
    );
    let err = refused(&o, &m, "§2.2②");
    assert!(err.contains("--to NAME"), "{err}");
    // A contact's own card typed (or given as a file) is that contact: it sets the
    // destination as --to NAME does (issue 15 item 5).
    let (o, _) = s.seal(
        "policy-card",
        true,
        &[&["--to", &s.ncc_card][..], TRACKED].concat(),
    );
    let id = shipment(&o);
    assert_eq!(s.sealed(&id)["body"]["destination"], "NCC");
    // With --destination TEXT (no policy): sealed, and the register says where it went.
    let (o, m) = s.seal(
        "text",
        false,
        &[
            &["--to", &s.ncc_card, "--destination", "国立がん研究センター"][..],
            TRACKED,
        ]
        .concat(),
    );
    let id = shipment(&o);
    assert!(bag_info(&m).contains("Destination: 国立がん研究センター"));
    assert_eq!(s.sealed(&id)["body"]["destination"], "国立がん研究センター");
    // Anonymized data may go without one.
    let (o, _) = s.seal(
        "anon",
        false,
        &["--to", &s.ncc_card, "--class", "anonymized"],
    );
    shipment(&o);
}

#[test]
fn weak_passphrases_are_refused_for_identifiable_data() {
    let s = setup();
    let base = [&["--passphrase", "--destination", "NCC"][..], TRACKED].concat();
    for (i, weak) in ["a", "password1", "NCC2026"].into_iter().enumerate() {
        let pf = s.passphrase_file(&format!("pass-weak{i}"), weak);
        let pf = pf.display().to_string();
        let (o, m) = s.seal(
            &format!("weak{i}"),
            true,
            &[&base[..], &["--passphrase-file", &pf]].concat(),
        );
        let err = refused(&o, &m, "§2.2⑦");
        assert!(
            err.contains("too easy to guess") && err.contains("leave the answer empty"),
            "{err}"
        );
    }
    // The medium's own tracking number (on the envelope, in clear in bag-info.txt),
    // however written, is no passphrase (red team, issue 14: it passed as strong).
    for (i, weak) in ["131-12-38385-2", "13112383852x"].into_iter().enumerate() {
        let pf = s.passphrase_file(&format!("pass-tn{i}"), weak);
        let pf = pf.display().to_string();
        let (o, m) = s.seal(
            &format!("tn{i}"),
            true,
            &[
                &base[..],
                &[
                    "--tracking-number",
                    "131-12-38385-2",
                    "--passphrase-file",
                    &pf,
                ],
            ]
            .concat(),
        );
        let err = refused(&o, &m, "§2.2⑦");
        assert!(
            err.contains("written on the medium or the envelope"),
            "{err}"
        );
    }
    // Through a descriptor: the same rule.
    let m = s.dir.path().join("fd");
    fs::create_dir(&m).unwrap();
    let o = run(Command::new("sh")
        .arg("-c")
        .arg("echo password1 | \"$0\" \"$@\" --passphrase-fd 0")
        .arg(env!("CARGO_BIN_EXE_isou"))
        .env("ISOU_LEDGER", &s.ledger)
        .arg("--policy")
        .arg(&s.policy)
        .args(["seal", "-i"])
        .arg(&s.sender)
        .args(&base)
        .arg("--medium")
        .arg(&m)
        .arg(&s.extract));
    refused(&o, &m, "§2.2⑦");
    assert_eq!(count_events(&s.ledger, "sealed"), 0);
    // A strong one is accepted.
    let pf = s.passphrase_file("pass-strong", "kumquat orbit lantern 1987 vinegar tundra");
    let pf = pf.display().to_string();
    let (o, _) = s.seal(
        "strong",
        true,
        &[&base[..], &["--passphrase-file", &pf]].concat(),
    );
    shipment(&o);
    // For anonymized data a weak one is warned about only.
    let pf = s.passphrase_file("pass-weak-anon", "password1");
    let pf = pf.display().to_string();
    let (o, _) = s.seal(
        "anon",
        true,
        &[
            "--passphrase",
            "--class",
            "anonymized",
            "--passphrase-file",
            &pf,
        ],
    );
    shipment(&o);
    assert!(stderr(&o).contains("warning: the passphrase is too easy to guess"));
}

#[test]
fn a_generated_passphrase_is_accepted_for_identifiable_data() {
    if !have("script") {
        return;
    }
    let s = setup();
    let m = s.dir.path().join("gen");
    fs::create_dir(&m).unwrap();
    let q = |p: &Path| format!("'{}'", p.display());
    let o = with_tty(
        &format!(
            "ISOU_LEDGER={} '{}' --policy {} seal --passphrase -i {} --destination NCC {} --medium {} {}",
            q(&s.ledger),
            env!("CARGO_BIN_EXE_isou"),
            q(&s.policy),
            q(&s.sender),
            TRACKED.join(" "),
            q(&m),
            q(&s.extract)
        ),
        "\n",
    );
    let shown = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{shown}");
    assert!(shown.contains("isou: generated passphrase: "), "{shown}");
    assert_eq!(count_events(&s.ledger, "sealed"), 1);
    // Typed at the terminal, a weak one is refused before it is asked again.
    let m = s.dir.path().join("typed");
    fs::create_dir(&m).unwrap();
    let o = with_tty(
        &format!(
            "ISOU_LEDGER={} '{}' --policy {} seal --passphrase -i {} --destination NCC {} --medium {} {}",
            q(&s.ledger),
            env!("CARGO_BIN_EXE_isou"),
            q(&s.policy),
            q(&s.sender),
            TRACKED.join(" "),
            q(&m),
            q(&s.extract)
        ),
        "password1\npassword1\n",
    );
    let shown = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(2), "{shown}");
    assert!(
        shown.contains("§2.2⑦") && !shown.contains("Confirm"),
        "{shown}"
    );
    assert!(entries(&m).is_empty());
}

#[test]
fn the_key_travels_another_way() {
    for policy in [false, true] {
        let s = setup();
        let pf = s.passphrase_file("strong", "kumquat orbit lantern 1987 vinegar tundra");
        let pf = pf.display().to_string();
        let (o, _) = s.seal(
            "m",
            policy,
            &[
                &[
                    "--passphrase",
                    "--passphrase-file",
                    &pf,
                    "--destination",
                    "NCC",
                ][..],
                TRACKED,
            ]
            .concat(),
        );
        let id = shipment(&o);
        // Sealed, not yet shipped: incomplete in the register.
        assert!(s.remarks(&id).contains("鍵未送付"), "{}", s.remarks(&id));
        // Shipped: warned that the key is not recorded as sent.
        let o = s.record(&[
            "ship",
            &id,
            "--carrier",
            "簡易書留",
            "--tracking-number",
            "131-12-38385-2",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("not recorded as sent by another route"),
            "{}",
            stderr(&o)
        );
        // The key in the medium's own item, or without a number of its own: refused.
        for args in [
            &[
                "--method",
                "別便簡易書留",
                "--tracking-number",
                "13112383852",
            ][..],
            &["--method", "簡易書留"][..],
            &["--method", "電話"][..],
        ] {
            let o = s.record(&[&["key-sent", &id][..], args].concat());
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert!(stderr(&o).contains("鍵は別経路"), "{}", stderr(&o));
        }
        assert_eq!(count_events(&s.ledger, "key-sent"), 0);
        assert!(s.remarks(&id).contains("鍵未送付"));
        // By a separate tracked item: recorded, the shipment complete, no more warning.
        let o = s.record(&[
            "key-sent",
            &id,
            "--method",
            "別便簡易書留",
            "--tracking-number",
            "4055-4842-4886",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(!s.remarks(&id).contains("鍵未送付"), "{}", s.remarks(&id));
        let o = s.record(&[
            "ship",
            &id,
            "--carrier",
            "簡易書留",
            "--tracking-number",
            "131-12-38385-2",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(!stderr(&o).contains("another route"), "{}", stderr(&o));
        // A shipment sealed to keys has no passphrase to send: never marked.
        let (o, _) = s.seal(
            "keys",
            policy,
            &[&["--to", &s.ncc_card, "--destination", "NCC"][..], TRACKED].concat(),
        );
        let keyed = shipment(&o);
        let o = s.record(&[
            "ship",
            &keyed,
            "--carrier",
            "簡易書留",
            "--tracking-number",
            "131-12-38385-2",
        ]);
        assert!(!stderr(&o).contains("another route"), "{}", stderr(&o));
        assert!(!s.remarks(&keyed).contains("鍵未送付"));
    }
}
