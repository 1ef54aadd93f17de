//! Registers as an Excel workbook, export provenance, readable record list/show.

use std::fs;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use calamine::{Data, Reader, Xlsx};

use crate::util::*;

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// A sender's desk: a policy naming this account 山田 太郎 (a handler), a ledger with
/// one shipment sealed, shipped and disposed of (witness text a spreadsheet would
/// evaluate), so each register has a row with dates.
struct Desk {
    dir: tempfile::TempDir,
    ledger: PathBuf,
    policy: PathBuf,
    shipment: String,
}

impl Desk {
    fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let policy = dir.path().join("isou.toml");
        fs::write(
            &policy,
            format!(
                "handlers = [{{ name = \"山田 太郎\", account = \"{}\" }}]\n",
                os_account()
            ),
        )
        .unwrap();
        fs::set_permissions(&policy, fs::Permissions::from_mode(0o644)).unwrap();
        let (sender, _) = keygen(dir.path(), "s.txt");
        let (_, rcard) = keygen(dir.path(), "r.txt");
        let ex = dir.path().join("x.csv");
        fs::write(&ex, b"1").unwrap();
        let usb = dir.path().join("usb");
        fs::create_dir(&usb).unwrap();
        let ledger = dir.path().join("l.sqlite");
        let mut d = Desk {
            dir,
            ledger,
            policy,
            shipment: String::new(),
        };
        let o = run(d
            .isou()
            .args([
                "seal",
                "--class",
                "anonymized",
                "--json",
                "--handler",
                "山田 太郎",
                "--destination",
                "大阪府がん登録室",
                "--to",
                &rcard,
                "-i",
            ])
            .arg(&sender)
            .arg("--medium")
            .arg(&usb)
            .arg(&ex));
        assert!(o.status.success(), "{}", stderr(&o));
        d.shipment = serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["shipment_id"]
            .as_str()
            .unwrap()
            .to_string();
        let id = d.shipment.clone();
        for args in [
            vec!["ship", &id, "--carrier", "ゆうパック"],
            vec![
                "dispose",
                &id,
                "--method",
                "物理破壊",
                "--witness",
                "=HYPERLINK(\"http://x/\")",
            ],
        ] {
            let o = run(d.isou().arg("record").args(&args));
            assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        }
        d
    }

    fn isou(&self) -> std::process::Command {
        let mut c = isou();
        c.arg("--ledger")
            .arg(&self.ledger)
            .arg("--policy")
            .arg(&self.policy);
        c
    }

    fn record(&self, args: &[&str]) -> Output {
        let o = run(self.isou().arg("record").args(args));
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        o
    }

    /// The CSV export of `register`: (the table's rows, header first; the rows after
    /// the first empty row, the provenance block).
    fn csv(&self, register: &str) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
        let o = self.record(&["export", "--register", register]);
        let text = stdout(&o);
        let text = text.strip_prefix('\u{feff}').expect("a BOM");
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let all: Vec<Vec<String>> = r
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        let blank = all
            .iter()
            .position(|r| r.iter().all(String::is_empty))
            .expect("a blank row before the provenance");
        (all[..blank].to_vec(), all[blank + 1..].to_vec())
    }

    /// The last event of the ledger as `record list --json` gives it.
    fn head(&self) -> (i64, String) {
        let events = ledger_events_with(self);
        let last = events.last().unwrap();
        (
            last["id"].as_i64().unwrap(),
            last["hash"].as_str().unwrap().to_string(),
        )
    }
}

fn ledger_events_with(d: &Desk) -> Vec<serde_json::Value> {
    serde_json::from_slice(&d.record(&["list", "--json"]).stdout).unwrap()
}

/// An Excel serial date-time as the registers write it: `YYYY-MM-DD` for a date cell,
/// `YYYY-MM-DD HH:MM` for a date-time one (`with_time`).
fn excel_date(serial: f64, with_time: bool) -> String {
    let days = serial.floor() as i64;
    let secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    let day = jiff::civil::date(1899, 12, 30)
        .checked_add(jiff::Span::new().days(days))
        .unwrap();
    if with_time {
        format!("{day} {:02}:{:02}", secs / 3600, secs % 3600 / 60)
    } else {
        assert_eq!(secs, 0, "a date cell has no time");
        day.to_string()
    }
}

