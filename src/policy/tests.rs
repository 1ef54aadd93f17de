//! Unit tests of the policy: loading, names, parties, destinations and the rules.

use super::*;
use crate::keys::{ContactCard, SecretKind};

fn plan<'a>(class: InfoClass, carrier: &'a str) -> Plan<'a> {
    Plan {
        class,
        carrier: Some(carrier),
        ..Default::default()
    }
}

#[test]
fn defaults_protect_identifiable_data() {
    let p = Policy::defaults();
    let e = p
        .check(&plan(InfoClass::Identifiable, "普通郵便"))
        .unwrap_err();
    assert!(e.rule.contains("§2.2⑥"), "{e:?}");
    assert_eq!(e.clause, Clause::Tracking);
    let e = p
        .check(&plan(InfoClass::Identifiable, "簡易書留"))
        .unwrap_err();
    assert!(e.rule.contains("§2.2⑤"), "{e:?}");
    // Decisions read the clause, never the (localised) text.
    assert_eq!(e.clause, Clause::Envelope);
    let mut ok = plan(InfoClass::Identifiable, "簡易書留");
    ok.envelope_confirmed = true;
    assert!(p.check(&ok).is_ok());
    let e = p.check(&plan(InfoClass::Identifiable, "持参")).unwrap_err();
    assert!(e.rule.contains("§2.2⑧⑨"), "{e:?}");
    assert_eq!(e.clause, Clause::HandCarry);
    assert!(p.check(&plan(InfoClass::Anonymized, "普通郵便")).is_ok());
    // A plan that says nothing of the class is identifiable (issue 14).
    let e = p
        .check(&Plan {
            carrier: Some("普通郵便"),
            ..Default::default()
        })
        .unwrap_err();
    assert!(e.rule.contains("§2.2⑥"), "{e:?}");
}

#[test]
fn default_class_explicit_choices_and_nonempty_media() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("isou.toml");
    std::fs::write(&path, "default_class = \"匿名化\"\n").unwrap();
    let anon = Policy::load(&path).unwrap();
    assert_eq!(anon.class(None), InfoClass::Anonymized);
    assert_eq!(
        anon.class(Some(InfoClass::Identifiable)),
        InfoClass::Identifiable
    );
    let builtin = Policy::defaults();
    assert_eq!(builtin.class(None), InfoClass::Identifiable);
    std::fs::write(&path, "default_class = \"maybe\"\n").unwrap();
    let e = Policy::load(&path).unwrap_err();
    assert!(e.why.contains("default_class"), "{e}");
    // --class anonymized is a choice only against an identifiable default.
    let pl = plan(InfoClass::Anonymized, "普通郵便");
    let flags = |p: &Policy, typed| {
        p.explicit_choices(typed, &pl, true, true)
            .into_iter()
            .map(|c| c.flag)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        flags(&builtin, Some(InfoClass::Anonymized)),
        [
            "--class anonymized",
            "--carrier 普通郵便",
            "--allow-nonempty",
            "--passphrase"
        ]
    );
    assert_eq!(
        flags(&anon, None),
        ["--carrier 普通郵便", "--allow-nonempty", "--passphrase"]
    );
    let tracked = plan(InfoClass::Anonymized, "簡易書留");
    assert!(builtin
        .explicit_choices(None, &tracked, false, false)
        .is_empty());
    let e = builtin
        .check_nonempty(InfoClass::Identifiable, true)
        .unwrap_err();
    assert!(e.rule.contains("§2.2 本文") && e.rule.contains("--allow-nonempty"));
    assert!(builtin.check_nonempty(InfoClass::Anonymized, true).is_ok());
    assert!(builtin
        .check_nonempty(InfoClass::Identifiable, false)
        .is_ok());
}

