//! Names and who acts (issue 13): typed keys never replaced by contact names, names
//! normalised, the acting person from the OS account, the policy file bounded.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::util::*;

/// A policy file with the given contacts (name, card) and extra TOML before them.
fn policy(dir: &Path, file: &str, head: &str, contacts: &[(&str, &str)]) -> PathBuf {
    let mut t = head.to_string();
    for (name, card) in contacts {
        t.push_str(&format!(
            "\n[[contacts]]\nname = {}\ncard = \"{card}\"\n",
            toml_str(name)
        ));
    }
    let p = dir.join(file);
    fs::write(&p, t).unwrap();
    p
}

/// `s` as a TOML basic string.
fn toml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// Seals `extract` from `identity` to `to` (as typed) into a new folder `name` of `dir`.
fn seal(
    dir: &Path,
    name: &str,
    pol: Option<&Path>,
    identity: &Path,
    to: &str,
    extra: &[&str],
    extract: &Path,
) -> (Output, PathBuf) {
    let m = dir.join(name);
    fs::create_dir_all(&m).unwrap();
    let mut c = isou();
    if let Some(p) = pol {
        c.arg("--policy").arg(p);
    }
    let o = run(c
        .arg("--ledger")
        .arg(dir.join("ledger.sqlite"))
        .current_dir(dir)
        .args(["seal", "--class", "anonymized", "--to", to, "-i"])
        .arg(identity)
        .arg("--medium")
        .arg(&m)
        .args(extra)
        .arg(extract));
    (o, m)
}

fn age_key(card: &str) -> String {
    card.split_whitespace().nth(1).unwrap().to_string()
}

