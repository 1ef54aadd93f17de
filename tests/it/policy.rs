//! The transport policy (isou.toml): seal refuses what it forbids, naming the clause;
//! contact names resolve; the sample file is valid once a real card is pasted in.

use std::fs;
use std::path::Path;

use crate::util::*;

#[test]
fn policy_rules_names_and_sample() {
    let dir = tempfile::tempdir().unwrap();
    let (sender, sender_card) = keygen(dir.path(), "s.txt");
    let (recipient, recipient_card) = keygen(dir.path(), "r.txt");
    let sample =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/isou.sample.toml"))
            .unwrap();
    let line = sample.lines().find(|l| l.starts_with("card = ")).unwrap();
    // The designated handler 山田 太郎 is this test's own OS account (§2.2①).
    let policy_text = sample
        .replace(line, &format!("card = \"{recipient_card}\""))
        .replace(
            "account = \"yamada\"",
            &format!("account = \"{}\"", os_account()),
        )
        .replace(
            "[[contacts]]",
            &format!("[[contacts]]\nname = \"送り主\"\ncard = \"{sender_card}\"\n\n[[contacts]]"),
        );
    let policy = dir.path().join("isou.toml");
    fs::write(&policy, policy_text).unwrap();
    let o = run(isou()
        .arg("--policy")
        .arg(&policy)
        .args(["policy", "check"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("(valid)")
            && out.contains("国立がん研究センター")
            && out.contains("山田 太郎"),
        "{out}"
    );

    let ex = dir.path().join("x.csv");
    fs::write(&ex, "1,2\n").unwrap();
    let seal = |name: &str, extra: &[&str]| {
        let m = dir.path().join(name);
        fs::create_dir_all(&m).unwrap();
        let o = run(isou()
            .arg("--policy")
            .arg(&policy)
            .args(["seal", "--to", "国立がん研究センター", "-i"])
            .arg(&sender)
            .arg("--medium")
            .arg(&m)
            .args(extra)
            .arg(&ex));
        (o, m)
    };
    let base = [
        "--handler",
        "山田 太郎",
        "--destination",
        "国立がん研究センター",
        "--class",
        "identifiable",
    ];
    let cases: &[(&[&str], &str)] = &[
        (&["--handler", "鈴木", "--class", "anonymized"], "§2.2①"),
        (
            &[
                "--handler",
                "山田 太郎",
                "--destination",
                "どこか",
                "--class",
                "anonymized",
            ],
            "§2.2②",
        ),
        (&[&base[..], &["--carrier", "普通郵便"]].concat(), "§2.2⑥"),
        (&[&base[..], &["--carrier", "簡易書留"]].concat(), "§2.2⑤"),
        (&[&base[..], &["--carrier", "持参"]].concat(), "§2.2⑧⑨"),
    ];
    for (i, (extra, clause)) in cases.iter().enumerate() {
        let (o, m) = seal(&format!("refused{i}"), extra);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(clause), "{extra:?}: {}", stderr(&o));
        assert!(
            entries(&m).is_empty(),
            "nothing may be written when the policy refuses"
        );
    }
    // Allowed: tracked carrier and the envelope confirmed; the contact name resolved.
    let (o, m) = seal(
        "ok",
        &[
            &base[..],
            &[
                "--carrier",
                "簡易書留",
                "--envelope-confirmed",
                "--use-until",
                "2099-12-31",
            ],
        ]
        .concat(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let info = fs::read_to_string(m.join("bag-info.txt")).unwrap();
    assert!(
        info.contains("Source-Organization: 大阪府がん登録室"),
        "{info}"
    );
    // The recipient opens it, checking the sender by name from the policy.
    let out = dir.path().join("got");
    let o = run(isou()
        .arg("--policy")
        .arg(&policy)
        .arg("open")
        .arg(&m)
        .arg("-i")
        .arg(&recipient)
        .args(["--signer", "送り主", "--out"])
        .arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(fs::read(out.join("x.csv")).unwrap(), b"1,2\n");

    // A broken policy file is named with a hint.
    fs::write(&policy, "handlers = \"not a list\"\n").unwrap();
    let o = run(isou()
        .arg("--policy")
        .arg(&policy)
        .args(["policy", "check"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("isou.toml") || stderr(&o).contains("policy file"),
        "{}",
        stderr(&o)
    );
}

/// Red team, issue 14: a `[classes.identifiable]` table that only narrowed the carriers
/// turned the envelope (§2.2⑤) and attendance (§2.2⑧⑨) rules off, because fields left
/// out read as false; `= false` for them was accepted; an untracked service could be
/// listed as allowed. A table may narrow the manual's rules, never relax them.
#[test]
fn a_class_table_narrows_the_rules_never_relaxes_them() {
    let dir = tempfile::tempdir().unwrap();
    let (sender, _) = keygen(dir.path(), "s.txt");
    let (_, rcard) = keygen(dir.path(), "r.txt");
    let extract = dir.path().join("x.csv");
    fs::write(&extract, "1\n").unwrap();
    let narrow = dir.path().join("narrow.toml");
    fs::write(
        &narrow,
        "[classes.identifiable]\nallowed_carriers = [\"簡易書留\", \"持参\"]\n",
    )
    .unwrap();
    let o = run(isou()
        .arg("--policy")
        .arg(&narrow)
        .args(["policy", "check"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let identifiable = out.lines().find(|l| l.starts_with("identifiable")).unwrap();
    assert!(!identifiable.contains("false"), "{out}");
    for (extra, clause) in [
        (&["--carrier", "持参"][..], "§2.2⑧⑨"),
        (&["--carrier", "簡易書留"], "§2.2⑤"),
    ] {
        let m = dir
            .path()
            .join(format!("m{}", clause.len() + extra[1].len()));
        fs::create_dir(&m).unwrap();
        let o = run(isou()
            .arg("--policy")
            .arg(&narrow)
            .arg("--ledger")
            .arg(dir.path().join("l.sqlite"))
            .args([
                "seal",
                "--to",
                &rcard,
                "--destination",
                "国立がん研究センター",
                "-i",
            ])
            .arg(&sender)
            .arg("--medium")
            .arg(&m)
            .args(extra)
            .arg(&extract));
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(clause), "{}", stderr(&o));
        assert!(entries(&m).is_empty());
    }
    for (i, table) in [
        "require_envelope_confirmation = false",
        "hand_carry_requires_attendance = false",
        "tracked_carriers_only = false",
        "allowed_carriers = [\"普通郵便\"]",
    ]
    .into_iter()
    .enumerate()
    {
        let p = dir.path().join(format!("relax{i}.toml"));
        fs::write(&p, format!("[classes.identifiable]\n{table}\n")).unwrap();
        let o = run(isou().arg("--policy").arg(&p).args(["policy", "check"]));
        assert_eq!(o.status.code(), Some(2), "{table}");
        assert!(stderr(&o).contains("§2.2"), "{table}: {}", stderr(&o));
    }
    // For anonymized data the organisation may ask for more.
    let p = dir.path().join("anon.toml");
    fs::write(
        &p,
        "[classes.anonymized]\nrequire_envelope_confirmation = true\n",
    )
    .unwrap();
    assert!(
        run(isou().arg("--policy").arg(&p).args(["policy", "check"]))
            .status
            .success()
    );
}
