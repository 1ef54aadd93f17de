//! Carriers and tracking numbers (§2.2⑥, issue 14): the carrier table at seal, record ship and in the policy.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::*;

/// A sender with a ledger, an extract and, optionally, a policy file.
struct Desk {
    dir: tempfile::TempDir,
    sender: PathBuf,
    rcard: String,
    extract: PathBuf,
    ledger: PathBuf,
    policy: Option<PathBuf>,
}

impl Desk {
    fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let (sender, _) = keygen(dir.path(), "s.txt");
        let (_, rcard) = keygen(dir.path(), "r.txt");
        let extract = dir.path().join("x.csv");
        fs::write(&extract, "1,2\n").unwrap();
        let ledger = dir.path().join("l.sqlite");
        Desk {
            dir,
            sender,
            rcard,
            extract,
            ledger,
            policy: None,
        }
    }

    /// The same desk under a policy file holding `text`.
    fn with_policy(text: &str) -> Desk {
        let mut d = Desk::new();
        let p = d.dir.path().join("isou.toml");
        fs::write(&p, text).unwrap();
        d.policy = Some(p);
        d
    }

    fn isou(&self) -> std::process::Command {
        let mut c = isou();
        c.arg("--ledger").arg(&self.ledger);
        if let Some(p) = &self.policy {
            c.arg("--policy").arg(p);
        }
        c
    }

    /// Seals onto a new empty folder `name`.
    fn seal(&self, name: &str, extra: &[&str]) -> (Output, PathBuf) {
        let m = self.dir.path().join(name);
        fs::create_dir(&m).unwrap();
        let o = run(self
            .isou()
            .args(["seal", "--json", "--to", &self.rcard, "-i"])
            .arg(&self.sender)
            .arg("--medium")
            .arg(&m)
            .args(extra)
            // Identifiable data names where it goes (§2.2②); these tests are about carriers.
            .args(if extra.contains(&"--destination") {
                &[][..]
            } else {
                &["--destination", "国立がん研究センター"][..]
            })
            .arg(&self.extract));
        (o, m)
    }

    /// Seals, which must succeed; returns the shipment id.
    fn sealed(&self, name: &str, extra: &[&str]) -> String {
        let (o, _) = self.seal(name, extra);
        assert!(o.status.success(), "{extra:?}: {}", stderr(&o));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["shipment_id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn record(&self, args: &[&str]) -> Output {
        run(self.isou().arg("record").args(args))
    }

    /// `shipment`'s row in the 移送記録簿 (JSON export).
    fn row(&self, shipment: &str) -> serde_json::Value {
        let o = self.record(&["export", "--format", "json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        // The export is an object: its provenance and its rows (issue 16).
        let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let rows = j["rows"].as_array().unwrap().clone();
        rows.into_iter()
            .find(|r| r["移送ID"] == shipment)
            .unwrap_or_else(|| panic!("no row for {shipment}"))
    }

    /// The 備考 of `shipment`'s row in the 移送記録簿.
    fn remarks(&self, shipment: &str) -> String {
        self.row(shipment)["備考"].as_str().unwrap().to_string()
    }

    /// The events of `kind` for `shipment`.
    fn events(&self, kind: &str, shipment: &str) -> Vec<serde_json::Value> {
        ledger_events(&self.ledger)
            .into_iter()
            .filter(|e| e["kind"] == kind && e["shipment"] == shipment)
            .collect()
    }
}

/// A refusal: exit 2, the clause named, the medium untouched.
fn refused(o: &Output, m: &Path, clause: &str) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    assert!(stderr(o).contains(clause), "{}", stderr(o));
    assert!(
        entries(m).is_empty(),
        "the medium was written: {:?}",
        entries(m)
    );
}

const POLICY: &str = "organization = \"大阪府がん登録室\"\n";

// An untracked service for identifiable data is refused at seal (§2.2⑥): with no class
// given (identifiable by default), with the class given, by an alias, with and without a
// policy; anonymized data may go untracked, recorded as an explicit choice.
#[test]
fn seal_by_an_untracked_service_is_refused_for_identifiable_data() {
    for desk in [Desk::new(), Desk::with_policy(POLICY)] {
        let ident = [
            "--class",
            "identifiable",
            "--envelope-confirmed",
            "--use-until",
            "2099-12-31",
        ];
        for (i, extra) in [
            &["--carrier", "普通郵便"][..],
            &["--carrier", "定形外"],
            &[&["--carrier", "普通郵便"][..], &ident].concat(),
            &[&["--carrier", "ゆうメール"][..], &ident].concat(),
        ]
        .iter()
        .enumerate()
        {
            let (o, m) = desk.seal(&format!("m{i}"), extra);
            refused(&o, &m, "§2.2⑥ 追跡サービス付きの手段");
            assert!(
                stderr(&o).contains("has no tracking") && stderr(&o).contains("簡易書留"),
                "{extra:?}: {}",
                stderr(&o)
            );
        }
        assert!(ledger_events_or_none(&desk.ledger).is_empty());
        // Anonymized data: sealed, the service under its canonical name, the untracked
        // carrier recorded as the explicit choice it is.
        let id = desk.sealed("anon", &["--class", "anonymized", "--carrier", "定形外"]);
        let sealed = desk.events("sealed", &id);
        assert_eq!(sealed[0]["body"]["carrier"], "定形外郵便");
        assert_eq!(sealed[0]["body"]["untracked_carrier"], true);
        let info = fs::read_to_string(desk.dir.path().join("anon/bag-info.txt")).unwrap();
        assert!(info.contains("Carrier: 定形外郵便\n"), "{info}");
    }
}

fn ledger_events_or_none(ledger: &Path) -> Vec<serde_json::Value> {
    if ledger.exists() {
        ledger_events(ledger)
    } else {
        vec![]
    }
}

// record ship by an untracked service: refused for identifiable data (no class given,
// or given), allowed for anonymized data and recorded — with the tracked carrier it
// replaces said, never silently.
#[test]
fn record_ship_by_an_untracked_service() {
    for desk in [Desk::new(), Desk::with_policy(POLICY)] {
        // No --class: identifiable by default, by a tracked service.
        let plain = desk.sealed(
            "m1",
            &[
                "--envelope-confirmed",
                "--use-until",
                "2099-12-31",
                "--carrier",
                "簡易書留",
            ],
        );
        let ident = desk.sealed(
            "m2",
            &[
                "--class",
                "identifiable",
                "--envelope-confirmed",
                "--use-until",
                "2099-12-31",
                "--carrier",
                "簡易書留",
                "--tracking-number",
                "131-12-38385-2",
            ],
        );
        for id in [&plain, &ident] {
            for c in ["普通郵便", "定形外郵便", "普通"] {
                let o = desk.record(&["ship", id, "--carrier", c]);
                assert_eq!(o.status.code(), Some(2), "{c}: {}", stderr(&o));
                assert!(
                    stderr(&o).contains("§2.2⑥ 追跡サービス付きの手段")
                        && stderr(&o).contains("--class anonymized"),
                    "{c}: {}",
                    stderr(&o)
                );
            }
            assert!(desk.events("shipped", id).is_empty());
        }
        // Anonymized, sealed for 簡易書留, shipped by 普通郵便: allowed, said and recorded.
        let anon = desk.sealed("m3", &["--class", "anonymized", "--carrier", "簡易書留"]);
        let o = desk.record(&["ship", &anon, "--carrier", "普通郵便"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("warning: 簡易書留 was recorded")
                && stderr(&o).contains("no tracking"),
            "{}",
            stderr(&o)
        );
        let shipped = desk.events("shipped", &anon);
        assert_eq!(shipped.len(), 1);
        let b = &shipped[0]["body"];
        assert_eq!(b["carrier"], "普通郵便");
        assert_eq!(b["untracked_carrier"], true);
        assert_eq!(b["replaces_carrier"], "簡易書留");
    }
}

// A tracked service needs a valid tracking number by the time identifiable data is
// shipped: typed at record ship, or sealed on the medium (and then of that service).
#[test]
fn identifiable_data_is_not_shipped_without_its_tracking_number() {
    for desk in [Desk::new(), Desk::with_policy(POLICY)] {
        let id = desk.sealed(
            "m1",
            &[
                "--envelope-confirmed",
                "--use-until",
                "2099-12-31",
                "--carrier",
                "簡易書留",
            ],
        );
        let o = desk.record(&["ship", &id, "--carrier", "簡易書留"]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("needs its tracking number")
                && stderr(&o).contains("§2.2⑥")
                && stderr(&o).contains("--tracking-number")
                && stderr(&o).contains("11 digits"),
            "{}",
            stderr(&o)
        );
        assert!(desk.events("shipped", &id).is_empty());
        let o = desk.record(&[
            "ship",
            &id,
            "--carrier",
            "簡易書留",
            "--tracking-number",
            "131-12-38385-2",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(
            desk.events("shipped", &id)[0]["body"]["tracking_number"],
            "13112383852"
        );
        // Sealed with its number: shipped without typing it again, the sealed one
        // recorded; by another service, that number is refused as not the service's.
        let id = desk.sealed(
            "m2",
            &[
                "--envelope-confirmed",
                "--use-until",
                "2099-12-31",
                "--carrier",
                "ゆうパック",
                "--tracking-number",
                "4055-4842-4886",
            ],
        );
        let o = desk.record(&["ship", &id, "--carrier", "簡易書留"]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("not a 簡易書留 number"),
            "{}",
            stderr(&o)
        );
        let o = desk.record(&["ship", &id, "--carrier", "ゆうパック"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(
            desk.events("shipped", &id)[0]["body"]["tracking_number"],
            "405548424886"
        );
        // Carried by hand: tracked by a person, no number (§2.2⑧⑨).
        let id = desk.sealed(
            "m3",
            &[
                "--carrier",
                "持参",
                "--attendance-acknowledged",
                "--use-until",
                "2099-12-31",
            ],
        );
        let o = desk.record(&["ship", &id, "--carrier", "持参"]);
        assert!(o.status.success(), "{}", stderr(&o));
        // Anonymized data by a tracked service may be recorded without the number.
        let id = desk.sealed("m4", &["--class", "anonymized"]);
        let o = desk.record(&["ship", &id, "--carrier", "ゆうパック"]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
}

// A number is checked against its carrier's format: another service's number is refused
// naming both, a wrong check digit naming the format; Yamato and Sagawa numbers too.
#[test]
fn a_tracking_number_must_be_its_carriers() {
    let desk = Desk::new();
    let ident = [
        "--class",
        "identifiable",
        "--envelope-confirmed",
        "--use-until",
        "2099-12-31",
        "--attendance-acknowledged",
    ];
    for (i, (carrier, number, says)) in [
        ("簡易書留", "4055-4842-4886", "not a 簡易書留 number"),
        ("ゆうパック", "131-12-38385-2", "not a ゆうパック number"),
        (
            "ヤマト運輸 宅急便",
            "EF719215461JP",
            "not a ヤマト運輸 宅急便 number",
        ),
        ("ヤマト運輸 宅急便", "4444-1375-8704", "call for 3"),
        ("佐川急便 飛脚宅配便", "5125-4751-4335", "call for 4"),
        ("持参", "131-12-38385-2", "持参 has no tracking numbers"),
    ]
    .into_iter()
    .enumerate()
    {
        let extra = [
            &ident[..],
            &["--carrier", carrier, "--tracking-number", number],
        ]
        .concat();
        let (o, m) = desk.seal(&format!("m{i}"), &extra);
        refused(&o, &m, says);
        let id = desk.sealed(
            &format!("ok{i}"),
            &[
                "--envelope-confirmed",
                "--use-until",
                "2099-12-31",
                "--attendance-acknowledged",
                "--carrier",
                carrier,
            ],
        );
        let o = desk.record(&[
            "ship",
            &id,
            "--carrier",
            carrier,
            "--tracking-number",
            number,
        ]);
        assert_eq!(o.status.code(), Some(2), "{carrier}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{carrier}: {}", stderr(&o));
        assert!(desk.events("shipped", &id).is_empty());
    }
    // The published Yamato and Sagawa samples pass, through seal and record ship.
    for (i, (carrier, number, normalized)) in [
        ("宅急便", "4444-1375-8703", "444413758703"),
        ("佐川急便", "5125 4751 4334", "512547514334"),
    ]
    .into_iter()
    .enumerate()
    {
        let extra = [
            &ident[..],
            &["--carrier", carrier, "--tracking-number", number],
        ]
        .concat();
        let id = desk.sealed(&format!("good{i}"), &extra);
        assert_eq!(
            desk.events("sealed", &id)[0]["body"]["summary"]["tracking_number"],
            normalized
        );
        let o = desk.record(&["ship", &id, "--carrier", carrier]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
}

// 書留 alone is 一般書留 (the manual names it so), in bag-info, the sealed event, the
// shipped event and the policy's allowed carriers.
#[test]
fn kakitome_alone_is_ippan_kakitome() {
    for desk in [
        Desk::new(),
        Desk::with_policy(
            "[classes.identifiable]\ntracked_carriers_only = true\nrequire_envelope_confirmation = true\nallowed_carriers = [\"書留\", \"ＥＭＳ\"]\n",
        ),
    ] {
        let id = desk.sealed(
            "m1",
            &[
                "--class",
                "identifiable",
                "--envelope-confirmed", "--use-until", "2099-12-31",
                "--carrier",
                "書留",
                "--tracking-number",
                "131-12-38385-2",
            ],
        );
        let info = fs::read_to_string(desk.dir.path().join("m1/bag-info.txt")).unwrap();
        assert!(info.contains("Carrier: 一般書留\n"), "{info}");
        assert_eq!(desk.events("sealed", &id)[0]["body"]["carrier"], "一般書留");
        let o = desk.record(&["ship", &id, "--carrier", "書 留"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(desk.events("shipped", &id)[0]["body"]["carrier"], "一般書留");
    }
    // In the policy: resolved when loaded, shown under the canonical names; a carrier
    // outside the allowed ones is refused naming §2.2②.
    let desk = Desk::with_policy(
        "[classes.identifiable]\ntracked_carriers_only = true\nrequire_envelope_confirmation = true\nallowed_carriers = [\"書留\", \"ＥＭＳ\"]\n",
    );
    let o = run(desk.isou().args(["policy", "check"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("carriers: 一般書留, 国際郵便"), "{out}");
    let (o, m) = desk.seal(
        "m2",
        &[
            "--class",
            "identifiable",
            "--envelope-confirmed",
            "--use-until",
            "2099-12-31",
            "--carrier",
            "簡易書留",
        ],
    );
    refused(&o, &m, "§2.2②");
}

// An unknown carrier is refused with the list, at seal (medium untouched), at record
// ship, and in the policy; and the policy may not drop §2.2⑥ for identifiable data.
#[test]
fn an_unknown_carrier_is_refused_with_the_list() {
    for desk in [Desk::new(), Desk::with_policy(POLICY)] {
        for (i, c) in ["FedEx", "レターパック", "クロネコ便"]
            .into_iter()
            .enumerate()
        {
            let (o, m) = desk.seal(&format!("m{i}"), &["--class", "anonymized", "--carrier", c]);
            refused(&o, &m, "is not a carrier isou knows");
            assert!(
                stderr(&o).contains("一般書留, 簡易書留")
                    && stderr(&o).contains("佐川急便 飛脚宅配便")
                    && stderr(&o).contains("持参"),
                "{}",
                stderr(&o)
            );
        }
        let id = desk.sealed("ok", &["--class", "anonymized"]);
        let o = desk.record(&["ship", &id, "--carrier", "FedEx"]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("is not a carrier isou knows") && stderr(&o).contains("ゆうパック"),
            "{}",
            stderr(&o)
        );
        assert!(desk.events("shipped", &id).is_empty());
    }
    for (text, says) in [
        (
            "[classes.anonymized]\nallowed_carriers = [\"FedEx\"]\n",
            "is not a carrier isou knows",
        ),
        (
            "[classes.identifiable]\ntracked_carriers_only = false\n",
            "tracked_carriers_only = false is not allowed (§2.2⑥",
        ),
    ] {
        let desk = Desk::with_policy(text);
        let o = run(desk.isou().args(["policy", "check"]));
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
        let (o, m) = desk.seal("m", &["--class", "anonymized", "--carrier", "ゆうパック"]);
        refused(&o, &m, says);
    }
}

// Red team 14 finding 01: identifiable data sealed for 簡易書留 cannot be re-recorded as
// carried by hand (持参) without the attendance rule (§2.2⑧⑨), as at seal; with
// --attendance-acknowledged it is recorded in the event and shown in 備考. Anonymized
// data (whose default rules do not ask it) may be carried by hand without it.
#[test]
fn record_ship_by_hand_needs_the_attendance_rule() {
    for desk in [Desk::new(), Desk::with_policy(POLICY)] {
        let id = desk.sealed(
            "m1",
            &[
                "--envelope-confirmed",
                "--use-until",
                "2099-12-31",
                "--carrier",
                "簡易書留",
            ],
        );
        for c in ["持参", "手渡し"] {
            let o = desk.record(&["ship", &id, "--carrier", c]);
            assert_eq!(o.status.code(), Some(2), "{c}: {}", stderr(&o));
            assert!(
                stderr(&o).contains("§2.2⑧⑨") && stderr(&o).contains("--attendance-acknowledged"),
                "{c}: {}",
                stderr(&o)
            );
        }
        assert!(desk.events("shipped", &id).is_empty());
        assert!(!desk.remarks(&id).contains("持参"), "{}", desk.remarks(&id));
        let o = desk.record(&[
            "ship",
            &id,
            "--carrier",
            "持参",
            "--attendance-acknowledged",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let b = &desk.events("shipped", &id)[0]["body"];
        assert_eq!(b["carrier"], "持参");
        assert_eq!(b["attendance_acknowledged"], true);
        assert_eq!(b["replaces_carrier"], "簡易書留");
        let remarks = desk.remarks(&id);
        assert!(
            remarks.contains("持参: 立会いの規則を確認済")
                && remarks.contains("移送手段の変更 簡易書留 → 持参"),
            "{remarks}"
        );
        // Anonymized data: no attendance rule by default, so no acknowledgement shown.
        let anon = desk.sealed("m2", &["--class", "anonymized", "--carrier", "簡易書留"]);
        let o = desk.record(&["ship", &anon, "--carrier", "持参"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(
            desk.events("shipped", &anon)[0]["body"]["attendance_acknowledged"],
            false
        );
    }
}

// Red team 14 finding 02: a later record ship that names another carrier or number than
// the medium was sealed with (or the previous ship recorded) is warned on stderr,
// recorded (replaces_carrier, replaces_tracking_number) and shown in 備考: the register
// never silently disagrees with the signed medium. The same act again changes nothing.
#[test]
fn a_changed_carrier_or_number_at_record_ship_is_recorded_and_shown() {
    for desk in [Desk::new(), Desk::with_policy(POLICY)] {
        let id = desk.sealed(
            "m1",
            &[
                "--envelope-confirmed",
                "--use-until",
                "2099-12-31",
                "--carrier",
                "簡易書留",
                "--tracking-number",
                "131-12-38385-2",
            ],
        );
        // The sealed carrier and number: no change, nothing said.
        let o = desk.record(&["ship", &id, "--carrier", "簡易書留"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
        let b = &desk.events("shipped", &id)[0]["body"];
        assert!(
            b["replaces_carrier"].is_null() && b["replaces_tracking_number"].is_null(),
            "{b}"
        );
        assert_eq!(desk.remarks(&id), "");
        // Another tracked carrier and number: warned, recorded, shown.
        let o = desk.record(&[
            "ship",
            &id,
            "--carrier",
            "ゆうパック",
            "--tracking-number",
            "4055-4842-4886",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("warning: shipment")
                && stderr(&o).contains("carrier 簡易書留")
                && stderr(&o).contains("tracking number 131-12-38385-2"),
            "{}",
            stderr(&o)
        );
        let b = &desk.events("shipped", &id)[1]["body"];
        assert_eq!(b["replaces_carrier"], "簡易書留");
        assert_eq!(b["replaces_tracking_number"], "13112383852");
        assert_eq!(b["sealed_tracking_number"], "13112383852");
        // Back to the sealed carrier and number: the change from the previous ship too.
        let o = desk.record(&[
            "ship",
            &id,
            "--carrier",
            "簡易書留",
            "--tracking-number",
            "131-12-38385-2",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let b = &desk.events("shipped", &id)[2]["body"];
        assert_eq!(b["replaces_carrier"], "ゆうパック");
        assert_eq!(b["replaces_tracking_number"], "405548424886");
        let row = desk.row(&id);
        assert_eq!(row["移送手段"], "簡易書留");
        let remarks = desk.remarks(&id);
        for part in [
            "移送手段の変更 簡易書留 → ゆうパック",
            "追跡番号の変更 13112383852 → 405548424886",
            "媒体に署名された追跡番号 13112383852 と異なる",
            "移送手段の変更 ゆうパック → 簡易書留",
            "追跡番号の変更 405548424886 → 13112383852",
        ] {
            assert!(remarks.contains(part), "{part}: {remarks}");
        }
    }
}

// Red team 14 finding 06: anonymized data sealed for a tracked service and shipped by an
// untracked one: the replacement and the explicit choice are in 備考, not only the event.
#[test]
fn an_untracked_downgrade_of_anonymized_data_is_shown_in_bikou() {
    let desk = Desk::new();
    let anon = desk.sealed("m1", &["--class", "anonymized", "--carrier", "簡易書留"]);
    let o = desk.record(&["ship", &anon, "--carrier", "普通郵便"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let remarks = desk.remarks(&anon);
    assert!(
        remarks.contains("移送手段の変更 簡易書留 → 普通郵便")
            && remarks.contains("明示的な選択 追跡なしの手段 普通郵便 (§2.2⑥"),
        "{remarks}"
    );
}

// Red team 14 finding 08: record ship --date before the shipment was sealed, after today
// (JST) or not a date is refused with the rule named, and nothing is recorded; today
// passes.
#[test]
fn record_ship_date_is_not_before_the_seal_nor_after_today() {
    let desk = Desk::new();
    let id = desk.sealed(
        "m1",
        &[
            "--envelope-confirmed",
            "--use-until",
            "2099-12-31",
            "--carrier",
            "簡易書留",
            "--tracking-number",
            "131-12-38385-2",
        ],
    );
    // The day of the seal in the registry's zone (JST by default, issue 16).
    let today = isou::clock::local_date(
        desk.events("sealed", &id)[0]["recorded_at"]
            .as_str()
            .unwrap(),
    );
    for (date, said) in [
        ("2020-01-01", "before the shipment was sealed"),
        ("2999-01-01", "after today"),
        ("2026-02-30", "not a date"),
        ("01/02/2026", "not a date"),
    ] {
        let o = desk.record(&["ship", &id, "--carrier", "簡易書留", "--date", date]);
        assert_eq!(o.status.code(), Some(2), "{date}: {}", stderr(&o));
        assert!(stderr(&o).contains(said), "{date}: {}", stderr(&o));
        if said != "not a date" {
            assert!(stderr(&o).contains("§2.2③"), "{date}: {}", stderr(&o));
        }
    }
    assert!(desk.events("shipped", &id).is_empty());
    let o = desk.record(&["ship", &id, "--carrier", "簡易書留", "--date", &today]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(desk.row(&id)["発送日"], today.as_str());
}