/// Item 1: a contact whose *name* is Bob's age1 key, his whole card or `bob.card`
/// is refused when the policy is loaded; a value that names an existing file is that
/// file, and one that names both a file and a contact is refused as ambiguous.
#[test]
fn a_typed_key_is_that_key_never_a_contact_name() {
    let p = parties(1, 1000);
    let dir = p.dir.path();
    let bob_card = p.rcard.clone();
    let bob_age = age_key(&bob_card);
    let (mallory, mallory_card) = keygen(dir, "mallory.txt");

    // seal --to <Bob's age1 key>, with a contact of that name holding Mallory's card.
    let pol = policy(dir, "shadow-age.toml", "", &[(&bob_age, &mallory_card)]);
    let (o, m) = seal(dir, "m1", Some(&pol), &p.sender, &bob_age, &[], &p.extract);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("contact name") && stderr(&o).contains("key or a contact card"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("hint: rename the contact"),
        "{}",
        stderr(&o)
    );
    assert!(
        entries(&m).is_empty(),
        "nothing sealed under a refused policy"
    );

    // A medium signed by Mallory, encrypted to Bob (no policy).
    let (o, forged) = seal(
        dir,
        "forged",
        None,
        &mallory,
        &bob_age,
        &["--destination", "Bob"],
        &p.extract,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let verify = |pol: &Path, signer: &str| {
        run(isou()
            .arg("--policy")
            .arg(pol)
            .arg("--ledger")
            .arg(dir.join("bob.sqlite"))
            .current_dir(dir)
            .args(["verify", "--signer", signer])
            .arg(&forged))
    };
    // verify --signer "<Bob's card>", a contact of that name holding Mallory's card.
    let pol = policy(dir, "shadow-card.toml", "", &[(&bob_card, &mallory_card)]);
    let o = verify(&pol, &bob_card);
    assert_eq!(o.status.code(), Some(2), "{}{}", stdout(&o), stderr(&o));
    assert!(!stdout(&o).contains("VALID"), "{}", stdout(&o));
    assert!(stderr(&o).contains("contact name"), "{}", stderr(&o));
    // Names that read as key files: refused at load, each with the rule.
    for (i, name) in ["bob.card", "keys/bob", "~bob", ".bob", "ｂｏｂ．ｐｕｂ"]
        .iter()
        .enumerate()
    {
        let pol = policy(
            dir,
            &format!("shadow-file{i}.toml"),
            "",
            &[(name, &mallory_card)],
        );
        let o = run(isou().arg("--policy").arg(&pol).args(["policy", "check"]));
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stdout(&o));
        assert!(
            stderr(&o).contains("is refused: a contact name must not"),
            "{name}: {}",
            stderr(&o)
        );
    }

    // A file named like a contact, planted in the folder the clerk works in: neither
    // the file nor the contact is taken; the value is refused as ambiguous.
    fs::write(dir.join("bob"), format!("{bob_card}\n")).unwrap();
    let pol = policy(dir, "shadow-existing.toml", "", &[("bob", &mallory_card)]);
    let o = verify(&pol, "bob");
    assert_eq!(o.status.code(), Some(2), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains("both a contact in the policy and a file"),
        "{}",
        stderr(&o)
    );
    assert!(!stdout(&o).contains("VALID"), "{}", stdout(&o));
    // ./bob is the file (Bob's card, not Mallory's signature): INVALID.
    let o = verify(&pol, "./bob");
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("result: INVALID"), "{}", stdout(&o));
    assert!(
        !stdout(&o).contains("good, by the expected sender"),
        "{}",
        stdout(&o)
    );
    // …and seal --to bob encrypts to Bob, which the ledger records.
    let (o, m) = seal(
        dir,
        "m2",
        Some(&pol),
        &p.sender,
        "./bob",
        // Anonymized (seal's default here), with no destination: the contact bob holds
        // Mallory's card, and Bob's own card under --destination bob would be refused
        // (§2.2②, tests/it/destination.rs).
        &["--json"],
        &p.extract,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let id = serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["shipment_id"]
        .as_str()
        .unwrap()
        .to_string();
    let sealed = ledger_events(&dir.join("ledger.sqlite"))
        .into_iter()
        .find(|e| e["kind"] == "sealed" && e["shipment"] == id.as_str())
        .unwrap();
    assert_eq!(sealed["body"]["recipients"], serde_json::json!([bob_age]));
    let o = run(isou()
        .arg("--ledger")
        .arg(dir.join("bob.sqlite"))
        .arg("open")
        .arg(&m)
        .arg("-i")
        .arg(&p.recipient)
        .args(["--any-sender", "--out"])
        .arg(dir.join("got")));
    assert!(
        o.status.success(),
        "Bob opens what was sealed to './bob': {}",
        stderr(&o)
    );
}

