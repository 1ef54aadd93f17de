//! The transport policy (isou.toml): seal refuses what it forbids, naming the clause;
//! contact names resolve; the sample file is valid once a real card is pasted in.

use std::fs;
use std::path::Path;

use crate::util::*;

/// The sample policy made real: this test's cards pasted in, the designated handler
/// 山田 太郎 this test's own OS account (§2.2①), and the sender as the contact 送り主.
struct Sample {
    dir: tempfile::TempDir,
    sender: std::path::PathBuf,
    recipient: std::path::PathBuf,
    policy: std::path::PathBuf,
    extract: std::path::PathBuf,
}

fn sample() -> Sample {
    let dir = tempfile::tempdir().unwrap();
    let (sender, sender_card) = keygen(dir.path(), "s.txt");
    let (recipient, recipient_card) = keygen(dir.path(), "r.txt");
    let sample =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/isou.sample.toml"))
            .unwrap();
    let line = sample.lines().find(|l| l.starts_with("card = ")).unwrap();
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
    let extract = dir.path().join("x.csv");
    fs::write(&extract, "1,2\n").unwrap();
    Sample {
        dir,
        sender,
        recipient,
        policy,
        extract,
    }
}

impl Sample {
    /// `isou seal` to 国立がん研究センター onto a new folder `name`, with `extra`.
    fn seal(&self, name: &str, extra: &[&str]) -> (std::process::Output, std::path::PathBuf) {
        let m = self.dir.path().join(name);
        fs::create_dir_all(&m).unwrap();
        let o = run(isou()
            .arg("--policy")
            .arg(&self.policy)
            .args(["seal", "--to", "国立がん研究センター", "-i"])
            .arg(&self.sender)
            .arg("--medium")
            .arg(&m)
            .args(extra)
            .arg(&self.extract));
        (o, m)
    }
}

/// The designated handler, destination and class every allowed seal names.
const BASE: [&str; 6] = [
    "--handler",
    "山田 太郎",
    "--destination",
    "国立がん研究センター",
    "--class",
    "identifiable",
];

#[test]
fn the_sample_policy_is_valid_once_a_card_is_pasted_in() {
    let s = sample();
    let o = run(isou()
        .arg("--policy")
        .arg(&s.policy)
        .args(["policy", "check"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("(valid)")
            && out.contains("国立がん研究センター")
            && out.contains("山田 太郎"),
        "{out}"
    );
}

/// One row per clause of §2.2 the policy enforces: each refused with its clause named,
/// exit 2, nothing written. Every row is tried, and all failures reported together.
#[test]
fn seal_refuses_what_the_policy_forbids_naming_the_clause() {
    let s = sample();
    let with = |extra: &[&'static str]| [&BASE[..], extra].concat();
    let cases: Vec<(&str, Vec<&str>, &str)> = vec![
        (
            "a handler not designated",
            vec!["--handler", "鈴木", "--class", "anonymized"],
            "§2.2①",
        ),
        (
            "a destination not approved",
            vec![
                "--handler",
                "山田 太郎",
                "--destination",
                "どこか",
                "--class",
                "anonymized",
            ],
            "§2.2②",
        ),
        (
            "an untracked carrier",
            with(&["--carrier", "普通郵便"]),
            "§2.2⑥",
        ),
        (
            "the envelope not confirmed",
            with(&["--carrier", "簡易書留"]),
            "§2.2⑤",
        ),
        (
            "hand-carried without an attendant",
            with(&["--carrier", "持参"]),
            "§2.2⑧⑨",
        ),
    ];
    let mut failures = Vec::new();
    for (i, (what, extra, clause)) in cases.iter().enumerate() {
        let (o, m) = s.seal(&format!("refused{i}"), extra);
        let mut wrong = Vec::new();
        if o.status.code() != Some(2) {
            wrong.push(format!("exit {:?}, expected 2", o.status.code()));
        }
        if !stderr(&o).contains(clause) {
            wrong.push(format!("{clause} not named"));
        }
        if !entries(&m).is_empty() {
            wrong.push(format!("written: {:?}", entries(&m)));
        }
        if !wrong.is_empty() {
            failures.push(format!("{what}: {}\n{}", wrong.join("; "), stderr(&o)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Allowed: a tracked carrier and the envelope confirmed; the organisation is the
/// policy's, and the recipient opens it naming the sender by its contact name.
#[test]
fn an_allowed_seal_resolves_contact_names_and_opens_by_name() {
    let s = sample();
    let (o, m) = s.seal(
        "ok",
        &[
            &BASE[..],
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
    let out = s.dir.path().join("got");
    let o = run(isou()
        .arg("--policy")
        .arg(&s.policy)
        .arg("open")
        .arg(&m)
        .arg("-i")
        .arg(&s.recipient)
        .args(["--signer", "送り主", "--out"])
        .arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(fs::read(out.join("x.csv")).unwrap(), b"1,2\n");
}

#[test]
fn a_broken_policy_file_is_named_with_a_hint() {
    let s = sample();
    fs::write(&s.policy, "handlers = \"not a list\"\n").unwrap();
    let o = run(isou()
        .arg("--policy")
        .arg(&s.policy)
        .args(["policy", "check"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("isou.toml") || stderr(&o).contains("policy file"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("isou: hint: "), "{}", stderr(&o));
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
