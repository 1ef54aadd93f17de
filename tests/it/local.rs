//! The red team's findings against local inputs (issue 13): invisible characters in
//! names and values, policy values checked when loaded, paths with tabs or bidi controls
//! never costing an event, and a policy's parse error kept short.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::util::*;

fn write_policy(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

fn policy_check(policy: &Path) -> Output {
    run(isou().arg("--policy").arg(policy).args(["policy", "check"]))
}

/// Finding 01: characters that print as nothing (the braille blank, variation
/// selectors after letters, shorthand and hieroglyph format controls) made two contacts
/// that both print `NCC`, and a witness that looks blank. A kanji variant (異体字, an
/// ideographic variation selector after a kanji) is a real name and stays allowed — but
/// compared without its selector.
#[test]
fn invisible_characters_in_names_and_values_are_refused() {
    let p = parties(1, 100);
    let dir = p.dir.path();
    for cp in [
        '\u{FE0F}',
        '\u{FE00}',
        '\u{E0100}',
        '\u{2800}',
        '\u{1BCA0}',
        '\u{13430}',
    ] {
        let pol = write_policy(
            dir,
            "p.toml",
            &format!(
                "[[contacts]]\nname = \"NCC\"\ncard = \"{}\"\n[[contacts]]\nname = \"NCC{cp}\"\ncard = \"{}\"\n",
                p.rcard, p.card
            ),
        );
        let o = policy_check(&pol);
        assert_eq!(
            o.status.code(),
            Some(2),
            "U+{:04X}: {}",
            cp as u32,
            stdout(&o)
        );
    }
    // 葛 and 葛 + U+E0100 (a registered variant) are one name to the clerk.
    let pol = write_policy(
        dir,
        "kanji.toml",
        &format!(
            "[[contacts]]\nname = \"葛飾\"\ncard = \"{}\"\n[[contacts]]\nname = \"葛\u{E0100}飾\"\ncard = \"{}\"\n",
            p.rcard, p.card
        ),
    );
    let o = policy_check(&pol);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("same name"), "{}", stderr(&o));
    // Alone, the variant is a valid name.
    let pol = write_policy(
        dir,
        "variant.toml",
        &format!(
            "[[contacts]]\nname = \"葛\u{E0100}飾\"\ncard = \"{}\"\n",
            p.rcard
        ),
    );
    assert!(policy_check(&pol).status.success());

    let (ledger, id) = ledger_with_shipment(dir);
    for w in [
        "\u{2800}",
        "佐藤\u{FE0F}",
        "佐藤\u{1BCA0}",
        "佐藤\u{13430}",
        "\u{3000}",
    ] {
        let o = run(isou().arg("--ledger").arg(&ledger).args([
            "record",
            "dispose",
            &id,
            "--method",
            "物理破壊",
            "--witness",
            w,
        ]));
        assert_eq!(o.status.code(), Some(2), "{w:?}: {}", stderr(&o));
    }
    assert_eq!(count_events(&ledger, "disposed"), 0);
    let o = run(isou().arg("--ledger").arg(&ledger).args([
        "record",
        "dispose",
        &id,
        "--method",
        "物理破壊",
        "--witness",
        "葛\u{E0100}西　太郎",
    ]));
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Finding 03: a tab in a contact's address or a bidi control in the organisation
/// passed `policy check`; `seal` then wrote and signed the medium (the control in the
/// signed bag-info.txt) and only the ledger refused its event. Checked when loaded now:
/// nothing is written.
#[test]
fn policy_values_are_checked_when_the_policy_is_loaded() {
    let p = parties(1, 100);
    let dir = p.dir.path();
    for (name, head, address) in [
        ("tab.toml", "organization = \"大阪府\"\n", "東京都\\t中央区"),
        (
            "rlo.toml",
            "organization = \"Tokyo\\u202eRegistry\"\n",
            "東京都中央区",
        ),
        ("nl.toml", "organization = \"大阪府\"\n", "東京都\\n中央区"),
    ] {
        let pol = write_policy(
            dir,
            name,
            &format!(
                "{head}[[contacts]]\nname = \"NCC\"\ncard = \"{}\"\naddress = \"{address}\"\n",
                p.rcard
            ),
        );
        let o = policy_check(&pol);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stdout(&o));
        assert!(
            stderr(&o).contains("line break, a control, bidi or invisible character"),
            "{name}: {}",
            stderr(&o)
        );
        let m = dir.join(format!("m-{name}"));
        fs::create_dir(&m).unwrap();
        let o = run(isou()
            .arg("--policy")
            .arg(&pol)
            .arg("--ledger")
            .arg(dir.join("l.sqlite"))
            .args([
                "seal",
                "--to",
                "NCC",
                "--destination",
                "NCC",
                "--carrier",
                "簡易書留",
                "--class",
                "anonymized",
                "-i",
            ])
            .arg(&p.sender)
            .arg("--medium")
            .arg(&m)
            .arg(&p.extract));
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        assert!(entries(&m).is_empty(), "{name}: the medium was written");
    }
}

