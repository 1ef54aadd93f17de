//! Red team of issue 17, findings 03, 51 and 57 (helper F4): a Japanese error says its
//! reason in Japanese too — the receipt parser's reasons, a damaged key's, a value
//! parser's — and Japanese messages use the glossary's words (連絡先カード), naming a
//! value by its name in the register, not the record's key (`use_until`). English is
//! unchanged.

use std::fs;
use std::path::Path;

use crate::util::*;

fn ja_err(args: &[&str], env: &[(&str, &Path)]) -> String {
    let mut c = isou();
    c.args(["--lang", "ja"]).args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let o = run(&mut c);
    assert!(!o.status.success(), "{args:?} succeeded");
    stderr(&o)
}

fn en_err(args: &[&str], env: &[(&str, &Path)]) -> String {
    let mut c = isou();
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let o = run(&mut c);
    assert!(!o.status.success(), "{args:?} succeeded");
    stderr(&o)
}

/// No isou English sentence inside a Japanese error line.
fn no_english(msg: &str, fragments: &[&str]) {
    for f in fragments {
        assert!(!msg.contains(f), "English {f:?} in: {msg}");
    }
    assert!(msg.contains("エラー"), "{msg}");
}

#[test]
fn receipt_parser_reasons_come_out_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let (ledger, id) = ledger_with_shipment(dir.path());
    let cases: [(&str, Vec<u8>, &str, &str); 5] = [
        (
            "esc.txt",
            format!("isou-receipt v1\nshipment: {id}\x1b[2J\n").into_bytes(),
            "制御文字 U+001B が含まれています",
            "it holds the control character U+001B",
        ),
        (
            "crlf.txt",
            b"isou-receipt v1\r\nshipment X\r\n".to_vec(),
            "添付ファイルとして送ってもらってください",
            "send it as an attachment",
        ),
        (
            "bin.txt",
            b"\xff\xfe binary\n".to_vec(),
            "UTF-8 の文字ではありません",
            "it is not UTF-8 (a binary file?)",
        ),
        (
            "nosig.txt",
            b"isou-receipt v1\n".to_vec(),
            "署名のブロックがありません",
            "it has no signature block",
        ),
        (
            "second.txt",
            b"isou-receipt v1\n# x\nshipment: NOT-AN-ID\n".to_vec(),
            "受領書の形式が正しくありません",
            "the receipt is malformed",
        ),
    ];
    for (name, bytes, ja, en) in cases {
        let f = dir.path().join(name);
        fs::write(&f, bytes).unwrap();
        let path = f.to_str().unwrap();
        let env = [("ISOU_LEDGER", ledger.as_path())];
        let msg = ja_err(&["record", "receipt", path], &env);
        no_english(
            &msg,
            &["it holds", "it is not", "it has no", "the signature block"],
        );
        assert!(msg.contains(ja), "{name}: {msg}");
        let msg = en_err(&["record", "receipt", path], &env);
        assert!(msg.contains(en), "{name}: {msg}");
    }
}

#[test]
fn a_damaged_card_or_key_is_explained_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let usb = dir.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let bad1 = dir.path().join("bad1.card");
    fs::write(&bad1, "isou-card-v1 age1qqqq ssh-ed25519 AAAA 送付元\n").unwrap();
    let bad2 = dir.path().join("bad2.card");
    fs::write(&bad2, "hello\n").unwrap();
    let usb = usb.to_str().unwrap();
    let m1 = ja_err(&["verify", "--signer", bad1.to_str().unwrap(), usb], &[]);
    no_english(&m1, &["Bech32 encoding"]);
    assert!(m1.contains("age の鍵として完全ではありません"), "{m1}");
    let m2 = ja_err(&["verify", "--signer", bad2.to_str().unwrap(), usb], &[]);
    no_english(&m2, &["length invalid", "character encoding"]);
    assert!(m2.contains("鍵が途中で切れているか長すぎます"), "{m2}");
    let e1 = en_err(&["verify", "--signer", bad1.to_str().unwrap(), usb], &[]);
    assert!(e1.contains("it is not a whole age key"), "{e1}");
}

