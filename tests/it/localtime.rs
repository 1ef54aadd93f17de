//! Dates and times in the registry's time zone (issue 16): today, typed dates, registers.
//!
//! Every test stands at 2026-12-03T18:07:00Z through the `ISOU_NOW` test hook: 03:07 on
//! 2026-12-04 in Japan, the hours where the UTC date was yesterday's.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::{csv_table, isou, keygen, run, stderr, stdout};

/// 03:07 JST on 2026-12-04.
const BEFORE_NINE_JST: &str = "2026-12-03T18:07:00Z";

struct Desk {
    dir: tempfile::TempDir,
    ledger: PathBuf,
    sender: PathBuf,
    card: String,
    rcard: String,
    policy: Option<PathBuf>,
}

impl Desk {
    /// A sender with a ledger, optionally a policy file holding `policy`.
    fn new(policy: Option<&str>) -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let (sender, card) = keygen(dir.path(), "s.txt");
        let (_, rcard) = keygen(dir.path(), "r.txt");
        let policy = policy.map(|text| {
            let p = dir.path().join("isou.toml");
            std::fs::write(&p, text).unwrap();
            p
        });
        Desk {
            ledger: dir.path().join("l.sqlite"),
            dir,
            sender,
            card,
            rcard,
            policy,
        }
    }

    /// `isou` at `now`, on this desk's ledger and policy.
    fn at(&self, now: &str) -> Command {
        let mut c = isou();
        c.env("ISOU_NOW", now).arg("--ledger").arg(&self.ledger);
        if let Some(p) = &self.policy {
            c.arg("--policy").arg(p);
        }
        c
    }

    /// Seals a small anonymised extract onto a new folder `name` at `now`, with
    /// `extra` options; the output.
    fn seal(&self, now: &str, name: &str, extra: &[&str]) -> Output {
        let ex = self.dir.path().join(format!("{name}.csv"));
        std::fs::write(&ex, b"1").unwrap();
        let usb = self.dir.path().join(name);
        std::fs::create_dir(&usb).unwrap();
        run(self
            .at(now)
            .args([
                "seal",
                "--class",
                "anonymized",
                "--json",
                "--to",
                &self.rcard,
            ])
            .args(extra)
            .arg("-i")
            .arg(&self.sender)
            .arg("--medium")
            .arg(&usb)
            .arg(&ex))
    }

    /// Seals and returns the shipment id.
    fn sealed(&self, now: &str, name: &str, extra: &[&str]) -> String {
        let o = self.seal(now, name, extra);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["shipment_id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn medium(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn record(&self, now: &str, args: &[&str]) -> Output {
        run(self.at(now).arg("record").args(args))
    }
}

