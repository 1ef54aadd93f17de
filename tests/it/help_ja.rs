//! The help in Japanese (issue 17): `--help` / `-h` of every command translated when
//! Japanese is chosen, today's English under `LANG=C`; completion scripts and man
//! pages (English). That help.ftl covers every command and argument, and names nothing
//! else, is checked by the unit tests of `src/bin/isou/help.rs`.

use std::process::Output;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::util::{have, isou, run};

/// Every command path of isou (the `help` subcommand aside).
const COMMANDS: &[&str] = &[
    "",
    "keygen",
    "card",
    "encrypt",
    "decrypt",
    "seal",
    "verify",
    "open",
    "receipt",
    "record",
    "record check",
    "record list",
    "record ship",
    "record export",
    "record due",
    "record receipt",
    "record recover",
    "record correct",
    "record show",
    "record key-sent",
    "record hand-carry",
    "record dispose",
    "policy",
    "policy check",
    "completions",
    "man",
];

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// `isou [--lang ja] PATH… FLAG`.
fn help(ja: bool, path: &str, flag: &str) -> String {
    let mut c = isou();
    if ja {
        c.args(["--lang", "ja"]);
    }
    c.args(path.split_whitespace()).arg(flag);
    stdout(&run(&mut c))
}

#[test]
fn seal_help_is_japanese_with_lang_ja() {
    let h = help(true, "seal", "--help");
    for want in [
        "抽出データを電子媒体に封入します",
        "使い方: isou seal [OPTIONS] <EXTRACT>...",
        "引数:",
        "オプション:",
        "この宛先に暗号化します",
        "非匿名化",
        "（既定: zstd）",
        "ヘルプを表示します",
    ] {
        assert!(h.contains(want), "{want:?} missing:\n{h}");
    }
    for english in [
        "Usage:",
        "Options:",
        "Arguments:",
        "Print help",
        "[default:",
        "Encrypt to this recipient",
    ] {
        assert!(!h.contains(english), "{english:?} left in:\n{h}");
    }
}

#[test]
fn seal_help_is_todays_english_under_lang_c() {
    let h = help(false, "seal", "--help");
    for want in [
        "Package an extract onto a medium: compressed, encrypted, signed, as a BagIt bag",
        "Usage: isou seal [OPTIONS] <EXTRACT>...",
        "Arguments:",
        "Options:",
        "Encrypt to this recipient: a contact card",
        "[default: zstd]",
        "-h, --help",
        "Print help",
    ] {
        assert!(h.contains(want), "{want:?} missing:\n{h}");
    }
    assert!(!h.contains("使い方"), "{h}");
    // One line per option, the help beside it, as clap lays it out.
    assert!(
        h.lines()
            .any(|l| l.starts_with("  -q, --quiet") && l.contains("Print nothing but errors")),
        "{h}"
    );
}

#[test]
fn the_exit_code_table_follows_the_language() {
    let mut c = isou();
    c.env("LANG", "ja_JP.UTF-8").arg("--help");
    let ja = stdout(&run(&mut c));
    for want in [
        "終了コード:",
        "  0    成功",
        "鍵の問題",
        "130  中断されました",
    ] {
        assert!(ja.contains(want), "{want:?} missing:\n{ja}");
    }
    assert!(!ja.contains("Exit codes"), "{ja}");
    let en = help(false, "", "--help");
    assert!(en.contains("Exit codes:\n  0  success\n"), "{en}");
    assert!(
        en.contains("130  interrupted (Ctrl-C, SIGTERM, SIGHUP)"),
        "{en}"
    );
}

#[test]
fn every_command_has_japanese_help_short_and_long() {
    for path in COMMANDS {
        for flag in ["-h", "--help"] {
            let h = help(true, path, flag);
            assert!(h.contains("使い方: isou"), "isou {path} {flag}:\n{h}");
            for english in ["Usage:", "Options:", "Commands:", "Print help", "[default:"] {
                assert!(
                    !h.contains(english),
                    "isou {path} {flag}: {english:?} left in:\n{h}"
                );
            }
            // The description is Japanese.
            let first = h.lines().next().unwrap_or_default();
            assert!(
                first.chars().any(|c| c.width() == Some(2)),
                "isou {path} {flag}: the description is not Japanese:\n{h}"
            );
        }
    }
}

#[test]
fn japanese_help_is_wrapped_to_the_terminal() {
    for columns in ["100", "60"] {
        let width: usize = columns.parse().unwrap();
        for path in ["", "seal", "record ship", "record export"] {
            let out = run(isou()
                .env("COLUMNS", columns)
                .env("ISOU_LANG", "ja")
                .args(path.split_whitespace())
                .arg("--help"));
            let h = stdout(&out);
            for line in h.lines().filter(|l| !l.starts_with("使い方:")) {
                assert!(
                    line.width() <= width,
                    "isou {path} at {columns} columns: {line:?} is {} wide",
                    line.width()
                );
                // No line starts with the punctuation that must end the line before.
                let t = line.trim_start();
                assert!(
                    !t.starts_with(['、', '。', '）', '」']),
                    "isou {path}: {line:?}"
                );
            }
        }
    }
}