#[test]
fn value_parsers_give_their_reason_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("l.sqlite");
    let env = [("ISOU_LEDGER", ledger.as_path())];
    let m = ja_err(&["record", "correct", "abc", "--note", "x"], &env);
    no_english(&m, &["is not an event id"]);
    assert!(m.contains("記録番号ではありません"), "{m}");
    let e = en_err(&["record", "correct", "abc", "--note", "x"], &env);
    assert!(e.contains("\"abc\" is not an event id"), "{e}");

    let x = dir.path().join("x");
    let x = x.to_str().unwrap();
    let m = ja_err(&["encrypt", "--passphrase-fd", "99999999999", x], &[]);
    no_english(&m, &["is not in -"]);
    assert!(m.contains("ファイル記述子の番号ではありません"), "{m}");

    let (_, card) = keygen(dir.path(), "r.txt");
    let ex = dir.path().join("e");
    fs::create_dir(&ex).unwrap();
    fs::write(ex.join("a"), "a").unwrap();
    let m = dir.path().join("m");
    fs::create_dir(&m).unwrap();
    let args = |c: &'static str| {
        vec![
            "seal".to_string(),
            "--to".into(),
            card.clone(),
            "--medium".into(),
            m.to_str().unwrap().into(),
            "--class".into(),
            "匿名化".into(),
            "--compression".into(),
            c.into(),
            ex.to_str().unwrap().into(),
        ]
    };
    let a = args("zz\u{1b}]0;PWN\u{7}");
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let msg = ja_err(&a, &env);
    no_english(&msg, &["is not a compression", "\\u{"]);
    assert!(
        msg.contains("は圧縮方式ではありません") && !msg.contains('\u{1b}'),
        "{msg}"
    );
    let a = args("lzma");
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let e = en_err(&a, &env);
    assert!(e.contains("\"lzma\" is not a compression"), "{e}");
}

