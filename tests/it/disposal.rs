//! Disposal records an auditor can sign off (issue 16): methods, witnesses, once only.

use std::fs;
use std::path::PathBuf;
use std::process::Output;

use crate::util::*;

/// A sender's desk with a ledger and an extract.
struct Desk {
    dir: tempfile::TempDir,
    sender: PathBuf,
    rcard: String,
    extract: PathBuf,
    ledger: PathBuf,
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
        }
    }

    /// Seals a medium of class `class` (identifiable or anonymized); its shipment id.
    fn sealed(&self, name: &str, class: &str) -> String {
        let m = self.dir.path().join(name);
        fs::create_dir(&m).unwrap();
        let o = run(isou()
            .arg("--ledger")
            .arg(&self.ledger)
            .args(["seal", "--json", "--to", &self.rcard, "-i"])
            .arg(&self.sender)
            .arg("--medium")
            .arg(&m)
            .args([
                "--class",
                class,
                "--carrier",
                "簡易書留",
                "--envelope-confirmed",
                "--use-until",
                "2099-12-31",
            ])
            .args(["--destination", "国立がん研究センター"])
            .arg(&self.extract));
        assert!(o.status.success(), "{class}: {}", stderr(&o));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["shipment_id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    fn dispose(&self, shipment: &str, args: &[&str]) -> Output {
        run(isou()
            .arg("--ledger")
            .arg(&self.ledger)
            .args(["record", "dispose", shipment])
            .args(args))
    }

    /// The disposed events of `shipment`.
    fn disposals(&self, shipment: &str) -> Vec<serde_json::Value> {
        ledger_events(&self.ledger)
            .into_iter()
            .filter(|e| e["kind"] == "disposed" && e["shipment"] == shipment)
            .collect()
    }

    /// The 廃棄記録 as CSV: header and rows, split into cells.
    fn register(&self) -> Vec<Vec<String>> {
        let o = run(isou().arg("--ledger").arg(&self.ledger).args([
            "record",
            "export",
            "--register",
            "disposal",
        ]));
        assert!(o.status.success(), "{}", stderr(&o));
        let text = csv_table(&o.stdout);
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        r.records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }
}

fn refused(o: &Output, says: &[&str]) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    for s in says {
        assert!(stderr(o).contains(s), "{s:?} not in {}", stderr(o));
    }
}

