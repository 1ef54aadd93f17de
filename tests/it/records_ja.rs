//! `isou record …` in Japanese (issue 17): the ledger's refusals, the record commands'
//! summaries and next steps, the list's header; the English unchanged under LANG=C;
//! the exports and the ledger the same in both languages.

use std::path::Path;
use std::process::{Command, Output};

use crate::util::{isou, ledger_with_shipment, run, stderr, stdout};

/// `isou --ledger L ARGS…` in Japanese (`--lang ja`).
fn ja(ledger: &Path) -> Command {
    let mut c = isou();
    c.args(["--lang", "ja", "--ledger"]).arg(ledger);
    c
}

/// `isou --ledger L ARGS…` under LANG=C (English).
fn en(ledger: &Path) -> Command {
    let mut c = isou();
    c.arg("--ledger").arg(ledger);
    c
}

#[test]
fn an_unknown_shipment_is_refused_in_japanese_and_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("l.sqlite");
    let o = run(ja(&ledger).args([
        "record",
        "ship",
        "ISOU-20260101-NOPE",
        "--carrier",
        "ゆうパック",
    ]));
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(
        e.contains("isou: エラー: この台帳に移送 \"ISOU-20260101-NOPE\" はありません"),
        "{e}"
    );
    assert!(
        e.contains("isou: 対処: 'isou seal' が表示した移送IDを指定してください"),
        "{e}"
    );
    // The same under LANG=C, as before issue 17.
    let o = run(en(&ledger).args([
        "record",
        "ship",
        "ISOU-20260101-NOPE",
        "--carrier",
        "ゆうパック",
    ]));
    let e = stderr(&o);
    assert!(
        e.contains("isou: error: there is no shipment \"ISOU-20260101-NOPE\" in this ledger"),
        "{e}"
    );
    assert!(
        e.contains("isou: hint: use the shipment id that 'isou seal' printed"),
        "{e}"
    );
    // Refused before the ledger was made.
    assert!(!ledger.exists());
}

#[test]
fn a_mistyped_tracking_number_is_explained_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, id) = ledger_with_shipment(dir.path());
    // 4055-4842-4886 with its check digit changed.
    let o = run(ja(&ledger).args([
        "record",
        "ship",
        &id,
        "--carrier",
        "ゆうパック",
        "--tracking-number",
        "4055-4842-4887",
    ]));
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.contains("追跡番号"), "{e}");
    assert!(e.contains("ほかの桁から計算すると 6 になるはずです"), "{e}");
    assert!(
        e.contains("isou: 対処: 打ち間違いの可能性があります"),
        "{e}"
    );
    let o = run(en(&ledger).args([
        "record",
        "ship",
        &id,
        "--carrier",
        "ゆうパック",
        "--tracking-number",
        "4055-4842-4887",
    ]));
    let e = stderr(&o);
    assert!(
        e.contains("has check digit 7, but its other digits call for 6"),
        "{e}"
    );
    // An unknown carrier, with the list of known ones.
    let o = run(ja(&ledger).args(["record", "ship", &id, "--carrier", "伝書鳩"]));
    let e = stderr(&o);
    assert!(
        e.contains("\"伝書鳩\" は isou が知っている配送業者ではありません"),
        "{e}"
    );
    assert!(
        e.contains("--carrier には次のいずれかを指定してください: "),
        "{e}"
    );
}

#[test]
fn ship_says_what_was_recorded_and_what_comes_next_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, id) = ledger_with_shipment(dir.path());
    let o = run(ja(&ledger).args([
        "record",
        "ship",
        &id,
        "--carrier",
        "ゆうパック",
        "--tracking-number",
        "405548424886",
    ]));
    let e = stderr(&o);
    assert!(o.status.success(), "{e}");
    // The number as printed on the slip, grouped.
    assert_eq!(
        stdout(&o).trim(),
        format!("記録しました: 移送 {id} を ゆうパック で発送、追跡番号 4055-4842-4886")
    );
    assert!(
        e.contains("次に: 移送先から受領書が届いたら記録してください: isou record receipt FILE"),
        "{e}"
    );
    // Not with -q.
    let o = run(ja(&ledger).args([
        "-q",
        "record",
        "ship",
        &id,
        "--carrier",
        "ゆうパック",
        "--tracking-number",
        "405548424886",
    ]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("次に:"), "{}", stderr(&o));
    // The ledger stores the same facts whatever the language: the number normalised,
    // the carrier as named.
    let events = crate::util::ledger_events(&ledger);
    let shipped: Vec<_> = events.iter().filter(|e| e["kind"] == "shipped").collect();
    assert_eq!(shipped.len(), 2);
    assert_eq!(shipped[0]["body"]["tracking_number"], "405548424886");
    assert_eq!(shipped[0]["body"]["carrier"], "ゆうパック");
}