/// The cells of `sheet` in the workbook at `book` as the CSV export writes them (`like`,
/// header first, gives the form of each typed cell): a date cell as `YYYY-MM-DD`, a
/// date-time as `YYYY-MM-DD HH:MM`, a time of day as `HH:MM`; every other cell must be
/// text (never a formula, never a number the spreadsheet made up).
pub fn sheet_as_csv(book: &Path, sheet: &str, like: &[Vec<String>]) -> Vec<Vec<String>> {
    let mut x: Xlsx<_> = calamine::open_workbook(book).unwrap();
    let range = x.worksheet_range(sheet).unwrap();
    range
        .rows()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, cell)| {
                    let want = like
                        .get(r)
                        .and_then(|w| w.get(c))
                        .map_or("", String::as_str);
                    match cell {
                        Data::Empty => String::new(),
                        Data::String(t) => isou::records::export::not_a_formula(t).into_owned(),
                        Data::DateTime(t) => {
                            let v = t.as_f64();
                            if want.len() == 5 && v < 1.0 {
                                excel_date(v, true)[11..].to_string()
                            } else {
                                excel_date(v, want.len() == 16)
                            }
                        }
                        other => panic!("{sheet} row {r} column {c}: an untyped value {other:?}"),
                    }
                })
                .collect()
        })
        .collect()
}