#[test]
fn japanese_says_contact_card_and_names_values_as_the_register_does() {
    let dir = tempfile::tempdir().unwrap();
    let id = dir.path().join("id.txt");
    let o = run(isou()
        .args(["--lang", "ja", "keygen", "--unprotected", "-o"])
        .arg(&id)
        .args(["--label", "X"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("この連絡先カードを相手に渡してください"), "{e}");
    assert!(!e.contains("連絡カード"), "{e}");

    let id2 = dir.path().join("id2.txt");
    let id2 = id2.to_str().unwrap();
    let m = ja_err(
        &["keygen", "--unprotected", "-o", id2, "--label", "a\tb"],
        &[],
    );
    assert!(!m.contains("項目 label"), "{m}");
    assert!(m.contains("「ラベル」の値"), "{m}");

    // Fresh ledgers: once one holds events, the unknown shipment is said first.
    let ledger = dir.path().join("fresh1.sqlite");
    let env = [("ISOU_LEDGER", ledger.as_path())];
    let ship = ["record", "correct", "1", "--note", ""];
    let m = ja_err(&ship, &env);
    assert!(!m.contains("項目 note"), "{m}");
    assert!(m.contains("「訂正の内容」が空です"), "{m}");
    let ledger2 = dir.path().join("fresh2.sqlite");
    let e = en_err(&ship, &[("ISOU_LEDGER", ledger2.as_path())]);
    assert!(e.contains("the note is empty"), "{e}");
}

/// A raw tar entry of type `kind` (tar-rs refuses to write hostile ones itself).
fn raw_entry(name: &[u8], kind: tar::EntryType, link: &[u8]) -> Vec<u8> {
    let mut h = tar::Header::new_old();
    h.as_old_mut().name[..name.len()].copy_from_slice(name);
    h.as_old_mut().linkname[..link.len()].copy_from_slice(link);
    h.set_entry_type(kind);
    h.set_size(0);
    h.set_mode(0o644);
    h.set_cksum();
    h.as_bytes().to_vec()
}

#[test]
fn an_entry_type_is_named_in_words_not_rust_names() {
    use isou::i18n::{in_lang, Lang};
    let dir = tempfile::tempdir().unwrap();
    let id = age::x25519::Identity::generate();
    for (name, kind, ja, en) in [
        (
            "symlink",
            tar::EntryType::Symlink,
            "種類（シンボリックリンク）",
            "its type (symbolic link)",
        ),
        (
            "fifo",
            tar::EntryType::Fifo,
            "種類（名前付きパイプ（FIFO））",
            "its type (named pipe (FIFO))",
        ),
    ] {
        let mut tar = raw_entry(b"x", kind, b"/etc");
        tar.extend_from_slice(&[0u8; 1024]);
        let case = dir.path().join(name);
        fs::create_dir(&case).unwrap();
        let medium = keyed_medium(
            &case,
            "hostile",
            &tar,
            &id.to_public().to_string(),
            &[("External-Identifier", "S")],
            &other_key().0,
        );
        for (lang, says) in [(Lang::Ja, ja), (Lang::En, en)] {
            let out = case.join(format!("out-{}", lang.code()));
            let e = in_lang(lang, || {
                isou::media::open::open(
                    &medium,
                    &out,
                    isou::media::authentic::Sender::Any,
                    &mut |_, _| Ok(isou::media::open::Unlock::Identities(vec![id.clone()])),
                    Default::default(),
                    &Default::default(),
                )
                .unwrap_err()
                .to_string()
            });
            assert!(e.contains(says), "{name}: {e}");
            assert!(!e.contains("Symlink") && !e.contains("(Fifo)"), "{e}");
        }
    }
}

#[test]
fn the_toml_parsers_common_reasons_are_said_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("isou.toml");
    for (text, ja, en) in [
        (
            "foo = 1\n",
            "`foo` という項目はありません（書ける項目: `organization`",
            "unknown field `foo`, expected one of `organization`",
        ),
        (
            "organization = \"x\"\norganization = \"y\"\n",
            "2 行目: `organization` が２回書かれています",
            "line 2: duplicate key `organization`",
        ),
        (
            "[[contacts]]\naddress = \"x\"\n",
            "`name` がありません",
            "missing field `name`",
        ),
        (
            "organization = \"x\n",
            "TOML の書き方が正しくありません（",
            "line 1: invalid basic string",
        ),
    ] {
        fs::write(&p, text).unwrap();
        let path = p.to_str().unwrap();
        let m = ja_err(&["policy", "check", "--policy", path], &[]);
        assert!(m.contains(ja), "{text}: {m}");
        no_english(&m, &["unknown field", "duplicate key", "missing field"]);
        let e = en_err(&["policy", "check", "--policy", path], &[]);
        assert!(e.contains(en), "{text}: {e}");
    }
}

#[test]
fn a_volume_that_cannot_be_read_is_introduced_in_japanese() {
    use isou::i18n::{in_lang, Lang};
    let p = Path::new("/nonexistent-isou-rt17/vol2");
    let Err(ja) = in_lang(Lang::Ja, || isou::media::volume::Member::read(p)) else {
        panic!("a missing path read as a volume");
    };
    assert!(
        ja.local.contains("ファイルまたはフォルダーがありません（"),
        "{}",
        ja.local
    );
    assert!(
        ja.en.ends_with("No such file or directory (os error 2)"),
        "{}",
        ja.en
    );
}

/// The glossary's one word per concept (docs/GLOSSARY.md): 連絡先カード, フォルダー.
#[test]
fn the_japanese_catalogue_uses_the_glossarys_words_only() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n/ja");
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let at = format!("{}:{}: {line}", path.display(), n + 1);
            assert!(
                !line.contains("連絡カード"),
                "連絡先カード, not 連絡カード: {at}"
            );
            assert!(
                !line.contains("ディレクトリ"),
                "フォルダー, not ディレクトリ: {at}"
            );
            let short = line
                .match_indices("フォルダ")
                .any(|(i, f)| !line[i + f.len()..].starts_with('ー'));
            assert!(!short, "フォルダー, not フォルダ: {at}");
        }
    }
}
