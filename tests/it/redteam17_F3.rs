//! Issue 17 red team, findings 50, 53, 54, 55, 58, 59, 61, 64 (helper F3): `isou man -o`
//! into a folder others can write to, the language of clap's errors, the Japanese
//! exit-code table, bad language values, and Japanese locales that are not UTF-8.

use std::fs;
use std::path::Path;

use unicode_width::UnicodeWidthStr;

use crate::util::*;

fn man_pages(dir: &Path) -> Vec<String> {
    entries(dir)
        .into_iter()
        .filter(|n| n.ends_with(".1"))
        .collect()
}

/// Finding 50: a link named like a page is refused and named; nothing is written
/// through it (neither its target nor the file a dangling link names), and no page is
/// written at all.
#[test]
fn man_o_refuses_a_link_in_the_folder_and_writes_nothing_through_it() {
    let t = tempfile::tempdir().unwrap();
    let man = t.path().join("man1");
    fs::create_dir(&man).unwrap();
    let victim = t.path().join("victim.txt");
    fs::write(&victim, "precious\n").unwrap();
    std::os::unix::fs::symlink(&victim, man.join("isou-seal.1")).unwrap();
    std::os::unix::fs::symlink(t.path().join("elsewhere"), man.join("isou-open.1")).unwrap();
    for lang in ["en", "ja"] {
        let o = run(isou().args(["--lang", lang, "man", "-o"]).arg(&man));
        assert_eq!(o.status.code(), Some(2), "{o:?}");
        let err = stderr(&o);
        assert!(err.contains("isou-"), "{err}");
        if lang == "ja" {
            assert!(err.contains("通常のファイルではありません"), "{err}");
        } else {
            assert!(err.contains("is not a regular file"), "{err}");
        }
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious\n");
        assert!(!t.path().join("elsewhere").exists());
        // The two links only: no page, no staged file left.
        assert_eq!(entries(&man).len(), 2, "{:?}", entries(&man));
    }
}

/// Finding 58: a FIFO named like a page is refused at once (it hung), and nothing is
/// written; without it, every page is written and no staged file is left.
#[test]
fn man_o_refuses_a_fifo_at_once_and_otherwise_replaces_regular_pages() {
    let t = tempfile::tempdir().unwrap();
    let man = t.path().join("man1");
    fs::create_dir(&man).unwrap();
    let fifo = man.join("isou-card.1");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo(3) on a NUL-terminated path that outlives the call.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let o = run_within(isou().args(["--lang", "ja", "man", "-o"]).arg(&man), 20);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stderr(&o).contains("isou-card.1"), "{}", stderr(&o));
    assert_eq!(entries(&man), ["isou-card.1"]);

    fs::remove_file(&fifo).unwrap();
    fs::write(man.join("isou.1"), "old page").unwrap();
    let o = run_within(isou().args(["man", "-o"]).arg(&man), 60);
    assert!(o.status.success(), "{o:?}");
    let pages = man_pages(&man);
    assert_eq!(entries(&man).len(), pages.len(), "{:?}", entries(&man));
    assert!(pages.len() > 20, "{pages:?}");
    assert!(fs::read_to_string(man.join("isou.1"))
        .unwrap()
        .contains(".TH"));
}