/// The CSV export of `register` (BOM dropped) as rows of cells, the header first.
fn export(d: &Desk, now: &str, register: &str) -> Vec<Vec<String>> {
    let o = d.record(now, &["export", "--register", register]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = csv_table(&o.stdout);
    let text = text.as_str();
    csv::Reader::from_reader(text.as_bytes())
        .into_records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .fold(
            vec![csv::Reader::from_reader(text.as_bytes())
                .headers()
                .unwrap()
                .iter()
                .map(str::to_string)
                .collect()],
            |mut all, r| {
                all.push(r);
                all
            },
        )
}

/// The cell of `column` in the row of `shipment`.
fn cell(rows: &[Vec<String>], shipment: &str, column: &str) -> String {
    let i = rows[0]
        .iter()
        .position(|c| c == column)
        .unwrap_or_else(|| panic!("no column {column:?} in {:?}", rows[0]));
    rows[1..]
        .iter()
        .find(|r| r.iter().any(|c| c == shipment))
        .unwrap_or_else(|| panic!("no row for {shipment}"))[i]
        .clone()
}

/// At 03:07 JST the shipping date may be the Japanese date (12-04, still 12-03 in UTC)
/// and not the day after; the refusal names the zone.
#[test]
fn ship_date_is_bounded_by_the_date_in_japan() {
    let d = Desk::new(None);
    let id = d.sealed(BEFORE_NINE_JST, "usb", &[]);
    assert!(id.starts_with("ISOU-20261204-"), "{id}");
    let o = d.record(
        BEFORE_NINE_JST,
        &["ship", &id, "--carrier", "普通郵便", "--date", "2026-12-05"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("after today (2026-12-04, Asia/Tokyo)"),
        "{}",
        stderr(&o)
    );
    let o = d.record(
        BEFORE_NINE_JST,
        &["ship", &id, "--carrier", "普通郵便", "--date", "2026-12-04"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        cell(&export(&d, BEFORE_NINE_JST, "transport"), &id, "発送日"),
        "2026-12-04"
    );
}

/// --retain-until 2026-12-03 at 03:07 JST on 12-04 is a day already gone.
#[test]
fn retain_until_yesterday_in_japan_is_in_the_past() {
    let d = Desk::new(None);
    let o = d.seal(BEFORE_NINE_JST, "usb", &["--retain-until", "2026-12-03"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is in the past (today is 2026-12-04)"),
        "{}",
        stderr(&o)
    );
    d.sealed(BEFORE_NINE_JST, "usb2", &["--retain-until", "2026-12-04"]);
}

/// `record due` counts days in Japan: a medium kept until 12-03 is due at 03:07 JST on
/// 12-04.
#[test]
fn record_due_counts_days_in_japan() {
    let d = Desk::new(None);
    let id = d.sealed(
        "2026-12-02T01:00:00Z",
        "usb",
        &["--retain-until", "2026-12-03"],
    );
    let o = d.record("2026-12-03T14:59:00Z", &["due"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains(&id), "23:59 JST: {}", stdout(&o));
    let o = d.record(BEFORE_NINE_JST, &["due"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(&id), "{}", stdout(&o));
}

/// The registers, `record list` and `record show` print times in JST, the zone named;
/// the ledger and `--json` keep the UTC instant.
#[test]
fn registers_and_listings_show_japan_time() {
    let d = Desk::new(None);
    let id = d.sealed(BEFORE_NINE_JST, "usb", &[]);
    // The recipient's ledger, verifying the medium at the same instant.
    let theirs = d.dir.path().join("theirs.sqlite");
    let card = d.card.clone();
    let o = run(isou()
        .env("ISOU_NOW", BEFORE_NINE_JST)
        .arg("--ledger")
        .arg(&theirs)
        .arg("verify")
        .arg(d.medium("usb"))
        .args(["--signer", &card]));
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = {
        let o = run(isou()
            .env("ISOU_NOW", BEFORE_NINE_JST)
            .arg("--ledger")
            .arg(&theirs)
            .args(["record", "export"]));
        assert!(o.status.success(), "{}", stderr(&o));
        let text = csv_table(&o.stdout);
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        let mut all = vec![head];
        all.extend(
            r.records()
                .map(|x| x.unwrap().iter().map(str::to_string).collect()),
        );
        all
    };
    // The date and the time in columns of their own (issue 16), the time's title
    // naming the zone.
    assert_eq!(cell(&rows, &id, "受領日"), "2026-12-04");
    assert_eq!(cell(&rows, &id, "受領時刻(JST)"), "03:07");
    assert!(!rows[0].iter().any(|c| c == "受領時刻"));
    // The media register: the day the medium was made, in Japan.
    let media = export(&d, BEFORE_NINE_JST, "media");
    assert_eq!(cell(&media, &id, "作成・受領日"), "2026-12-04");
    // record list and show: local time, zone named.
    let o = d.record(BEFORE_NINE_JST, &["list"]);
    assert!(
        stdout(&o).contains("2026-12-04 03:07 JST"),
        "{}",
        stdout(&o)
    );
    let o = d.record(BEFORE_NINE_JST, &["show", &id]);
    assert!(
        stdout(&o).contains("2026-12-04 03:07 JST"),
        "{}",
        stdout(&o)
    );
    // The ledger keeps the UTC instant.
    let o = d.record(BEFORE_NINE_JST, &["list", "--json"]);
    let events: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(events[0]["recorded_at"], BEFORE_NINE_JST);
}

/// A policy `time_zone = "UTC"`: today, bounds and registers in UTC.
#[test]
fn a_policy_in_utc_counts_in_utc() {
    let d = Desk::new(Some("time_zone = \"UTC\"\n"));
    let o = run(d.at(BEFORE_NINE_JST).args(["policy", "check"]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("time zone:     UTC"), "{}", stdout(&o));
    let id = d.sealed(BEFORE_NINE_JST, "usb", &["--retain-until", "2026-12-03"]);
    assert!(id.starts_with("ISOU-20261203-"), "{id}");
    let o = d.record(
        BEFORE_NINE_JST,
        &["ship", &id, "--carrier", "普通郵便", "--date", "2026-12-04"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("after today (2026-12-03, UTC)"),
        "{}",
        stderr(&o)
    );
    let o = d.record(BEFORE_NINE_JST, &["list"]);
    assert!(
        stdout(&o).contains("2026-12-03 18:07 UTC"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        cell(&export(&d, BEFORE_NINE_JST, "media"), &id, "作成・受領日"),
        "2026-12-03"
    );
}

/// A zone the IANA database does not know is refused when the policy is loaded, with
/// a hint naming a real one; nothing is sealed under it.
#[test]
fn an_unknown_time_zone_is_refused_at_policy_load() {
    for bad in ["Asia/Tokio", "JST", "+09:00"] {
        let d = Desk::new(Some(&format!("time_zone = \"{bad}\"\n")));
        let p: &Path = d.policy.as_deref().unwrap();
        let o = run(isou().arg("--policy").arg(p).args(["policy", "check"]));
        assert_ne!(o.status.code(), Some(0), "{bad}");
        let err = stderr(&o);
        assert!(
            err.contains("is not a time zone of the IANA database"),
            "{bad}: {err}"
        );
        assert!(err.contains("time_zone = \"Asia/Tokyo\""), "{bad}: {err}");
        let o = d.seal(BEFORE_NINE_JST, "usb", &[]);
        assert_ne!(o.status.code(), Some(0), "{bad}");
        assert!(!d.ledger.exists() || crate::util::count_events(&d.ledger, "sealed") == 0);
    }
}
