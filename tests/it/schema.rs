//! Typed events and the ledger's schema v2: what is written is what is read; v1 ledgers upgrade.

use std::fs;
use std::path::{Path, PathBuf};

use crate::util::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

/// A copy of the v1 fixture ledger (made by isou 48ce721, see tests/fixtures/README.md)
/// in a private folder of the test's.
fn v1_copy(dir: &Path) -> PathBuf {
    let l = dir.join("ledger.sqlite");
    fs::copy(fixture("ledger-v1.sqlite"), &l).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&l, fs::Permissions::from_mode(0o600)).unwrap();
    }
    l
}

fn on(ledger: &Path, args: &[&str]) -> std::process::Output {
    run(isou().arg("--ledger").arg(ledger).args(args))
}

fn user_version(p: &Path) -> i64 {
    rusqlite::Connection::open(p)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

/// The registers (issue 16's, one value per cell) exported from `ledger`, as the
/// fixture's CSV files name them.
const REGISTERS: [&str; 4] = ["transport", "checks", "media", "disposal"];

/// The registers exported from `ledger`, as the fixture's CSV files name them.
fn registers(ledger: &Path) -> Vec<(String, String)> {
    REGISTERS
        .iter()
        .map(|r| {
            let o = on(ledger, &["record", "export", "--register", r]);
            assert!(o.status.success(), "{}", stderr(&o));
            // The table only: the provenance block (出力情報) names the time and path.
            (r.to_string(), crate::util::csv_table(&o.stdout))
        })
        .collect()
}

/// The registers of the v1 ledger read as it is, in issue 16's layout
/// (`ledger-v1-issue16-*.csv`; the same facts as the v1 binary's `ledger-v1-*.csv`, one
/// value per cell, the recipient's key as its fingerprint): what it reads as before the
/// upgrade and after it.
fn v1_registers() -> Vec<(String, String)> {
    REGISTERS
        .iter()
        .map(|r| {
            (
                r.to_string(),
                crate::util::csv_table(
                    &fs::read(fixture(&format!("ledger-v1-issue16-{r}.csv"))).unwrap(),
                ),
            )
        })
        .collect()
}

#[test]
fn a_v1_ledger_is_read_as_is_then_upgraded_once_with_a_backup_and_still_chains() {
    let dir = tempfile::tempdir().unwrap();
    let l = v1_copy(dir.path());
    let v1_list: serde_json::Value =
        serde_json::from_slice(&fs::read(fixture("ledger-v1-list.json")).unwrap()).unwrap();
    let backup = dir.path().join("ledger.sqlite.v1-backup");

    // Read-only commands read v1 as it is: nothing upgraded, no backup.
    let before = fs::read(&l).unwrap();
    let o = on(&l, &["record", "check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(serde_json::Value::Array(ledger_events(&l)), v1_list);
    assert_eq!(registers(&l), v1_registers());
    assert_eq!(
        fs::read(&l).unwrap(),
        before,
        "a read changed the v1 ledger"
    );
    assert!(!backup.exists());

    // The first writing open upgrades it (`record recover` appends nothing here).
    let o = on(&l, &["record", "recover"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(user_version(&l), 2);
    assert!(backup.exists(), "no backup was made before the upgrade");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&backup).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the backup is {mode:o}");
    }
    // The backup is the v1 ledger: its schema, its events.
    assert_eq!(user_version(&backup), 1);
    assert_eq!(serde_json::Value::Array(ledger_events(&backup)), v1_list);

    // After the upgrade: the chain checks, every event lists as before, the registers
    // are what the v1 isou exported.
    let o = on(&l, &["record", "check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("11 events, chain intact"));
    assert_eq!(serde_json::Value::Array(ledger_events(&l)), v1_list);
    assert_eq!(registers(&l), v1_registers());

    // A new event appends, typed, and chains to the last v1 event.
    let s1 = v1_list[0]["shipment"].as_str().unwrap();
    let o = on(&l, &["record", "key-sent", s1, "--method", "電話"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = on(&l, &["record", "check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("12 events, chain intact"));
    let all = ledger_events(&l);
    assert_eq!(all[11]["prev_hash"], v1_list[10]["hash"]);
    assert_eq!(all[11]["body"]["method"], "電話");
    let schemas: Vec<i64> = rusqlite::Connection::open(&l)
        .unwrap()
        .prepare("SELECT body_schema FROM events ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(schemas, [vec![1; 11], vec![2]].concat());

    // Upgraded once: a second writing open leaves the backup as it was.
    let b = fs::read(&backup).unwrap();
    assert!(on(&l, &["record", "recover"]).status.success());
    assert_eq!(fs::read(&backup).unwrap(), b);
}

#[test]
fn a_v2_rows_schema_is_covered_by_its_hash_and_a_newer_ledger_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (l, _) = ledger_with_shipment(dir.path());
    assert_eq!(user_version(&l), 2);
    // Relabelling a typed row as schema 1 breaks the chain at that row.
    let c = rusqlite::Connection::open(&l).unwrap();
    c.execute_batch(
        "DROP TRIGGER events_no_update; UPDATE events SET body_schema = 1 WHERE id = 1;",
    )
    .unwrap();
    drop(c);
    let o = on(&l, &["record", "check"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("chain breaks at event 1"),
        "{}",
        stderr(&o)
    );
    // A ledger of a newer schema is refused, untouched, as before.
    let newer = dir.path().join("v3.sqlite");
    fs::copy(fixture("ledger-v1.sqlite"), &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 3;")
        .unwrap();
    let before = fs::read(&newer).unwrap();
    for args in [&["record", "check"][..], &["record", "recover"][..]] {
        let o = on(&newer, args);
        assert!(!o.status.success());
        assert!(stderr(&o).contains("schema version 3"), "{}", stderr(&o));
    }
    assert_eq!(fs::read(&newer).unwrap(), before);
}

/// The hash isou gives a row (`ledger::encode`: schema 2 covers its schema), computed
/// here on its own so the test can write a row of the wrong shape that still chains.
fn row_hash(
    prev: &str,
    id: i64,
    at: &str,
    kind: &str,
    shipment: &str,
    body: &str,
    v2: bool,
) -> String {
    use sha2::{Digest, Sha256};
    let mut a = serde_json::json!([prev, id, at, kind, shipment, body]);
    if v2 {
        a.as_array_mut().unwrap().push(2.into());
    }
    let enc = serde_json::to_vec(&a).unwrap();
    Sha256::digest(enc)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_body_of_the_wrong_shape_is_shown_unreadable_and_the_ledger_stays_usable() {
    let dir = tempfile::tempdir().unwrap();
    let (l, id) = ledger_with_shipment(dir.path());
    let c = rusqlite::Connection::open(&l).unwrap();
    let prev: String = c
        .query_row("SELECT hash FROM events WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    let (at, body) = ("2026-12-03T10:00:00Z", r#"{"files":"many","by":"x"}"#);
    // (A ledger of schema 1, made by an isou before typed events, has no body_schema.)
    let v2 = user_version(&l) >= 2;
    let h = row_hash(&prev, 2, at, "opened", &id, body, v2);
    let sql = if v2 {
        "INSERT INTO events (id, recorded_at, kind, shipment, body, prev_hash, hash, body_schema) VALUES (2, ?1, 'opened', ?2, ?3, ?4, ?5, 2)"
    } else {
        "INSERT INTO events (id, recorded_at, kind, shipment, body, prev_hash, hash) VALUES (2, ?1, 'opened', ?2, ?3, ?4, ?5)"
    };
    c.execute(sql, rusqlite::params![at, id, body, prev, h])
        .unwrap();
    drop(c);
    // Listed, marked unreadable; the other event is listed as ever.
    let o = on(&l, &["record", "list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("UNREADABLE: event 2 cannot be read as a opened event"),
        "{out}"
    );
    // Under the header line.
    assert!(out.lines().nth(1).unwrap().contains("sealed"), "{out}");
    // The chain holds, but check names the row and fails.
    let o = on(&l, &["record", "check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("event 2 cannot be read as a opened event"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("1 event(s) of the ledger cannot be read"));
    // Still usable: exports and new events.
    assert!(on(&l, &["record", "export"]).status.success());
    let o = on(&l, &["record", "key-sent", &id, "--method", "電話"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(count_events(&l, "key-sent"), 1);
}

#[test]
fn seal_records_the_policys_organisation_the_contact_and_recipient_fingerprints() {
    let dir = tempfile::tempdir().unwrap();
    let (sender, _) = keygen(dir.path(), "s.txt");
    let (_, card) = keygen(dir.path(), "r.txt");
    let policy = dir.path().join("isou.toml");
    fs::write(
        &policy,
        format!("organization = \"大阪府がん登録室\"\n\n[[contacts]]\nname = \"国立がん研究センター\"\ncard = \"{card}\"\n"),
    )
    .unwrap();
    let ex = dir.path().join("x.csv");
    fs::write(&ex, b"1").unwrap();
    let usb = dir.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let l = dir.path().join("l.sqlite");
    let o = run(isou()
        .env("ISOU_POLICY", &policy)
        .arg("--ledger")
        .arg(&l)
        .args([
            "seal",
            "--class",
            "anonymized",
            "--json",
            "--to",
            "国立がん研究センター",
            "-i",
        ])
        .arg(&sender)
        .arg("--medium")
        .arg(&usb)
        .arg(&ex));
    assert!(o.status.success(), "{}", stderr(&o));
    let sealed = &ledger_events(&l)[0];
    let b = &sealed["body"];
    assert_eq!(b["source_organization"], "大阪府がん登録室");
    assert_eq!(
        b["to_contacts"],
        serde_json::json!(["国立がん研究センター"])
    );
    // The recipient next to its fingerprint: SHA-256 of the 32-byte key, base64.
    let recipient = card.split_whitespace().nth(1).unwrap();
    assert_eq!(b["recipients"], serde_json::json!([recipient]));
    let fp = b["recipient_fingerprints"][0].as_str().unwrap();
    assert_eq!(
        Some(fp.to_string()),
        isou::records::event::recipient_fingerprint(recipient)
    );
    assert!(fp.starts_with("SHA256:") && fp.len() == 50, "{fp}");
    // One medium: its id is the shipment's.
    assert_eq!(b["summary"]["volumes"][0]["id"], sealed["shipment"]);
    // The handler is the person the actor is (no handlers in the policy: the account).
    assert_eq!(b["handler"], os_account());
}

#[test]
fn each_volume_of_a_sealed_set_is_recorded_with_its_own_id() {
    let dir = tempfile::tempdir().unwrap();
    let (sender, _) = keygen(dir.path(), "s.txt");
    let (_, card) = keygen(dir.path(), "r.txt");
    let ex = dir.path().join("抽出");
    fs::create_dir(&ex).unwrap();
    fs::write(ex.join("a.bin"), data(2_500_000, 7)).unwrap();
    let (l, out) = (dir.path().join("l.sqlite"), dir.path().join("images"));
    let o = run(isou()
        .arg("--ledger")
        .arg(&l)
        .args(["seal", "--class", "anonymized", "--to", &card, "-i"])
        .arg(&sender)
        .arg("--iso")
        .arg(&out)
        .args(["--volume-size", "1M", "--compression", "none"])
        .arg(&ex));
    assert!(o.status.success(), "{}", stderr(&o));
    let sealed = &ledger_events(&l)[0];
    let id = sealed["shipment"].as_str().unwrap();
    let vols = sealed["body"]["summary"]["volumes"].as_array().unwrap();
    let n = vols.len();
    assert!(n >= 3, "{vols:?}");
    for (k, v) in vols.iter().enumerate() {
        assert_eq!(v["number"], k + 1);
        assert_eq!(v["id"], format!("{id}-{}/{n}", k + 1), "{v}");
    }
}

#[test]
fn an_upgrade_never_overwrites_an_earlier_backup() {
    let dir = tempfile::tempdir().unwrap();
    let l = v1_copy(dir.path());
    let backup = dir.path().join("ledger.sqlite.v1-backup");
    fs::write(&backup, b"an earlier backup").unwrap();
    let o = on(&l, &["record", "recover"]);
    assert!(!o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("its backup"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("move it out of the way"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read(&backup).unwrap(), b"an earlier backup");
    // Not upgraded: still schema 1, its events as they were.
    assert_eq!(user_version(&l), 1);
    let v1_list: serde_json::Value =
        serde_json::from_slice(&fs::read(fixture("ledger-v1-list.json")).unwrap()).unwrap();
    assert_eq!(serde_json::Value::Array(ledger_events(&l)), v1_list);
}

/// A dead process's id (one that ran and was reaped), for a temporary file a killed
/// isou left.
fn dead_pid() -> u32 {
    let mut c = std::process::Command::new("true").spawn().unwrap();
    let pid = c.id();
    c.wait().unwrap();
    pid
}

// Issue 16 red team finding 12: an upgrade killed while it copied left a partial
// `.v1-backup` that blocked every writing command and was called "the ledger as it was".
// The copy is made under a temporary name of its process's and linked into place only
// when whole: a temporary left by a killed process is removed, a whole `.v1-backup`
// left by one killed before the upgrade is used, and the upgrade goes on.
#[test]
fn an_upgrade_killed_while_it_copied_leaves_nothing_in_the_way() {
    let v1_list: serde_json::Value =
        serde_json::from_slice(&fs::read(fixture("ledger-v1-list.json")).unwrap()).unwrap();

    // Killed during the copy: a partial temporary (and its journal) of a dead process.
    let dir = tempfile::tempdir().unwrap();
    let l = v1_copy(dir.path());
    let backup = dir.path().join("ledger.sqlite.v1-backup");
    let partial = dir
        .path()
        .join(format!("ledger.sqlite.v1-backup.partial-{}", dead_pid()));
    let mut journal = partial.as_os_str().to_owned();
    journal.push("-journal");
    fs::write(&partial, &fs::read(&l).unwrap()[..4096]).unwrap();
    fs::write(&journal, b"a hot journal").unwrap();
    let o = on(&l, &["record", "recover"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(user_version(&l), 2);
    assert!(!partial.exists(), "the killed run's temporary was left");
    assert!(!Path::new(&journal).exists(), "its journal was left");
    assert_eq!(user_version(&backup), 1);
    assert_eq!(serde_json::Value::Array(ledger_events(&backup)), v1_list);
    assert_eq!(
        entries(dir.path())
            .iter()
            .filter(|n| n.contains("partial"))
            .count(),
        0
    );

    // Killed after the whole copy was linked, before the upgrade: that backup is the
    // ledger's, kept as it is, and the upgrade goes on.
    let dir = tempfile::tempdir().unwrap();
    let l = v1_copy(dir.path());
    let backup = dir.path().join("ledger.sqlite.v1-backup");
    fs::copy(&l, &backup).unwrap();
    let b = fs::read(&backup).unwrap();
    let o = on(&l, &["record", "recover"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(user_version(&l), 2);
    assert_eq!(fs::read(&backup).unwrap(), b);

    // A `.v1-backup` that is not a whole copy (an older isou killed while copying) is
    // never called the ledger as it was; the ledger is not upgraded past it.
    let dir = tempfile::tempdir().unwrap();
    let l = v1_copy(dir.path());
    let backup = dir.path().join("ledger.sqlite.v1-backup");
    fs::write(&backup, &fs::read(&l).unwrap()[..4096]).unwrap();
    let o = on(&l, &["record", "recover"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a complete copy"), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("the ledger as it was"),
        "{}",
        stderr(&o)
    );
    assert_eq!(user_version(&l), 1);
}

/// Runs isou on `ledger` as `nobody` when this is root (for whom a folder's mode does
/// not hold), else as this user.
fn as_reader(ledger: &Path, args: &[&str]) -> std::process::Output {
    // SAFETY: geteuid(2) has no preconditions.
    let mut c = if unsafe { libc::geteuid() } == 0 {
        let mut c = std::process::Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            env!("CARGO_BIN_EXE_isou"),
        ]);
        c
    } else {
        isou()
    };
    c.current_dir("/")
        .env("ISOU_POLICY", "")
        .env("HOME", "/nonexistent")
        .arg("--ledger")
        .arg(ledger)
        .args(args);
    run(&mut c)
}

// Issue 16 red team finding 04: every reading command failed, "cannot be written", on a
// ledger copied into a folder the user cannot write (an auditor's archive, a disc): a
// WAL ledger's read needs a -shm file beside it. Read there `immutable=1`: v1 and v2
// alike, nothing written; a -wal that holds data is refused, saying why.
#[test]
#[cfg(unix)]
fn reading_commands_read_a_ledger_copy_in_a_folder_they_cannot_write() {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: geteuid(2) has no preconditions.
    if unsafe { libc::geteuid() } == 0 && !have("setpriv") {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let v1 = v1_copy(work.path());
    let v2dir = work.path().join("v2");
    fs::create_dir(&v2dir).unwrap();
    let v2 = v1_copy(&v2dir);
    let o = on(&v2, &["record", "recover"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(user_version(&v2), 2);
    rusqlite::Connection::open(&v2)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();

    let base = tempfile::tempdir().unwrap();
    fs::set_permissions(base.path(), fs::Permissions::from_mode(0o755)).unwrap();
    for (name, src, version) in [("v1", &v1, 1), ("v2", &v2, 2)] {
        let archive = base.path().join(name);
        fs::create_dir(&archive).unwrap();
        let l = archive.join("ledger.sqlite");
        fs::copy(src, &l).unwrap();
        fs::set_permissions(&l, fs::Permissions::from_mode(0o644)).unwrap();
        fs::set_permissions(&archive, fs::Permissions::from_mode(0o555)).unwrap();
        let before = fs::read(&l).unwrap();
        let o = as_reader(&l, &["record", "check"]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("chain intact"),
            "{name}: {}",
            String::from_utf8_lossy(&o.stdout)
        );
        for args in [
            &["record", "list"][..],
            &["record", "due"],
            &["record", "export", "--register", "transport"],
        ] {
            let o = as_reader(&l, args);
            assert!(o.status.success(), "{name} {args:?}: {}", stderr(&o));
        }
        assert_eq!(fs::read(&l).unwrap(), before, "{name}: the ledger changed");
        assert_eq!(entries(&archive), ["ledger.sqlite"], "{name}");
        assert_eq!(user_version(&l), version);

        // A -wal that holds data cannot be read without a -shm: said so, not "written".
        fs::set_permissions(&archive, fs::Permissions::from_mode(0o755)).unwrap();
        fs::write(archive.join("ledger.sqlite-wal"), b"not yet merged").unwrap();
        fs::set_permissions(&archive, fs::Permissions::from_mode(0o555)).unwrap();
        let o = as_reader(&l, &["record", "check"]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains("-wal"), "{name}: {}", stderr(&o));
        assert!(
            !stderr(&o).contains("cannot be written"),
            "{name}: {}",
            stderr(&o)
        );
        fs::set_permissions(&archive, fs::Permissions::from_mode(0o755)).unwrap();
    }
}

// Issue 16 red team (unscripted): a ledger whose append-only triggers were dropped was
// written to and passed `record check` without a word, and no upgrade put them back.
// A reading command says so; a writing open puts them back and says so.
#[test]
fn missing_append_only_triggers_are_named_and_put_back() {
    let dir = tempfile::tempdir().unwrap();
    let l = v1_copy(dir.path());
    let o = on(&l, &["record", "recover"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let triggers = |l: &Path| -> i64 {
        rusqlite::Connection::open(l)
            .unwrap()
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'events_no_%'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(triggers(&l), 2);
    rusqlite::Connection::open(&l)
        .unwrap()
        .execute_batch("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;")
        .unwrap();
    let o = on(&l, &["record", "check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("append-only triggers"),
        "{}",
        stderr(&o)
    );
    assert_eq!(triggers(&l), 0, "a reading command wrote");
    let o = on(&l, &["record", "recover"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("were put back"), "{}", stderr(&o));
    assert_eq!(triggers(&l), 2);
    let e = rusqlite::Connection::open(&l)
        .unwrap()
        .execute("DELETE FROM events WHERE id = 1", [])
        .unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let o = on(&l, &["record", "check"]);
    assert!(
        !stderr(&o).contains("append-only triggers"),
        "{}",
        stderr(&o)
    );
}
