//! `isou record show` in the reader's language (issue 17): each fact of an event named
//! in Japanese (the registers' terms) under `--lang ja`, with はい／いいえ, 正常, the
//! class's name, the tracking number grouped and sizes with their exact byte count; in
//! English under LANG=C; a key isou does not name is still shown, as stored.

use std::path::Path;
use std::process::{Command, Output};

use crate::util::{isou, ledger_with_shipment, run, stderr};

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn at(ledger: &Path, lang: Option<&str>) -> Command {
    let mut c = isou();
    if let Some(l) = lang {
        c.args(["--lang", l]);
    }
    c.arg("--ledger").arg(ledger);
    c
}

/// A sealed (anonymized) shipment, shipped by ゆうパック with its number.
fn shipped(dir: &Path) -> (std::path::PathBuf, String) {
    let (ledger, id) = ledger_with_shipment(dir);
    let o = run(at(&ledger, None).args([
        "record",
        "ship",
        &id,
        "--carrier",
        "ゆうパック",
        "--tracking-number",
        "4055-4842-4886",
    ]));
    assert!(o.status.success(), "{}", stderr(&o));
    (ledger, id)
}

/// The facts of one event: the lines under its heading (`記録 N  …` / `event N  …`) up
/// to the blank line after them.
fn event<'a>(show: &'a str, heading: &str) -> &'a str {
    let start = show
        .find(&format!("\n{heading}  "))
        .unwrap_or_else(|| panic!("{heading:?} in {show}"));
    let rest = &show[start + 1..];
    &rest[..rest.find("\n\n").unwrap_or(rest.len())]
}

/// The value of a fact in an event's lines: its name (after the indent), two spaces or
/// more, its value (the first line of it).
fn fact<'a>(show: &'a str, name: &str) -> Option<&'a str> {
    show.lines().find_map(|l| {
        let rest = l.strip_prefix("    ")?.strip_prefix(name)?;
        rest.starts_with("  ").then(|| rest.trim())
    })
}

#[test]
fn show_names_the_facts_in_japanese_with_readable_values() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, id) = shipped(dir.path());
    let o = run(at(&ledger, Some("ja")).args(["record", "show", &id]));
    let show = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    // The register's terms, no stored key.
    let sealed = event(&show, "記録 1");
    assert_eq!(fact(sealed, "情報の区分"), Some("匿名化"), "{show}");
    assert_eq!(
        fact(sealed, "パスフレーズで暗号化"),
        Some("いいえ"),
        "{show}"
    );
    assert_eq!(fact(sealed, "移送手段"), Some("（なし）"), "{show}");
    assert_eq!(fact(sealed, "第1巻のBag-Count"), Some("1 of 1"), "{show}");
    assert_eq!(fact(sealed, "封入したデータ量"), Some("1 バイト"), "{show}");
    assert!(fact(sealed, "移送担当者").is_some(), "{show}");
    let payload = fact(sealed, "媒体上のデータ量").unwrap_or_else(|| panic!("{show}"));
    assert!(payload.ends_with(" バイト"), "{payload}: {show}");
    let shipped = event(&show, "記録 2");
    assert_eq!(fact(shipped, "移送手段"), Some("ゆうパック"), "{show}");
    assert_eq!(fact(shipped, "追跡番号"), Some("4055-4842-4886"), "{show}");
    assert_eq!(
        fact(shipped, "追跡のない移送手段"),
        Some("いいえ"),
        "{show}"
    );
    assert!(fact(shipped, "OSアカウント").is_some(), "{show}");
    for raw in [
        "attendance_acknowledged",
        "summary.volumes.1.bag_count",
        "os_account",
        "untracked_carrier",
        " false",
        " true",
        "40554842488",
    ] {
        assert!(!show.contains(raw), "{raw:?} in {show}");
    }
}

#[test]
fn show_names_the_facts_in_english_under_lang_c() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, id) = shipped(dir.path());
    let o = run(at(&ledger, None).args(["record", "show", &id]));
    let show = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    let sealed = event(&show, "event 1");
    assert_eq!(fact(sealed, "class"), Some("anonymized (匿名化)"), "{show}");
    assert_eq!(fact(sealed, "passphrase"), Some("no"), "{show}");
    assert_eq!(
        fact(sealed, "volume 1: Bag-Count"),
        Some("1 of 1"),
        "{show}"
    );
    assert_eq!(
        fact(sealed, "attendance acknowledged"),
        Some("no"),
        "{show}"
    );
    assert_eq!(fact(sealed, "bytes sealed"), Some("1 byte"), "{show}");
    let shipped = event(&show, "event 2");
    assert_eq!(fact(shipped, "carrier"), Some("ゆうパック"), "{show}");
    assert_eq!(
        fact(shipped, "tracking number"),
        Some("4055-4842-4886"),
        "{show}"
    );
    assert!(!show.contains("情報の区分"), "{show}");

    // --json stays the stored events, keys and values as they are.
    let o = run(at(&ledger, Some("ja")).args(["record", "list", "--json"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let events: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(events[0]["body"]["passphrase"], false);
    assert_eq!(events[1]["body"]["tracking_number"], "405548424886");
}

#[test]
fn a_key_isou_does_not_name_is_shown_as_stored() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, id) = shipped(dir.path());
    // A shipping event with facts a newer isou (or someone with sqlite3) wrote.
    let c = rusqlite::Connection::open(&ledger).unwrap();
    let (when, hash): (String, String) = c
        .query_row(
            "SELECT recorded_at, hash FROM events ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let body = serde_json::json!({
        "carrier": "ゆうパック",
        "by": "root",
        "newer_fact": "kept \u{1b}[31m",
        "newer_flag": true,
        "newer": {"nested": 1024 * 1024},
    });
    c.execute(
        "INSERT INTO events (recorded_at, kind, shipment, body, prev_hash, hash) VALUES (?1, 'shipped', ?2, ?3, ?4, ?5)",
        rusqlite::params![when, id, body.to_string(), hash, "z".repeat(64)],
    )
    .unwrap();
    drop(c);
    for lang in ["ja", "en"] {
        let o = run(at(&ledger, Some(lang)).args(["record", "show", &id]));
        let show = stdout(&o);
        assert!(o.status.success(), "{lang}: {}", stderr(&o));
        // Named by its stored key, its text cleaned as before.
        let newer = event(&show, if lang == "ja" { "記録 3" } else { "event 3" });
        assert_eq!(
            fact(newer, "newer_fact"),
            Some("kept \u{fffd}[31m"),
            "{show}"
        );
        let yes = if lang == "ja" { "はい" } else { "yes" };
        assert_eq!(fact(newer, "newer_flag"), Some(yes), "{show}");
        assert_eq!(fact(newer, "newer.nested"), Some("1048576"), "{show}");
        assert!(!show.contains('\u{1b}'), "{show:?}");
    }
}
