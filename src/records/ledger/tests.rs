//! The ledger's own tests: appends and the chain, edits behind isou's back, refused
//! databases, concurrent appenders.

use super::*;
use crate::records::event::EventBody;
use crate::records::value::RecordValueError;
use serde_json::json;

fn b(kind: EventKind, v: serde_json::Value) -> EventBody {
    EventBody::from_value(kind, &v).unwrap()
}

/// The reason kept with an unrecorded event is stored: English whatever the
/// language chosen (issue 17); Display and the hint follow the language.
#[test]
fn stored_reasons_are_english_in_every_language() {
    use crate::i18n::Lang;
    let e = LedgerError::Value(RecordValueError::Empty {
        field: "carrier".into(),
    });
    assert_eq!(e.message_in(Lang::En), "the carrier is empty");
    assert_eq!(e.message_in(Lang::Ja), "「移送手段」が空です");
    let e = LedgerError::Locked(PathBuf::from("/l.sqlite"));
    assert_eq!(
        e.message_in(Lang::En),
        "the ledger /l.sqlite is locked by another process"
    );
    assert!(e.message_in(Lang::Ja).contains("台帳 /l.sqlite"));
    // The current language (English unless a program chose) gives Display.
    if crate::i18n::current() == Lang::En {
        assert_eq!(e.to_string(), e.message_in(Lang::En));
    }
}

#[test]
fn append_list_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Ledger::open(&dir.path().join("sub/ledger.sqlite")).unwrap();
    let a = l
        .append(
            "S1",
            &b(EventKind::Sealed, json!({"tracking": "13112383852"})),
        )
        .unwrap();
    let b = l
        .append("S1", &b(EventKind::Shipped, json!({"carrier": "簡易書留"})))
        .unwrap();
    assert_eq!(a.prev_hash, GENESIS);
    assert_eq!(b.prev_hash, a.hash);
    assert_eq!(l.events(Some("S1")).unwrap().len(), 2);
    assert_eq!(l.check().unwrap(), None);
    // SQLite itself refuses UPDATE and DELETE.
    assert!(l
        .conn
        .execute("UPDATE events SET shipment = 'X'", [])
        .is_err());
    assert!(l.conn.execute("DELETE FROM events", []).is_err());
}

#[test]
fn edits_behind_isous_back_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("l.sqlite");
    let mut l = Ledger::open(&p).unwrap();
    for i in 0..5 {
        l.append(&format!("S{i}"), &b(EventKind::Sealed, json!({"n": i})))
            .unwrap();
    }
    drop(l);
    let raw = Connection::open(&p).unwrap();
    raw.execute_batch(
        "DROP TRIGGER events_no_update; UPDATE events SET body = '{\"n\":99}' WHERE id = 3;",
    )
    .unwrap();
    drop(raw);
    let l = Ledger::open(&p).unwrap();
    let brk = l.check().unwrap().unwrap();
    assert_eq!(brk.id, 3);
    assert!(brk.why.contains("changed"));
}

#[test]
fn newer_schema_and_non_databases_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("new.sqlite");
    Connection::open(&p)
        .unwrap()
        .execute_batch("PRAGMA user_version = 7;")
        .unwrap();
    assert!(matches!(
        Ledger::open(&p),
        Err(LedgerError::NewerSchema { found: 7, .. })
    ));
    let junk = dir.path().join("junk.sqlite");
    std::fs::write(&junk, vec![0x5a; 8192]).unwrap();
    let before = std::fs::read(&junk).unwrap();
    assert!(matches!(
        Ledger::open(&junk),
        Err(LedgerError::Corrupt { .. })
    ));
    assert_eq!(std::fs::read(&junk).unwrap(), before);
}

#[test]
fn concurrent_appenders_keep_every_event_and_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.sqlite");
    Ledger::open(&p).unwrap();
    std::thread::scope(|s| {
        for t in 0..4 {
            let p = &p;
            s.spawn(move || {
                let mut l = Ledger::open(p).unwrap();
                for i in 0..25 {
                    l.append(&format!("T{t}-{i}"), &b(EventKind::Received, json!({})))
                        .unwrap();
                }
            });
        }
    });
    let l = Ledger::open(&p).unwrap();
    assert_eq!(l.events(None).unwrap().len(), 100);
    assert_eq!(l.check().unwrap(), None);
    // Made at schema 2 in one step: no process saw it at 1 and backed it up.
    assert_eq!(l.schema_version(), 2);
    assert!(!Ledger::v1_backup_path(&p).exists());
}
