//! The ledger file and its unrecorded events: authenticated recovery, private and foreign files, read-only ledgers, record values.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;

use crate::util::*;

fn unrecorded(ledger: &Path) -> PathBuf {
    PathBuf::from(format!("{}.unrecorded", ledger.display()))
}

fn key_file(ledger: &Path) -> PathBuf {
    PathBuf::from(format!("{}.key", ledger.display()))
}

fn mode(p: &Path) -> u32 {
    fs::symlink_metadata(p).unwrap().permissions().mode() & 0o7777
}

/// Nothing a terminal would act on, and no bidi control.
fn inert(o: &Output) {
    for (what, text) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        let t = String::from_utf8_lossy(text);
        assert!(
            !t.chars()
                .any(|c| matches!(c, '\x1b' | '\x07' | '\u{9b}' | '\u{202E}' | '\r')),
            "{what} carries raw control or bidi characters: {t:?}"
        );
    }
}

fn record(ledger: &Path, args: &[&str]) -> Output {
    run(isou().arg("--ledger").arg(ledger).arg("record").args(args))
}

fn export(ledger: &Path, register: &str) -> String {
    let o = record(
        ledger,
        &["export", "--format", "csv", "--register", register],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}

/// A kept file as isou writes one, authenticated with the ledger's key (what an
/// attacker who can read the key could write).
fn authentic_file(ledger: &Path, name: &str, event: &serde_json::Value) {
    let key = fs::read(key_file(ledger)).unwrap();
    assert_eq!(key.len(), 32);
    let text = serde_json::to_string(event).unwrap();
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&key).unwrap();
    m.update(b"isou-unrecorded-v1\0");
    m.update(text.as_bytes());
    let file = json!({
        "format": "isou-unrecorded-v1",
        "event": text,
        "mac": hex::encode(m.finalize().into_bytes()),
    });
    fs::create_dir_all(unrecorded(ledger)).unwrap();
    fs::write(
        unrecorded(ledger).join(name),
        serde_json::to_vec(&file).unwrap(),
    )
    .unwrap();
}

fn nonce(n: u8) -> String {
    format!("{n:02x}").repeat(16)
}

