//! Issue 17 red team findings (fixer F2): `record list --since` parsed as a date (05,
//! 56); a control character in a policy file named (06); a damaged card given to
//! `--signer` (07); the correction cell of `record list` (09); the policy's language for
//! the policy's own faults (60).

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crate::util::{isou, keygen, ledger_with_shipment, run, stderr, stdout};

fn lang(l: &str) -> Command {
    let mut c = isou();
    c.args(["--lang", l]);
    c
}

fn list(ledger: &Path, l: &str, since: &str) -> Output {
    run(lang(l)
        .arg("--ledger")
        .arg(ledger)
        .args(["record", "list", "--since", since]))
}

/// Findings 05 and 56: a `--since` that is not a date is an error (exit 2) in the chosen
/// language, not a filter that lists nothing (or everything); the forms people type
/// are still dates.
#[test]
fn record_list_since_refuses_what_is_not_a_date() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, id) = ledger_with_shipment(dir.path());
    for bad in [
        "zzz",
        "yesterday",
        "2026-13-45",
        "2026-99-99",
        "0",
        "1",
        "2026-1",
    ] {
        let o = list(&ledger, "ja", bad);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", stdout(&o));
        assert!(
            stderr(&o).contains("--since") && stderr(&o).contains("は日付ではありません"),
            "{bad}: {}",
            stderr(&o)
        );
        assert!(stdout(&o).is_empty(), "{bad}: {}", stdout(&o));
        let o = list(&ledger, "en", bad);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", stdout(&o));
        assert!(
            stderr(&o).contains("is not a date"),
            "{bad}: {}",
            stderr(&o)
        );
    }
    // As people type dates: full width, slashes, 年月日.
    for old in ["２０００－０１－０３", "2000/1/3", "2000年1月3日"] {
        let o = list(&ledger, "ja", old);
        assert!(o.status.success(), "{old}: {}", stderr(&o));
        assert!(stdout(&o).contains(&id), "{old}: {}", stdout(&o));
    }
    let o = list(&ledger, "ja", "2099年12月31日");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains(&id), "{}", stdout(&o));
}