/// The text of a sheet's part (`xl/worksheets/sheetN.xml`) inside the workbook.
fn part(path: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// `record export --format xlsx -o FILE`: one sheet per register, then 出力情報; each
/// register sheet's header and every cell equal to the CSV export of that register
/// (dates as typed date cells, a formula-like text as text); the header row frozen and
/// filtered; the file private (0600) and written whole, never to a terminal or stdout.
#[test]
fn the_workbook_holds_every_register_as_its_csv_does() {
    let d = Desk::new();
    let book = d.dir.path().join("移送記録簿.xlsx");
    // Without -o: refused, nothing written to standard output.
    let o = run(d.isou().args(["record", "export", "--format", "xlsx"]));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("-o"), "{}", stderr(&o));

    let o = d.record(&["export", "--format", "xlsx", "-o", book.to_str().unwrap()]);
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
    assert_eq!(
        fs::metadata(&book).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // Nothing but the workbook was left beside it (no temporary part).
    assert!(
        !entries(d.dir.path())
            .iter()
            .any(|e| e.contains("isou-part")),
        "{:?}",
        entries(d.dir.path())
    );
    // An existing file is not replaced without --force, and stays as it was.
    let before = fs::read(&book).unwrap();
    let o = run(d
        .isou()
        .args(["record", "export", "--format", "xlsx", "-o"])
        .arg(&book));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(fs::read(&book).unwrap(), before);

    let mut x: Xlsx<_> = calamine::open_workbook(&book).unwrap();
    assert_eq!(
        x.sheet_names(),
        [
            "移送記録簿",
            "受領・検証・復号記録",
            "媒体管理簿",
            "廃棄記録",
            "出力情報"
        ]
    );
    let mut typed = Vec::new();
    for (n, (sheet, register)) in [
        ("移送記録簿", "transport"),
        ("受領・検証・復号記録", "checks"),
        ("媒体管理簿", "media"),
        ("廃棄記録", "disposal"),
    ]
    .into_iter()
    .enumerate()
    {
        let (csv, _) = d.csv(register);
        let range = x.worksheet_range(sheet).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        assert_eq!(
            rows.len(),
            csv.len(),
            "{sheet}: the header and one row each"
        );
        for (r, (row, want)) in rows.iter().zip(&csv).enumerate() {
            assert_eq!(row.len(), want.len(), "{sheet} row {r}");
            for (c, (cell, want)) in row.iter().zip(want).enumerate() {
                let column = &csv[0][c];
                let got = match cell {
                    Data::Empty => String::new(),
                    Data::String(t) => {
                        // Written as text, so the CSV's guard (a leading ') is not needed.
                        isou::records::export::not_a_formula(t).into_owned()
                    }
                    Data::DateTime(t) => {
                        typed.push(format!("{sheet}/{column}"));
                        // A time of day (`HH:MM`, in a register giving the date
                        // and the time in columns of their own) is a serial under 1.
                        let v = t.as_f64();
                        if want.len() == 5 && v < 1.0 {
                            excel_date(v, true)[11..].to_string()
                        } else {
                            excel_date(v, want.len() == 16)
                        }
                    }
                    other => panic!("{sheet} {column}: an untyped value {other:?}"),
                };
                assert_eq!(&got, want, "{sheet} row {r} column {column}");
            }
        }
        // The header row frozen, an autofilter over the table, columns given widths.
        let xml = part(&book, &format!("xl/worksheets/sheet{}.xml", n + 1));
        assert!(
            xml.contains(r#"ySplit="1""#) && xml.contains(r#"state="frozen""#),
            "{xml}"
        );
        assert!(xml.contains("<autoFilter ref=\"A1:"), "{xml}");
        assert!(xml.contains("<col "), "{xml}");
    }
    // Dates are dates, times are date-times: the day made, shipped, disposed of.
    for want in [
        "移送記録簿/発送日",
        "媒体管理簿/作成・受領日",
        "媒体管理簿/廃棄日",
        "廃棄記録/廃棄日",
    ] {
        assert!(typed.iter().any(|t| t == want), "{want} in {typed:?}");
    }
    // The witness a spreadsheet would evaluate: a string cell, never a formula.
    let log = part(&book, "xl/worksheets/sheet4.xml");
    assert!(!log.contains("<f>"), "{log}");
    let range = x.worksheet_range("廃棄記録").unwrap();
    assert!(range.rows().any(|r| r
        .iter()
        .any(|c| c == &Data::String("=HYPERLINK(\"http://x/\")".into()))));
}

/// Every export says when, by whom, from which ledger and at which head it was made:
/// the head printed in the CSV block, the JSON object and the workbook's 出力情報 is
/// the last event of `record list --json`, and `record check` prints the same head.
#[test]
fn every_export_names_its_ledger_and_its_head_hash() {
    let d = Desk::new();
    let (id, hash) = d.head();
    let check = stdout(&d.record(&["check"]));
    assert!(
        check.contains(&format!("head: event {id} {hash}")),
        "{check}"
    );
    let ledger = fs::canonicalize(&d.ledger).unwrap().display().to_string();
    let field = |block: &[Vec<String>], k: &str| -> String {
        block
            .iter()
            .find(|r| r[0] == k)
            .unwrap_or_else(|| panic!("{k} in {block:?}"))[1]
            .clone()
    };

    // CSV: after the table and an empty row.
    let (table, block) = d.csv("transport");
    assert_eq!(table.len(), 2);
    assert_eq!(block[0][0], "出力情報");
    assert_eq!(field(&block, "台帳の最終ハッシュ"), hash);
    assert_eq!(field(&block, "台帳の最終イベント"), id.to_string());
    assert_eq!(field(&block, "台帳"), ledger);
    assert_eq!(field(&block, "出力者"), "山田 太郎");
    assert_eq!(field(&block, "OSアカウント"), os_account());
    assert_eq!(field(&block, "タイムゾーン"), "Asia/Tokyo");
    let made = field(&block, "出力日時");
    assert!(made.ends_with(" JST") && made.len() == "2026-12-04 03:07:00 JST".len());
    assert!(block.iter().all(|r| r.len() == table[0].len()));

    // JSON: a top-level object.
    let o = d.record(&["export", "--format", "json", "--register", "media"]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let p = &j["provenance"];
    assert_eq!(p["head_hash"], hash.as_str());
    assert_eq!(p["head_event"], id);
    assert_eq!(p["ledger"], ledger.as_str());
    assert_eq!(p["made_by"], "山田 太郎");
    assert_eq!(p["registers"], serde_json::json!(["媒体管理簿"]));
    assert_eq!(j["register"], "media");
    assert_eq!(j["rows"][0]["媒体ID"], d.shipment.as_str());

    // The workbook: its last sheet, and every printed page's footer.
    let book = d.dir.path().join("r.xlsx");
    d.record(&["export", "--format", "xlsx", "-o", book.to_str().unwrap()]);
    let mut x: Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let sheet = x.worksheet_range("出力情報").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0], ["項目", "値"]);
    assert_eq!(field(&rows, "台帳の最終ハッシュ"), hash);
    assert_eq!(field(&rows, "台帳"), ledger);
    assert_eq!(
        field(&rows, "記録簿"),
        "移送記録簿, 受領・検証・復号記録, 媒体管理簿, 廃棄記録"
    );
    let first = part(&book, "xl/worksheets/sheet1.xml");
    assert!(
        first.contains(&format!("台帳の最終イベント {id} {hash}")),
        "{first}"
    );

    // A new event moves the head; the next export names the new one.
    d.record(&["correct", &id.to_string(), "--note", "立会人の記載誤り"]);
    let (id2, hash2) = d.head();
    assert_ne!(hash2, hash);
    let (_, block) = d.csv("transport");
    assert_eq!(field(&block, "台帳の最終ハッシュ"), hash2);
    assert_eq!(field(&block, "台帳の最終イベント"), id2.to_string());
}

/// `record list` and `record show` print aligned tables: a Japanese name takes two
/// terminal columns a character, so the next column starts at the same screen column
/// on every line; no JSON body is printed; `--json` is the machine form as before.
#[test]
fn record_list_and_show_print_aligned_tables_and_json_stays() {
    let d = Desk::new();
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    // Where `what` starts on screen in `line`.
    let at = |line: &str, what: &str| width(&line[..line.find(what).unwrap()]);
    let list = stdout(&d.record(&["list"]));
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 4, "a header and three events: {list}");
    assert!(!list.contains(['{', '}']), "no JSON: {list}");
    for l in &lines {
        assert_eq!(l.trim_end(), *l, "no trailing spaces");
    }
    assert!(lines[0].starts_with("ID  日時"), "{list}");
    assert!(lines[1].contains("封入 sealed"), "{list}");
    assert!(lines[1].contains("山田 太郎"), "{list}");
    assert!(lines[3].contains("廃棄 disposed"), "{list}");
    assert!(lines[3].contains("物理破壊"), "{list}");
    // Each column starts at one screen column on every line.
    for (header, cells) in [
        ("移送ID", [d.shipment.as_str(); 3]),
        ("担当 by", ["山田 太郎", "山田 太郎", "山田 太郎"]),
        (
            "結果 result",
            ["→ 大阪府がん登録室", "ゆうパック", "物理破壊"],
        ),
    ] {
        let col = at(lines[0], header);
        for (l, c) in lines[1..].iter().zip(cells) {
            assert_eq!(at(l, c), col, "{header} {c:?}: {list}");
        }
    }
    // The times in the registry's zone, named.
    assert!(lines[1].contains(" JST "), "{list}");

    let show = stdout(&d.record(&["show", &d.shipment]));
    assert!(!show.contains(['{', '}']), "no JSON: {show}");
    assert!(!show.contains('…'), "nothing cut: {show}");
    assert!(show.starts_with(lines[0]), "the same table first: {show}");
    for l in &lines[1..] {
        assert!(show.lines().any(|s| s == *l), "{l:?} in {show}");
    }
    // Facts with their names aligned, nested ones named by path.
    let signer = show
        .lines()
        .find(|l| l.trim_start().starts_with("signer "))
        .unwrap_or_else(|| panic!("{show}"));
    let handler = show
        .lines()
        .find(|l| l.trim_start().starts_with("handler "))
        .unwrap();
    assert_eq!(at(signer, "SHA256:"), at(handler, "山田 太郎"), "{show}");

    // --json: the events as they are stored, exactly.
    let json = d.record(&["list", "--json"]).stdout;
    let events: Vec<serde_json::Value> = serde_json::from_slice(&json).unwrap();
    assert_eq!(events.len(), 3);
    for e in &events {
        let mut keys: Vec<&str> = e.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "body",
                "hash",
                "id",
                "kind",
                "prev_hash",
                "recorded_at",
                "shipment"
            ]
        );
        assert!(e["body"].is_object());
    }
    assert_eq!(events[0]["body"]["handler"], "山田 太郎");
}

