//! Where open writes and what slips it warns about (issue 15).

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::*;

/// A sender and recipient, a small extract, a ledger of the test's own.
struct T {
    p: Parties,
    ledger: PathBuf,
}

fn setup() -> T {
    let p = parties(2, 20_000);
    let ledger = p.dir.path().join("ledger.sqlite");
    T { p, ledger }
}

impl T {
    fn path(&self, name: &str) -> PathBuf {
        self.p.dir.path().join(name)
    }

    fn isou(&self) -> Command {
        let mut c = isou();
        c.env("ISOU_LEDGER", &self.ledger);
        c
    }

    /// Seals the extract onto a new folder `name` (anonymized, so no carrier needed).
    fn seal(&self, name: &str, extra: &[&str]) -> PathBuf {
        let m = self.path(name);
        fs::create_dir_all(&m).unwrap();
        let o = run(self
            .isou()
            .args(["seal", "--class", "anonymized", "-q", "--to"])
            .arg(&self.p.rcard)
            .arg("-i")
            .arg(&self.p.sender)
            .arg("--medium")
            .arg(&m)
            .args(extra)
            .arg(&self.p.extract));
        assert!(o.status.success(), "{}", stderr(&o));
        m
    }

    fn open(&self, medium: &Path, out: &Path, extra: &[&str]) -> Output {
        run(self
            .isou()
            .arg("open")
            .arg(medium)
            .arg("-i")
            .arg(&self.p.recipient)
            .arg("--out")
            .arg(out)
            .args(extra))
    }

    fn open_signed(&self, medium: &Path, out: &Path) -> Output {
        self.open(medium, out, &["--signer", &self.p.card])
    }
}

/// Exactly the extract's files, under the extract's own name, in `out`.
fn holds_the_extract(out: &Path) {
    assert_eq!(entries(out), vec!["extract".to_string()], "{out:?}");
    for i in 0..2 {
        assert_eq!(
            fs::read(out.join(format!("extract/part{i}.bin"))).unwrap(),
            data(20_000, i)
        );
    }
}

#[test]
fn a_missing_parent_of_out_is_named_and_not_made() {
    let t = setup();
    let m = t.seal("usb", &[]);
    // Two levels missing: the folder --out would be made in is named, with mkdir -p.
    let out = t.path("受領/2024-11/out");
    let o = t.open_signed(&m, &out);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    let parent = t.path("受領/2024-11");
    assert!(
        e.contains(&format!("{} does not exist", parent.display())),
        "{e}"
    );
    assert!(e.contains("hint:") && e.contains("mkdir -p"), "{e}");
    assert!(!e.contains("check the disk"), "{e}");
    // Nothing made above --out, nothing left anywhere.
    assert!(!t.path("受領").exists());
    assert_eq!(count_events(&t.ledger, "opened"), 0);
    // A file on the way is named as a file.
    fs::write(t.path("a-file"), b"x").unwrap();
    let o = t.open_signed(&m, &t.path("a-file/sub/out"));
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(
        e.contains(&format!("{} is not a folder", t.path("a-file").display())),
        "{e}"
    );
    // With the parent made, the same --out works (only it is made).
    fs::create_dir_all(&parent).unwrap();
    let o = t.open_signed(&m, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    holds_the_extract(&out);
}

#[test]
fn an_empty_out_folder_of_the_users_is_written_into() {
    let t = setup();
    let m = t.seal("usb", &[]);
    let out = t.path("pre-made");
    fs::create_dir(&out).unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o750)).unwrap();
    let o = t.open_signed(&m, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    holds_the_extract(&out);
    // The folder itself is the user's, kept (not replaced): its mode is as it was.
    assert_eq!(
        fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o750
    );
    let ev = ledger_events(&t.ledger);
    let opened: Vec<_> = ev.iter().filter(|e| e["kind"] == "opened").collect();
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0]["body"]["out"], out.display().to_string());
    // Not empty now: refused, nothing of it touched.
    let o = t.open_signed(&m, &out);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(
        e.contains("already exists and is not an empty folder"),
        "{e}"
    );
    holds_the_extract(&out);
}