/// Finding 53: the first valid `--lang` decides the language of clap's errors, also
/// when a later `--lang` is a missing value or repeated.
#[test]
fn the_first_valid_lang_words_clap_errors() {
    for args in [
        &["--lang", "ja", "--ledger", "--lang", "record", "list"][..],
        &[
            "--lang",
            "ja",
            "record",
            "ship",
            "ISOU-20261204-AAAAAAAA",
            "--carrier",
            "--lang",
        ],
        &["--lang", "ja", "--lang", "ja\x1b[2J", "record", "list"],
        &["--lang", "ja", "--lang", "en", "record", "list"],
    ] {
        let o = run(isou().args(args));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {o:?}");
        let err = stderr(&o);
        assert!(err.starts_with("isou: エラー: "), "{args:?}: {err}");
        assert!(!err.contains('\x1b'), "{err}");
    }
    let o = run(isou().args(["--lang", "ja", "--lang", "en", "record", "list"]));
    assert!(
        stderr(&o).contains("1 回しか指定できません"),
        "{}",
        stderr(&o)
    );
    let o = run(isou().args(["--lang", "en", "--lang", "ja", "record", "list"]));
    assert!(
        stderr(&o).contains("cannot be used more than once"),
        "{}",
        stderr(&o)
    );
    // Also before and after the subcommand, where clap itself allows it (red team 17,
    // finding 100): the output and the errors would speak different languages.
    let o = run(isou().args(["--lang", "ja", "record", "--lang", "en", "list"]));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 回しか指定できません"),
        "{}",
        stderr(&o)
    );
    let o = run(isou().env("ISOU_LANG", "ja").args([
        "record",
        "ship",
        "ISOU-20261204-AAAAAAAA",
        "--carrier",
        "--lang",
    ]));
    assert!(stderr(&o).starts_with("isou: エラー: "), "{}", stderr(&o));
}

/// Finding 54: a flag without its value gets no empty list of possible values.
#[test]
fn a_flag_without_its_value_lists_no_empty_values() {
    for args in [
        &["man", "-o"][..],
        &["record", "ship", "ISOU-20261204-AAAAAAAA", "--carrier"],
        &["--ledger"],
        &["seal", "--to"],
        &["record", "list", "--since"],
    ] {
        let o = run(isou().args(["--lang", "ja"]).args(args));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains("には値が必要です"), "{err}");
        // No empty list; a flag with known values (--carrier) may list them.
        assert!(!err.contains("使える値: 。"), "{args:?}: {err}");
        if !args.contains(&"--carrier") {
            assert!(!err.contains("使える値"), "{args:?}: {err}");
        }
        assert!(err.contains("--help' を参照してください"), "{err}");
    }
    // A list that has values is still shown.
    let o = run(isou().args(["--lang", "ja", "record", "export", "--format", "xml"]));
    assert!(stderr(&o).contains("使える値: csv"), "{}", stderr(&o));
}

/// Finding 55: the exit-code table keeps its hanging indent at 80, 60 and 40
/// columns, in both languages: every line fits, starts with a code or under the text,
/// and (at 80 and 60) no fragment of a few characters is left on a line of its own.
#[test]
fn the_exit_code_table_keeps_its_hanging_indent() {
    for (lang, heading) in [("ja", "終了コード:"), ("en", "Exit codes:")] {
        for cols in [80usize, 60, 40] {
            let o = run(isou()
                .env("COLUMNS", cols.to_string())
                .args(["--lang", lang, "--help"]));
            assert!(o.status.success());
            let out = stdout(&o);
            let table: Vec<&str> = out
                .lines()
                .skip_while(|l| *l != heading)
                .skip(1)
                .filter(|l| !l.trim().is_empty())
                .collect();
            assert!(table.len() >= 5, "{out}");
            for l in &table {
                let code = l
                    .strip_prefix("  ")
                    .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
                // Under the text column: 7 spaces in Japanese, 5 in English.
                let under_text = l.starts_with(if lang == "ja" { "       " } else { "     " });
                // (At 40 columns a paragraph may end with a short last line.)
                let fragment = cols >= 60 && l.trim().chars().count() <= 3;
                assert!(
                    l.width() <= cols && (code || under_text) && !fragment,
                    "{lang} at {cols} columns: {l:?} in\n{}",
                    table.join("\n")
                );
            }
        }
    }
}