/// Item 2: contact and handler names that look the same are one name: duplicates after
/// NFKC are refused, naming both, and a typed name is normalised the same way.
#[test]
fn names_that_look_the_same_are_the_same() {
    let p = parties(1, 1000);
    let dir = p.dir.path();
    let (_, other_card) = keygen(dir, "other.txt");
    let nfc = "大阪府がん登録室";
    let nfd = "大阪府か\u{3099}ん登録室";
    assert_ne!(nfc, nfd);
    for (i, (a, b)) in [(nfc, nfd), ("ＮＣＣ", "NCC"), ("NCC", " NCC\u{3000}")]
        .iter()
        .enumerate()
    {
        let pol = policy(
            dir,
            &format!("dup{i}.toml"),
            "",
            &[(a, &p.rcard), (b, &other_card)],
        );
        let o = run(isou().arg("--policy").arg(&pol).args(["policy", "check"]));
        assert_eq!(o.status.code(), Some(2), "{a:?} {b:?}: {}", stdout(&o));
        let e = stderr(&o);
        assert!(
            e.contains(&format!("{a:?}")) && e.contains(&format!("{b:?}"))
                || e.contains("listed twice"),
            "{e}"
        );
        assert!(e.contains("NFKC"), "{e}");
    }
    let pol = policy(
        dir,
        "duph.toml",
        &format!(
            "handlers = [{}, {{ name = \"山田\", account = \"x\" }}]\n",
            toml_str("山田\u{3000}")
        ),
        &[],
    );
    let o = run(isou().arg("--policy").arg(&pol).args(["policy", "check"]));
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("handler"), "{}", stderr(&o));

    // One contact NCC: typed full-width, it is still NCC (and the destination too).
    let pol = policy(dir, "ncc.toml", "", &[("NCC", &p.rcard)]);
    let (o, m) = seal(
        dir,
        "m",
        Some(&pol),
        &p.sender,
        "ＮＣＣ",
        &["--destination", "ＮＣＣ"],
        &p.extract,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let info = fs::read_to_string(m.join("bag-info.txt")).unwrap();
    assert!(info.contains("Destination: NCC\n"), "{info}");
    let o = run(isou()
        .arg("--policy")
        .arg(&pol)
        .arg("--ledger")
        .arg(dir.join("r.sqlite"))
        .arg("open")
        .arg(&m)
        .arg("-i")
        .arg(&p.recipient)
        .args(["--any-sender", "--out"])
        .arg(dir.join("got")));
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Runs the binary as `nobody` (uid 65534) with `USER` set to `user`.
fn as_nobody(user: &str) -> Command {
    let mut c = Command::new("setpriv");
    c.args([
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        "--",
        "env",
    ])
    .arg(format!("USER={user}"))
    .arg(format!("LOGNAME={user}"))
    .arg(env!("CARGO_BIN_EXE_isou"))
    .env_remove("ISOU_IDENTITY")
    .env("ISOU_POLICY", "")
    .env("XDG_CONFIG_HOME", "/nonexistent/isou-no-config")
    .stdin(Stdio::null());
    c
}

/// Item 3: `by` is the OS account of the real uid (mapped to a name by the policy), with
/// `os_account` beside it; `$USER` decides nothing; the handlers check looks at the
/// account, and `--handler` must be the mapped name.
#[test]
fn who_acts_is_the_os_account_not_user() {
    if !have("setpriv") {
        return;
    }
    let me = os_account();
    let p = parties(1, 1000);
    let dir = p.dir.path();
    let ledger = dir.join("ledger.sqlite");
    let bob_age = age_key(&p.rcard);
    // Without a policy: by = the account, whatever USER says.
    let m = dir.join("m0");
    fs::create_dir(&m).unwrap();
    let o = run(isou()
        .env("USER", "監査役")
        .env("LOGNAME", "監査役")
        .arg("--ledger")
        .arg(&ledger)
        .args([
            "seal",
            "--class",
            "anonymized",
            "--json",
            "--to",
            &bob_age,
            "-i",
        ])
        .arg(&p.sender)
        .arg("--medium")
        .arg(&m)
        .arg(&p.extract));
    assert!(o.status.success(), "{}", stderr(&o));
    let id = serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["shipment_id"]
        .as_str()
        .unwrap()
        .to_string();
    let o = run(isou()
        .env("USER", "監査役")
        .arg("--ledger")
        .arg(&ledger)
        .args([
            "record",
            "dispose",
            &id,
            "--method",
            "粉砕",
            "--witness",
            "佐藤",
        ]));
    assert!(o.status.success(), "{}", stderr(&o));
    // As nobody, claiming to be 監査役. A ledger is its owner's alone (isou refuses
    // another account's, finding 05): nobody records into its own copy of this one,
    // in the folder both may write (sticky, so neither can replace the other's files).
    fs::set_permissions(dir, fs::Permissions::from_mode(0o1777)).unwrap();
    let nobodys = dir.join("nobody.sqlite");
    let copy_for_nobody = || {
        let _ = fs::remove_file(&nobodys);
        rusqlite::Connection::open(&ledger)
            .unwrap()
            .execute("VACUUM INTO ?1", [nobodys.to_str().unwrap()])
            .unwrap();
        fs::set_permissions(&nobodys, fs::Permissions::from_mode(0o600)).unwrap();
        std::os::unix::fs::chown(&nobodys, Some(65534), Some(65534)).unwrap();
    };
    copy_for_nobody();
    let o = run(as_nobody("監査役").arg("--ledger").arg(&nobodys).args([
        "record",
        "key-sent",
        &id,
        "--method",
        "別便簡易書留",
    ]));
    assert!(o.status.success(), "{}", stderr(&o));
    let mut events = ledger_events(&ledger);
    assert!(events.iter().all(|e| e["kind"] != "key-sent"), "{events:?}");
    events.extend(
        ledger_events(&nobodys)
            .into_iter()
            .filter(|e| e["kind"] == "key-sent"),
    );
    let by = |kind: &str| {
        let e = events.iter().find(|e| e["kind"] == kind).unwrap();
        (e["body"]["by"].clone(), e["body"]["os_account"].clone())
    };
    assert_eq!(
        by("sealed"),
        (me.clone().into(), me.clone().into()),
        "{events:?}"
    );
    assert_eq!(by("disposed"), (me.clone().into(), me.clone().into()));
    assert_eq!(
        by("key-sent"),
        ("nobody".into(), "nobody".into()),
        "{events:?}"
    );
    assert!(!serde_json::to_string(&events).unwrap().contains("監査役"));

    // A policy that designates this account as 山田 太郎.
    let pol = policy(
        dir,
        "isou.toml",
        &format!(
            "handlers = [{{ name = \"山田 太郎\", account = {} }}]\n",
            toml_str(&me)
        ),
        &[],
    );
    fs::set_permissions(&pol, fs::Permissions::from_mode(0o644)).unwrap();
    // nobody, naming himself 山田 太郎 and USER=<this account>: refused, naming nobody.
    let m = dir.join("m1");
    fs::create_dir(&m).unwrap();
    let o = run(as_nobody(&me)
        .arg("--policy")
        .arg(&pol)
        .arg("--ledger")
        .arg(&nobodys)
        .args([
            "seal",
            "--class",
            "anonymized",
            "--handler",
            "山田 太郎",
            "--to",
            &bob_age,
            "-i",
        ])
        .arg(&p.sender)
        .arg("--medium")
        .arg(&m)
        .arg(&p.extract));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the OS account nobody is not a designated transport handler (§2.2①"),
        "{}",
        stderr(&o)
    );
    assert!(entries(&m).is_empty());
    // This account typing another name: refused, saying who it is.
    let (o, m) = seal(
        dir,
        "m2",
        Some(&pol),
        &p.sender,
        &bob_age,
        &["--handler", "鈴木"],
        &p.extract,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("you are logged in as {me} (name 山田 太郎)"))
            && stderr(&o).contains("§2.2①"),
        "{}",
        stderr(&o)
    );
    assert!(entries(&m).is_empty());
    // Without --handler: sealed as 山田 太郎, the account beside it.
    let (o, m) = seal(
        dir,
        "m3",
        Some(&pol),
        &p.sender,
        &bob_age,
        &["--json", "--destination", "NCC"],
        &p.extract,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let id3 = serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["shipment_id"]
        .as_str()
        .unwrap()
        .to_string();
    let info = fs::read_to_string(m.join("bag-info.txt")).unwrap();
    assert!(info.contains("Contact-Name: 山田 太郎\n"), "{info}");
    let e = ledger_events(&ledger)
        .into_iter()
        .find(|e| e["kind"] == "sealed" && e["shipment"] == id3.as_str())
        .unwrap();
    assert_eq!(e["body"]["by"], "山田 太郎");
    assert_eq!(e["body"]["handler"], "山田 太郎");
    assert_eq!(e["body"]["os_account"], me.as_str());
    // Transport acts recorded afterwards are the handlers' too: nobody may not record
    // the shipping, the key sent or the hand-carrying (§2.2①) — in its own copy of the
    // ledger, which holds the shipment — the handler may.
    copy_for_nobody();
    for act in [
        &["ship", &id3, "--carrier", "簡易書留"][..],
        &["key-sent", &id3, "--method", "別便簡易書留"],
        &["hand-carry", &id3, "--attendant", "佐藤"],
    ] {
        let o = run(as_nobody(&me)
            .arg("--policy")
            .arg(&pol)
            .arg("--ledger")
            .arg(&nobodys)
            .arg("record")
            .args(act));
        assert_eq!(o.status.code(), Some(2), "{act:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("the OS account nobody is not a designated transport handler"),
            "{act:?}: {}",
            stderr(&o)
        );
    }
    let o = run(isou()
        .arg("--policy")
        .arg(&pol)
        .arg("--ledger")
        .arg(&ledger)
        .args([
            "record",
            "ship",
            &id3,
            "--carrier",
            "簡易書留",
            "--tracking-number",
            "131-12-38385-2",
        ]));
    assert!(o.status.success(), "{}", stderr(&o));
    let shipped = ledger_events(&ledger)
        .into_iter()
        .filter(|e| e["kind"] == "shipped" && e["shipment"] == id3.as_str())
        .collect::<Vec<_>>();
    assert_eq!(shipped.len(), 1, "{shipped:?}");
    assert_eq!(shipped[0]["body"]["by"], "山田 太郎");
}

/// Item 12: only a regular file of at most 1 MiB is read as the policy (/dev/zero and a
/// FIFO are refused at once), and `policy check` prints nothing raw from it.
#[test]
fn the_policy_file_is_bounded_and_printed_clean() {
    let dir = tempfile::tempdir().unwrap();
    let t0 = Instant::now();
    let o = run_within(
        isou().args(["--policy", "/dev/zero", "policy", "check"]),
        10,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is a device, not a regular file"),
        "{}",
        stderr(&o)
    );
    assert!(t0.elapsed() < Duration::from_secs(5));

    let fifo = dir.path().join("isou.toml");
    assert!(run(Command::new("mkfifo").arg(&fifo)).status.success());
    let o = run_within(
        isou().arg("--policy").arg(&fifo).args(["policy", "check"]),
        10,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is a FIFO (named pipe), not a regular file"),
        "{}",
        stderr(&o)
    );

    // Just over 1 MiB of comments: refused, naming the limit.
    let big = dir.path().join("big.toml");
    let line = format!("# {}\n", "x".repeat(1021));
    fs::write(&big, format!("organization = \"x\"\n{}", line.repeat(1025))).unwrap();
    assert!(fs::metadata(&big).unwrap().len() > 1 << 20);
    let o = run_within(
        isou().arg("--policy").arg(&big).args(["policy", "check"]),
        10,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("more than the 1048576 bytes"),
        "{}",
        stderr(&o)
    );

    // A handler name with escape sequences is refused (it goes onto media)…
    let esc = dir.path().join("esc.toml");
    fs::write(
        &esc,
        "handlers = [{ name = \"\\u001b[2J山田\", account = \"yamada\" }]\n",
    )
    .unwrap();
    let o = run_within(
        isou().arg("--policy").arg(&esc).args(["policy", "check"]),
        10,
    );
    assert_eq!(o.status.code(), Some(2), "{:?}", stdout(&o));
    assert!(
        stderr(&o).contains("control, bidi or invisible"),
        "{}",
        stderr(&o)
    );
    // …and so are those in the organisation and carrier names (both recorded), with
    // the message printed inert.
    fs::write(
        &esc,
        "organization = \"\\u001b]0;pwned\\u0007\\u001b[31mRED\"\nhandlers = [{ name = \"山田\", account = \"yamada\" }]\n[classes.anonymized]\nallowed_carriers = [\"\\u009b31m便\"]\n",
    )
    .unwrap();
    let o = run_within(
        isou().arg("--policy").arg(&esc).args(["policy", "check"]),
        10,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("organization") && err.contains("RED"), "{err}");
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{7}') && !err.contains('\u{9b}'),
        "{err:?}"
    );
    fs::write(
        &esc,
        "organization = \"大阪府\"\n[classes.anonymized]\nallowed_carriers = [\"\\u009b31m便\"]\n",
    )
    .unwrap();
    let o = run_within(
        isou().arg("--policy").arg(&esc).args(["policy", "check"]),
        10,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("carrier"), "{}", stderr(&o));
    assert!(!stderr(&o).contains('\u{9b}'), "{:?}", stderr(&o));
}