// Item 9: what an attacker who can write LEDGER.unrecorded/ (but not read LEDGER.key)
// puts there is refused, kept (moved to rejected/), and printed inert.
#[test]
fn forged_unrecorded_events_are_refused_kept_and_shown_inert() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, id) = ledger_with_shipment(dir.path());
    assert_eq!(ledger_events(&ledger).len(), 1);
    let kept = unrecorded(&ledger);
    fs::create_dir_all(&kept).unwrap();
    let plain = |name: &str, v: serde_json::Value| {
        fs::write(kept.join(name), serde_json::to_vec(&v).unwrap()).unwrap();
    };
    // The forms the old `recover` took as they were.
    plain(
        "1-sealed.json",
        json!({"kind": "sealed", "shipment": "ISOU-20260101-FORGED00", "at": "2026-01-01T00:00:00Z",
               "body": {"envelope_confirmed": true, "handler": "山田"}, "error": "disk full"}),
    );
    plain(
        "2-received.json",
        json!({"kind": "received", "shipment": id, "at": "2026-01-01T00:00:00Z",
               "body": {"valid": true, "by": "監査人"}, "error": "x"}),
    );
    plain(
        "3-corrected.json",
        json!({"kind": "corrected", "shipment": id, "at": "2026-01-01T00:00:00Z",
               "body": {"corrects": 999999, "note": "void"}, "error": "x"}),
    );
    plain(
        "4-newline.json",
        json!({"kind": "shipped", "shipment": "ISOU-1\nresult: VALID", "at": "2026-01-01T00:00:00Z",
               "body": {"carrier": "x"}, "error": "x"}),
    );
    plain(
        "5-\x1b[2J\x1b]0;pwned\x07.json",
        json!({"kind": "shipped", "shipment": "\u{202E}1-DI", "at": "\x1b[2J\x1b]0;pwned\x07",
               "body": {"carrier": "x"}, "error": "x"}),
    );
    // The new form, with a guessed authenticator.
    let text = json!({"kind": "sealed", "shipment": "ISOU-20260101-FORGED01", "at": "2026-01-01T00:00:00Z",
                      "body": {}, "error": "x", "nonce": nonce(1)})
    .to_string();
    plain(
        "6-guessed.json",
        json!({"format": "isou-unrecorded-v1", "event": text, "mac": "00".repeat(32)}),
    );
    // A FIFO named *.json would hang a reader that opens it blocking.
    let fifo = kept.join("7-fifo.json");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: mkfifo(3) with a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    // A link to a file elsewhere (another user's, say) is not read.
    let outside = dir.path().join("outside.json");
    let outside_text = json!({"kind": "disposed", "shipment": id, "at": "2026-01-01T00:00:00Z",
                              "body": {"method": "SECRET-OUTSIDE", "witness": "w"}, "error": "x"})
    .to_string();
    fs::write(&outside, &outside_text).unwrap();
    std::os::unix::fs::symlink(&outside, kept.join("8-link.json")).unwrap();

    let o = run_within(
        isou()
            .arg("--ledger")
            .arg(&ledger)
            .args(["record", "recover"]),
        30,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    inert(&o);
    let err = stderr(&o);
    assert!(err.contains("8 file(s)"), "{err}");
    assert!(err.contains("authenticator"), "{err}");
    assert!(!err.contains("SECRET-OUTSIDE"), "{err}");
    // Nothing of them is in the ledger.
    let events = ledger_events(&ledger);
    assert_eq!(events.len(), 1, "{events:?}");
    // None deleted: all moved to rejected/, the link as a link, the target untouched.
    let rejected = kept.join("rejected");
    assert_eq!(entries(&rejected).len(), 8, "{:?}", entries(&rejected));
    assert_eq!(entries(&kept), vec!["rejected".to_string()]);
    assert!(fs::symlink_metadata(rejected.join("8-link.json"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_to_string(&outside).unwrap(), outside_text);
    // The check is clean (nothing waits) but says what was refused.
    let o = record(&ledger, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("refused are in"), "{}", stderr(&o));
}

// Item 9: even with a valid authenticator (an attacker who can read the key, or a
// damaged file), a recovered event passes only what a live append accepts; a good
// one is recorded once, marked, and every register shows the mark.
#[test]
fn recovered_events_pass_the_live_checks_and_every_register_marks_them() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, id) = ledger_with_shipment(dir.path());
    let at = "2026-12-01T09:00:00Z";
    let ev = |kind: &str, shipment: &str, at: &str, body: serde_json::Value, n: u8| {
        json!({"kind": kind, "shipment": shipment, "at": at, "body": body,
               "error": "the ledger is locked by another process", "nonce": nonce(n)})
    };
    let good = ev(
        "disposed",
        &id,
        at,
        json!({"method": "溶解", "witness": "佐藤", "date": "2026-12-01", "by": "山田"}),
        1,
    );
    authentic_file(&ledger, "10-good.json", &good);
    authentic_file(&ledger, "11-replay.json", &good);
    let bad = [
        ev(
            "shipped",
            "ISOU-1\nresult: VALID",
            at,
            json!({"carrier": "x"}),
            2,
        ),
        ev("shipped", "\u{202E}1-DI", at, json!({"carrier": "x"}), 3),
        ev(
            "corrected",
            &id,
            at,
            json!({"corrects": 999999, "corrects_hash": "00", "note": "void"}),
            4,
        ),
        ev("shipped", &id, "\x1b[2J", json!({"carrier": "x"}), 5),
        ev("shipped", &id, at, json!({"carrier": "x\n検証OK"}), 6),
        ev("shipped", &id, at, json!({"date": "2026-13-45"}), 7),
        ev(
            "shipped",
            &id,
            at,
            json!({"carrier": "x", "recorded_late": {"happened_at": at}}),
            8,
        ),
        ev("invented", &id, at, json!({}), 9),
        ev(
            "disposed",
            &id,
            at,
            json!({"witness": "あ".repeat(201)}),
            10,
        ),
    ];
    for (i, b) in bad.iter().enumerate() {
        authentic_file(&ledger, &format!("{}-bad.json", 20 + i), b);
    }
    let o = run_within(
        isou()
            .arg("--ledger")
            .arg(&ledger)
            .args(["record", "recover"]),
        30,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    inert(&o);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        // When it happened, in the registry's zone as the lists show times.
        out.contains("recorded event 2: disposed of ISOU-")
            && out.contains(&isou::clock::local(at)),
        "{out}"
    );
    let err = stderr(&o);
    assert!(err.contains("recovered before, as event 2"), "{err}");
    assert!(err.contains("not in the ledger"), "{err}");
    assert!(err.contains(&format!("{} file(s)", bad.len() + 1)), "{err}");
    let events = ledger_events(&ledger);
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[1]["kind"], "disposed");
    assert_eq!(events[1]["body"]["recorded_late"]["happened_at"], at);
    assert_eq!(events[1]["body"]["recorded_late"]["nonce"], nonce(1));
    assert_eq!(entries(&unrecorded(&ledger).join("rejected")).len(), 10);
    // Every register shows that the disposal was recorded late.
    // When it happened, in the registry's zone (JST by default, issue 16).
    let mark = format!("記録遅延: disposed (発生 {}", isou::clock::local(at));
    for register in ["transport", "media", "disposal"] {
        let csv = export(&ledger, register);
        assert!(csv.contains(&mark), "{register}: {csv}");
    }
    let o = record(&ledger, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

// Item 10: a new ledger is private (0600 in a 0700 folder, its key 0600) and carries
// isou's application id; an older isou ledger gets the id when opened for writing,
// never by a reading command; `record check` names a ledger others may read.
#[test]
fn a_new_ledger_is_private_and_marked_as_isous() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("new/sub/ledger.sqlite");
    let o = record(&ledger, &["recover"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(mode(&ledger), 0o600);
    assert_eq!(mode(ledger.parent().unwrap()), 0o700);
    assert_eq!(mode(&dir.path().join("new")), 0o700);
    assert_eq!(mode(&key_file(&ledger)), 0o600);
    assert_eq!(fs::read(key_file(&ledger)).unwrap().len(), 32);
    let app_id = |p: &Path| -> i64 {
        rusqlite::Connection::open(p)
            .unwrap()
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(app_id(&ledger), 0x6973_6F75);
    // Others may read it: check says so.
    fs::set_permissions(&ledger, fs::Permissions::from_mode(0o644)).unwrap();
    let o = record(&ledger, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("mode 0644: group or others may read it"),
        "{}",
        stderr(&o)
    );
    // A ledger of an older isou: the events table, no application id.
    let old = dir.path().join("old.sqlite");
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute_batch(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, kind TEXT NOT NULL,
                 shipment TEXT NOT NULL, body TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE);
             PRAGMA user_version = 1;",
        )
        .unwrap();
    let o = record(&old, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(app_id(&old), 0, "a reading command must not write");
    let o = record(&old, &["recover"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(app_id(&old), 0x6973_6F75);
}

// Item 10: another program's database is refused untouched by every command; reading
// commands create nothing.
#[test]
fn a_foreign_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (sender, _) = keygen(dir.path(), "s.txt");
    let (_, rcard) = keygen(dir.path(), "r.txt");
    let ex = dir.path().join("x.csv");
    fs::write(&ex, b"1").unwrap();
    let usb = dir.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let other = dir.path().join("app.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch(
            "CREATE TABLE accounts (name TEXT); INSERT INTO accounts VALUES ('x');
             PRAGMA journal_mode = DELETE;",
        )
        .unwrap();
    let marked = dir.path().join("marked.sqlite");
    rusqlite::Connection::open(&marked)
        .unwrap()
        .execute_batch("PRAGMA application_id = 305419896; PRAGMA user_version = 1;")
        .unwrap();
    for db in [&other, &marked] {
        let before = fs::read(db).unwrap();
        let cmds: [&[&str]; 6] = [
            &["record", "check"],
            &["record", "list"],
            &["record", "export"],
            &["record", "recover"],
            &[
                "record",
                "key-sent",
                "ISOU-20260101-AAAAAAAA",
                "--method",
                "m",
            ],
            &["record", "due"],
        ];
        for args in cmds {
            let o = run(isou().arg("--ledger").arg(db).args(args));
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert!(
                stderr(&o).contains("is not an isou ledger"),
                "{args:?}: {}",
                stderr(&o)
            );
            assert_eq!(fs::read(db).unwrap(), before, "{args:?} changed the file");
        }
        let o = run(isou()
            .arg("--ledger")
            .arg(db)
            .args(["seal", "--class", "anonymized", "--to", &rcard, "-i"])
            .arg(&sender)
            .arg("--medium")
            .arg(&usb)
            .arg(&ex));
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(entries(&usb).is_empty());
        assert_eq!(fs::read(db).unwrap(), before);
        assert!(!key_file(db).exists());
    }
    // A reading command on a missing ledger creates nothing.
    let missing = dir.path().join("none/ledger.sqlite");
    for args in [&["check"][..], &["list"], &["export"]] {
        let o = record(&missing, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    assert!(!dir.path().join("none").exists());
}

// Item 10: a ledger this user cannot write stops seal before the medium is touched.
// Root writes a 0444 file all the same, so under root (as in CI) the commands run as
// `nobody` through setpriv, for whom the mode holds.
#[test]
fn a_read_only_ledger_stops_seal_before_the_medium_is_touched() {
    // SAFETY: geteuid(2) has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    if root && !have("setpriv") {
        return;
    }
    let base = tempfile::tempdir().unwrap();
    fs::set_permissions(base.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let work = base.path().join("w");
    fs::create_dir(&work).unwrap();
    let (sender, _) = keygen(&work, "s.txt");
    let (_, rcard) = keygen(&work, "r.txt");
    let ex = work.join("x.csv");
    fs::write(&ex, b"1").unwrap();
    let usb = work.join("usb");
    fs::create_dir(&usb).unwrap();
    let ledger = work.join("ledger.sqlite");
    let o = record(&ledger, &["recover"]);
    assert!(o.status.success(), "{}", stderr(&o));
    if root {
        for e in fs::read_dir(&work).unwrap() {
            std::os::unix::fs::chown(e.unwrap().path(), Some(65534), Some(65534)).unwrap();
        }
        std::os::unix::fs::chown(&work, Some(65534), Some(65534)).unwrap();
    }
    let seal = || {
        let mut c = if root {
            let mut c = Command::new("setpriv");
            c.args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--",
                env!("CARGO_BIN_EXE_isou"),
            ]);
            c
        } else {
            Command::new(env!("CARGO_BIN_EXE_isou"))
        };
        c.env_remove("ISOU_IDENTITY")
            .env("HOME", &work)
            .env("ISOU_POLICY", "")
            .env("XDG_CONFIG_HOME", work.join("no-config"))
            .stdin(Stdio::null())
            .arg("--ledger")
            .arg(&ledger)
            .args(["seal", "--class", "anonymized", "--to", &rcard, "-i"])
            .arg(&sender)
            .arg("--medium")
            .arg(&usb)
            .arg(&ex);
        run(&mut c)
    };
    fs::set_permissions(&ledger, fs::Permissions::from_mode(0o444)).unwrap();
    let o = seal();
    assert!(
        entries(&usb).is_empty(),
        "the medium was written: {}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot be written"), "{}", stderr(&o));
    assert!(!unrecorded(&ledger).exists());
    // The same seal by the same user works once the ledger is writable: the refusal
    // above was the ledger's mode, nothing else.
    fs::set_permissions(&ledger, fs::Permissions::from_mode(0o600)).unwrap();
    let o = seal();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!entries(&usb).is_empty());
    assert_eq!(count_events(&ledger, "sealed"), 1);
}

// Item 11: every free value of a record — typed to `record …` or to seal — is one line
// of plain text, bounded, dates parsed; refused before anything is written.
#[test]
fn every_free_record_value_is_one_plain_bounded_line() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, id) = ledger_with_shipment(dir.path());
    let long = "あ".repeat(201);
    let cases: Vec<Vec<&str>> = vec![
        vec![
            "ship",
            &id,
            "--carrier",
            "簡易書留",
            "--tracking-number",
            "131-12-38385-2",
            "--date",
            "2026-12-03\nresult: VALID",
        ],
        vec![
            "ship",
            &id,
            "--carrier",
            "簡易書留",
            "--tracking-number",
            "131-12-38385-2",
            "--date",
            "tomorrow",
        ],
        vec![
            "ship",
            &id,
            "--carrier",
            "簡易書留",
            "--tracking-number",
            "131-12-38385-2",
            "--date",
            "2026-02-30",
        ],
        vec!["ship", &id, "--carrier", "\u{202E}留書易簡"],
        vec!["ship", &id, "--carrier", &long],
        vec!["key-sent", &id, "--method", "phone\x1b[2J"],
        vec!["hand-carry", &id, "--attendant", "佐藤\u{200B}"],
        vec![
            "dispose",
            &id,
            "--method",
            "溶解",
            "--witness",
            "佐藤\n立会人:監査人",
        ],
        vec!["dispose", &id, "--method", "", "--witness", "佐藤"],
        vec!["correct", "1", "--note", &long],
        vec!["correct", "1", "--note", "a\u{2028}b"],
    ];
    for args in &cases {
        let o = record(&ledger, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        inert(&o);
        assert_eq!(ledger_events(&ledger).len(), 1, "{args:?} was recorded");
    }
    // Seal checks its free values before it touches the medium.
    let (sender, _) = keygen(dir.path(), "s2.txt");
    let (_, rcard) = keygen(dir.path(), "r2.txt");
    let usb = dir.path().join("usb2");
    fs::create_dir(&usb).unwrap();
    let ex = dir.path().join("x.csv");
    for (flag, value) in [
        ("--handler", "山田\u{202E}"),
        ("--carrier", "簡易書留\r\n"),
        ("--retain-until", "2027-01-01\n"),
        ("--destination", long.as_str()),
    ] {
        let o = run(isou()
            .arg("--ledger")
            .arg(&ledger)
            .args(["seal", "--class", "anonymized", "--to", &rcard, "-i"])
            .arg(&sender)
            .args([flag, value])
            .arg("--medium")
            .arg(&usb)
            .arg(&ex));
        assert_eq!(o.status.code(), Some(2), "{flag}: {}", stderr(&o));
        inert(&o);
        assert!(entries(&usb).is_empty(), "{flag}: the medium was written");
    }
    assert_eq!(ledger_events(&ledger).len(), 1);
    // Plain values are recorded (identifiable data by 簡易書留: with its tracking
    // number, §2.2⑥); today is the registry's date (JST by default, issue 16).
    let today = isou::clock::today();
    let o = record(
        &ledger,
        &[
            "ship",
            &id,
            "--carrier",
            "簡易書留",
            "--tracking-number",
            "131-12-38385-2",
            "--date",
            &today,
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(count_events(&ledger, "shipped"), 1);
}

/// Finding 05 (issue 13): a ledger file another account planted — in a folder others may
/// write, the one a ledger is shared in — is refused by every writing command, untouched,
/// before the medium is written; so are another account's key or `-wal` beside it, a
/// ledger group or others may write, and a folder anyone may write without the sticky
/// bit. A reading command reads another account's ledger, saying whose it is.
/// Needs root, to make files of another account (`nobody`).
#[test]
fn a_ledger_planted_by_another_account_is_not_adopted() {
    // SAFETY: geteuid(2) has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("SKIPPED: needs root to make files of another account");
        return;
    }
    let base = tempfile::tempdir().unwrap();
    fs::set_permissions(base.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let shared = base.path().join("shared");
    fs::create_dir(&shared).unwrap();
    // As /tmp: anyone may create files, only their owner may remove them.
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o1777)).unwrap();
    let nobody_file = |p: &Path, contents: &[u8], mode: u32| {
        fs::write(p, contents).unwrap();
        fs::set_permissions(p, fs::Permissions::from_mode(mode)).unwrap();
        std::os::unix::fs::chown(p, Some(65534), Some(65534)).unwrap();
    };
    let (sender, _) = keygen(base.path(), "s.txt");
    let (_, rcard) = keygen(base.path(), "r.txt");
    let ex = base.path().join("x.csv");
    fs::write(&ex, b"1").unwrap();
    let seal = |ledger: &Path, usb: &Path| {
        fs::create_dir_all(usb).unwrap();
        run(isou()
            .arg("--ledger")
            .arg(ledger)
            .args(["seal", "--class", "anonymized", "--to", &rcard, "-i"])
            .arg(&sender)
            .arg("--medium")
            .arg(usb)
            .arg(&ex))
    };
    let refused = |o: &Output, want: &str| {
        let err = stderr(o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("is not safe to write"), "{err}");
        assert!(err.contains(want), "{err}");
        assert!(
            err.contains("chmod 600") && err.contains("--ledger"),
            "{err}"
        );
    };

    // An empty file planted by nobody, mode 0666: seal refuses it before the medium.
    let planted = shared.join("l.sqlite");
    nobody_file(&planted, b"", 0o666);
    let usb = base.path().join("usb1");
    let o = seal(&planted, &usb);
    refused(&o, "belongs to nobody (uid 65534), not to this user");
    assert!(entries(&usb).is_empty(), "the medium was written");
    let m = fs::metadata(&planted).unwrap();
    assert_eq!((m.len(), m.uid(), mode(&planted)), (0, 65534, 0o666));
    assert!(!key_file(&planted).exists() && !unrecorded(&planted).exists());
    refused(&record(&planted, &["recover"]), "belongs to nobody");

    // This user's own ledger, made writable for group or others: refused until 0600.
    let own = shared.join("own.sqlite");
    assert!(record(&own, &["recover"]).status.success());
    fs::set_permissions(&own, fs::Permissions::from_mode(0o660)).unwrap();
    refused(
        &record(&own, &["recover"]),
        "mode 0660: group or others may write it",
    );
    fs::set_permissions(&own, fs::Permissions::from_mode(0o600)).unwrap();
    assert!(record(&own, &["recover"]).status.success());

    // Another account's key, or its -wal, planted beside a ledger: refused, and
    // nothing is created.
    let keyed = shared.join("keyed.sqlite");
    nobody_file(&key_file(&keyed), &[7u8; 32], 0o600);
    refused(&record(&keyed, &["recover"]), "its key");
    assert!(!keyed.exists());
    let wal = PathBuf::from(format!("{}-wal", own.display()));
    nobody_file(&wal, b"", 0o666);
    refused(&record(&own, &["recover"]), "its -wal file");
    fs::remove_file(&wal).unwrap();
    let o = seal(&own, &base.path().join("usb2"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(count_events(&own, "sealed"), 1);

    // A folder anyone may write without the sticky bit: anyone could swap the ledger.
    let open_dir = base.path().join("open");
    fs::create_dir(&open_dir).unwrap();
    let ledger = open_dir.join("l.sqlite");
    assert!(record(&ledger, &["recover"]).status.success());
    fs::set_permissions(&open_dir, fs::Permissions::from_mode(0o777)).unwrap();
    refused(
        &record(&ledger, &["recover"]),
        "anyone may replace the ledger",
    );
    // Its group only: a warning.
    fs::set_permissions(&open_dir, fs::Permissions::from_mode(0o770)).unwrap();
    let o = record(&ledger, &["recover"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: the ledger's folder") && stderr(&o).contains("its group"),
        "{}",
        stderr(&o)
    );

    // An auditor reads another account's ledger, told whose it is.
    for e in [own.clone(), key_file(&own)] {
        std::os::unix::fs::chown(&e, Some(65534), Some(65534)).unwrap();
    }
    let o = record(&own, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: the ledger")
            && stderr(&o).contains("belongs to nobody (uid 65534)"),
        "{}",
        stderr(&o)
    );
    refused(&record(&own, &["recover"]), "belongs to nobody");
}

/// Issue 13 (minor): recording an act on a shipment where no ledger exists yet says
/// there is no such shipment and creates no ledger (nor its folder, nor its key).
#[test]
fn an_act_on_a_shipment_creates_no_ledger_when_there_is_none() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("typo/ledger.sqlite");
    for act in [
        &["ship", "ISOU-20261203-AAAAAAAA", "--carrier", "簡易書留"][..],
        &["key-sent", "ISOU-20261203-AAAAAAAA", "--method", "別便"],
        &[
            "hand-carry",
            "ISOU-20261203-AAAAAAAA",
            "--attendant",
            "佐藤",
        ],
        &[
            "dispose",
            "ISOU-20261203-AAAAAAAA",
            "--method",
            "粉砕",
            "--witness",
            "佐藤",
        ],
    ] {
        let o = record(&ledger, act);
        assert_eq!(o.status.code(), Some(2), "{act:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("there is no shipment \"ISOU-20261203-AAAAAAAA\""),
            "{act:?}: {}",
            stderr(&o)
        );
        assert!(
            entries(dir.path()).is_empty(),
            "{act:?}: {:?}",
            entries(dir.path())
        );
    }
}