#[test]
fn carriers_resolve_in_the_table() {
    let p = Policy::defaults();
    // A class not stated is identifiable for the carrier (safe by default).
    let none = |c| Plan {
        carrier: Some(c),
        envelope_confirmed: true,
        ..Default::default()
    };
    for c in ["普通郵便", "定形外", "ゆうメール"] {
        let e = p.check(&none(c)).unwrap_err();
        assert!(e.rule.contains("§2.2⑥ 追跡サービス付きの手段"), "{e:?}");
    }
    assert!(p.check(&none("書留")).is_ok());
    let e = p.check(&none("FedEx")).unwrap_err();
    assert!(e.hint.contains("一般書留, 簡易書留"), "{e:?}");
    // Identifiable data needs its carrier named; 持参 by any of its names.
    let e = p
        .check(&Plan {
            class: InfoClass::Identifiable,
            ..Default::default()
        })
        .unwrap_err();
    assert!(e.rule.contains("needs its carrier named"), "{e:?}");
    let e = p
        .check(&plan(InfoClass::Identifiable, "手持ち"))
        .unwrap_err();
    assert!(e.rule.contains("§2.2⑧⑨"), "{e:?}");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("isou.toml");
    std::fs::write(
        &path,
        "[classes.identifiable]\ntracked_carriers_only = true\nallowed_carriers = [\"書留\", \"ヤマト運輸\"]\n[classes.anonymized]\ntracked_carriers_only = true\n",
    )
    .unwrap();
    let p = Policy::load(&path).unwrap();
    assert_eq!(
        p.identifiable.allowed_carriers,
        ["一般書留", "ヤマト運輸 宅急便"]
    );
    let c = |n| crate::carriers::lookup(n).unwrap();
    assert!(p
        .check_carrier(InfoClass::Identifiable, c("宅急便"))
        .is_ok());
    let e = p
        .check_carrier(InfoClass::Identifiable, c("簡易書留"))
        .unwrap_err();
    assert!(e.rule.contains("§2.2②"), "{e:?}");
    // The policy asks tracking of anonymized data too.
    let e = p
        .check_carrier(InfoClass::Anonymized, c("普通郵便"))
        .unwrap_err();
    assert!(e.rule.contains("§2.2⑥"), "{e:?}");
    for (text, says) in [
        (
            "[classes.anonymized]\nallowed_carriers = [\"FedEx\"]\n",
            "FedEx",
        ),
        (
            "[classes.identifiable]\ntracked_carriers_only = false\n",
            "is not allowed (§2.2⑥",
        ),
    ] {
        std::fs::write(&path, text).unwrap();
        let e = Policy::load(&path).unwrap_err();
        assert!(e.why.contains(says), "{e}");
    }
}

#[test]
fn handlers_and_destinations_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let id = crate::keys::NewIdentity::generate();
    let path = dir.path().join("isou.toml");
    std::fs::write(
        &path,
        format!(
            "organization = \"大阪府\"\nhandlers = [\"suzuki\", {{ name = \"山田\", account = \"yamada\" }}]\n[[contacts]]\nname = \"NCC\"\ncard = \"{}\"\n",
            id.contact_card("")
        ),
    )
    .unwrap();
    let p = Policy::load(&path).unwrap();
    // The account decides; --handler may only repeat its mapped name.
    // Anonymized: only the handler and destination rules are under test here.
    let mut pl = Plan {
        account: Some("sato"),
        class: InfoClass::Anonymized,
        ..Default::default()
    };
    let e = p.check(&pl).unwrap_err().rule;
    assert!(e.contains("§2.2①") && e.contains("sato"), "{e}");
    pl.account = Some("yamada");
    pl.handler = Some("suzuki");
    let e = p.check(&pl).unwrap_err().rule;
    assert!(e.contains("logged in as yamada (name 山田)"), "{e}");
    pl.handler = Some("山田");
    pl.destination = Some("どこか");
    assert!(p.check(&pl).unwrap_err().rule.contains("§2.2②"));
    pl.destination = Some("ＮＣＣ ");
    assert!(p.check(&pl).is_ok());
    pl.account = Some("suzuki");
    pl.handler = None;
    assert!(p.check(&pl).is_ok());
    assert_eq!(p.handler_for_account("suzuki").unwrap().name, "suzuki");
    assert_eq!(p.contact("NCC").unwrap().1.recipient, id.age.to_public());
    std::fs::write(&path, "handlers = 3\n").unwrap();
    assert!(Policy::load(&path).is_err());
    std::fs::write(&path, "[[contacts]]\nname = \"x\"\ncard = \"nonsense\"\n").unwrap();
    let e = Policy::load(&path).unwrap_err();
    assert!(e.why.contains("contact \"x\"") && e.secret.is_none(), "{e}");
    assert!(e.hint().contains("isou policy check"));
}

