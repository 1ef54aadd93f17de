//! Approval terms (利用責任者, 申出番号・応諾番号, 利用期間) and the recipient's disposal duty.
//!
//! The sender seals at 2026-12-03T18:07:00Z (03:07 on 12-04 in Japan) through the
//! `ISOU_NOW` test hook; the recipient's later days move that hook forward.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::{isou, keygen, ledger_events, run, stderr};

/// 03:07 JST on 2026-12-04.
const SEAL_NOW: &str = "2026-12-03T18:07:00Z";
/// 12:00 JST on 2027-03-31: the last day of the use period used below.
const LAST_DAY: &str = "2027-03-31T03:00:00Z";
/// 00:30 JST on 2027-04-01 (still 03-31 in UTC): the first day after it.
const DAY_AFTER: &str = "2027-03-31T15:30:00Z";

/// A sender and a recipient, each with a ledger, in one folder.
struct Desks {
    dir: tempfile::TempDir,
    sender: PathBuf,
    scard: String,
    recipient: PathBuf,
    rcard: String,
    sender_ledger: PathBuf,
    recipient_ledger: PathBuf,
}

impl Desks {
    fn new() -> Desks {
        let dir = tempfile::tempdir().unwrap();
        let (sender, scard) = keygen(dir.path(), "s.txt");
        let (recipient, rcard) = keygen(dir.path(), "r.txt");
        Desks {
            sender_ledger: dir.path().join("sender.sqlite"),
            recipient_ledger: dir.path().join("recipient.sqlite"),
            dir,
            sender,
            scard,
            recipient,
            rcard,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `isou` on `ledger` at `now`.
    fn at(&self, ledger: &Path, now: &str) -> Command {
        let mut c = isou();
        c.env("ISOU_NOW", now).arg("--ledger").arg(ledger);
        c
    }

    /// Seals identifiable data onto a new folder `name` with `extra`; the output.
    fn seal(&self, name: &str, extra: &[&str]) -> Output {
        let ex = self.path(&format!("{name}.csv"));
        fs::write(&ex, b"id,name\n1,x\n").unwrap();
        let usb = self.path(name);
        fs::create_dir(&usb).unwrap();
        run(self
            .at(&self.sender_ledger, SEAL_NOW)
            .args(["seal", "--json", "--to", &self.rcard, "-i"])
            .arg(&self.sender)
            .args(["--carrier", "簡易書留", "--envelope-confirmed"])
            .args(["--destination", "国立がん研究センター"])
            .args(extra)
            .arg("--medium")
            .arg(&usb)
            .arg(&ex))
    }

    /// Seals and returns the shipment id.
    fn sealed(&self, name: &str, extra: &[&str]) -> String {
        let o = self.seal(name, extra);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["shipment_id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The recipient verifies the medium `name` at `now`.
    fn verify(&self, name: &str, now: &str, json: bool) -> Output {
        let mut c = self.at(&self.recipient_ledger, now);
        c.args(["verify", "--signer", &self.scard]);
        if json {
            c.arg("--json");
        }
        run(c.arg(self.path(name)))
    }

    /// The recipient opens the medium `name` at `now` into `out`.
    fn open(&self, name: &str, now: &str, out: &str) -> Output {
        run(self
            .at(&self.recipient_ledger, now)
            .args(["open", "--signer", &self.scard, "-i"])
            .arg(&self.recipient)
            .arg("--out")
            .arg(self.path(out))
            .arg(self.path(name)))
    }

    /// `record due` on the recipient's ledger at `now`: its lines.
    fn due(&self, now: &str) -> String {
        let o = run(self.at(&self.recipient_ledger, now).args(["record", "due"]));
        assert!(o.status.success(), "{}", stderr(&o));
        String::from_utf8(o.stdout).unwrap()
    }

    fn dispose(&self, now: &str, item: &str, extra: &[&str]) -> Output {
        run(self
            .at(&self.recipient_ledger, now)
            .args(["record", "dispose", item, "--method", "消去ソフト"])
            .args(["--witness", "佐藤 花子"])
            .args(extra))
    }
}

const TERMS: &[&str] = &[
    "--approver",
    "山田 太郎",
    "--application",
    "申出-2026-017",
    "--use-until",
    "2027-03-31",
];

fn events_of(ledger: &Path, kind: &str) -> Vec<serde_json::Value> {
    ledger_events(ledger)
        .into_iter()
        .filter(|e| e["kind"] == kind)
        .collect()
}

#[test]
fn terms_are_signed_into_bag_info_recorded_and_an_edit_makes_the_medium_invalid() {
    let d = Desks::new();
    let id = d.sealed("m1", TERMS);
    let info = fs::read_to_string(d.path("m1").join("bag-info.txt")).unwrap();
    for line in [
        "Approver: 山田 太郎",
        "Application-Number: 申出-2026-017",
        "Use-Until: 2027-03-31",
    ] {
        assert!(info.lines().any(|l| l == line), "{line:?} not in {info}");
    }
    let sealed = &events_of(&d.sender_ledger, "sealed")[0];
    assert_eq!(
        sealed["body"]["terms"],
        serde_json::json!({"approver": "山田 太郎", "application": "申出-2026-017", "use_until": "2027-03-31"})
    );
    // The recipient's report shows them, from the authenticated copy.
    let o = d.verify("m1", SEAL_NOW, false);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    for want in ["申出-2026-017", "2027-03-31", "山田 太郎"] {
        assert!(out.contains(want), "{want} not in {out}");
    }
    // Recorded on the recipient's side in received and verified.
    for kind in ["received", "verified"] {
        let e = &events_of(&d.recipient_ledger, kind)[0];
        assert_eq!(e["shipment"], id.as_str());
        assert_eq!(e["body"]["terms"]["use_until"], "2027-03-31", "{kind}");
        assert_eq!(e["body"]["terms"]["application"], "申出-2026-017");
        assert_eq!(e["body"]["retain_until"], "2027-03-31", "{kind}");
    }
    // A longer use period written in afterwards: the tag manifest no longer matches.
    let edited = info.replace("Use-Until: 2027-03-31", "Use-Until: 2099-12-31");
    fs::write(d.path("m1").join("bag-info.txt"), edited).unwrap();
    let o = d.verify("m1", SEAL_NOW, true);
    assert_ne!(o.status.code(), Some(0));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["valid"], false, "{j}");
    assert_eq!(j["terms"], serde_json::Value::Null, "{j}");
    let o = d.verify("m1", SEAL_NOW, false);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("result: INVALID"), "{out}");
    assert!(
        !out.contains("use until"),
        "an unauthenticated term is shown: {out}"
    );
    // Nothing the forged copy claims reached the shipment's record.
    assert_eq!(events_of(&d.recipient_ledger, "verified").len(), 1);
}

#[test]
fn a_use_period_already_ended_or_no_date_is_refused_before_anything_is_written() {
    let d = Desks::new();
    // 2026-12-03 is yesterday in Japan at 03:07 on 12-04 (still today in UTC).
    for (date, says) in [
        ("2026-12-03", "ended on 2026-12-03"),
        ("2026-02-30", "the end of the use period"),
        ("来年", "the end of the use period"),
    ] {
        let name = format!("m-{}", date.len());
        let _ = fs::remove_dir_all(d.path(&name));
        let o = d.seal(&name, &["--use-until", date]);
        assert_eq!(o.status.code(), Some(2), "{date}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{date}: {}", stderr(&o));
        assert!(
            fs::read_dir(d.path(&name)).unwrap().next().is_none(),
            "{date}: the medium was written"
        );
    }
    // Today in Japan is the last day allowed.
    d.sealed("today", &["--use-until", "2026-12-04"]);
    // A policy whose approval has ended says so, and where to fix it.
    let p = d.path("isou.toml");
    fs::write(
        &p,
        "[terms]\nuse_until = \"2026-11-30\"\napprover = \"山田 太郎\"\n",
    )
    .unwrap();
    let o = d.seal("pol", &["--policy", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("[terms]"), "{}", stderr(&o));
    // A term of two lines would forge a field: refused.
    let o = d.seal(
        "two",
        &[
            "--approver",
            "x\nUse-Until: 2099-12-31",
            "--use-until",
            "2027-01-01",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(events_of(&d.sender_ledger, "sealed").len(), 1);
}

#[test]
fn identifiable_data_needs_a_use_period_unless_explicitly_waived_and_policy_defaults_apply() {
    let d = Desks::new();
    let o = d.seal("m1", &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("利用期間"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--use-until"), "{}", stderr(&o));
    assert!(fs::read_dir(d.path("m1")).unwrap().next().is_none());
    // Anonymized data may go without one.
    d.sealed("anon", &["--class", "anonymized"]);
    // The explicit waiver is recorded as a choice.
    d.sealed("waived", &["--no-use-until"]);
    let sealed = events_of(&d.sender_ledger, "sealed");
    let choices = sealed[1]["body"]["choices"].to_string();
    assert!(choices.contains("--no-use-until"), "{choices}");
    // The policy's [terms] fill what is not typed; a flag wins.
    let p = d.path("isou.toml");
    fs::write(
        &p,
        "[terms]\napprover = \"山田 太郎\"\napplication = \"応諾-99\"\nuse_until = \"2027-06-30\"\n",
    )
    .unwrap();
    d.sealed(
        "pol",
        &["--policy", p.to_str().unwrap(), "--application", "応諾-100"],
    );
    let info = fs::read_to_string(d.path("pol").join("bag-info.txt")).unwrap();
    assert!(info.contains("Approver: 山田 太郎"), "{info}");
    assert!(info.contains("Application-Number: 応諾-100"), "{info}");
    assert!(info.contains("Use-Until: 2027-06-30"), "{info}");
}

#[test]
fn record_due_lists_the_received_medium_and_the_decrypted_folder_after_the_period_until_disposed() {
    let d = Desks::new();
    let id = d.sealed("m1", TERMS);
    let o = d.verify("m1", SEAL_NOW, false);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = d.open("m1", SEAL_NOW, "out");
    assert!(o.status.success(), "{}", stderr(&o));
    // Where the data went, and until when it may be kept.
    let opened = &events_of(&d.recipient_ledger, "opened")[0];
    assert_eq!(opened["body"]["files"], 1);
    assert!(opened["body"]["out"].as_str().unwrap().ends_with("out"));
    assert_eq!(
        opened["body"]["decrypted"],
        serde_json::json!({"retain_until": "2027-03-31", "basis": "use_until"})
    );
    assert_eq!(opened["body"]["terms"]["approver"], "山田 太郎");
    // Opened twice: still one decrypted folder in the list.
    let o = d.open("m1", SEAL_NOW, "out2");
    assert!(o.status.success(), "{}", stderr(&o));
    // On the last day nothing is due yet; the day after (in Japan), both are.
    let last = d.due(LAST_DAY);
    assert!(!last.contains(&id), "{last}");
    let after = d.due(DAY_AFTER);
    let medium_lines: Vec<&str> = after
        .lines()
        .filter(|l| l.starts_with(&format!("{id} ")))
        .collect();
    let folder = format!("{id}/復号");
    let folder_lines: Vec<&str> = after.lines().filter(|l| l.starts_with(&folder)).collect();
    assert_eq!(medium_lines.len(), 1, "{after}");
    assert_eq!(folder_lines.len(), 1, "{after}");
    assert!(folder_lines[0].contains("2027-03-31"), "{after}");
    // The decrypted folder disposed of (named as SHIPMENT/復号): no longer listed, and
    // once only; the medium still is, until it too is disposed of.
    let o = d.dispose(DAY_AFTER, &folder, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let after = d.due(DAY_AFTER);
    assert!(!after.contains(&folder), "{after}");
    assert!(after.contains(&id), "{after}");
    let o = d.dispose(DAY_AFTER, &id, &["--decrypted"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("already recorded as disposed of"),
        "{}",
        stderr(&o)
    );
    // Opened again after the period: warned, and the new plaintext is listed again
    // until it too is disposed of.
    let o = d.open("m1", DAY_AFTER, "out3");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("ended on 2027-03-31"), "{}", stderr(&o));
    let again = d.due(DAY_AFTER);
    assert!(again.contains(&folder), "{again}");
    let o = d.dispose(DAY_AFTER, &folder, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!d.due(DAY_AFTER).contains(&folder));
    // The same rules as a medium's: a witness for identifiable data, a listed method.
    let o = run(d.at(&d.recipient_ledger, DAY_AFTER).args([
        "record",
        "dispose",
        &id,
        "--method",
        "消去ソフト",
    ]));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("witness"), "{}", stderr(&o));
    let o = d.dispose(DAY_AFTER, &id, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let after = d.due(DAY_AFTER);
    assert!(!after.contains(&id), "{after}");
    let disposed = events_of(&d.recipient_ledger, "disposed");
    assert_eq!(disposed.len(), 3);
    assert_eq!(disposed[0]["body"]["item"], "decrypted");
    assert_eq!(disposed[1]["body"]["item"], "decrypted");
    assert!(disposed[2]["body"]["item"].is_null());
}

#[test]
fn a_decrypted_folder_is_disposed_of_only_where_the_shipment_was_opened() {
    let d = Desks::new();
    let id = d.sealed("m1", TERMS);
    assert!(d.verify("m1", SEAL_NOW, false).status.success());
    let o = d.dispose(SEAL_NOW, &id, &["--decrypted"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("never opened"), "{}", stderr(&o));
}

#[test]
fn without_terms_the_recipients_policy_retention_dates_the_medium_and_the_folder() {
    let d = Desks::new();
    let id = d.sealed("m1", &["--no-use-until"]);
    let p = d.path("r.toml");
    fs::write(&p, "retention_days = 30\n").unwrap();
    let pol = p.to_str().unwrap();
    let o = run(d
        .at(&d.recipient_ledger, SEAL_NOW)
        .args(["--policy", pol, "verify", "--signer", &d.scard])
        .arg(d.path("m1")));
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(d
        .at(&d.recipient_ledger, SEAL_NOW)
        .args(["--policy", pol, "open", "--signer", &d.scard, "-i"])
        .arg(&d.recipient)
        .arg("--out")
        .arg(d.path("out"))
        .arg(d.path("m1")));
    assert!(o.status.success(), "{}", stderr(&o));
    let opened = &events_of(&d.recipient_ledger, "opened")[0];
    // 12-04 in Japan + 30 days.
    assert_eq!(
        opened["body"]["decrypted"],
        serde_json::json!({"retain_until": "2027-01-03", "basis": "retention_days"})
    );
    let due = d.due("2027-01-04T00:00:00Z");
    assert!(due.contains(&format!("{id}/復号")), "{due}");
    assert!(
        due.lines().any(|l| l.starts_with(&format!("{id} "))),
        "{due}"
    );
}

/// The register `register` of the recipient's ledger at `now`: the header, then the rows.
fn register(d: &Desks, now: &str, register: &str) -> Vec<Vec<String>> {
    let o = run(d
        .at(&d.recipient_ledger, now)
        .args(["record", "export", "--register", register]));
    assert!(o.status.success(), "{}", stderr(&o));
    let text = crate::util::csv_table(&o.stdout);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let mut rows = vec![r.headers().unwrap().iter().map(str::to_string).collect()];
    rows.extend(
        r.into_records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect()),
    );
    rows
}

/// The cell `column` of the row whose first cell is `first`.
fn cell(rows: &[Vec<String>], first: &str, column: &str) -> String {
    let i = rows[0]
        .iter()
        .position(|c| c == column)
        .unwrap_or_else(|| panic!("no column {column:?} in {:?}", rows[0]));
    rows[1..]
        .iter()
        .find(|r| r[0] == first)
        .unwrap_or_else(|| panic!("no row {first} in {rows:?}"))[i]
        .clone()
}

/// Issue 16 red team finding 03: a keyed partner's medium claiming the genuine
/// shipment's id, with terms of her own and a far later Use-Until, verified FIRST, does
/// not set the shipment's terms: the register shows both signers' numbers and the
/// earliest date, and `record due` lists the genuine medium after its signed period.
#[test]
fn a_contested_ids_terms_are_each_signers_and_the_medium_is_due_at_the_earliest_date() {
    let d = Desks::new();
    let id = d.sealed("m1", TERMS);
    let (mallory, mallory_card) = crate::util::other_key();
    let age = d.rcard.split_whitespace().nth(1).unwrap();
    let squat = crate::util::keyed_medium(
        d.dir.path(),
        "squat",
        b"tar",
        age,
        &[
            ("External-Identifier", id.as_str()),
            ("Bag-Group-Identifier", id.as_str()),
            ("Approver", "偽物"),
            ("Application-Number", "FAKE-9"),
            ("Use-Until", "2099-12-31"),
        ],
        &mallory,
    );
    let o = run(d
        .at(&d.recipient_ledger, SEAL_NOW)
        .args(["verify", "--signer", &mallory_card])
        .arg(&squat));
    assert!(o.status.success(), "{}", stderr(&o));
    let o = d.verify("m1", SEAL_NOW, false);
    assert!(o.status.success(), "{}", stderr(&o));
    let after = d.due(DAY_AFTER);
    assert!(
        after
            .lines()
            .any(|l| l.starts_with(&format!("{id} ")) && l.contains("保管期限 2027-03-31")),
        "the genuine medium is not due after its signed period: {after}"
    );
    let rows = register(&d, DAY_AFTER, "transport");
    let app = cell(&rows, &id, "申出番号・応諾番号");
    assert!(
        app.contains("申出-2026-017") && app.contains("FAKE-9"),
        "{app}"
    );
    assert!(cell(&rows, &id, "利用責任者").contains("山田 太郎"));
    assert_eq!(cell(&rows, &id, "利用期間終了日"), "2027-03-31");
    assert_eq!(cell(&rows, &id, "保管期限"), "2027-03-31");
}

/// Issue 16 red team finding 07: a medium opened from a checked sender without a
/// separate verify is a received medium: a row of its own in the 媒体管理簿 (not only
/// its decrypted folder's), dated by the signed use period, listed by `record due`
/// after it until `record dispose SHIPMENT`.
#[test]
fn a_medium_only_opened_is_a_received_medium_in_the_media_register_and_in_record_due() {
    let d = Desks::new();
    let id = d.sealed("m1", TERMS);
    let o = d.open("m1", SEAL_NOW, "out");
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = register(&d, SEAL_NOW, "media");
    assert_eq!(cell(&rows, &id, "区分"), "受領");
    assert_eq!(cell(&rows, &id, "移送ID"), id);
    assert_eq!(cell(&rows, &id, "保管期限"), "2027-03-31");
    assert_eq!(cell(&rows, &id, "作成・受領日"), "2026-12-04");
    assert!(!d.due(LAST_DAY).contains(&id));
    let after = d.due(DAY_AFTER);
    assert!(
        after
            .lines()
            .any(|l| l.starts_with(&format!("{id} ")) && l.contains("2027-03-31")),
        "{after}"
    );
    let o = d.dispose(DAY_AFTER, &id, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let after = d.due(DAY_AFTER);
    assert!(
        !after.lines().any(|l| l.starts_with(&format!("{id} "))),
        "{after}"
    );
    let rows = register(&d, DAY_AFTER, "media");
    assert_eq!(cell(&rows, &id, "廃棄方法"), "消去ソフト");
}

/// Issue 16 red team finding 14: a folder decrypted with no date that applies (the
/// sender unchecked with --any-sender, or sealed with --no-use-until, and no
/// retention_days in the policy) is listed by `record due` at once as 未設定, never
/// left off; disposed of, it is no longer listed.
#[test]
fn a_decrypted_folder_without_any_date_is_listed_by_record_due_as_undated() {
    let d = Desks::new();
    d.sealed("m1", TERMS);
    let o = run(d
        .at(&d.recipient_ledger, SEAL_NOW)
        .args(["open", "--any-sender", "-i"])
        .arg(&d.recipient)
        .arg("--out")
        .arg(d.path("out"))
        .arg(d.path("m1")));
    assert!(o.status.success(), "{}", stderr(&o));
    let opened = &events_of(&d.recipient_ledger, "opened")[0];
    let medium_id = opened["shipment"].as_str().unwrap().to_string();
    assert!(medium_id.starts_with("MEDIUM-"), "{medium_id}");
    for now in [SEAL_NOW, "2100-06-01T00:00:00Z"] {
        let due = d.due(now);
        let line = due
            .lines()
            .find(|l| l.starts_with(&format!("{medium_id}/復号")))
            .unwrap_or_else(|| panic!("not listed at {now}: {due}"));
        assert!(line.contains("未設定"), "{line}");
    }
    // The medium is in custody too (under its own id), and its folder a row.
    let rows = register(&d, SEAL_NOW, "media");
    assert_eq!(cell(&rows, &medium_id, "区分"), "受領(未認証)");
    assert_eq!(cell(&rows, &format!("{medium_id}/復号"), "区分"), "復号");
    let o = d.dispose(SEAL_NOW, &format!("{medium_id}/復号"), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!d.due(SEAL_NOW).contains(&format!("{medium_id}/復号")));
    // A pinned sender who sealed with --no-use-until, and no retention_days: the same.
    let id = d.sealed("m2", &["--no-use-until"]);
    let o = d.open("m2", SEAL_NOW, "out2");
    assert!(o.status.success(), "{}", stderr(&o));
    let due = d.due(SEAL_NOW);
    assert!(
        due.lines()
            .any(|l| l.starts_with(&format!("{id}/復号")) && l.contains("未設定")),
        "{due}"
    );
}

/// Issue 16 red team finding 16: `open --out` with a relative path records (and `record
/// due` prints) the output folder's absolute path, not the words typed.
#[test]
fn the_decrypted_folder_is_recorded_by_its_absolute_path() {
    let d = Desks::new();
    d.sealed("m1", &["--no-use-until"]);
    fs::create_dir(d.path("o")).unwrap();
    let o = run(d
        .at(&d.recipient_ledger, SEAL_NOW)
        .current_dir(d.dir.path())
        .args(["open", "--signer", &d.scard, "-i"])
        .arg(&d.recipient)
        .args(["--out", "o/x", "m1"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let want = fs::canonicalize(d.path("o/x")).unwrap();
    let want = want.to_str().unwrap();
    let opened = &events_of(&d.recipient_ledger, "opened")[0];
    assert_eq!(opened["body"]["out"], want);
    let due = d.due(SEAL_NOW);
    assert!(due.contains(want), "{due}");
}

/// Issue 16 red team finding 05: the medium of a shipment disposed of, then a keyed
/// partner's medium claiming the same id received: that second medium is a row of its
/// own, not shown disposed, due after its date, and its own disposal is accepted.
#[test]
fn a_disposal_covers_only_the_medium_in_hand_not_one_received_later_under_the_id() {
    let d = Desks::new();
    let id = d.sealed("m1", TERMS);
    assert!(d.verify("m1", SEAL_NOW, false).status.success());
    let o = d.dispose(SEAL_NOW, &id, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (mallory, mallory_card) = crate::util::other_key();
    let age = d.rcard.split_whitespace().nth(1).unwrap();
    let squat = crate::util::keyed_medium(
        d.dir.path(),
        "squat",
        b"tar",
        age,
        &[
            ("External-Identifier", id.as_str()),
            ("Bag-Group-Identifier", id.as_str()),
            ("Use-Until", "2027-03-31"),
        ],
        &mallory,
    );
    let o = run(d
        .at(&d.recipient_ledger, SEAL_NOW)
        .args(["verify", "--signer", &mallory_card])
        .arg(&squat));
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = register(&d, SEAL_NOW, "media");
    assert_eq!(cell(&rows, &id, "廃棄方法"), "消去ソフト");
    let second = format!("{id}#2");
    assert_eq!(cell(&rows, &second, "区分"), "受領");
    assert_eq!(cell(&rows, &second, "廃棄日"), "");
    let after = d.due(DAY_AFTER);
    assert!(
        after.lines().any(|l| l.starts_with(&format!("{id} "))),
        "{after}"
    );
    let o = d.dispose(DAY_AFTER, &id, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = register(&d, DAY_AFTER, "media");
    assert_eq!(cell(&rows, &second, "廃棄方法"), "消去ソフト");
    assert!(!d
        .due(DAY_AFTER)
        .lines()
        .any(|l| l.starts_with(&format!("{id} "))));
    // Disposed of once more without a new medium: refused, as before.
    let o = d.dispose(DAY_AFTER, &id, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}