#[test]
fn an_out_folder_others_may_write_or_a_link_is_refused() {
    let t = setup();
    let m = t.seal("usb", &[]);
    // Group- or world-writable: another user could swap or add files.
    for mode in [0o770, 0o777] {
        let out = t.path(&format!("shared-{mode:o}"));
        fs::create_dir(&out).unwrap();
        fs::set_permissions(&out, fs::Permissions::from_mode(mode)).unwrap();
        let o = t.open_signed(&m, &out);
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{e}");
        assert!(e.contains("may write to it"), "{e}");
        assert!(e.contains("chmod go-w"), "{e}");
        assert!(entries(&out).is_empty(), "{:?}", entries(&out));
    }
    // A link to an empty folder: never followed.
    let real = t.path("real");
    fs::create_dir(&real).unwrap();
    let link = t.path("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let o = t.open_signed(&m, &link);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.contains("symbolic link"), "{e}");
    assert!(entries(&real).is_empty());
    assert_eq!(count_events(&t.ledger, "opened"), 0);
}

#[test]
fn a_second_opening_says_when_and_where_the_first_was_and_both_are_recorded() {
    let t = setup();
    let m = t.seal("usb", &[]);
    let (o1, o2, o3) = (t.path("o1"), t.path("o2"), t.path("o3"));
    let o = t.open_signed(&m, &o1);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("already opened"), "{}", stderr(&o));
    let o = t.open_signed(&m, &o2);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("was already opened on")
            && e.contains(&format!("into {}", o1.display()))
            && e.contains("another plaintext copy"),
        "{e}"
    );
    let opened: Vec<_> = ledger_events(&t.ledger)
        .into_iter()
        .filter(|e| e["kind"] == "opened")
        .collect();
    assert_eq!(opened.len(), 2, "{opened:?}");
    assert_eq!(opened[0]["body"]["out"], o1.display().to_string());
    assert_eq!(opened[1]["body"]["out"], o2.display().to_string());
    // Opened without checking the sender, it is recorded under the medium's own id:
    // the earlier openings are still named, and a later one names this one too.
    let o = t.open(&m, &o3, &["--any-sender"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains(&format!("into {}", o2.display())), "{e}");
    let o = t.open_signed(&m, &t.path("o4"));
    let e = stderr(&o);
    assert!(o.status.success(), "{e}");
    assert!(e.contains(&format!("into {}", o3.display())), "{e}");
    assert_eq!(count_events(&t.ledger, "opened"), 4);
}