#[test]
fn the_destination_is_bound_to_the_recipients() {
    let dir = tempfile::tempdir().unwrap();
    let (ncc, osaka, third) = (
        crate::keys::NewIdentity::generate().contact_card(""),
        crate::keys::NewIdentity::generate().contact_card(""),
        crate::keys::NewIdentity::generate().contact_card(""),
    );
    let path = dir.path().join("isou.toml");
    std::fs::write(
        &path,
        format!("[[contacts]]\nname = \"NCC\"\ncard = \"{ncc}\"\n[[contacts]]\nname = \"大阪府\"\ncard = \"{osaka}\"\n"),
    )
    .unwrap();
    let p = Policy::load(&path).unwrap();
    let named = |n: &str, c: &ContactCard| Addressee {
        typed: n.into(),
        contact: Some(n.into()),
        recipients: vec![c.recipient.clone()],
        signing_keys: vec![c.signing_key.clone()],
    };
    let typed = |c: &ContactCard| Addressee {
        typed: c.to_string(),
        contact: None,
        recipients: vec![c.recipient.clone()],
        signing_keys: vec![c.signing_key.clone()],
    };
    let id = Some(InfoClass::Identifiable);
    let bind = |to: &[Addressee], d: Option<&str>| p.bind_destination(id, to, d);
    assert_eq!(bind(&[named("NCC", &ncc)], None), Ok(Some("NCC".into())));
    assert_eq!(bind(&[typed(&ncc)], Some("ＮＣＣ")), Ok(Some("NCC".into())));
    for (to, d) in [
        (vec![named("NCC", &ncc)], Some("大阪府")),
        (vec![typed(&third)], Some("NCC")),
        (vec![named("NCC", &ncc), named("大阪府", &osaka)], None),
        (vec![named("NCC", &ncc), typed(&third)], None),
        (vec![typed(&third)], None),
        (vec![typed(&ncc), typed(&osaka)], None),
        (vec![typed(&ncc)], Some("どこか")),
    ] {
        assert!(bind(&to, d).unwrap_err().rule.contains("§2.2②"), "{d:?}");
    }
    // A bare key (no signing key) is judged by its recipient.
    let mut bare = typed(&ncc);
    bare.signing_keys.clear();
    assert!(bind(&[bare], Some("NCC")).is_ok());
    // Anonymized data may go without a destination; with no contacts, any text.
    let none = Policy::defaults();
    // A contact's whole card given as a card (a line or a file) is that contact
    // (issue 15 item 5); a bare key of it is not (it carries no signing key).
    assert_eq!(bind(&[typed(&ncc)], None), Ok(Some("NCC".into())));
    let mut bare = typed(&ncc);
    bare.signing_keys.clear();
    assert!(bind(&[bare], None).is_err());
    assert_eq!(
        p.bind_destination(Some(InfoClass::Anonymized), &[typed(&third)], None),
        Ok(None)
    );
    assert!(none.bind_destination(None, &[], None).is_err());
    assert_eq!(
        none.bind_destination(None, &[typed(&third)], Some(" 大阪 ")),
        Ok(Some("大阪".into()))
    );
}