#[test]
fn an_unknown_method_is_refused_with_the_list_and_aliases_are_normalised() {
    let d = Desk::new();
    let id = d.sealed("m1", "anonymized");
    for bad in ["ゴミ箱", "消磁", "trash"] {
        let o = d.dispose(&id, &["--method", bad, "--witness", "佐藤"]);
        refused(
            &o,
            &[
                "is not a disposal method",
                "物理破壊",
                "消去ソフト",
                "溶解",
                "外部委託",
            ],
        );
    }
    assert!(d.disposals(&id).is_empty());
    // An English alias, with other spacing and case: recorded under the one name.
    let o = d.dispose(
        &id,
        &["--method", "Physical  Destruction", "--witness", "佐藤"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(d.disposals(&id)[0]["body"]["method"], "物理破壊");
    // Half-width kana and a full-width space (NFKC, spaces) find 消去ソフト.
    let id2 = d.sealed("m2", "anonymized");
    let o = d.dispose(&id2, &["--method", "ﾃﾞｰﾀ消去　ｿﾌﾄ", "--witness", "佐藤"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(d.disposals(&id2)[0]["body"]["method"], "消去ソフト");
}

#[test]
fn outsourcing_needs_the_contractor_and_its_certificate() {
    let d = Desk::new();
    let id = d.sealed("m1", "identifiable");
    let o = d.dispose(&id, &["--method", "外部委託", "--witness", "佐藤"]);
    refused(
        &o,
        &[
            "contractor's name",
            "--contractor NAME and --certificate NO",
        ],
    );
    let o = d.dispose(
        &id,
        &[
            "--method",
            "外部委託",
            "--witness",
            "佐藤",
            "--contractor",
            "東京リサイクル株式会社",
        ],
    );
    refused(&o, &["certificate of destruction"]);
    let o = d.dispose(
        &id,
        &[
            "--method",
            "外部委託",
            "--witness",
            "佐藤",
            "--contractor",
            "東京リサイクル",
            "--certificate",
            " ",
        ],
    );
    refused(&o, &["certificate"]);
    // A certificate for work done in house is a mix-up, not a record.
    let o = d.dispose(
        &id,
        &[
            "--method",
            "物理破壊",
            "--witness",
            "佐藤",
            "--certificate",
            "No.1",
        ],
    );
    refused(&o, &["belong to an outsourced disposal"]);
    assert!(d.disposals(&id).is_empty());
    let o = d.dispose(
        &id,
        &[
            "--method",
            "outsourced",
            "--witness",
            "佐藤",
            "--contractor",
            "東京リサイクル株式会社",
            "--certificate",
            "ＴＲ－２０２６－０４１",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let b = &d.disposals(&id)[0]["body"];
    assert_eq!(b["method"], "外部委託");
    assert_eq!(b["contractor"], "東京リサイクル株式会社");
    assert_eq!(b["certificate"], "TR-2026-041");
}

#[test]
fn identifiable_data_needs_a_witness_anonymized_data_may_go_without() {
    let d = Desk::new();
    let id = d.sealed("m1", "identifiable");
    let o = d.dispose(&id, &["--method", "物理破壊"]);
    refused(
        &o,
        &["identifiable data", "needs a witness", "--witness NAME"],
    );
    for blank in ["", "　", "  "] {
        let o = d.dispose(&id, &["--method", "物理破壊", "--witness", blank]);
        refused(&o, &["witness"]);
    }
    let o = d.dispose(
        &id,
        &["--method", "物理破壊", "--witness", "佐藤\u{202E}花子"],
    );
    refused(&o, &["witness"]);
    assert!(d.disposals(&id).is_empty());
    let o = d.dispose(&id, &["--method", "物理破壊", "--witness", "佐藤　花子"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let b = &d.disposals(&id)[0]["body"];
    assert_eq!(b["witness"], "佐藤 花子");
    assert_eq!(b["class"], "identifiable");

    let anon = d.sealed("m2", "anonymized");
    let o = d.dispose(&anon, &["--method", "溶解"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("no witness"));
    let b = &d.disposals(&anon)[0]["body"];
    assert_eq!(b["witness"], serde_json::Value::Null);
    assert_eq!(b["class"], "anonymized");
}

#[test]
fn a_medium_is_disposed_of_once_and_the_second_names_the_first() {
    let d = Desk::new();
    let id = d.sealed("m1", "anonymized");
    let o = d.dispose(&id, &["--method", "物理破壊", "--witness", "佐藤"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let first = d.disposals(&id)[0].clone();
    let event = first["id"].to_string();
    for again in [
        &["--method", "物理破壊", "--witness", "佐藤"][..],
        &["--method", "溶解", "--witness", "鈴木"][..],
        &["--method", "ゴミ箱"][..],
    ] {
        let o = d.dispose(&id, again);
        refused(
            &o,
            &[
                "already recorded as disposed of",
                &format!("event {event}"),
                // In the registry's zone (JST by default), as the lists show it.
                &isou::clock::local(first["recorded_at"].as_str().unwrap()),
                &format!("by {}", os_account()),
                "method 物理破壊",
                &format!("isou record correct {event}"),
            ],
        );
    }
    assert_eq!(d.disposals(&id).len(), 1);
}

#[test]
fn the_disposal_register_shows_each_fact_in_its_own_column() {
    let d = Desk::new();
    let a = d.sealed("m1", "identifiable");
    let b = d.sealed("m2", "anonymized");
    let o = d.dispose(
        &a,
        &[
            "--method",
            "外部委託",
            "--contractor",
            "東京リサイクル株式会社",
            "--certificate",
            "TR-2026-041",
            "--witness",
            "佐藤 花子",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = d.dispose(&b, &["--method", "消去ソフト"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let reg = d.register();
    let header = &reg[0];
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
    };
    let row = |id: &str| {
        reg.iter()
            .find(|r| r[col("移送ID")] == id)
            .unwrap_or_else(|| panic!("no row {id} in {reg:?}"))
            .clone()
    };
    let ra = row(&a);
    assert_eq!(ra[col("廃棄方法")], "外部委託");
    assert_eq!(ra[col("委託先")], "東京リサイクル株式会社");
    assert_eq!(ra[col("廃棄証明書番号")], "TR-2026-041");
    assert_eq!(ra[col("立会人")], "佐藤 花子");
    assert_eq!(ra[col("実施者")], os_account());
    let rb = row(&b);
    assert_eq!(rb[col("廃棄方法")], "消去ソフト");
    assert_eq!(rb[col("委託先")], "");
    assert_eq!(rb[col("廃棄証明書番号")], "");
    assert_eq!(rb[col("立会人")], "");
}