/// clap's own errors in isou's form: `isou: error:` then `isou: hint:`, exit 2, nothing
/// on standard output, none of clap's own layout left.
#[test]
fn command_line_mistakes_follow_the_error_and_hint_form() {
    for (args, problem, hint) in [
        (
            &["encrypt", "--bogus"][..],
            "unexpected argument '--bogus' found",
            "see 'isou encrypt --help'",
        ),
        (
            &["open", "usb"][..],
            "required arguments were not provided: --out <DIR>",
            "usage: isou open --out <DIR>",
        ),
        (
            &["--ledger", "l.sqlite", "seal", "--compression"][..],
            "a value is required for '--compression <C>'",
            "see 'isou seal --help'",
        ),
        (
            &["record", "export", "--format", "pdf"][..],
            "invalid value 'pdf' for '--format <FORMAT>'",
            "possible values: csv, json, xlsx; see 'isou record export --help'",
        ),
        (
            &["encrypt", "--threads", "abc", "x"][..],
            "invalid value 'abc' for '--threads <N>'",
            "see 'isou encrypt --help'",
        ),
        (
            &["record", "ship", "--carrierx", "a"][..],
            "unexpected argument '--carrierx' found",
            "a similar argument exists: '--carrier'",
        ),
        (
            &["sael"][..],
            "unrecognized subcommand 'sael'",
            "a similar subcommand exists: 'seal'",
        ),
    ] {
        let o = run(isou().args(args));
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {e}");
        assert!(o.stdout.is_empty(), "{args:?}");
        let lines: Vec<&str> = e.lines().collect();
        assert_eq!(lines.len(), 2, "{args:?}: {e}");
        assert!(
            lines[0].starts_with("isou: error: ") && lines[0].contains(problem),
            "{args:?}: {e}"
        );
        assert!(
            lines[1].starts_with("isou: hint: ") && lines[1].contains(hint),
            "{args:?}: {e}"
        );
        assert!(!e.contains("For more information"), "{args:?}: {e}");
    }
    // Asked for: help and version on standard output, exit 0.
    for args in [&["--help"][..], &["open", "--help"][..], &["-V"][..]] {
        let o = run(isou().args(args));
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(!o.stdout.is_empty() && o.stderr.is_empty(), "{args:?}");
    }
    // A typed escape sequence never reaches the terminal.
    let o = run(isou().args(["encrypt", "--threads", "\u{1b}[2J9x", "x"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains('\u{1b}'), "{:?}", stderr(&o));
}

impl T {
    /// `seal --class anonymized --json` with `extra`, onto a new folder; the output.
    fn seal_json(&self, name: &str, extra: &[&str]) -> Output {
        let m = self.path(name);
        fs::create_dir_all(&m).unwrap();
        run(self
            .isou()
            .args(["seal", "--class", "anonymized", "--json", "--to"])
            .arg(&self.p.rcard)
            .arg("-i")
            .arg(&self.p.sender)
            .arg("--medium")
            .arg(&m)
            .args(extra)
            .arg(&self.p.extract))
    }
}

fn shipment_id(o: &Output) -> String {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["shipment_id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_tracking_number_already_recorded_for_another_shipment_is_named() {
    let t = setup();
    let number = [
        "--carrier",
        "簡易書留",
        "--tracking-number",
        "131-12-38385-2",
    ];
    let to = |d: &'static str| [number.as_slice(), &["--destination", d]].concat();
    let o = t.seal_json("usb1", &to("大阪府がん登録室"));
    let a = shipment_id(&o);
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    // Same number, same destination: one parcel may carry both; said, not refused.
    let o = t.seal_json("usb2", &to("大阪府がん登録室"));
    let b = shipment_id(&o);
    let e = stderr(&o);
    assert!(
        e.contains("tracking number 131-12-38385-2 is already recorded for shipment")
            && e.contains(&a)
            && e.contains("if both travel in one parcel"),
        "{e}"
    );
    assert!(!e.contains("one parcel has one destination"), "{e}");
    // Another destination: one of the two numbers must be wrong.
    let o = t.seal_json("usb3", &to("国立がん研究センター"));
    let c = shipment_id(&o);
    let e = stderr(&o);
    assert!(e.contains(&a) && e.contains(&b), "{e}");
    assert!(e.contains("one parcel has one destination"), "{e}");
    // Shipment a is corrected to another number: no longer named for the old one,
    // named for the new one when record ship gives it to another shipment.
    let ship = |id: &str, carrier: &str, n: &str| {
        run(t.isou().args([
            "record",
            "ship",
            id,
            "--carrier",
            carrier,
            "--tracking-number",
            n,
        ]))
    };
    let o = ship(&a, "ゆうパック", "4055-4842-4886");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("already recorded for shipment"),
        "{}",
        stderr(&o)
    );
    let o = ship(&c, "ゆうパック", "4055-4842-4886");
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("tracking number 4055-4842-4886 is already recorded for shipment")
            && e.contains(&a),
        "{e}"
    );
    let o = t.seal_json("usb4", &to("大阪府がん登録室"));
    shipment_id(&o);
    let e = stderr(&o);
    assert!(e.contains(&b) && !e.contains(&a) && !e.contains(&c), "{e}");
}

#[test]
fn a_retention_date_in_the_past_is_refused_unless_chosen_and_recorded() {
    let t = setup();
    let o = t.seal_json("usb", &["--retain-until", "2020-01-31"]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(
        e.contains("--retain-until 2020-01-31 is in the past")
            && e.contains("--allow-past-retention"),
        "{e}"
    );
    assert!(entries(&t.path("usb")).is_empty());
    assert_eq!(count_events(&t.ledger, "sealed"), 0);
    // Today is not past.
    // Today in the registry's zone (JST by default, issue 16).
    let today = isou::clock::today();
    shipment_id(&t.seal_json("usb2", &["--retain-until", &today]));
    // Chosen explicitly: sealed, and the choice is in the event (and so in 備考).
    let id = shipment_id(&t.seal_json(
        "usb3",
        &["--retain-until", "2020-01-31", "--allow-past-retention"],
    ));
    let ev = ledger_events(&t.ledger);
    let sealed = ev
        .iter()
        .find(|e| e["kind"] == "sealed" && e["shipment"] == id.as_str())
        .unwrap();
    assert!(
        sealed["body"]["choices"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["flag"] == "--allow-past-retention"),
        "{sealed}"
    );
    let due = run(t.isou().args(["record", "due"]));
    assert!(String::from_utf8_lossy(&due.stdout).contains(&id));
}

/// Every path below `dir` with its contents (folders as `/`), to show nothing changed.
fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                stack.push(p);
            } else {
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// The I/O shim (tests/faults/iofault.c, built with cc) that swaps a path for a link
/// at a chosen point; `None` (with the reason printed) when there is no C compiler,
/// a failure under CI.
fn swap_shim() -> Option<&'static Path> {
    let s = crate::faults::shim();
    if s.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "no C compiler to build the swap shim"
        );
        eprintln!("skipped: no C compiler (cc) to build the swap shim");
    }
    s
}