#[test]
fn names_as_typed_and_the_known_list() {
    for typed in ["山田　花子", "山田花子", " 山田  花子 ", "山田\t花子"] {
        assert_eq!(name_key(typed), name_key("山田 花子"), "{typed:?}");
    }
    assert_eq!(normalize_name(" 山田　\u{3000}花子 "), "山田 花子");
    // Line breaks and controls are kept, for the record-value check to refuse.
    assert_eq!(normalize_name("佐藤\n立会人"), "佐藤\n立会人");
    assert_eq!(
        normalize_name("佐藤\t立会人\u{2028}"),
        "佐藤\t立会人\u{2028}"
    );
    assert_eq!(name_key("ＮＣＣ Tokyo"), "ncctokyo");
    assert_ne!(name_key("山田花子"), name_key("山田太郎"));
    let names = ["国立がん研究センター", "大阪府がん登録室"];
    assert_eq!(
        known_names("大阪府", names.iter().copied()),
        "大阪府がん登録室, 国立がん研究センター"
    );
    let many: Vec<String> = (0..12).map(|i| format!("{}{i}", "あ".repeat(50))).collect();
    let shown = known_names("x", many.iter().map(String::as_str));
    assert!(shown.ends_with("and 4 more"), "{shown}");
    assert_eq!(shown.matches('…').count(), 8, "{shown}");
    assert_eq!(
        known_names("x", ["a\u{1b}[2Jb"].into_iter()),
        "a\u{fffd}[2Jb"
    );
}

#[test]
fn names_that_read_as_keys_or_files_are_refused() {
    let id = crate::keys::NewIdentity::generate();
    let card = id.contact_card("").to_string();
    let age = id.age.to_public().to_string();
    for bad in [
        age.as_str(),
        card.as_str(),
        "ssh-ed25519 AAAA",
        "bob.card",
        "Bob.PUB",
        "keys/bob",
        "a\\b",
        ".bob",
        "~bob",
        "ｂｏｂ．ｃａｒｄ",
        "",
        "x\u{1b}[31m",
    ] {
        assert!(name_rule(&normalize_name(bad)).is_some(), "{bad:?}");
    }
    for good in [
        "国立がん研究センター",
        "NCC",
        "Bob Smith",
        "大阪府 がん登録室",
    ] {
        assert_eq!(name_rule(&normalize_name(good)), None, "{good:?}");
    }
    assert!(is_explicit_key(&age) && is_explicit_key(&card));
    assert!(is_explicit_key("/"));
    assert!(!is_explicit_key("NCC-no-such-file"));
    assert_eq!(normalize_name("\u{3000}ＮＣＣ "), "NCC");
    assert_eq!(
        normalize_name("が\u{3093}登録室"),
        normalize_name("か\u{3099}\u{3093}登録室")
    );
}

#[test]
fn a_secret_key_anywhere_in_the_file_is_named_never_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("isou.toml");
    let id = crate::keys::NewIdentity::generate();
    let key = age::secrecy::ExposeSecret::expose_secret(&id.age.to_string()).to_string();
    let card = id.contact_card("").to_string();
    let body = &key[16..];
    for (text, line) in [
        // In place of the card.
        (
            format!("[[contacts]]\nname = \"NCC\"\ncard = \"{key}\"\n"),
            3,
        ),
        // In place of the card's recipient.
        (
            format!(
                "[[contacts]]\nname = \"NCC\"\ncard = \"{}\"\n",
                card.replace(&id.age.to_public().to_string(), &key)
            ),
            3,
        ),
        // In a field the TOML parser refuses, quoting the line.
        (
            format!("[[contacts]]\nname = \"NCC\"\ncard = \"{card}\"\nrecipient = \"{key}\"\n"),
            4,
        ),
        // Where a list is expected: serde's message quotes the value.
        (format!("handlers = \"{}\"\n", key.to_lowercase()), 1),
        // Where it would be accepted and printed (and written to bag-info.txt).
        (format!("organization = \"{key}\"\n"), 1),
        // In a comment of the shared file.
        (format!("# {key}\n"), 1),
    ] {
        std::fs::write(&path, &text).unwrap();
        let e = Policy::load(&path).unwrap_err();
        assert_eq!(e.secret, Some(SecretKind::AgeIdentity), "{e}");
        // Said without the sanitiser's help: the message holds no key.
        let shown = format!("{e} {}", e.hint());
        assert!(
            !shown.to_uppercase().contains(&body.to_uppercase()),
            "{shown}"
        );
        assert!(!crate::untrusted::looks_secret(&shown), "{shown}");
        assert!(
            e.why
                .starts_with(&format!("line {line} holds a secret identity")),
            "{e}"
        );
    }
}