#[test]
fn the_help_subcommand_and_a_command_alone_are_japanese_too() {
    let h = help(true, "help record", "ship");
    assert!(
        h.contains("封入した移送を配送業者に引き渡したことを記録します"),
        "{h}"
    );
    let h = help(true, "help", "help");
    assert!(h.contains("ヘルプを表示するサブコマンド"), "{h}");
    assert!(!h.contains("Create your identity"), "{h}");
    // `isou record` alone: the help on stderr, exit 2 (as clap does), in Japanese.
    let out = run(isou().args(["--lang", "ja", "record"]));
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("コマンド:") && e.contains("移送記録"), "{e}");
    // Parsing is unchanged by the translated tree.
    let out = run(isou().args(["--lang", "ja", "record", "export", "--format", "xml"]));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bash_completion_parses_and_does_not_depend_on_the_language() {
    let en = stdout(&run(isou().args(["completions", "bash"])));
    assert!(en.contains("_isou()") && en.contains("record"), "{en}");
    let ja = stdout(&run(isou().args(["--lang", "ja", "completions", "bash"])));
    assert_eq!(
        en, ja,
        "completion scripts are generated from the English tree"
    );
    if have("bash") {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("isou.bash");
        std::fs::write(&script, &en).unwrap();
        let out = run(std::process::Command::new("bash").arg("-n").arg(&script));
        assert!(
            out.status.success(),
            "bash -n: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for (shell, marker) in [
        ("zsh", "#compdef isou"),
        ("fish", "complete -c isou"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let s = stdout(&run(isou().args(["completions", shell])));
        assert!(s.contains(marker), "{shell}:\n{s}");
    }
    let out = run(isou().args(["completions", "tcsh"]));
    assert_eq!(out.status.code(), Some(2));
}

/// Renders a man page with groff (the formatter `man` uses) and returns its text;
/// `None` when groff is not installed (skipped, or failed under CI).
fn groff(page: &[u8]) -> Option<String> {
    if !have("groff") {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("page.1");
    std::fs::write(&file, page).unwrap();
    // -k: UTF-8 input through preconv, as man does; -ww: all warnings.
    let out = run(std::process::Command::new("groff")
        .args(["-k", "-man", "-Tutf8", "-ww"])
        .arg(&file));
    assert!(
        out.status.success(),
        "groff: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(warnings.trim().is_empty(), "groff warns: {warnings}");
    // Bold and underline are overstruck (`N\x08N`): keep the last of each.
    let mut text = String::new();
    for c in String::from_utf8_lossy(&out.stdout).chars() {
        if c == '\x08' {
            text.pop();
        } else {
            text.push(c);
        }
    }
    Some(text)
}

#[test]
fn man_pages_are_roff_in_english() {
    let top = run(isou().args(["--lang", "ja", "man"]));
    let roff = stdout(&top);
    assert!(roff.contains(".TH isou 1"), "{roff}");
    assert!(roff.contains("Move sensitive registry extracts"), "{roff}");
    if let Some(text) = groff(roff.as_bytes()) {
        assert!(
            text.contains("SYNOPSIS") && text.contains("Exit codes"),
            "{text}"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("man1");
    let out = run(isou().arg("man").arg("-o").arg(&out_dir));
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("man pages into"),
        "{out:?}"
    );
    for page in [
        "isou.1",
        "isou-seal.1",
        "isou-record.1",
        "isou-record-ship.1",
    ] {
        let p = out_dir.join(page);
        let roff = std::fs::read(&p).unwrap_or_else(|e| panic!("{page}: {e}"));
        if let Some(text) = groff(&roff) {
            assert!(text.contains("NAME"), "{page}: {text}");
        }
    }
    assert!(!out_dir.join("isou-help.1").exists());
    // Quiet: nothing on stderr.
    let out = run(isou().args(["man", "-q", "-o"]).arg(&out_dir));
    assert!(out.status.success() && out.stderr.is_empty(), "{out:?}");
    // In Japanese, the summary line is Japanese (the pages stay English).
    let out = run(isou().args(["--lang", "ja", "man", "-o"]).arg(&out_dir));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("man ページを") && e.contains("件"), "{e}");
}

/// Flags whose values isou knows complete with them, not with file names (red team 17,
/// finding 65): --lang, --class, --medium-type, --carrier, record dispose --method.
#[test]
fn completions_offer_the_values_of_known_flags() {
    if !have("bash") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("isou.bash");
    std::fs::write(&script, stdout(&run(isou().args(["completions", "bash"])))).unwrap();
    std::fs::write(dir.path().join("decoy-file.txt"), "").unwrap();
    let complete = |words: &[&str]| {
        let o = run(std::process::Command::new("bash")
            .current_dir(dir.path())
            .arg("-c")
            .arg(
                r#"source "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ));
                COMP_LINE="$*"; COMP_POINT=${#COMP_LINE};
                _isou isou "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}";
                printf '%s\n' "${COMPREPLY[@]}""#,
            )
            .arg(&script)
            .args(words));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    for (words, want) in [
        (&["isou", "--lang", ""][..], "ja"),
        (&["isou", "seal", "--class", ""][..], "匿名化"),
        (&["isou", "seal", "--medium-type", ""][..], "dvd-r"),
        (&["isou", "seal", "--carrier", ""][..], "簡易書留"),
        (
            &["isou", "record", "dispose", "X", "--method", ""][..],
            "物理破壊",
        ),
    ] {
        let got = complete(words);
        assert!(
            got.lines().any(|l| l == want) && !got.contains("decoy-file"),
            "{words:?}: {got}"
        );
    }
}
