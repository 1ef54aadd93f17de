//! Issue 17, helper D1: the command line's own errors, the transport policy's refusals
//! and I/O errors in Japanese (`--lang ja`, `LANG=ja_JP.UTF-8`), the English ones
//! unchanged under `LANG=C`; `--class 非匿名化` / `--class 匿名化` wherever a class is
//! taken; decisions that do not depend on the language.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::*;

/// A sender, a recipient card, an extract and a ledger in a temporary folder.
struct Desk {
    dir: tempfile::TempDir,
    sender: PathBuf,
    rcard: String,
    extract: PathBuf,
    ledger: PathBuf,
}

/// A seal that passes every rule for identifiable data, but the class.
const TRACKED: [&str; 7] = [
    "--carrier",
    "簡易書留",
    "--envelope-confirmed",
    "--use-until",
    "2099-12-31",
    "--destination",
    "国立がん研究センター",
];

impl Desk {
    fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let (sender, _) = keygen(dir.path(), "s.txt");
        let (_, rcard) = keygen(dir.path(), "r.txt");
        let extract = dir.path().join("x.csv");
        fs::write(&extract, "1,2\n").unwrap();
        let ledger = dir.path().join("l.sqlite");
        Desk {
            dir,
            sender,
            rcard,
            extract,
            ledger,
        }
    }

    /// `isou [lang…] seal --json …extra` onto a new folder `name`.
    fn seal(&self, lang: &[&str], name: &str, extra: &[&str]) -> (Output, PathBuf) {
        let m = self.dir.path().join(name);
        fs::create_dir(&m).unwrap();
        let o = run(isou()
            .args(lang)
            .arg("--ledger")
            .arg(&self.ledger)
            .args(["seal", "--json", "--to", &self.rcard, "-i"])
            .arg(&self.sender)
            .arg("--medium")
            .arg(&m)
            .args(extra)
            .arg(&self.extract));
        (o, m)
    }

    fn policy(&self, text: &str) -> PathBuf {
        let p = self.dir.path().join("isou.toml");
        fs::write(&p, text).unwrap();
        p
    }
}

fn class_of_sealed(ledger: &Path, shipment: &str) -> String {
    ledger_events(ledger)
        .into_iter()
        .find(|e| e["kind"] == "sealed" && e["shipment"] == shipment)
        .unwrap()["body"]["class"]
        .as_str()
        .unwrap()
        .to_string()
}

fn shipment_id(o: &Output) -> String {
    serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["shipment_id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// clap's errors (unknown argument, missing argument, bad value, unknown command) in
/// Japanese, exit 2 as documented; in English as clap words them.
#[test]
fn command_line_errors_in_japanese_and_english() {
    let cases: [(&[&str], &str, &str); 5] = [
        (
            &["encrypt", "--bogus"],
            "isou: エラー: 引数 '--bogus' は使えません",
            "isou: error: unexpected argument '--bogus' found",
        ),
        (
            &["open", "x"],
            "isou: エラー: 次の引数を指定してください: --out <DIR>",
            "isou: error: the following required arguments were not provided: --out <DIR>",
        ),
        (
            &["record", "export", "--format", "pdf"],
            "isou: 対処: 使える値: csv, json, xlsx。'isou record export --help' を参照してください",
            "isou: hint: possible values: csv, json, xlsx; see 'isou record export --help'",
        ),
        (
            &["sael"],
            "isou: エラー: コマンド 'sael' はありません",
            "isou: error: unrecognized subcommand 'sael'",
        ),
        (
            &["encrypt", "--threads", "abc"],
            "'--threads <N>' の値 'abc' は使えません: 整数を指定してください",
            "isou: error: invalid value 'abc' for '--threads <N>'",
        ),
    ];
    for (args, ja, en) in cases {
        let o = run(isou().arg("--lang").arg("ja").args(args));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(ja), "{args:?}: {}", stderr(&o));
        // By the locale too.
        let o = run(isou().env("LANG", "ja_JP.UTF-8").args(args));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(ja), "{args:?}: {}", stderr(&o));
        // English (LANG=C) as before.
        let o = run(isou().args(args));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(en), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("エラー"), "{args:?}: {}", stderr(&o));
    }
}

