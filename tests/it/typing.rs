//! Input as people type it (issue 15): normalised names, numbers and ids; the wrong file named.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::*;

/// `s` as a TOML basic string.
fn toml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// A policy file `file` in `dir`: `head` (TOML before the contacts), then the contacts
/// (name, card).
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

/// A sender's identity, a recipient's card (also as the file `sato.card`, mode 0644 as
/// a card received by mail is), an extract and a ledger, in a fresh folder.
struct Desk {
    dir: tempfile::TempDir,
    sender: PathBuf,
    card: String,
    card_file: PathBuf,
    extract: PathBuf,
    ledger: PathBuf,
}

fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let (sender, _) = keygen(dir.path(), "s.txt");
    let (_, card) = keygen(dir.path(), "r.txt");
    let card_file = dir.path().join("sato.card");
    fs::write(&card_file, format!("{card}\n")).unwrap();
    fs::set_permissions(&card_file, fs::Permissions::from_mode(0o644)).unwrap();
    let extract = dir.path().join("x.csv");
    fs::write(&extract, "番号,氏名\n1,山田\n").unwrap();
    let ledger = dir.path().join("l.sqlite");
    Desk {
        dir,
        sender,
        card,
        card_file,
        extract,
        ledger,
    }
}

impl Desk {
    /// `isou [--policy P] seal -i S --medium NEW EXTRA… EXTRACT`, run in the desk's
    /// folder; EXTRA holds `--to`.
    fn seal(&self, medium: &str, pol: Option<&Path>, extra: &[&str]) -> Output {
        self.seal_as(&self.sender, medium, pol, extra)
    }

    /// [`Desk::seal`] with `identity` as `-i`.
    fn seal_as(&self, identity: &Path, medium: &str, pol: Option<&Path>, extra: &[&str]) -> Output {
        let m = self.dir.path().join(medium);
        fs::create_dir_all(&m).unwrap();
        let mut c = isou();
        if let Some(p) = pol {
            c.arg("--policy").arg(p);
        }
        run(c
            .current_dir(self.dir.path())
            .arg("--ledger")
            .arg(&self.ledger)
            .arg("seal")
            .arg("-i")
            .arg(identity)
            .arg("--medium")
            .arg(&m)
            .args(extra)
            .arg(&self.extract))
    }

    /// `isou [--policy P] ARGS…` with the desk's ledger, in its folder.
    fn isou(&self, pol: Option<&Path>, args: &[&str]) -> Output {
        let mut c = isou();
        if let Some(p) = pol {
            c.arg("--policy").arg(p);
        }
        run(c
            .current_dir(self.dir.path())
            .arg("--ledger")
            .arg(&self.ledger)
            .args(args))
    }

    /// The events of the desk's ledger.
    fn events(&self) -> Vec<serde_json::Value> {
        ledger_events(&self.ledger)
    }

    /// The body of the last event of `kind`.
    fn last(&self, kind: &str) -> serde_json::Value {
        self.events()
            .into_iter()
            .rev()
            .find(|e| e["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} event"))["body"]
            .clone()
    }
}