/// Finding 06: a control character in a policy file (an escape sequence pasted into a
/// comment, a bell in a value) is named by its line and code, never printed; the reason
/// is not empty.
#[test]
fn policy_control_character_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("isou.toml");
    fs::write(
        &p,
        "# received from the registry office\x1b[2J\norganization = \"A\"\n",
    )
    .unwrap();
    let o = run(lang("ja").arg("--policy").arg(&p).args(["policy", "check"]));
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("1 行目に制御文字（U+001B）があります"), "{e}");
    assert!(!e.contains('\x1b') && !e.contains("（）"), "{e}");
    assert!(e.contains("isou: 対処: "), "{e}");
    let o = run(lang("en").arg("--policy").arg(&p).args(["policy", "check"]));
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("line 1 holds a control character (U+001B)"),
        "{e}"
    );
    assert!(!e.contains('\x1b'), "{e}");
    // In a value, on another line; a tab and CRLF line ends are still fine.
    fs::write(&p, "# a\r\n\torganization = \"A\x07\"\r\n").unwrap();
    let o = run(isou().arg("--policy").arg(&p).args(["policy", "check"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("line 2 holds a control character (U+0007)"),
        "{}",
        stderr(&o)
    );
    fs::write(&p, "# a\r\n\torganization = \"A\"\r\n").unwrap();
    let o = run(isou().arg("--policy").arg(&p).args(["policy", "check"]));
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Finding 60: a policy that parses and says `language = "ja"` has its other faults
/// reported in Japanese (no --lang, no ISOU_LANG, LANG=C); `--lang` still wins; a file
/// that does not parse states no language.
#[test]
fn policy_language_words_the_policys_own_faults() {
    let dir = tempfile::tempdir().unwrap();
    for (i, body) in [
        "time_zone = \"Mars/Base\"",
        "default_class = \"secret\"",
        "handlers = [\"a\", \"a\"]",
        "[[contacts]]\nname = \"a\"\ncard = \"zz\"",
    ]
    .into_iter()
    .enumerate()
    {
        let p = dir.path().join(format!("p{i}.toml"));
        fs::write(&p, format!("language = \"ja\"\n{body}\n")).unwrap();
        let o = run(isou().arg("--policy").arg(&p).args(["record", "list"]));
        assert_eq!(o.status.code(), Some(2), "{body}");
        assert!(
            stderr(&o).starts_with("isou: エラー: ポリシーファイル "),
            "{body}: {}",
            stderr(&o)
        );
        let o = run(lang("en").arg("--policy").arg(&p).args(["record", "list"]));
        assert!(
            stderr(&o).starts_with("isou: error: policy file "),
            "{body}: {}",
            stderr(&o)
        );
    }
    let p = dir.path().join("broken.toml");
    fs::write(&p, "language = \"ja\"\norganization = \n").unwrap();
    let o = run(isou().arg("--policy").arg(&p).args(["record", "list"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("isou: error: policy file "),
        "{}",
        stderr(&o)
    );
}

/// Finding 07: a damaged contact card given to `verify --signer` is a --signer that
/// cannot be used (exit 2, as a file that is no card at all), worded for the sender's
/// card, never as a bad recipient.
#[test]
fn damaged_signer_card_is_a_usage_error_about_the_signer() {
    let dir = tempfile::tempdir().unwrap();
    let (_, card) = keygen(dir.path(), "s.txt");
    let f: Vec<&str> = card.split_whitespace().collect();
    let medium = dir.path().join("m");
    fs::create_dir(&medium).unwrap();
    let cards = [
        (
            "ctl",
            format!("{} {} {} {} 送付元\x1b[2J\n", f[0], f[1], f[2], f[3]),
        ),
        (
            "bech",
            format!("isou-card-v1 age1qqqq {} {} 送付元\n", f[2], f[3]),
        ),
        ("junk", "hello\n".to_string()),
    ];
    for (name, text) in cards {
        let path = dir.path().join(format!("{name}.card"));
        fs::write(&path, text).unwrap();
        for l in ["ja", "en"] {
            let o = run(lang(l).args(["verify", "--signer"]).arg(&path).arg(&medium));
            let e = stderr(&o);
            assert_eq!(o.status.code(), Some(2), "{name}/{l}: {e}");
            assert!(e.contains("--signer"), "{name}/{l}: {e}");
            assert!(
                !e.contains("宛先") && !e.contains("recipient \"") && !e.contains('\x1b'),
                "{name}/{l}: {e}"
            );
        }
    }
    let path = dir.path().join("ctl.card");
    let o = run(lang("ja")
        .args(["verify", "--signer"])
        .arg(&path)
        .arg(&medium));
    assert!(
        stderr(&o).contains("の連絡先カードが壊れています: ラベルに制御文字が含まれています"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("送付元に連絡先カードを"),
        "{}",
        stderr(&o)
    );
}

/// Finding 09: the result cell of a correction in `record list` comes from the
/// catalogue: 「記録 1 を訂正」 in Japanese, "corrects event 1" in English, never the
/// half-English "event 1 を訂正".
#[test]
fn record_list_correction_cell_in_the_readers_language() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, _) = ledger_with_shipment(dir.path());
    let o = run(isou()
        .arg("--ledger")
        .arg(&ledger)
        .args(["record", "correct", "1", "--note", "typo"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let ja = stdout(&run(lang("ja")
        .arg("--ledger")
        .arg(&ledger)
        .args(["record", "list"])));
    assert!(ja.contains("記録 1 を訂正: typo"), "{ja}");
    let en = stdout(&run(lang("en")
        .arg("--ledger")
        .arg(&ledger)
        .args(["record", "list"])));
    assert!(en.contains("corrects event 1: typo"), "{en}");
    assert!(!ja.contains("event 1 を訂正") && !en.contains("event 1 を訂正"));
}