/// Finding 59: a bad language value is quoted bounded, from a policy file, from
/// `ISOU_LANG` and from `--lang`, in both languages.
#[test]
fn a_bad_language_value_is_quoted_bounded() {
    let t = tempfile::tempdir().unwrap();
    let long = "x".repeat(100_000);
    let policy = t.path().join("p.toml");
    fs::write(&policy, format!("language = \"{long}\"\n")).unwrap();
    let o = run(isou().env("ISOU_POLICY", &policy).args(["policy", "check"]));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(o.stderr.len() < 2000, "{} bytes", o.stderr.len());
    assert!(stderr(&o).contains("xxx…"), "{}", stderr(&o));

    let o = run(isou().env("ISOU_LANG", &long).args(["record", "list"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stderr.len() < 2000, "{} bytes", o.stderr.len());
    assert!(stderr(&o).contains("ISOU_LANG"), "{}", stderr(&o));

    for lead in [&[][..], &["--lang", "ja"]] {
        let o = run(isou().args(lead).args(["--lang", &long, "record", "list"]));
        assert_eq!(o.status.code(), Some(2));
        assert!(o.stderr.len() < 2000, "{} bytes", o.stderr.len());
    }
    let o = run(isou().args(["--lang", &format!("ja\x1b[2J{long}"), "--help"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stderr.len() < 2000, "{} bytes", o.stderr.len());
    assert!(!stderr(&o).contains('\x1b'));
}

/// Finding 61: an unknown `--lang` is an error (exit 2) wherever it stands, also after
/// `--help`, `-h` or `--version`, which clap answers before reading on.
#[test]
fn an_unknown_lang_after_help_is_an_error() {
    for args in [
        &["--lang", "xx", "--help"][..],
        &["--help", "--lang", "xx"],
        &["seal", "--help", "--lang", "xx"],
        &["seal", "-h", "--lang=fr"],
        &["record", "ship", "-h", "--lang", "klingon"],
        &["--version", "--lang", "xx"],
    ] {
        let o = run(isou().args(args));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {o:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(
            stderr(&o).contains("is not a language isou speaks"),
            "{}",
            stderr(&o)
        );
    }
    let o = run(isou()
        .env("LANG", "ja_JP.UTF-8")
        .args(["seal", "--help", "--lang", "xx"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("扱える言語ではありません"),
        "{}",
        stderr(&o)
    );
    // A valid one after --help is still the language of the help.
    let o = run(isou().args(["seal", "--help", "--lang", "ja"]));
    assert!(o.status.success());
    assert!(stdout(&o).contains("使い方"), "{}", stdout(&o));
}

/// Finding 64: a Japanese locale that is not UTF-8 gets English (isou writes UTF-8
/// only); a UTF-8 or codeset-less one gets Japanese; `--lang ja` still forces it.
#[test]
fn a_japanese_locale_not_in_utf8_gets_english() {
    // "no events match", on standard output.
    let japanese = |o: &std::process::Output| stdout(o).contains("該当する記録はありません");
    // An empty ledger of its own: under `cargo test` every test of this process shares
    // the default one (util::isou), which other tests fill.
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.sqlite");
    let isou = || {
        let mut c = isou();
        c.env("ISOU_LEDGER", &ledger);
        c
    };
    for loc in [
        "ja_JP.eucJP",
        "ja_JP.EUC-JP",
        "ja_JP.SJIS",
        "ja_JP.Shift_JIS",
        "japanese",
    ] {
        let o = run(isou().env("LANG", loc).args(["record", "list"]));
        assert!(o.status.success(), "{loc}: {o:?}");
        assert!(!japanese(&o), "{loc}: {}", stdout(&o));
        assert!(
            stdout(&o).contains("no events match"),
            "{loc}: {}",
            stdout(&o)
        );
        assert!(o.stdout.is_ascii() && o.stderr.is_ascii(), "{loc}: {o:?}");
        let o = run(isou()
            .env("LC_ALL", loc)
            .args(["--lang", "ja", "record", "list"]));
        assert!(japanese(&o), "--lang ja under {loc}: {}", stdout(&o));
        let o = run(isou()
            .env("LC_ALL", loc)
            .env("ISOU_LANG", "ja")
            .args(["record", "list"]));
        assert!(japanese(&o), "ISOU_LANG=ja under {loc}: {}", stdout(&o));
    }
    for loc in ["ja_JP.UTF-8", "ja_JP.utf8", "ja_JP"] {
        let o = run(isou().env("LANG", loc).args(["record", "list"]));
        assert!(japanese(&o), "{loc}: {}", stdout(&o));
    }
}