/// An extract whose first file read is `a_first.csv`, with a `data/` folder of its own
/// (as many extracts have) if `with_data`; a medium; `seal --allow-nonempty` of it
/// under the shim, which replaces the medium by a link to the extract at the first
/// read of a path containing `on`.
#[allow(clippy::type_complexity)]
fn seal_with_medium_swapped(
    on: &str,
    with_data: bool,
) -> Option<(
    T,
    PathBuf,
    Output,
    std::collections::BTreeMap<String, Vec<u8>>,
)> {
    let shim = swap_shim()?;
    let t = setup();
    fs::write(t.p.extract.join("a_first.csv"), data(50_000, 7)).unwrap();
    if with_data {
        fs::create_dir(t.p.extract.join("data")).unwrap();
        fs::write(t.p.extract.join("data/患者.csv"), b"id,name\n1,yamada\n").unwrap();
    }
    let before = snapshot(&t.p.extract);
    let m = t.path("usb");
    fs::create_dir(&m).unwrap();
    let o = run(t
        .isou()
        .args([
            "seal",
            "--class",
            "anonymized",
            "--allow-nonempty",
            "-q",
            "--to",
        ])
        .arg(&t.p.rcard)
        .arg("-i")
        .arg(&t.p.sender)
        .arg("--medium")
        .arg(&m)
        .arg(&t.p.extract)
        .env("LD_PRELOAD", shim)
        .env("FAULT_SWAP", &m)
        .env("FAULT_SWAP_TO", &t.p.extract)
        .env("FAULT_SWAP_WHEN", "read")
        .env("FAULT_SWAP_ON", on));
    // The swap did happen (else the test would prove nothing).
    assert!(
        fs::symlink_metadata(&m).unwrap().file_type().is_symlink(),
        "{}",
        stderr(&o)
    );
    Some((t, m, o, before))
}

#[test]
fn a_medium_swapped_for_the_extract_after_the_checks_is_refused_before_writing() {
    // Swapped when the identity file is read: after the command's own checks of the
    // medium and the extract, before anything is written. The extract holds nothing a
    // bag would collide with, so --allow-nonempty would let a bag in beside it.
    let Some((t, m, o, before)) = seal_with_medium_swapped("sender.txt", false) else {
        return;
    };
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    // Caught by the library's own check of the medium (the extract's files are there:
    // the same inodes) or by the volume's hold of it, whichever comes first.
    assert!(
        (e.contains("overlap") || e.contains("the extract's own file"))
            && e.contains("nothing was written"),
        "{e}"
    );
    // Nothing of a bag in the extract, nothing on the real medium, nothing recorded.
    let mut names = entries(&t.p.extract);
    names.sort();
    assert_eq!(names, ["a_first.csv", "part0.bin", "part1.bin"], "{e}");
    assert_eq!(snapshot(&t.p.extract), before, "{e}");
    assert!(entries(&m.with_extension("orig")).is_empty(), "{e}");
    assert_eq!(count_events(&t.ledger, "sealed"), 0);
}