#[test]
fn check_and_list_speak_japanese_and_exports_do_not_change() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, id) = ledger_with_shipment(dir.path());
    let o = run(ja(&ledger).args(["record", "check"]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(": 1 件、記録の連鎖は正常です"),
        "{}",
        stdout(&o)
    );
    let o = run(en(&ledger).args(["record", "check"]));
    assert!(
        stdout(&o).contains(": 1 events, chain intact"),
        "{}",
        stdout(&o)
    );
    // The list's header in the clerk's language.
    let o = run(ja(&ledger).args(["record", "list"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let head = stdout(&o).lines().next().unwrap_or_default().to_string();
    assert!(head.contains("種別") && head.contains("担当者"), "{head}");
    assert!(!head.contains("kind"), "{head}");
    let o = run(en(&ledger).args(["record", "list"]));
    let head = stdout(&o).lines().next().unwrap_or_default().to_string();
    assert!(
        head.contains("種別 kind") && head.contains("担当 by"),
        "{head}"
    );
    // Nothing matches: said, in Japanese.
    let o = run(ja(&ledger).args(["record", "list", "--since", "2999-01-01"]));
    assert_eq!(stdout(&o).trim(), "該当する記録はありません");
    // An export is a document for an auditor: the same bytes whoever's language made
    // it (only the provenance's time of export may differ, so compared without it).
    let table = |o: &Output| -> String {
        assert!(o.status.success(), "{}", stderr(o));
        crate::util::csv_table(&o.stdout)
    };
    let a = table(&run(ja(&ledger).args([
        "record",
        "export",
        "--register",
        "transport",
    ])));
    let b = table(&run(en(&ledger).args([
        "record",
        "export",
        "--register",
        "transport",
    ])));
    assert_eq!(a, b);
    assert!(a.contains(&id), "{a}");
    // An unknown event id for a correction.
    let o = run(ja(&ledger).args(["record", "correct", "99", "--note", "誤記"]));
    let e = stderr(&o);
    assert!(e.contains("この台帳に記録 99 はありません"), "{e}");
}

#[test]
fn dispose_and_its_refusals_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, id) = ledger_with_shipment(dir.path());
    // A method isou does not know: the list in the hint.
    let o = run(ja(&ledger).args(["record", "dispose", &id, "--method", "燃やした"]));
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.contains("\"燃やした\" は廃棄の方法ではありません"), "{e}");
    assert!(e.contains("物理破壊"), "{e}");
    let o = run(ja(&ledger).args(["record", "dispose", &id, "--method", "物理破壊"]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).trim(),
        format!("記録しました: 移送 {id} の電子媒体を廃棄（物理破壊、立会人なし）")
    );
    // Once only.
    let o = run(ja(&ledger).args(["record", "dispose", &id, "--method", "物理破壊"]));
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(
        e.contains(&format!("移送 {id} の電子媒体は既に廃棄が記録されています")),
        "{e}"
    );
    assert!(e.contains("'isou record correct "), "{e}");
    // The English, as before issue 17.
    let o = run(en(&ledger).args(["record", "dispose", &id, "--method", "物理破壊"]));
    let e = stderr(&o);
    assert!(
        e.contains(&format!(
            "the medium of shipment {id} is already recorded as disposed of"
        )),
        "{e}"
    );
}

#[test]
fn a_file_that_is_no_ledger_is_refused_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("not-a-ledger.sqlite");
    crate::util::write_private(&ledger, &[b'x'; 4096]);
    let o = run(ja(&ledger).args(["record", "check"]));
    let e = stderr(&o);
    assert_ne!(o.status.code(), Some(0), "{e}");
    assert!(e.contains("は壊れているか、台帳ではありません"), "{e}");
    assert!(
        e.contains("isou: 対処: 台帳をバックアップから復元してください"),
        "{e}"
    );
    let o = run(en(&ledger).args(["record", "check"]));
    let e = stderr(&o);
    assert!(e.contains("is damaged or not a ledger"), "{e}");
    assert!(
        e.contains("isou: hint: restore the ledger from its backup"),
        "{e}"
    );
    // Refused, not changed.
    assert_eq!(std::fs::read(&ledger).unwrap(), vec![b'x'; 4096]);
}

#[test]
fn the_key_by_another_route_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let (sender, _) = crate::util::keygen(dir.path(), "s.txt");
    let ledger = dir.path().join("l.sqlite");
    let pf = dir.path().join("pf");
    crate::util::write_private(&pf, b"kumquat orbit lantern 1987 vinegar tundra\n");
    let ex = dir.path().join("x.csv");
    std::fs::write(&ex, b"1").unwrap();
    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let o = run(en(&ledger)
        .args(["seal", "--class", "anonymized", "--passphrase", "--json"])
        .arg("--passphrase-file")
        .arg(&pf)
        .arg("-i")
        .arg(&sender)
        .arg("--medium")
        .arg(&usb)
        .arg(&ex));
    assert!(o.status.success(), "{}", stderr(&o));
    let id = serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["shipment_id"]
        .as_str()
        .unwrap()
        .to_string();
    let o = run(ja(&ledger).args([
        "record",
        "ship",
        &id,
        "--carrier",
        "ゆうパック",
        "--tracking-number",
        "4055-4842-4886",
    ]));
    let e = stderr(&o);
    assert!(o.status.success(), "{e}");
    assert!(
        e.contains(&format!(
            "isou: 警告: 移送 {id} のパスフレーズを別の経路で送付した記録がありません"
        )),
        "{e}"
    );
    assert!(
        e.contains(&format!("'isou record key-sent {id} --method …")),
        "{e}"
    );
    // No receipt can be checked without the destination's key: no such next step.
    assert!(!e.contains("次に:"), "{e}");
    // The key in the medium's own parcel: refused, the number grouped as on the slip.
    let o = run(ja(&ledger).args([
        "record",
        "key-sent",
        &id,
        "--method",
        "別便",
        "--tracking-number",
        "405548424886",
    ]));
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(
        e.contains("追跡番号 4055-4842-4886 は電子媒体と同じ番号です"),
        "{e}"
    );
    assert_eq!(crate::util::count_events(&ledger, "key-sent"), 0);
}