/// Finding 04: folder names are facts, not typed values: a medium folder with a tab, an
/// output folder with U+202E, a stick mounted under a label the sender chose. The work
/// was done and its event refused (then refused again by `record recover`): every event
/// is recorded now, the path written with `\u{…}` escapes.
#[test]
fn paths_with_tabs_or_bidi_controls_never_cost_an_event() {
    let p = parties(1, 1000);
    let dir = p.dir.path();
    let ledger = dir.join("l.sqlite");
    let m = dir.join("m\tx");
    fs::create_dir(&m).unwrap();
    let o = run(isou()
        .arg("--ledger")
        .arg(&ledger)
        .args(["seal", "--class", "anonymized", "--to", &p.rcard, "-i"])
        .arg(&p.sender)
        .arg("--medium")
        .arg(&m)
        .arg(&p.extract));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(count_events(&ledger, "sealed"), 1);
    let label = dir.join("USB\u{202E}KCIT");
    fs::rename(&m, &label).unwrap();
    let o = run(isou()
        .arg("--ledger")
        .arg(&ledger)
        .args(["verify", "--signer", &p.card])
        .arg(&label));
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let out = dir.join("o\u{202E}x");
    let o = run(isou()
        .arg("--ledger")
        .arg(&ledger)
        .args(["open", "--signer", &p.card, "-i"])
        .arg(&p.recipient)
        .arg("--out")
        .arg(&out)
        .arg(&label));
    assert!(o.status.success(), "{}", stderr(&o));
    let events = ledger_events(&ledger);
    // verify in the ledger that sealed it, before shipping: the sender's own check
    // (issue 15), which records the path as the receipt did.
    for kind in ["sealed", "checked-before-shipping", "opened"] {
        assert!(
            events.iter().any(|e| e["kind"] == kind),
            "no {kind} event: {events:?}"
        );
    }
    let text = serde_json::to_string(&events).unwrap();
    assert!(
        !text.contains('\u{202E}') && !text.contains("m\\tx"),
        "{text}"
    );
    assert!(text.contains("\\\\u{202E}"), "{text}");
    assert!(!dir.join("l.sqlite.unrecorded").exists());
    let o = run(isou()
        .arg("--ledger")
        .arg(&ledger)
        .args(["record", "check"]));
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Finding 06: a one-line policy of a megabyte printed about 2 MB of parser message
/// (the line quoted whole) from every command that loads it.
#[test]
fn a_policy_parse_error_is_short() {
    let dir = tempfile::tempdir().unwrap();
    let pol = write_policy(
        dir.path(),
        "p.toml",
        &format!("{}\n", "x".repeat(1_000_000)),
    );
    let o = policy_check(&pol);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("line 1"), "{}", stderr(&o));
    assert!(o.stderr.len() < 2048, "{} bytes", o.stderr.len());
    let m = dir.path().join("m");
    fs::create_dir(&m).unwrap();
    let o = run(isou().arg("--policy").arg(&pol).arg("verify").arg(&m));
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stderr.len() < 2048, "{} bytes", o.stderr.len());
}