#[test]
fn a_medium_swapped_for_the_extract_while_sealing_is_never_written_through() {
    // Swapped at the first read of the extract: the medium's data/ folder is made, the
    // payload not yet written.
    let Some((t, m, o, before)) = seal_with_medium_swapped("a_first.csv", true) else {
        return;
    };
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(
        e.contains("changed while sealing") && e.contains("seal again"),
        "{e}"
    );
    // The extract is as it was (its own data/ folder kept, nothing added), the real
    // medium left as found, nothing recorded.
    let mut names = entries(&t.p.extract);
    names.sort();
    assert_eq!(
        names,
        ["a_first.csv", "data", "part0.bin", "part1.bin"],
        "{e}"
    );
    assert_eq!(entries(&t.p.extract.join("data")), ["患者.csv"], "{e}");
    assert_eq!(snapshot(&t.p.extract), before, "{e}");
    assert!(entries(&m.with_extension("orig")).is_empty(), "{e}");
    assert_eq!(count_events(&t.ledger, "sealed"), 0);
}

#[test]
fn a_medium_moved_into_the_extract_while_sealing_gets_no_bag() {
    // Red team 15, finding 04: the medium folder renamed into the extract after its
    // payload began, a link left at its old path (which still leads to it). The held
    // folder is checked again where it is now before its bag is finished.
    let Some(shim) = swap_shim() else {
        return;
    };
    let t = setup();
    // Big enough that the payload is being written when the last file is read.
    fs::write(t.p.extract.join("a_first.bin"), data(24 << 20, 3)).unwrap();
    fs::write(t.p.extract.join("zz_last.csv"), b"id\n1\n").unwrap();
    let sub = t.p.extract.join("sub");
    fs::create_dir(&sub).unwrap();
    let m = t.path("usb");
    fs::create_dir(&m).unwrap();
    let moved = sub.join("usb");
    let o = run(t
        .isou()
        .args([
            "seal",
            "--class",
            "anonymized",
            "--carrier",
            "普通郵便",
            "-q",
        ])
        .args(["--compression", "none", "--segment-size", "1M", "--to"])
        .arg(&t.p.rcard)
        .arg("-i")
        .arg(&t.p.sender)
        .arg("--medium")
        .arg(&m)
        .arg(&t.p.extract)
        .env("LD_PRELOAD", shim)
        .env("FAULT_SWAP", &m)
        .env("FAULT_SWAP_TO", &moved)
        .env("FAULT_SWAP_ASIDE", &moved)
        .env("FAULT_SWAP_WHEN", "read")
        .env("FAULT_SWAP_ON", "zz_last.csv"));
    let e = stderr(&o);
    // The swap did happen (else the test would prove nothing).
    assert!(
        fs::symlink_metadata(&m).unwrap().file_type().is_symlink(),
        "{e}"
    );
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.contains("overlap") && e.contains("while sealing"), "{e}");
    // No bag, and nothing isou wrote, inside the extract; nothing recorded.
    assert!(
        entries(&moved).is_empty(),
        "left in the extract: {:?}",
        entries(&moved)
    );
    assert_eq!(count_events(&t.ledger, "sealed"), 0);
}

/// Red team 15, finding 05: the folder `--out` is made in (`PD`) is renamed to
/// `PD.moved` while open runs — after the extract's first files are in the staging
/// folder, at the look at its sub-folder `zz_sub` (the shim's swap mode, no timing
/// race) — with a link to `link_to` left at `PD` if given (another folder put in its
/// place). Returns the test, the output asked for, the moved folder and the command,
/// ready to run.
fn open_with_parent_moved(link_to: Option<&Path>) -> Option<(T, PathBuf, PathBuf, Command)> {
    open_with_moved(false, link_to)
}