/// `record check` of the Desk's ledger succeeds and counts its events.
fn ledger_intact(d: &Desk) -> bool {
    run(d.isou().args(["record", "check"])).status.success()
}

/// Issue 16 red team finding 08: `record export -o LEDGER --force` renamed the register
/// over the ledger it read (every event gone, exit 0). The ledger, its companions —
/// existing or not yet, by any spelling or link — and the folder of unrecorded events
/// are refused (exit 2), with or without --force, and nothing is written.
#[test]
fn an_export_never_replaces_the_ledger_or_its_files() {
    let d = Desk::new();
    assert!(ledger_intact(&d));
    let l = d.ledger.to_str().unwrap().to_string();
    let key = format!("{l}.key");
    assert!(Path::new(&key).exists(), "the writable open made the key");
    let unrecorded = format!("{l}.unrecorded");
    fs::create_dir(&unrecorded).unwrap();
    let link = d.dir.path().join("link.sqlite");
    std::os::unix::fs::symlink(&d.ledger, &link).unwrap();
    let hard = d.dir.path().join("hard.sqlite");
    fs::hard_link(&d.ledger, &hard).unwrap();
    let dotted = d.dir.path().join(".").join("l.sqlite");
    let ledger_bytes = fs::read(&d.ledger).unwrap();
    let key_bytes = fs::read(&key).unwrap();
    for target in [
        l.clone(),
        key.clone(),
        format!("{l}-wal"),
        format!("{l}-shm"),
        format!("{l}.v1-backup"),
        format!("{unrecorded}/1.json"),
        link.display().to_string(),
        hard.display().to_string(),
        dotted.display().to_string(),
    ] {
        for format in ["xlsx", "csv", "json"] {
            for force in [true, false] {
                let mut args = vec!["export", "--format", format, "-o", &target];
                if force {
                    args.push("--force");
                }
                let o = run(d.isou().arg("record").args(&args));
                assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
                assert!(
                    stderr(&o).contains("an export never replaces it"),
                    "{args:?}: {}",
                    stderr(&o)
                );
            }
        }
        assert!(ledger_intact(&d), "{target}");
    }
    assert_eq!(fs::read(&d.ledger).unwrap(), ledger_bytes);
    assert_eq!(fs::read(&key).unwrap(), key_bytes);
    // (SQLite may keep a -wal of its own; none of the export's is there.)
    assert!(!Path::new(&format!("{l}.v1-backup")).exists());
    for f in fs::read_dir(d.dir.path()).unwrap() {
        let name = f.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.contains(".isou-part-"), "{name}");
    }
    assert_eq!(fs::read_dir(&unrecorded).unwrap().count(), 0);
    // Another file beside it is written as ever.
    let other = d.dir.path().join("l.sqlite.xlsx");
    d.record(&["export", "--format", "xlsx", "-o", other.to_str().unwrap()]);
    assert!(other.is_file());
}

