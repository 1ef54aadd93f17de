//! Routine checks and slips (issue 15): what verify records and what it says about wrong paths.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::*;

/// A sender who sealed a shipment to a USB folder, with her own ledger.
struct Sealed {
    p: Parties,
    usb: PathBuf,
    ledger: PathBuf,
    shipment: String,
}

fn sealed() -> Sealed {
    let p = parties(2, 3000);
    let usb = p.dir.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let ledger = p.dir.path().join("sender.sqlite");
    let o = run(isou()
        .arg("--ledger")
        .arg(&ledger)
        .args(["seal", "--class", "anonymized", "--json", "--to", &p.rcard])
        .arg("-i")
        .arg(&p.sender)
        .arg("--medium")
        .arg(&usb)
        .arg(&p.extract));
    assert!(o.status.success(), "{}", stderr(&o));
    let shipment = serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["shipment_id"]
        .as_str()
        .unwrap()
        .to_string();
    Sealed {
        p,
        usb,
        ledger,
        shipment,
    }
}

fn at(ledger: &Path, args: &[&str]) -> Output {
    run(isou().arg("--ledger").arg(ledger).args(args))
}

/// The transport register (`record export`, CSV) as rows of column → cell.
fn register(ledger: &Path) -> Vec<BTreeMap<String, String>> {
    let o = at(ledger, &["record", "export", "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = csv_table(&o.stdout);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|row| {
            headers
                .iter()
                .cloned()
                .zip(row.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// The shipments `record list --open` names.
fn open_shipments(ledger: &Path) -> String {
    let o = at(ledger, &["record", "list", "--open"]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

/// The sender checks her own medium before shipping it (`verify --signer` her own card):
/// a check before shipping, not a receipt. No 受領日, the shipment stays open.
#[test]
fn the_senders_own_check_before_shipping_is_not_a_receipt() {
    let s = sealed();
    assert!(open_shipments(&s.ledger).contains(&s.shipment));
    let before = register(&s.ledger);
    assert_eq!(before.len(), 1, "{before:#?}");
    assert_eq!(before[0]["受領日"], "");
    assert_eq!(before[0]["受領時の検証結果"], "");

    let o = run(isou()
        .arg("--ledger")
        .arg(&s.ledger)
        .args(["verify", "--signer", &s.p.card])
        .arg(&s.usb));
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("result: VALID"), "{}", stdout(&o));
    assert_eq!(count_events(&s.ledger, "received"), 0);
    assert_eq!(count_events(&s.ledger, "verified"), 0);
    assert_eq!(count_events(&s.ledger, "checked-before-shipping"), 1);
    assert!(
        open_shipments(&s.ledger).contains(&s.shipment),
        "the shipment is still to be shipped"
    );
    let after = register(&s.ledger);
    assert_eq!(after.len(), 1, "{after:#?}");
    let row = &after[0];
    assert_eq!(row["移送ID"], s.shipment);
    assert_eq!(row["区分"], "発送");
    assert_eq!(row["受領日"], "", "{row:#?}");
    assert_eq!(row["受領時の検証結果"], "", "{row:#?}");
    assert!(row["備考"].contains("発送前確認"), "{row:#?}");
    assert!(row["備考"].contains("正常"), "{row:#?}");
    assert!(
        stderr(&o).contains("checked before shipping"),
        "said how it was recorded: {}",
        stderr(&o)
    );

    // The recipient's check of the same medium, in her own ledger, is a receipt.
    let theirs = s.p.dir.path().join("recipient.sqlite");
    let o = run(isou()
        .arg("--ledger")
        .arg(&theirs)
        .args(["verify", "--signer", &s.p.card])
        .arg(&s.usb));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(count_events(&theirs, "received"), 1);
    assert_eq!(count_events(&theirs, "checked-before-shipping"), 0);
    let r = register(&theirs);
    assert_eq!(r[0]["受領時の検証結果"], "正常", "{r:#?}");
    assert!(!r[0]["受領日"].is_empty(), "{r:#?}");
}

/// Red team finding 04: the sender's own `verify --signer` of a medium her ledger sealed,
/// once shipped (a check at the counter) or carried, is a sender's check, never a
/// receipt: no 受領日, still open, a remark in 備考 — also when the parcel comes back.
#[test]
fn the_senders_own_check_after_shipping_is_not_a_receipt() {
    let s = sealed();
    let o = at(
        &s.ledger,
        &[
            "record",
            "ship",
            &s.shipment,
            "--carrier",
            "簡易書留",
            "--tracking-number",
            "131-12-38385-2",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for n in 1..=2 {
        let o = run(isou()
            .arg("--ledger")
            .arg(&s.ledger)
            .args(["verify", "--signer", &s.p.card])
            .arg(&s.usb));
        assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
        assert!(stdout(&o).contains("result: VALID"), "{}", stdout(&o));
        assert!(stderr(&o).contains("the sender's check"), "{}", stderr(&o));
        assert_eq!(count_events(&s.ledger, "checked-by-sender"), n);
    }
    assert_eq!(count_events(&s.ledger, "received"), 0);
    assert_eq!(count_events(&s.ledger, "verified"), 0);
    assert!(
        open_shipments(&s.ledger).contains(&s.shipment),
        "the shipment is still open: nobody received it"
    );
    let r = register(&s.ledger);
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0]["区分"], "発送");
    assert_eq!(r[0]["受領日"], "", "{r:#?}");
    assert_eq!(r[0]["受領時の検証結果"], "", "{r:#?}");
    assert!(r[0]["備考"].contains("発送後の送付元確認"), "{r:#?}");
    assert!(r[0]["備考"].contains("正常"), "{r:#?}");
}

/// The `data/` folder, a payload file or `bag-info.txt` given as the medium: said for
/// what it is, with the medium's folder to give, exit 2, and nothing recorded (no
/// shipment or medium whose id comes from a path).
#[test]
fn a_part_of_a_medium_is_named_and_nothing_is_recorded() {
    let s = sealed();
    let medium = fs::canonicalize(&s.usb).unwrap();
    let events = ledger_events(&s.ledger);
    let before = register(&s.ledger);
    for (part, what) in [
        ("data", "the data/ folder inside a medium"),
        ("data/payload.000", "a payload file inside a medium"),
        ("bag-info.txt", "a file inside a medium"),
        ("data/.", "the data/ folder inside a medium"),
    ] {
        let given = s.usb.join(part);
        assert!(given.exists(), "{part}");
        for cmd in ["verify", "open"] {
            let mut c = isou();
            c.arg("--ledger").arg(&s.ledger).arg(cmd);
            c.args(["--signer", &s.p.card]);
            let out = s.p.dir.path().join(format!("out-{cmd}"));
            if cmd == "open" {
                c.arg("-i").arg(&s.p.recipient).arg("--out").arg(&out);
            }
            let o = run(c.arg(&given));
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(2), "{cmd} {part}: {err}");
            assert!(err.contains(what), "{cmd} {part}: {err}");
            assert!(
                err.contains(&medium.display().to_string()),
                "{cmd} {part}: the medium's folder is named: {err}"
            );
            assert!(
                !err.contains("report it to the sender") && !err.contains("bagit.txt: missing"),
                "{cmd} {part}: not a fault of the medium: {err}"
            );
            assert!(!out.exists(), "{cmd} {part}: nothing written");
        }
    }
    assert_eq!(ledger_events(&s.ledger), events, "nothing recorded");
    assert_eq!(register(&s.ledger), before);
    // The medium itself, given as the hint says, verifies.
    let o = run(isou()
        .arg("--ledger")
        .arg(&s.ledger)
        .args(["verify", "--signer", &s.p.card])
        .arg(&medium));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// A path that is no bag at all (an empty folder, a document, a folder of other files)
/// given to verify: INVALID as before, but no "medium" is recorded under an id made
/// from where it was, and the hint says to check the path.
#[test]
fn a_path_that_is_no_bag_records_nothing() {
    let s = sealed();
    let events = ledger_events(&s.ledger);
    let before = register(&s.ledger);
    let empty = s.p.dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let doc = s.p.dir.path().join("report.pdf");
    fs::write(&doc, b"%PDF-1.4 not a disc image").unwrap();
    for given in [&empty, &doc, &s.p.extract] {
        let o = run(isou()
            .arg("--ledger")
            .arg(&s.ledger)
            .args(["verify", "--signer", &s.p.card])
            .arg(given));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{given:?}: {err}");
        assert!(stdout(&o).contains("result: INVALID"), "{given:?}");
        assert_eq!(
            ledger_events(&s.ledger),
            events,
            "{given:?}: nothing recorded"
        );
        assert!(err.contains("nothing recorded"), "{given:?}: {err}");
        assert!(err.contains("check the path"), "{given:?}: {err}");
    }
    assert_eq!(register(&s.ledger), before);
}

/// An extract that makes a set of three 1 MB disc images.
fn disc_set() -> (Parties, Vec<PathBuf>) {
    let p = parties(1, 2_500_000);
    let out = p.dir.path().join("images");
    let o = run(isou()
        .arg("--ledger")
        .arg(p.dir.path().join("sender.sqlite"))
        .args(["seal", "--class", "anonymized", "--to", &p.rcard])
        .arg("-i")
        .arg(&p.sender)
        .arg("--iso")
        .arg(&out)
        .args(["--volume-size", "1M", "--compression", "none"])
        .arg(&p.extract));
    assert!(o.status.success(), "{}", stderr(&o));
    let mut imgs: Vec<PathBuf> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    imgs.sort();
    assert_eq!(imgs.len(), 3, "{imgs:?}");
    (p, imgs)
}

fn verify_at(ledger: &Path, card: &str, media: &[&PathBuf]) -> Output {
    run(isou()
        .arg("--ledger")
        .arg(ledger)
        .args(["verify", "--signer", card])
        .args(media))
}

/// A set verified VALID, then verified again with one disc left out: the second check
/// is a check of its own (incomplete), and the register still says 正常 for the
/// shipment, with no 異常 row of a "medium" beside it.
#[test]
fn an_incomplete_set_does_not_undo_a_complete_verification() {
    let (p, imgs) = disc_set();
    let ledger = p.dir.path().join("recipient.sqlite");
    let all: Vec<&PathBuf> = imgs.iter().collect();
    let o = verify_at(&ledger, &p.card, &all);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let before = register(&ledger);
    assert_eq!(before.len(), 1, "{before:#?}");
    let shipment = before[0]["移送ID"].clone();
    assert_eq!(before[0]["受領時の検証結果"], "正常");

    // Intact but incomplete: exit 4 (issue 18), recorded as a check of its own.
    let o = verify_at(&ledger, &p.card, &[&imgs[0], &imgs[1]]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("volume 3 of 3 is missing"),
        "{}",
        stderr(&o)
    );

    let after = register(&ledger);
    assert_eq!(after.len(), 1, "no row of its own for a slip: {after:#?}");
    let row = &after[0];
    assert_eq!(row["移送ID"], shipment);
    for c in ["受領日", "受領時刻(JST)", "受領担当者", "受領時の検証結果"] {
        assert_eq!(
            row[c], before[0][c],
            "the complete verification stands: {row:#?}"
        );
    }
    assert!(row["備考"].contains("不完全なセットの確認"), "{row:#?}");
    assert!(row["備考"].contains("volume 3 of 3 is missing"), "{row:#?}");
    let events = ledger_events(&ledger);
    assert!(
        events.iter().all(|e| e["shipment"] == shipment.as_str()),
        "every event under the shipment: {events:#?}"
    );
    assert_eq!(count_events(&ledger, "checked-incomplete"), 1);
    assert_eq!(count_events(&ledger, "received"), 1);
    assert_eq!(count_events(&ledger, "checked"), 0);
    assert!(
        stderr(&o).contains("incomplete check"),
        "said how it was recorded: {}",
        stderr(&o)
    );

    // Only the incomplete set, in a fresh ledger: not received, not 正常 either.
    let fresh = p.dir.path().join("fresh.sqlite");
    let o = verify_at(&fresh, &p.card, &[&imgs[2]]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    assert_eq!(count_events(&fresh, "received"), 0);
    let r = register(&fresh);
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0]["移送ID"], shipment);
    assert_eq!(r[0]["受領時の検証結果"], "未了", "{r:#?}");
    assert_eq!(r[0]["受領日"], "", "not received: {r:#?}");
    assert!(open_shipments(&fresh).contains(&shipment));
    // The volumes checked are media held (媒体管理簿), from the day they were checked.
    let o = at(&fresh, &["record", "export", "--register", "media"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let media = stdout(&o);
    assert!(media.contains(&format!("{shipment},")), "{media}");
    assert!(media.contains(",受領,"), "{media}");
    // The whole set afterwards: received and 正常.
    let o = verify_at(&fresh, &p.card, &all);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = register(&fresh);
    assert_eq!(r[0]["受領時の検証結果"], "正常", "{r:#?}");
}

/// `record show` prints every event in full (no `…`), with the id `record correct`
/// takes; the correction's confirmation names the event's kind and shipment.
#[test]
fn record_show_prints_events_in_full_with_ids_and_correct_names_the_event() {
    let s = sealed();
    let o = run(isou()
        .arg("--ledger")
        .arg(&s.ledger)
        .args(["verify", "--signer", &s.p.card])
        .arg(&s.usb));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let events = ledger_events(&s.ledger);
    assert!(events.len() >= 2, "{events:#?}");

    let o = at(&s.ledger, &["record", "show", &s.shipment]);
    assert!(o.status.success(), "{}", stderr(&o));
    let show = stdout(&o);
    assert!(!show.contains('…'), "nothing cut: {show}");
    for e in &events {
        // `event ID  TIME  種別 kind` (the kind in Japanese and as stored: issue 16).
        let head = format!(
            "event {}  {} JST  ",
            e["id"],
            isou::clock::local(e["recorded_at"].as_str().unwrap()),
        );
        let kind = format!(" {}", e["kind"].as_str().unwrap());
        assert!(
            show.lines()
                .any(|l| l.starts_with(&head) && l.ends_with(&kind)),
            "{head:?} in {show}"
        );
    }
    // Every fact of the sealed event, whole (wrapped lines joined): the recipients and
    // the rule of each explicit choice, which a cut line lost.
    let joined: String = show
        .lines()
        .map(str::trim_start)
        .collect::<Vec<_>>()
        .concat();
    let sealed = &events[0]["body"];
    // A list of values is shown as its values (no JSON), each whole.
    for r in sealed["recipients"].as_array().unwrap() {
        let r = s_of(r);
        assert!(joined.contains(&r), "{r:?} in {show}");
    }
    let rule = sealed["choices"][0]["rule"].as_str().unwrap();
    assert!(joined.contains(rule), "{rule:?} in {show}");
    // The facts wrapped (the event table above them is as wide as its widest row).
    assert!(
        show.lines()
            .filter(|l| l.starts_with("    "))
            .all(|l| l.chars().count() <= 110),
        "{show}"
    );

    let last = events.last().unwrap();
    let (id, kind) = (last["id"].to_string(), last["kind"].as_str().unwrap());
    assert_ne!(kind, "sealed");
    let o = at(
        &s.ledger,
        &["record", "correct", &id, "--note", "確認の取り違え"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(said.contains(&format!("event {id}")), "{said}");
    assert!(said.contains(kind), "{kind} in {said}");
    assert!(said.contains(&s.shipment), "{said}");
    let o = at(
        &s.ledger,
        &["record", "correct", "1", "--note", "宛先の誤記"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("sealed"), "{}", stdout(&o));
}

/// A body value as `record show` prints it: a string as it is, anything else as JSON.
fn s_of(v: &serde_json::Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}

/// Review of item 4: a medium that left out every tag file (its `data/` kept), or a disc
/// image isou cannot read, is still a medium that arrived: its failed check is recorded
/// under its own `MEDIUM-…` id, never under a shipment.
#[test]
fn a_medium_without_tag_files_or_an_unreadable_image_is_still_recorded() {
    let s = sealed();
    let stripped = s.p.dir.path().join("stripped");
    fs::create_dir(&stripped).unwrap();
    fs::rename(s.usb.join("data"), stripped.join("data")).unwrap();
    let image = s.p.dir.path().join("DISC-1of1.iso");
    fs::write(&image, vec![0x55u8; 64 * 1024]).unwrap();
    for (i, given) in [&stripped, &image].into_iter().enumerate() {
        let o = run(isou()
            .arg("--ledger")
            .arg(&s.ledger)
            .args(["verify", "--signer", &s.p.card])
            .arg(given));
        assert_eq!(o.status.code(), Some(1), "{given:?}: {}", stderr(&o));
        let checked: Vec<_> = ledger_events(&s.ledger)
            .into_iter()
            .filter(|e| e["kind"] == "checked")
            .collect();
        assert_eq!(checked.len(), i + 1, "{given:?}: {}", stderr(&o));
        let id = checked[i]["shipment"].as_str().unwrap();
        assert!(id.starts_with("MEDIUM-"), "{id}");
    }
}