/// `--class 非匿名化` and `--class 匿名化` are the two classes; anything else is an
/// error naming the accepted values, in either language, and nothing is sealed.
#[test]
fn the_class_in_japanese_is_accepted_and_nothing_else() {
    let d = Desk::new();
    for (i, (typed, recorded)) in [
        ("非匿名化", "identifiable"),
        ("匿名化", "anonymized"),
        ("identifiable", "identifiable"),
        ("ANONYMIZED", "anonymized"),
    ]
    .into_iter()
    .enumerate()
    {
        let extra = [&["--class", typed][..], &TRACKED].concat();
        let (o, _) = d.seal(&["--lang", "ja"], &format!("m{i}"), &extra);
        assert!(o.status.success(), "{typed}: {}", stderr(&o));
        assert_eq!(class_of_sealed(&d.ledger, &shipment_id(&o)), recorded);
    }
    for (i, bad) in ["匿名", "非匿名", "anonymous", ""].into_iter().enumerate() {
        for lang in ["ja", "en"] {
            let extra = [&["--class", bad][..], &TRACKED].concat();
            let (o, m) = d.seal(&["--lang", lang], &format!("bad{i}{lang}"), &extra);
            assert_eq!(o.status.code(), Some(2), "{bad:?}: {}", stderr(&o));
            let e = stderr(&o);
            let accepted = match lang {
                "ja" => "非匿名化（identifiable）か匿名化（anonymized）を指定してください",
                _ => "use identifiable (非匿名化) or anonymized (匿名化)",
            };
            assert!(e.contains(accepted), "{bad:?}: {e}");
            assert!(entries(&m).is_empty(), "{bad:?}");
        }
    }
}

/// The policy file takes the class in Japanese too: `default_class = "匿名化"` and
/// `[classes."非匿名化"]`; the manual's rules for identifiable data cannot be turned off
/// under the Japanese name either; an unknown class table names the accepted ones.
#[test]
fn the_policy_takes_the_class_in_japanese() {
    let d = Desk::new();
    let check = |p: &Path, lang: &str| {
        run(isou()
            .args(["--lang", lang, "--policy"])
            .arg(p)
            .args(["policy", "check"]))
    };
    let p = d.policy("[classes.\"非匿名化\"]\ntracked_carriers_only = false\n");
    let o = check(&p, "ja");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("isou: エラー: ポリシーファイル")
            && stderr(&o)
                .contains("classes.非匿名化.tracked_carriers_only = false は認められません（§2.2⑥"),
        "{}",
        stderr(&o)
    );
    let o = check(&p, "en");
    assert!(
        stderr(&o).contains("classes.非匿名化.tracked_carriers_only = false is not allowed (§2.2⑥"),
        "{}",
        stderr(&o)
    );
    let p = d.policy("[classes.secret]\n");
    let o = check(&p, "ja");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("情報の区分 \"secret\" はありません")
            && stderr(&o).contains("anonymized（匿名化）"),
        "{}",
        stderr(&o)
    );
    let p = d.policy("[classes.identifiable]\n[classes.\"非匿名化\"]\n");
    let o = check(&p, "en");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("given twice"), "{}", stderr(&o));
    // Anonymized data under a policy that wants tracking for it, by its Japanese name.
    let p = d
        .policy("default_class = \"匿名化\"\n[classes.\"匿名化\"]\ntracked_carriers_only = true\n");
    let o = check(&p, "ja");
    assert!(o.status.success(), "{}", stderr(&o));
    let (o, m) = d.seal(
        &["--lang", "ja", "--policy", p.to_str().unwrap()],
        "anon",
        &["--carrier", "普通郵便", "--use-until", "2099-12-31"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("匿名化情報は、追跡サービス付きの手段か持参でしか移送できません")
            && stderr(&o).contains("このポリシーでは匿名化情報にも追跡サービスが必要です"),
        "{}",
        stderr(&o)
    );
    assert!(entries(&m).is_empty());
}

/// A refusal in Japanese keeps the manual's clause; the decision (refused, exit 2,
/// nothing written) is the same in both languages.
#[test]
fn refusals_in_japanese_cite_the_clause_and_decide_alike() {
    let d = Desk::new();
    let untracked = [
        "--carrier",
        "普通郵便",
        "--envelope-confirmed",
        "--use-until",
        "2099-12-31",
        "--destination",
        "国立がん研究センター",
    ];
    let (ja, m) = d.seal(&["--lang", "ja"], "ja", &untracked);
    assert_eq!(ja.status.code(), Some(2), "{}", stderr(&ja));
    let e = stderr(&ja);
    assert!(
        e.contains("isou: エラー: 移送のポリシーにより、この操作はできません: 非匿名化情報は、追跡サービス付きの手段か持参でしか移送できません（§2.2⑥ 追跡サービス付きの手段）")
            && e.contains("isou: 対処: 次のいずれかを使ってください:"),
        "{e}"
    );
    assert!(entries(&m).is_empty());
    let (en, m) = d.seal(&[], "en", &untracked);
    assert_eq!(en.status.code(), Some(2), "{}", stderr(&en));
    assert!(
        stderr(&en).contains("isou: error: the transport policy forbids this: identifiable (非匿名化) data may travel only by a service with tracking or by hand (§2.2⑥ 追跡サービス付きの手段), and 普通郵便 has no tracking"),
        "{}",
        stderr(&en)
    );
    assert!(entries(&m).is_empty());
    // §2.2⑤ without a terminal: refused in both languages (no question asked).
    let envelope = [
        "--carrier",
        "簡易書留",
        "--use-until",
        "2099-12-31",
        "--destination",
        "国立がん研究センター",
    ];
    let (ja, _) = d.seal(&["--lang", "ja"], "env-ja", &envelope);
    assert_eq!(ja.status.code(), Some(2));
    assert!(
        stderr(&ja).contains(
            "封筒に赤字で「親展・取扱注意」と表示し、そのことを確認する必要があります（§2.2⑤）"
        ),
        "{}",
        stderr(&ja)
    );
    let (en, _) = d.seal(&[], "env-en", &envelope);
    assert_eq!(en.status.code(), Some(2));
    assert!(
        stderr(&en).contains("親展・取扱注意 in red"),
        "{}",
        stderr(&en)
    );
}