/// Issue 16 red team finding 13: with --force, export renamed its file over whatever
/// the path held — a FIFO, or (as root) a device such as /dev/null, left a 0600 regular
/// file. An output replaces only a regular file (exit 2 otherwise, with or without
/// --force); a regular file is still replaced with --force.
#[test]
fn an_export_replaces_only_a_regular_file() {
    use std::os::unix::fs::FileTypeExt;
    let d = Desk::new();
    let dir = d.dir.path();
    let fifo = dir.join("out.fifo");
    assert!(run(std::process::Command::new("mkfifo").arg(&fifo))
        .status
        .success());
    let folder = dir.join("folder");
    fs::create_dir(&folder).unwrap();
    let mut nodes = vec![fifo.clone(), folder.clone()];
    // A character device of our own (1,3: the null device), where mknod is allowed.
    let dev = dir.join("out.dev");
    if run(std::process::Command::new("mknod")
        .arg(&dev)
        .args(["c", "1", "3"]))
    .status
    .success()
    {
        nodes.push(dev.clone());
    }
    let dangling = dir.join("dangling");
    std::os::unix::fs::symlink(dir.join("nowhere"), &dangling).unwrap();
    nodes.push(dangling.clone());
    for node in &nodes {
        for format in ["xlsx", "csv"] {
            for force in [true, false] {
                let mut args = vec!["export", "--format", format, "-o", node.to_str().unwrap()];
                if force {
                    args.push("--force");
                }
                let o = run(d.isou().arg("record").args(&args));
                assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
                assert!(
                    stderr(&o).contains("an output replaces only a regular file"),
                    "{args:?}: {}",
                    stderr(&o)
                );
            }
        }
    }
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(fs::metadata(&folder).unwrap().is_dir());
    if nodes.contains(&dev) {
        assert!(fs::metadata(&dev).unwrap().file_type().is_char_device());
    }
    assert!(fs::symlink_metadata(&dangling).unwrap().is_symlink());
    assert!(!dir.join("nowhere").exists());
    // A regular file: refused without --force, replaced with it.
    let file = dir.join("r.csv");
    fs::write(&file, b"old").unwrap();
    let o = run(d
        .isou()
        .args(["record", "export", "-o", file.to_str().unwrap()]));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(fs::read(&file).unwrap(), b"old");
    d.record(&["export", "-o", file.to_str().unwrap(), "--force"]);
    assert_ne!(fs::read(&file).unwrap(), b"old");
}

