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
        let ident = ["--class", "identifiable", "--envelope-confirmed"];
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
        let plain = desk.sealed("m1", &["--envelope-confirmed", "--carrier", "簡易書留"]);
        let ident = desk.sealed(
            "m2",
            &[
                "--class",
                "identifiable",
                "--envelope-confirmed",
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
        let id = desk.sealed("m1", &["--envelope-confirmed", "--carrier", "簡易書留"]);
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
        let id = desk.sealed("m3", &["--carrier", "持参", "--attendance-acknowledged"]);
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
                "--envelope-confirmed",
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