/// As [`open_with_parent_moved`]; with `premade`, `--out` is an empty folder of the
/// user's (`PD`), and it is the folder renamed.
fn open_with_moved(
    premade: bool,
    link_to: Option<&Path>,
) -> Option<(T, PathBuf, PathBuf, Command)> {
    let shim = swap_shim()?;
    let t = setup();
    // Written after part0.bin and part1.bin (archives are sorted by name).
    let sub = t.p.extract.join("zz_sub");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("last.csv"), b"id,name\n1,yamada\n").unwrap();
    let m = t.seal("usb", &[]);
    let pd = t.path("PD");
    fs::create_dir(&pd).unwrap();
    fs::set_permissions(&pd, fs::Permissions::from_mode(0o700)).unwrap();
    let out = if premade { pd.clone() } else { pd.join("out") };
    let moved = t.path("PD.moved");
    let mut c = t.isou();
    c.arg("open")
        .arg(&m)
        .arg("-i")
        .arg(&t.p.recipient)
        .arg("--out")
        .arg(&out)
        .args(["--signer", &t.p.card])
        .env("LD_PRELOAD", shim)
        .env("FAULT_SWAP", &pd)
        .env("FAULT_SWAP_ASIDE", &moved)
        .env("FAULT_SWAP_TO", link_to.unwrap_or(Path::new("NONE")))
        .env("FAULT_SWAP_WHEN", "stat")
        .env("FAULT_SWAP_ON", "zz_sub");
    Some((t, out, moved, c))
}

/// What under the test's folder holds the extract's plaintext or an open's staging
/// folder, outside the extract itself and `except`: a file or folder named as one of
/// the extract's (a file cut short too), a file with one's bytes, a staging folder.
/// Links are not followed (each folder is searched where it really is).
fn plaintext_outside(t: &T, except: &[&Path]) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            out.push(p.clone());
            if fs::symlink_metadata(&p).unwrap().is_dir() {
                walk(&p, out);
            }
        }
    }
    let mut theirs = Vec::new();
    walk(&t.p.extract, &mut theirs);
    let names: Vec<_> = theirs.iter().map(|p| p.file_name().unwrap()).collect();
    let bytes: Vec<Vec<u8>> = theirs.iter().filter_map(|p| fs::read(p).ok()).collect();
    let mut all = Vec::new();
    walk(t.p.dir.path(), &mut all);
    all.into_iter()
        .filter(|p| !p.starts_with(&t.p.extract) && !except.iter().any(|x| p.starts_with(x)))
        .filter(|p| {
            let name = p.file_name().unwrap();
            name.to_string_lossy().contains("isou-staging")
                || names.contains(&name)
                || fs::symlink_metadata(p).unwrap().is_file()
                    && fs::read(p).is_ok_and(|b| bytes.contains(&b))
        })
        .collect()
}

#[test]
fn open_finishes_in_its_folder_when_that_folder_is_renamed_while_it_runs() {
    // Before: "writing the output failed … nothing was kept", exit 2, and the staging
    // folder with the files so far left in PD.moved.
    let Some((t, out, moved, mut c)) = open_with_parent_moved(None) else {
        return;
    };
    let o = run(&mut c);
    let e = stderr(&o);
    // The rename did happen (else the test would prove nothing).
    assert!(!out.parent().unwrap().exists() && moved.is_dir(), "{e}");
    assert!(o.status.success(), "{e}");
    // Finished where the held folder is now, and said so.
    let now = fs::canonicalize(&moved).unwrap().join("out");
    holds_the_extract(&now);
    assert_eq!(
        fs::read(now.join("extract/zz_sub/last.csv")).unwrap(),
        b"id,name\n1,yamada\n"
    );
    assert!(
        e.contains("moved or replaced while open ran")
            && e.contains(&format!("the output is at {}", now.display())),
        "{e}"
    );
    assert!(
        String::from_utf8_lossy(&o.stdout).contains(&format!("into:     {}", now.display())),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // Recorded where it is, not where it was asked for.
    let ev = ledger_events(&t.ledger);
    let opened: Vec<_> = ev.iter().filter(|e| e["kind"] == "opened").collect();
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0]["body"]["out"], now.display().to_string());
    // No other plaintext, no staging folder, anywhere.
    assert_eq!(plaintext_outside(&t, &[&now]), Vec::<PathBuf>::new(), "{e}");
}