/// The envelope question is asked on §2.2⑤ by its clause, not by the text of the
/// refusal: in Japanese too, answering yes at the terminal seals.
#[test]
fn the_envelope_question_is_asked_in_japanese_too() {
    if !have("script") {
        return;
    }
    let d = Desk::new();
    let m = d.dir.path().join("tty");
    fs::create_dir(&m).unwrap();
    let q = |p: &Path| format!("'{}'", p.display());
    let cmd = format!(
        "env -u ISOU_IDENTITY -u LC_ALL -u LC_MESSAGES -u ISOU_LANG ISOU_POLICY= XDG_CONFIG_HOME={} LANG=ja_JP.UTF-8 '{}' --ledger {} seal --json --to '{}' -i {} --medium {} --carrier 簡易書留 --use-until 2099-12-31 --destination 国立がん研究センター {}",
        q(&d.dir.path().join("no-config")),
        env!("CARGO_BIN_EXE_isou"),
        q(&d.ledger),
        d.rcard,
        q(&d.sender),
        q(&m),
        q(&d.extract)
    );
    let o = with_tty(&cmd, "はい\n");
    let shown = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{shown}");
    assert!(shown.contains("親展・取扱注意"), "{shown}");
    assert_eq!(count_events(&d.ledger, "sealed"), 1);
}

/// An I/O error: a Japanese phrase for its kind, the system's own text kept in
/// parentheses, a Japanese hint; in English the system's text alone, as before.
#[test]
fn io_errors_in_japanese_keep_the_system_text() {
    let d = Desk::new();
    let missing = d.dir.path().join("missing.csv");
    let key = d.rcard.split_whitespace().nth(1).unwrap().to_string();
    let o = run(isou()
        .args(["--lang", "ja", "encrypt", "-r", &key])
        .arg(&missing));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("ファイルまたはフォルダーがありません（No such file or directory")
            && e.contains("isou: 対処: パスを確認してください"),
        "{e}"
    );
    let o = run(isou().args(["encrypt", "-r", &key]).arg(&missing));
    let e = stderr(&o);
    assert!(
        e.contains(": No such file or directory") && e.contains("isou: hint: check the path"),
        "{e}"
    );
}

/// The policy file's own errors: Japanese text, the file named, the sample named.
#[test]
fn policy_file_errors_in_japanese() {
    let d = Desk::new();
    let p = d.policy("time_zone = \"JST\"\n");
    let o = run(isou()
        .env("LANG", "ja_JP.UTF-8")
        .arg("--policy")
        .arg(&p)
        .args(["policy", "check"]));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("time_zone \"JST\" は IANA データベースのタイムゾーンではありません")
            && e.contains("JST のような略称は使えません"),
        "{e}"
    );
    let o = run(isou().arg("--policy").arg(&p).args(["policy", "check"]));
    assert!(
        stderr(&o).contains("time_zone \"JST\" is not a time zone of the IANA database"),
        "{}",
        stderr(&o)
    );
}

/// Names typed where a recipient belongs, and the designated handlers (§2.2①), in
/// Japanese; the English text unchanged.
#[test]
fn names_and_handlers_in_japanese() {
    let d = Desk::new();
    let (o, m) = d.seal(&["--lang", "ja"], "noname", &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(entries(&m).is_empty());
    let o = run(isou()
        .args(["--lang", "ja", "seal", "--to", "国立", "-i"])
        .arg(&d.sender)
        .arg("--medium")
        .arg(&m)
        .args(TRACKED)
        .arg(&d.extract));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("国立 という連絡先はありません。ポリシーファイルが使われていないため")
            && stderr(&o).contains("--policy ファイル か ISOU_POLICY で指定するか"),
        "{}",
        stderr(&o)
    );
    let p = d.policy("handlers = [{ name = \"山田 太郎\", account = \"nobody-at-all\" }]\n");
    let policy = ["--policy", p.to_str().unwrap()];
    let (o, m) = d.seal(
        &[&["--lang", "ja"][..], &policy].concat(),
        "handler-ja",
        &TRACKED,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("は、指定された移送の担当者ではありません（§2.2① 移送担当者の指定）")
            && stderr(&o).contains("利用責任者に依頼して"),
        "{}",
        stderr(&o)
    );
    assert!(entries(&m).is_empty());
    let (o, _) = d.seal(&policy, "handler-en", &TRACKED);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is not a designated transport handler (§2.2① 移送担当者の指定)"),
        "{}",
        stderr(&o)
    );
}