/// A sealed anonymized shipment of `d` (to the card), its id.
fn sealed(d: &Desk) -> String {
    let o = d.seal(
        "usb",
        None,
        &["--class", "anonymized", "--json", "--to", &d.card],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["shipment_id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// What isou must not say about a public file given as an identity.
fn no_leak_scare(e: &str) {
    assert!(
        !e.contains("readable by other users") && !e.contains("copied"),
        "a public file is no leaked secret:\n{e}"
    );
}

// ---- item 5: given the wrong thing, say what it is -----------------------------------

/// A partner's contact card (mode 0644, as it arrives) given as `-i` to open, seal
/// and card is named as a public contact card, not a leaked identity ("readable by other
/// users … check who may have copied it"); the same at 0600, where it was "line 1 is
/// neither a comment nor an age identity line". An SSH public key and an age1
/// recipient likewise. A real identity readable by others is still refused as such.
#[test]
fn a_contact_card_given_as_identity_is_named() {
    let d = desk();
    let card = d.card_file.to_str().unwrap();
    // seal -i CARD
    let o = d.seal_as(
        &d.card_file,
        "usb1",
        None,
        &["--class", "anonymized", "--to", &d.card],
    );
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{e}");
    assert!(
        e.contains("sato.card is a public contact card") && e.contains("not your identity file"),
        "{e}"
    );
    no_leak_scare(&e);
    assert!(e.contains("hint:") && e.contains("--to"), "{e}");
    // open -i CARD of a real medium, at 0644 and at 0600 (where it was "line 1 is
    // neither a comment nor an age identity line"); card -i CARD.
    sealed(&d);
    for mode in [0o644, 0o600] {
        fs::set_permissions(&d.card_file, fs::Permissions::from_mode(mode)).unwrap();
        let o = d.isou(
            None,
            &["open", "--any-sender", "-i", card, "--out", "out", "usb"],
        );
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "{e}");
        assert!(
            e.contains("sato.card is a public contact card") && !e.contains("neither a comment"),
            "{e}"
        );
        no_leak_scare(&e);
        assert!(!d.dir.path().join("out").exists());
        let o = d.isou(None, &["card", "-i", card]);
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "{e}");
        assert!(e.contains("is a public contact card"), "{e}");
        no_leak_scare(&e);
    }

    // An SSH public key and a bare age1 recipient, mode 0644.
    let (_, ssh_pub) = other_key();
    let pub_file = d.dir.path().join("id_ed25519.pub");
    fs::write(&pub_file, format!("{ssh_pub}\n")).unwrap();
    fs::set_permissions(&pub_file, fs::Permissions::from_mode(0o644)).unwrap();
    let o = d.isou(None, &["card", "-i", pub_file.to_str().unwrap()]);
    let e = stderr(&o);
    assert!(
        e.contains("is an SSH public key, not your identity file"),
        "{e}"
    );
    no_leak_scare(&e);
    let rec = d.dir.path().join("recipient.txt");
    let age1 = d.card.split_whitespace().nth(1).unwrap();
    fs::write(&rec, format!("# Sato\n{age1}\n")).unwrap();
    fs::set_permissions(&rec, fs::Permissions::from_mode(0o644)).unwrap();
    let o = d.isou(None, &["card", "-i", rec.to_str().unwrap()]);
    let e = stderr(&o);
    assert!(e.contains("is a public age recipient"), "{e}");
    no_leak_scare(&e);

    // The permission rule itself stands for a real identity.
    fs::set_permissions(&d.sender, fs::Permissions::from_mode(0o644)).unwrap();
    let o = d.isou(None, &["card", "-i", d.sender.to_str().unwrap()]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{e}");
    assert!(e.contains("readable by other users"), "{e}");
}

/// `seal --to sato.card` (a file, as `--signer` takes one) seals to the card's key,
/// with or without a policy; under a policy whose contact holds that card, the card
/// file stands for the contact: it sets the destination, so identifiable data sealed
/// to it is no longer refused for want of one.
#[test]
fn to_takes_a_card_file() {
    let d = desk();
    let o = d.seal(
        "usb1",
        None,
        &["--class", "anonymized", "--to", "sato.card"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let age1 = d.card.split_whitespace().nth(1).unwrap();
    assert_eq!(d.last("sealed")["recipients"][0], age1);
    let pol = policy(d.dir.path(), "p.toml", "", &[("大阪府がん登録室", &d.card)]);
    let o = d.seal(
        "usb2",
        Some(&pol),
        &[
            "--to",
            "sato.card",
            "--carrier",
            "簡易書留",
            "--envelope-confirmed",
            "--use-until",
            "2099-12-31",
            "--tracking-number",
            "131-12-38385-2",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let s = d.last("sealed");
    assert_eq!(s["destination"], "大阪府がん登録室");
    assert_eq!(s["class"], "identifiable");
    // Another party's card file is not the contact: refused as before.
    let (_, third) = keygen(d.dir.path(), "t.txt");
    fs::write(d.dir.path().join("third.card"), format!("{third}\n")).unwrap();
    let o = d.seal(
        "usb3",
        Some(&pol),
        &[
            "--to",
            "third.card",
            "--carrier",
            "簡易書留",
            "--envelope-confirmed",
            "--use-until",
            "2099-12-31",
            "--destination",
            "大阪府がん登録室",
        ],
    );
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.contains("is not the card of the destination"), "{e}");
}

/// An unknown contact name under a policy says "no contact named 大阪府" with the
/// contacts the policy knows (the closest first), for `--to`, `verify --signer` and
/// `open --signer` — not the key parsers' "character encoding invalid" or "copy it
/// again from the partner".
#[test]
fn an_unknown_contact_name_lists_the_known_ones() {
    let d = desk();
    let (_, other) = keygen(d.dir.path(), "o.txt");
    let pol = policy(
        d.dir.path(),
        "p.toml",
        "",
        &[
            ("国立がん研究センター", &other),
            ("大阪府がん登録室", &d.card),
        ],
    );
    let usb = d.dir.path().join("usb-v");
    fs::create_dir(&usb).unwrap();
    let usb = usb.to_str().unwrap();
    for (flag, o) in [
        (
            "--to",
            d.seal(
                "usb1",
                Some(&pol),
                &["--class", "anonymized", "--to", "大阪府"],
            ),
        ),
        (
            "--signer",
            d.isou(Some(&pol), &["verify", "--signer", "大阪府", usb]),
        ),
        (
            "--signer",
            d.isou(
                Some(&pol),
                &[
                    "open",
                    "--signer",
                    "大阪府",
                    "-i",
                    "r.txt",
                    "--out",
                    "o",
                    usb,
                ],
            ),
        ),
    ] {
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{e}");
        assert!(
            e.contains(&format!("{flag}: no contact named 大阪府 in "))
                && e.contains("known: 大阪府がん登録室, 国立がん研究センター"),
            "{e}"
        );
        assert!(
            !e.contains("character encoding") && !e.contains("copy it again"),
            "{e}"
        );
        assert!(e.contains("isou policy check"), "{e}");
    }
    // --destination names the known contacts too.
    let o = d.seal(
        "usb2",
        Some(&pol),
        &[
            "--class",
            "anonymized",
            "--to",
            "大阪府がん登録室",
            "--destination",
            "大阪",
        ],
    );
    let e = stderr(&o);
    assert!(
        e.contains("大阪 is not a destination") && e.contains("known: 大阪府がん登録室"),
        "{e}"
    );
}

/// The list of known contacts is bounded: a policy of 30 contacts with long names
/// gives at most eight, each cut, and a count of the rest.
#[test]
fn the_known_contacts_are_a_bounded_list() {
    let d = desk();
    let names: Vec<String> = (0..30)
        .map(|i| format!("{}{i:02}", "がん登録室".repeat(12)))
        .collect();
    let contacts: Vec<(&str, &str)> = names
        .iter()
        .map(|n| (n.as_str(), d.card.as_str()))
        .collect();
    let pol = policy(d.dir.path(), "p.toml", "", &contacts);
    let o = d.seal(
        "usb1",
        Some(&pol),
        &["--class", "anonymized", "--to", "大阪府"],
    );
    let e = stderr(&o);
    assert!(e.contains("no contact named 大阪府"), "{e}");
    assert!(e.contains("and 22 more"), "{e}");
    let line = e.lines().find(|l| l.contains("no contact named")).unwrap();
    assert!(line.chars().count() < 600, "{line}");
}

/// A contact name with no policy in use says that contact names need one (and names
/// the card file beside the typed name); a file name that is not there says so.
#[test]
fn a_contact_name_without_a_policy_says_so() {
    let d = desk();
    let o = d.seal("usb1", None, &["--class", "anonymized", "--to", "大阪府"]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(
        e.contains("--to: no contact named 大阪府: no policy file is in use"),
        "{e}"
    );
    assert!(e.contains("ISOU_POLICY"), "{e}");
    assert!(!e.contains("copy it again"), "{e}");
    let usb = d.dir.path().join("usb1");
    let o = d.isou(None, &["verify", "--signer", "sato", usb.to_str().unwrap()]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(
        e.contains("--signer: no contact named sato") && !e.contains("length invalid"),
        "{e}"
    );
    assert!(e.contains("the file sato.card is in this folder"), "{e}");
    let o = d.seal(
        "usb2",
        None,
        &["--class", "anonymized", "--to", "tanaka.card"],
    );
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.contains("--to: there is no file tanaka.card"), "{e}");
}

// ---- item 9: normalise what people type before matching ------------------------------

/// A carrier typed with a full-width space after it is the service, recorded under its
/// canonical name, at seal and record ship; an unknown one is echoed without the
/// `\u{3000}` escape.
#[test]
fn a_carrier_typed_with_a_full_width_space() {
    let d = desk();
    let o = d.seal(
        "usb1",
        None,
        &[
            "--to",
            &d.card,
            "--carrier",
            "簡易書留\u{3000}",
            "--envelope-confirmed",
            "--use-until",
            "2099-12-31",
            "--destination",
            "大阪府がん登録室",
            "--tracking-number",
            "１３１－１２－３８３８５－２",
            "--json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let id = serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["shipment_id"]
        .as_str()
        .unwrap()
        .to_string();
    let sealed = d.last("sealed");
    assert_eq!(sealed["carrier"], "簡易書留");
    assert_eq!(sealed["summary"]["tracking_number"], "13112383852");
    let o = d.isou(
        None,
        &[
            "record",
            "ship",
            &id,
            "--carrier",
            "\u{3000}簡易書留\u{3000}",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(d.last("shipped")["carrier"], "簡易書留");
    let o = d.isou(
        None,
        &["record", "ship", &id, "--carrier", "ゆうびん\u{3000}"],
    );
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(
        e.contains("\"ゆうびん\" is not a carrier") && !e.contains("\\u{3000}"),
        "{e}"
    );
}

/// Handler names: `山田　花子` (full-width space), `山田花子` (none) and ` 山田  花子 `
/// are the designated handler 山田 花子, recorded in the policy's spelling; without a
/// policy a typed handler is stored NFKC with one ASCII space.
#[test]
fn handler_names_with_or_without_a_space() {
    let d = desk();
    let pol = policy(
        d.dir.path(),
        "p.toml",
        &format!(
            "handlers = [{{ name = \"山田 花子\", account = {} }}]\n",
            toml_str(&os_account())
        ),
        &[],
    );
    for (i, typed) in ["山田\u{3000}花子", "山田花子", " 山田  花子 ", "山田 花子"]
        .iter()
        .enumerate()
    {
        let o = d.seal(
            &format!("usb{i}"),
            Some(&pol),
            &["--class", "anonymized", "--to", &d.card, "--handler", typed],
        );
        assert!(o.status.success(), "{typed:?}: {}", stderr(&o));
        let s = d.last("sealed");
        assert_eq!(s["handler"], "山田 花子", "{typed:?}");
        assert_eq!(s["by"], "山田 花子", "{typed:?}");
    }
    // Someone else's name is still refused.
    let o = d.seal(
        "usb9",
        Some(&pol),
        &[
            "--class",
            "anonymized",
            "--to",
            &d.card,
            "--handler",
            "佐藤花子",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // No policy: stored canonical.
    let o = d.seal(
        "usb10",
        None,
        &[
            "--class",
            "anonymized",
            "--to",
            &d.card,
            "--handler",
            "山田\u{3000}\u{3000}花子\u{3000}",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(d.last("sealed")["handler"], "山田 花子");
    // Two handlers of one policy that differ only by a space are one name: refused.
    let dup = policy(
        d.dir.path(),
        "dup.toml",
        "handlers = [{ name = \"山田 花子\", account = \"a1\" }, { name = \"山田花子\", account = \"a2\" }]\n",
        &[],
    );
    let o = d.isou(Some(&dup), &["policy", "check"]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.contains("the same name after normalisation"), "{e}");
}

/// Contact names typed with a space, full-width letters or in another case name the
/// contact; the destination recorded is the policy's spelling.
#[test]
fn contact_names_typed_with_spaces_or_width() {
    let d = desk();
    let pol = policy(
        d.dir.path(),
        "p.toml",
        "",
        &[("NCC 国立がん研究センター", &d.card)],
    );
    for (i, typed) in [
        "NCC国立がん研究センター",
        "ＮＣＣ\u{3000}国立 がん研究センター",
        "ncc 国立がん研究センター",
    ]
    .iter()
    .enumerate()
    {
        let o = d.seal(
            &format!("usb{i}"),
            Some(&pol),
            &["--class", "anonymized", "--to", typed],
        );
        assert!(o.status.success(), "{typed:?}: {}", stderr(&o));
        assert_eq!(d.last("sealed")["destination"], "NCC 国立がん研究センター");
    }
    // --destination too, alongside a card.
    let o = d.seal(
        "usb9",
        Some(&pol),
        &[
            "--class",
            "anonymized",
            "--to",
            &d.card,
            "--destination",
            "NCC国立がん研究センター",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(d.last("sealed")["destination"], "NCC 国立がん研究センター");
    // record list --destination finds them however typed.
    let o = d.isou(
        None,
        &[
            "record",
            "list",
            "--json",
            "--destination",
            "ncc国立がん研究センター",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(listed.len(), 4, "{}", stdout(&o));
}

/// Tracking numbers typed with full-width digits, full-width or figure dashes,
/// no-break or ideographic spaces, or a tab are the number, stored as digits only.
#[test]
fn tracking_numbers_as_typed() {
    let d = desk();
    let id = sealed(&d);
    for typed in [
        "１３１－１２－３８３８５－２",
        "131\u{2012}12\u{2012}38385\u{2012}2",
        "131\u{a0}12\u{a0}38385\u{a0}2",
        "131\u{3000}12\u{3000}38385\u{3000}2",
        " 131\t12 38385-2 ",
    ] {
        let o = d.isou(
            None,
            &[
                "record",
                "ship",
                &id,
                "--carrier",
                "簡易書留",
                "--tracking-number",
                typed,
            ],
        );
        assert!(o.status.success(), "{typed:?}: {}", stderr(&o));
        assert_eq!(
            d.last("shipped")["tracking_number"],
            "13112383852",
            "{typed:?}"
        );
    }
}

/// A shipment id typed in lower case, with spaces around it, in full-width letters or
/// with a long-vowel mark for the dash names the shipment, for show, list, ship,
/// key-sent, hand-carry and dispose; every event stays under the one canonical id.
#[test]
fn shipment_ids_in_lower_case_or_full_width() {
    let d = desk();
    let id = sealed(&d);
    let lower = id.to_lowercase();
    let wide: String = format!(" {} ", id)
        .chars()
        .map(|c| match c {
            '-' => 'ー',
            c if c.is_ascii_alphanumeric() => char::from_u32(c as u32 + 0xFEE0).unwrap(),
            c => c,
        })
        .collect();
    let o = d.isou(None, &["record", "show", &lower]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("sealed"), "{}", stdout(&o));
    let o = d.isou(None, &["record", "show", &wide]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = d.isou(None, &["record", "list", "--json", "--shipment", &lower]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!serde_json::from_slice::<Vec<serde_json::Value>>(&o.stdout)
        .unwrap()
        .is_empty());
    for args in [
        vec!["record", "ship", &lower, "--carrier", "簡易書留"],
        vec!["record", "key-sent", &wide, "--method", "電話"],
        vec!["record", "hand-carry", &lower, "--attendant", "佐藤"],
        vec![
            "record",
            "dispose",
            &wide,
            "--method",
            "物理破壊",
            "--witness",
            "佐藤",
        ],
    ] {
        let o = d.isou(None, &args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    let events = d.events();
    assert_eq!(events.len(), 5);
    assert!(
        events.iter().all(|e| e["shipment"] == id.as_str()),
        "{events:?}"
    );
}

/// Dates typed with full-width digits, slashes, 年月日 or a one-digit month are dates,
/// stored `YYYY-MM-DD`: record ship --date, seal --retain-until, record list --since.
/// Event ids typed full-width are ids (record correct).
#[test]
fn dates_and_event_ids_as_typed() {
    let d = desk();
    let id = sealed(&d);
    let today = isou::clock::local_date(d.events()[0]["recorded_at"].as_str().unwrap());
    let wide: String = today
        .chars()
        .map(|c| match c {
            '-' => '－',
            c => char::from_u32(c as u32 + 0xFEE0).unwrap(),
        })
        .collect();
    let o = d.isou(
        None,
        &[
            "record",
            "ship",
            &id,
            "--carrier",
            "簡易書留",
            "--date",
            &wide,
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(d.last("shipped")["date"], today.as_str());
    let o = d.seal(
        "usb2",
        None,
        &[
            "--class",
            "anonymized",
            "--to",
            &d.card,
            "--retain-until",
            "2099/1/3",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(d.last("sealed")["retain_until"], "2099-01-03");
    let o = d.seal(
        "usb3",
        None,
        &[
            "--class",
            "anonymized",
            "--to",
            &d.card,
            "--retain-until",
            "２０９９年１２月３日",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(d.last("sealed")["retain_until"], "2099-12-03");
    let o = d.isou(None, &["record", "list", "--json", "--since", &wide]);
    assert!(o.status.success(), "{}", stderr(&o));
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(listed.len(), 4);
    // Not a date is still refused, named.
    let o = d.isou(
        None,
        &[
            "record",
            "ship",
            &id,
            "--carrier",
            "簡易書留",
            "--date",
            "あした",
        ],
    );
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.contains("\"あした\" is not a date"), "{e}");
    // record correct １
    let o = d.isou(None, &["record", "correct", "１", "--note", "宛先の誤り"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(d.last("corrected")["corrects"], 1);
}