#[test]
fn open_never_writes_where_a_link_put_in_its_folders_place_leads() {
    // Another folder put at PD (a link to it) while open runs: nothing is written
    // there; the output is finished in the folder held from the start.
    let t0 = tempfile::tempdir().unwrap();
    let elsewhere = t0.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let Some((t, out, moved, mut c)) = open_with_parent_moved(Some(&elsewhere)) else {
        return;
    };
    let o = run(&mut c);
    let e = stderr(&o);
    let pd = out.parent().unwrap();
    assert!(
        fs::symlink_metadata(pd).unwrap().file_type().is_symlink(),
        "{e}"
    );
    assert!(o.status.success(), "{e}");
    assert!(entries(&elsewhere).is_empty(), "{:?}", entries(&elsewhere));
    let now = fs::canonicalize(&moved).unwrap().join("out");
    holds_the_extract(&now);
    assert!(
        e.contains(&format!("the output is at {}", now.display()))
            && e.contains(&format!("not at {}", out.display())),
        "{e}"
    );
    assert_eq!(plaintext_outside(&t, &[&now]), Vec::<PathBuf>::new(), "{e}");
}

#[cfg(unix)]
#[test]
fn an_interrupted_open_removes_its_staging_from_a_renamed_folder() {
    // The interrupt cleanup removes the staging folder through the held folder's
    // descriptor, wherever the folder went: here it was renamed, then the write of
    // zz_sub/last.csv hangs (the shim's FAULT_STALL) and Ctrl-C comes.
    let Some((t, out, moved, mut c)) = open_with_parent_moved(None) else {
        return;
    };
    let mut child = c
        .env("FAULT_OP", "write")
        .env("FAULT_PATH", "zz_sub")
        .env("FAULT_AFTER", "0")
        .env("FAULT_STALL", "1")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stuck = |moved: &Path| {
        moved.is_dir()
            && entries(moved)
                .iter()
                .any(|s| moved.join(s).join("extract/zz_sub/last.csv").exists())
    };
    let mut ended = None;
    wait_until("the write into the renamed folder's staging folder", || {
        ended = child.try_wait().unwrap();
        ended.is_some() || stuck(&moved)
    });
    if ended.is_some() {
        let o = child.wait_with_output().unwrap();
        panic!(
            "open ended before it was interrupted: {}; left: {:?}",
            stderr(&o),
            plaintext_outside(&t, &[])
        );
    }
    interrupt(&child);
    let o = child.wait_with_output().unwrap();
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(130), "{e}");
    assert!(e.contains("the unfinished output was removed"), "{e}");
    assert!(!out.exists());
    assert_eq!(plaintext_outside(&t, &[]), Vec::<PathBuf>::new(), "{e}");
    assert_eq!(count_events(&t.ledger, "opened"), 0);
}

#[test]
fn open_says_where_its_output_folder_went_when_renamed_while_it_runs() {
    // An empty --out folder of the user's, held by descriptor since issue 15: the
    // output was finished in it where it went, but reported and recorded at the path
    // given, where nothing is now.
    let Some((t, out, moved, mut c)) = open_with_moved(true, None) else {
        return;
    };
    let o = run(&mut c);
    let e = stderr(&o);
    assert!(!out.exists() && moved.is_dir(), "{e}");
    assert!(o.status.success(), "{e}");
    let now = fs::canonicalize(&moved).unwrap();
    holds_the_extract(&now);
    assert!(
        e.contains(&format!("the output is at {}", now.display()))
            && e.contains(&format!("not at {}", out.display())),
        "{e}"
    );
    let ev = ledger_events(&t.ledger);
    let opened: Vec<_> = ev.iter().filter(|e| e["kind"] == "opened").collect();
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0]["body"]["out"], now.display().to_string());
    assert_eq!(plaintext_outside(&t, &[&now]), Vec::<PathBuf>::new(), "{e}");
}