/// Issue 16 red team finding 02: a row INSERTed behind isou's back (a forged 到着確認)
/// was exported with its made-up hash as the ledger's head, exit 0. An export of a
/// ledger whose chain breaks is refused (exit 1, hint `record check`, nothing written);
/// events waiting in LEDGER.unrecorded/ are named in the provenance and warned about.
#[test]
fn an_export_vouches_only_for_a_chain_that_verifies() {
    let d = Desk::new();
    // Waiting events: named in the provenance of every format, and warned about.
    let waiting = format!("{}.unrecorded", d.ledger.display());
    fs::create_dir(&waiting).unwrap();
    fs::write(
        format!("{waiting}/2026-12-03T22-00-00-delivered.json"),
        b"{}",
    )
    .unwrap();
    let o = run(d.isou().args(["record", "export", "--format", "json"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        j["provenance"]["unrecorded"],
        serde_json::json!(["2026-12-03T22-00-00-delivered.json"])
    );
    assert!(
        stderr(&o).contains("1 event(s) in") && stderr(&o).contains("record recover"),
        "{}",
        stderr(&o)
    );
    let (_, block) = d.csv("transport");
    let row = block.iter().find(|r| r[0] == "記録待ちイベント").unwrap();
    assert!(
        row[1].starts_with("1 件がこの出力に含まれていない") && row[1].contains("delivered.json"),
        "{row:?}"
    );
    fs::remove_dir_all(&waiting).unwrap();
    let (_, block) = d.csv("transport");
    let row = block.iter().find(|r| r[0] == "記録待ちイベント").unwrap();
    assert_eq!(row[1], "なし");

    // A forged row appended with sqlite3: the chain breaks at it.
    let forged = "7".repeat(64);
    let c = rusqlite::Connection::open(&d.ledger).unwrap();
    c.execute(
        "INSERT INTO events (recorded_at, kind, shipment, body, prev_hash, hash, body_schema) \
         SELECT '2026-12-03T22:00:00Z', 'delivered', ?1, '{\"by\":\"root\"}', hash, ?2, 2 FROM events ORDER BY id DESC LIMIT 1",
        rusqlite::params![d.shipment, forged],
    )
    .unwrap();
    drop(c);
    assert!(!ledger_intact(&d));
    let book = d.dir.path().join("forged.xlsx");
    for args in [
        vec!["export", "--format", "json"],
        vec!["export"],
        vec!["export", "--format", "xlsx", "-o", book.to_str().unwrap()],
    ] {
        let o = run(d.isou().arg("record").args(&args));
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?}");
        let e = stderr(&o);
        assert!(e.contains("chain breaks at event"), "{e}");
        assert!(e.contains("isou record check"), "{e}");
        assert!(!e.contains(&forged), "{e}");
    }
    assert!(!book.exists());
}
