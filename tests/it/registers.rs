//! The registers (移送記録簿, 媒体管理簿, 廃棄記録) cell by cell over a full life cycle on two ledgers.
//!
//! Every command runs at a fixed instant (`ISOU_NOW`, the debug build's test hook), so
//! each date and time the registers show is known: Japan time (the default zone).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::{data, isou, keygen, os_account, run, stderr};

/// One party: its identity, contact card, policy file and ledger.
struct Party {
    identity: PathBuf,
    card: String,
    policy: PathBuf,
    ledger: PathBuf,
}

impl Party {
    /// `isou` at `now` (UTC), on this party's ledger and policy.
    fn at(&self, now: &str) -> Command {
        let mut c = isou();
        c.env("ISOU_NOW", now)
            .arg("--ledger")
            .arg(&self.ledger)
            .arg("--policy")
            .arg(&self.policy);
        c
    }

    /// Runs `args` at `now` and checks it succeeded.
    fn ok<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(&self, now: &str, args: &[S]) -> Output {
        let o = run(self.at(now).args(args));
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        o
    }

    /// The CSV export of `register` as (titles, rows), the BOM checked and dropped.
    fn export(&self, register: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let o = self.ok(
            "2026-12-07T00:00:00Z",
            &["record", "export", "--register", register],
        );
        assert!(o.stdout.starts_with("\u{feff}".as_bytes()), "no BOM");
        // The table only: the export's provenance (出力情報) follows an empty row.
        let table = crate::util::csv_table(&o.stdout);
        let mut r = csv::Reader::from_reader(table.as_bytes());
        let titles = r.headers().unwrap().iter().map(str::to_string).collect();
        let rows = r
            .records()
            .map(|x| x.unwrap().iter().map(str::to_string).collect())
            .collect();
        (titles, rows)
    }
}

/// A sender (大阪府がん登録室, handler 山田 太郎) and a recipient (国立がん研究センター,
/// 佐藤 花子), each with a policy naming the other as a contact and this OS account as
/// its handler, and its own ledger.
struct Desks {
    dir: tempfile::TempDir,
    sender: Party,
    recipient: Party,
}

fn desks() -> Desks {
    let dir = tempfile::tempdir().unwrap();
    let (sid, scard) = keygen(dir.path(), "s.txt");
    let (rid, rcard) = keygen(dir.path(), "r.txt");
    let account = os_account();
    let policy = |name: &str, org: &str, handler: &str, contact: &str, card: &str| {
        let p = dir.path().join(name);
        std::fs::write(
            &p,
            format!(
                "organization = \"{org}\"\nhandlers = [ {{ name = \"{handler}\", account = \"{account}\" }} ]\n\n[[contacts]]\nname = \"{contact}\"\ncard = \"{card}\"\n"
            ),
        )
        .unwrap();
        p
    };
    let sender = Party {
        identity: sid,
        policy: policy(
            "sender.toml",
            "大阪府がん登録室",
            "山田 太郎",
            "国立がん研究センター",
            &rcard,
        ),
        card: scard.clone(),
        ledger: dir.path().join("sender.sqlite"),
    };
    let recipient = Party {
        identity: rid,
        policy: policy(
            "recipient.toml",
            "国立がん研究センター",
            "佐藤 花子",
            "大阪府がん登録室",
            &scard,
        ),
        card: rcard,
        ledger: dir.path().join("recipient.sqlite"),
    };
    Desks {
        dir,
        sender,
        recipient,
    }
}

impl Desks {
    /// Seals an extract of `bytes` random bytes at `now` onto `media` new folders with
    /// `extra` options, `--to` the recipient's contact name; (shipment id, seal summary).
    fn seal(
        &self,
        now: &str,
        name: &str,
        media: usize,
        bytes: usize,
        extra: &[&str],
    ) -> (String, serde_json::Value, Vec<PathBuf>) {
        let ex = self.dir.path().join(format!("{name}-extract"));
        std::fs::create_dir(&ex).unwrap();
        std::fs::write(ex.join("a.bin"), data(bytes, 7)).unwrap();
        let folders: Vec<PathBuf> = (1..=media)
            .map(|k| {
                let m = self.dir.path().join(format!("{name}-{k}"));
                std::fs::create_dir(&m).unwrap();
                m
            })
            .collect();
        let mut c = self.sender.at(now);
        c.args(["seal", "--json", "--to", "国立がん研究センター", "-i"])
            .arg(&self.sender.identity)
            .args(extra);
        for m in &folders {
            c.arg("--medium").arg(m);
        }
        let o = run(c.arg(&ex));
        assert!(o.status.success(), "{}", stderr(&o));
        let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let id = summary["shipment_id"].as_str().unwrap().to_string();
        (id, summary, folders)
    }
}

/// The age recipient of a contact card (its second word).
fn age_of(card: &str) -> &str {
    card.split_whitespace().nth(1).unwrap()
}

/// Asserts the header is `columns` (titles: time columns name the zone) and that
/// `row` holds exactly `want` in every column, cell by cell.
fn assert_row(titles: &[String], columns: &[&str], row: &[String], want: &[(&str, &str)]) {
    let expected_titles: Vec<String> = columns
        .iter()
        .map(|c| isou::records::export::titled(c))
        .collect();
    assert_eq!(titles, expected_titles);
    assert_eq!(
        want.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
        columns,
        "the test names every column, in order"
    );
    for ((column, want), got) in want.iter().zip(row) {
        assert_eq!(got, want, "column {column} of {row:?}");
    }
}

/// The row whose `column` is `value`.
fn row_where<'a>(
    titles: &[String],
    rows: &'a [Vec<String>],
    column: &str,
    value: &str,
) -> &'a [String] {
    let i = titles
        .iter()
        .position(|t| t == column)
        .unwrap_or_else(|| panic!("no column {column} in {titles:?}"));
    rows.iter()
        .find(|r| r[i] == value)
        .unwrap_or_else(|| panic!("no row with {column} {value} in {rows:#?}"))
}

const SEALED: &str = "2026-12-03T23:30:00Z"; // 08:30 JST 12-04
const SHIPPED: &str = "2026-12-04T00:10:00Z"; // 09:10 JST 12-04
const RECEIVED: &str = "2026-12-04T05:00:00Z"; // 14:00 JST 12-04
const CHECKED: &str = "2026-12-04T05:05:00Z"; // 14:05 JST 12-04
const OPENED: &str = "2026-12-04T06:00:00Z"; // 15:00 JST 12-04
const REOPENED: &str = "2026-12-05T01:00:00Z"; // 10:00 JST 12-05
const CORRECTED: &str = "2026-12-05T02:00:00Z"; // 11:00 JST 12-05
const DISPOSED: &str = "2026-12-06T03:00:00Z"; // 12:00 JST 12-06

/// seal (a set of three USB sticks) → ship → key-sent → verify (VALID, pinned) →
/// verify again without --signer → open twice → record correct → dispose, on a
/// sender's and a recipient's ledger; every register of both, cell by cell.
#[test]
fn a_full_life_cycle_on_two_ledgers_cell_by_cell() {
    use isou::records::export::{CHECK_COLUMNS, COLUMNS, DISPOSAL_COLUMNS, MEDIA_COLUMNS};
    let d = desks();
    let (s, r) = (&d.sender, &d.recipient);
    let (id, summary, media) = d.seal(
        SEALED,
        "usb",
        3,
        1_200_000,
        &[
            "--volume-size",
            "1M",
            "--compression",
            "none",
            "--carrier",
            "簡易書留",
            "--tracking-number",
            "131-12-38385-2",
            "--envelope-confirmed",
            "--retain-until",
            "2027-03-31",
            "--approver",
            "鈴木 一郎",
            "--application",
            "申出第2026-17号",
            "--use-until",
            "2027-03-31",
        ],
    );
    assert!(id.starts_with("ISOU-20261204-"), "{id}");
    let volumes = summary["volumes"].as_array().unwrap();
    assert_eq!(volumes.len(), 3, "{summary}");
    let signer = summary["signer"].as_str().unwrap();
    s.ok(
        SHIPPED,
        &[
            "record",
            "ship",
            &id,
            "--carrier",
            "簡易書留",
            "--tracking-number",
            "131-12-38385-2",
        ],
    );
    s.ok(
        SHIPPED,
        &[
            "record",
            "key-sent",
            &id,
            "--method",
            "別便簡易書留",
            "--tracking-number",
            "4055-4842-4886",
        ],
    );
    // The sender corrects its shipping record (event 2).
    s.ok(
        CORRECTED,
        &["record", "correct", "2", "--note", "窓口での受付は翌日"],
    );

    let media_args: Vec<&str> = media.iter().map(|m| m.to_str().unwrap()).collect();
    let with_media = |args: &[&str]| -> Vec<String> {
        args.iter()
            .map(|a| a.to_string())
            .chain(media_args.iter().map(|m| m.to_string()))
            .collect()
    };
    r.ok(
        RECEIVED,
        &with_media(&[
            "verify",
            "--signer",
            "大阪府がん登録室",
            "--tracking-number",
            "131-12-38385-2",
        ]),
    );
    // A check without --signer: not VALID (who signed is not checked), recorded as a
    // check of the medium itself.
    let o = run(r.at(CHECKED).args(with_media(&["verify"])));
    assert!(!o.status.success(), "{}", stderr(&o));
    let out1 = d.dir.path().join("opened-1");
    let out2 = d.dir.path().join("opened-2");
    for (now, out) in [(OPENED, &out1), (REOPENED, &out2)] {
        r.ok(
            now,
            &with_media(&[
                "open",
                "-i",
                r.identity.to_str().unwrap(),
                "--signer",
                "大阪府がん登録室",
                "--out",
                out.to_str().unwrap(),
            ]),
        );
    }
    // Recipient events: 1 received, 2 verified, 3 checked, 4 and 5 opened.
    r.ok(
        CORRECTED,
        &[
            "record",
            "correct",
            "4",
            "--note",
            "出力先は暗号化フォルダへ移動済",
        ],
    );
    r.ok(
        DISPOSED,
        &[
            "record",
            "dispose",
            &id,
            "--method",
            "物理破壊",
            "--witness",
            "高橋 三郎",
        ],
    );
    // The decrypted folder (中間生成物) is an item of its own, disposed of on its own.
    let folder = format!("{id}/復号");
    r.ok(
        DISPOSED,
        &[
            "record",
            "dispose",
            &folder,
            "--method",
            "消去ソフト",
            "--witness",
            "高橋 三郎",
        ],
    );
    let events = crate::util::ledger_events(&r.ledger);
    let kinds: Vec<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "received",
            "verified",
            "checked",
            "opened",
            "opened",
            "corrected",
            "disposed",
            "disposed"
        ]
    );
    let medium_id = events[2]["shipment"].as_str().unwrap().to_string();
    assert!(medium_id.starts_with("MEDIUM-"), "{medium_id}");
    let fingerprint =
        isou::records::event::recipient_fingerprint(age_of(&r.card)).expect("an age key");
    assert!(fingerprint.starts_with("SHA256:"));

    // 移送記録簿, sender: every column from the seal, the shipping, the key's route and
    // the correction beside the record it corrects.
    let (t, rows) = s.export("transport");
    assert_eq!(rows.len(), 1);
    assert_row(
        &t,
        COLUMNS,
        &rows[0],
        &[
            ("移送ID", &id),
            ("区分", "発送"),
            ("移送担当者", "山田 太郎"),
            ("移送元", "大阪府がん登録室"),
            ("移送先", "国立がん研究センター"),
            ("受領者", "国立がん研究センター"),
            ("受領者鍵指紋", &fingerprint),
            ("情報の区分", "非匿名化"),
            ("利用責任者", "鈴木 一郎"),
            ("申出番号・応諾番号", "申出第2026-17号"),
            ("利用期間終了日", "2027-03-31"),
            ("資料の形態", "USBメモリ"),
            ("媒体数", "3"),
            ("移送手段", "簡易書留"),
            ("追跡番号", "13112383852"),
            ("発送日", "2026-12-04"),
            ("同行者", ""),
            ("封筒表示確認", "確認済"),
            ("暗号化方式", "age v1 (X25519)"),
            ("鍵の送付方法", "別便簡易書留"),
            ("鍵の追跡番号", "405548424886"),
            ("鍵の送付日", "2026-12-04"),
            // A set: each volume's hash is in its own row of the 媒体管理簿.
            ("マニフェストSHA-256", ""),
            ("署名鍵", signer),
            ("受領日", ""),
            ("受領時刻", ""),
            ("受領担当者", ""),
            ("受領時の検証結果", ""),
            ("到着確認", ""),
            ("検証回数", ""),
            ("復号回数", ""),
            ("廃棄日", ""),
            ("廃棄方法", ""),
            ("立会人", ""),
            ("保管期限", "2027-03-31"),
            (
                "訂正",
                "記録2(発送) 2026-12-05 山田 太郎: 窓口での受付は翌日 (記録4)",
            ),
            ("備考", ""),
        ],
    );

    // 移送記録簿, recipient: the receipt stays 正常 after the check without --signer,
    // which is a row of its own (that medium's), 異常.
    let (t, rows) = r.export("transport");
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert_row(
        &t,
        COLUMNS,
        row_where(&t, &rows, "移送ID", &id),
        &[
            ("移送ID", &id),
            ("区分", "受領"),
            ("移送担当者", ""),
            ("移送元", "大阪府がん登録室"),
            ("移送先", "国立がん研究センター"),
            ("受領者", ""),
            ("受領者鍵指紋", ""),
            ("情報の区分", "非匿名化"),
            ("利用責任者", "鈴木 一郎"),
            ("申出番号・応諾番号", "申出第2026-17号"),
            ("利用期間終了日", "2027-03-31"),
            ("資料の形態", "USBメモリ"),
            ("媒体数", "3"),
            ("移送手段", ""),
            // Signed on the medium by the sender.
            ("追跡番号", "13112383852"),
            ("発送日", ""),
            ("同行者", ""),
            ("封筒表示確認", ""),
            ("暗号化方式", ""),
            ("鍵の送付方法", ""),
            ("鍵の追跡番号", ""),
            ("鍵の送付日", ""),
            ("マニフェストSHA-256", ""),
            ("署名鍵", signer),
            ("受領日", "2026-12-04"),
            ("受領時刻", "14:00"),
            ("受領担当者", "佐藤 花子"),
            ("受領時の検証結果", "正常"),
            ("到着確認", ""),
            ("検証回数", "1"),
            ("復号回数", "2"),
            ("廃棄日", "2026-12-06"),
            ("廃棄方法", "物理破壊"),
            ("立会人", "高橋 三郎"),
            ("保管期限", "2027-03-31"),
            (
                "訂正",
                "記録4(復号) 2026-12-05 佐藤 花子: 出力先は暗号化フォルダへ移動済 (記録6)",
            ),
            ("備考", "復号データ廃棄 記録8 2026-12-06 消去ソフト"),
        ],
    );
    let unchecked = row_where(&t, &rows, "移送ID", &medium_id);
    let col = |name: &str| t.iter().position(|c| c == name).unwrap();
    assert_eq!(unchecked[col("区分")], "受領(未認証)");
    assert_eq!(unchecked[col("受領日")], "2026-12-04");
    assert_eq!(unchecked[col("受領時刻(JST)")], "14:05");
    assert_eq!(unchecked[col("受領担当者")], "佐藤 花子");
    assert_eq!(unchecked[col("受領時の検証結果")], "異常");
    assert_eq!(
        unchecked[col("備考")],
        format!("未認証の媒体: 記載上の移送ID {id} / 移送元 大阪府がん登録室 / 追跡番号 13112383852 / 区分 非匿名化")
    );

    // 受領・検証・復号記録, recipient: a row per event, none overwritten.
    let (t, rows) = r.export("checks");
    assert_eq!(rows.len(), 5, "{rows:#?}");
    let out = |p: &Path| p.display().to_string();
    let expect = [
        (
            "1", id.as_str(), "", "受領", "2026-12-04", "14:00", "正常", "確認済", signer,
            "大阪府がん登録室", "13112383852", String::new(), "", "", String::new(),
        ),
        (
            "2", id.as_str(), "", "検証", "2026-12-04", "14:00", "正常", "確認済", signer,
            "大阪府がん登録室", "13112383852", String::new(), "", "", String::new(),
        ),
        (
            "3", medium_id.as_str(), id.as_str(), "確認(未認証)", "2026-12-04", "14:05", "異常",
            "未確認", "", "", "", String::new(), "", "",
            format!("未認証の媒体: 記載上の移送ID {id} / 移送元 大阪府がん登録室 / 追跡番号 13112383852 / 区分 非匿名化"),
        ),
        (
            "4", id.as_str(), "", "復号", "2026-12-04", "15:00", "正常", "確認済", signer,
            "大阪府がん登録室", "", out(&out1), "1",
            "2026-12-05 佐藤 花子: 出力先は暗号化フォルダへ移動済 (記録6)", String::new(),
        ),
        (
            "5", id.as_str(), "", "復号", "2026-12-05", "10:00", "正常", "確認済", signer,
            "大阪府がん登録室", "", out(&out2), "1", "", String::new(),
        ),
    ];
    for (
        row,
        (n, sid, claimed, kind, date, time, result, pinned, key, from, env, o, files, fix, note),
    ) in rows.iter().zip(&expect)
    {
        assert_row(
            &t,
            CHECK_COLUMNS,
            row,
            &[
                ("記録番号", *n),
                ("移送ID", *sid),
                ("記載上の移送ID", *claimed),
                ("種別", *kind),
                ("日付", *date),
                ("時刻", *time),
                ("担当者", "佐藤 花子"),
                ("結果", *result),
                ("送付元の確認", *pinned),
                ("署名鍵", *key),
                ("移送元", *from),
                ("情報の区分", "非匿名化"),
                ("封筒の追跡番号", *env),
                ("出力先", o.as_str()),
                ("ファイル数", *files),
                ("訂正", *fix),
                ("備考", note.as_str()),
            ],
        );
    }

    // 媒体管理簿: each stick of the set its own row, on both sides.
    let (t, rows) = s.export("media");
    assert_eq!(rows.len(), 3, "{rows:#?}");
    for (k, row) in rows.iter().enumerate() {
        let vid = format!("{id}-{}/3", k + 1);
        assert_row(
            &t,
            MEDIA_COLUMNS,
            row,
            &[
                ("媒体ID", &vid),
                ("移送ID", &id),
                ("資料の形態", "USBメモリ"),
                ("区分", "作成(発送)"),
                ("作成・受領日", "2026-12-04"),
                (
                    "マニフェストSHA-256",
                    volumes[k]["manifest_sha256"].as_str().unwrap(),
                ),
                ("保管期限", "2027-03-31"),
                ("廃棄日", ""),
                ("廃棄方法", ""),
                ("訂正", ""),
                ("備考", ""),
            ],
        );
    }
    let (t, rows) = r.export("media");
    assert_eq!(rows.len(), 5, "{rows:#?}");
    for (k, row) in rows.iter().take(3).enumerate() {
        let vid = format!("{id}-{}/3", k + 1);
        assert_row(
            &t,
            MEDIA_COLUMNS,
            row,
            &[
                ("媒体ID", &vid),
                ("移送ID", &id),
                ("資料の形態", "USBメモリ"),
                ("区分", "受領"),
                ("作成・受領日", "2026-12-04"),
                ("マニフェストSHA-256", ""),
                ("保管期限", "2027-03-31"),
                ("廃棄日", "2026-12-06"),
                ("廃棄方法", "物理破壊"),
                ("訂正", ""),
                ("備考", ""),
            ],
        );
    }
    // The decrypted folder after the shipment's media: kept until the signed use
    // period ends, disposed of by its own record.
    assert_row(
        &t,
        MEDIA_COLUMNS,
        &rows[3],
        &[
            ("媒体ID", &folder),
            ("移送ID", &id),
            ("資料の形態", "復号データ(中間生成物)"),
            ("区分", "復号"),
            ("作成・受領日", "2026-12-04"),
            ("マニフェストSHA-256", ""),
            ("保管期限", "2027-03-31"),
            ("廃棄日", "2026-12-06"),
            ("廃棄方法", "消去ソフト"),
            (
                "訂正",
                "記録4(復号) 2026-12-05 佐藤 花子: 出力先は暗号化フォルダへ移動済 (記録6)",
            ),
            ("備考", ""),
        ],
    );
    assert_eq!(rows[4][0], medium_id);
    assert_eq!(rows[4][3], "受領(未認証)");

    // 廃棄記録, recipient.
    let (t, rows) = r.export("disposal");
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert_eq!(rows[1][1], folder);
    assert_eq!(rows[1][2], "復号データ(中間生成物)");
    assert_eq!(rows[1][6], "消去ソフト");
    assert_row(
        &t,
        DISPOSAL_COLUMNS,
        &rows[0],
        &[
            ("記録番号", "7"),
            ("移送ID", &id),
            ("資料の形態", "USBメモリ"),
            ("媒体数", "3"),
            ("情報の区分", "非匿名化"),
            ("廃棄日", "2026-12-06"),
            ("廃棄方法", "物理破壊"),
            ("委託先", ""),
            ("廃棄証明書番号", ""),
            ("立会人", "高橋 三郎"),
            ("実施者", "佐藤 花子"),
            ("訂正", ""),
            ("備考", ""),
        ],
    );
    let (_, rows) = s.export("disposal");
    assert!(rows.is_empty());

    // The workbook holds the same cells, sheet by sheet, on both sides (dates and times
    // as typed cells that read back as the CSV's text).
    for (name, desk) in [("sender", s), ("recipient", r)] {
        let book = d.dir.path().join(format!("{name}.xlsx"));
        desk.ok(
            "2026-12-07T00:00:00Z",
            &[
                "record".as_ref(),
                "export".as_ref(),
                "--format".as_ref(),
                "xlsx".as_ref(),
                "-o".as_ref(),
                book.as_os_str(),
            ],
        );
        for reg in isou::records::export::REGISTERS {
            let (titles, rows) = desk.export(reg.name);
            let csv: Vec<Vec<String>> = std::iter::once(titles).chain(rows).collect();
            assert_eq!(
                crate::workbook::sheet_as_csv(&book, reg.title, &csv),
                csv,
                "{name} {}",
                reg.title
            );
        }
    }
}

/// Carried by hand (§2.2⑧⑨): the attendant has a column of its own.
#[test]
fn the_attendant_of_a_hand_carried_medium_has_its_column() {
    let d = desks();
    let s = &d.sender;
    let (id, _, _) = d.seal(
        SEALED,
        "hand",
        1,
        1000,
        &[
            "--carrier",
            "持参",
            "--attendance-acknowledged",
            "--envelope-confirmed",
            "--use-until",
            "2099-12-31",
        ],
    );
    s.ok(
        SHIPPED,
        &[
            "record",
            "ship",
            &id,
            "--carrier",
            "持参",
            "--attendance-acknowledged",
        ],
    );
    s.ok(
        SHIPPED,
        &["record", "hand-carry", &id, "--attendant", "鈴木 一郎"],
    );
    let (t, rows) = s.export("transport");
    let col = |name: &str| t.iter().position(|c| c == name).unwrap();
    let row = &rows[0];
    assert_eq!(row[col("移送手段")], "持参");
    assert_eq!(row[col("同行者")], "鈴木 一郎");
    assert_eq!(row[col("発送日")], "2026-12-04");
    assert_eq!(row[col("媒体数")], "1");
    // One medium: its manifest's hash is the shipment's.
    assert_eq!(row[col("マニフェストSHA-256")].len(), 64);
    let (t, rows) = s.export("media");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][t.iter().position(|c| c == "媒体ID").unwrap()], id);
}

/// The anonymized class is one word on both sides, and a check without --signer after
/// a VALID receipt leaves the receipt 正常 (issue 16: it showed 検証NG).
#[test]
fn one_word_for_the_class_on_both_sides_and_a_later_unsigned_check_changes_no_receipt() {
    let d = desks();
    let (s, r) = (&d.sender, &d.recipient);
    let (id, _, media) = d.seal(SEALED, "anon", 1, 1000, &["--class", "匿名化"]);
    let m = media[0].to_str().unwrap();
    r.ok(RECEIVED, &["verify", "--signer", &s.card, m]);
    let o = run(r.at(CHECKED).args(["verify", m]));
    assert!(!o.status.success());
    for p in [s, r] {
        let (t, rows) = p.export("transport");
        let col = |name: &str| t.iter().position(|c| c == name).unwrap();
        let row = row_where(&t, &rows, "移送ID", &id);
        assert_eq!(row[col("情報の区分")], "匿名化", "{row:?}");
    }
    let (t, rows) = r.export("transport");
    let col = |name: &str| t.iter().position(|c| c == name).unwrap();
    let row = row_where(&t, &rows, "移送ID", &id);
    assert_eq!(row[col("受領時の検証結果")], "正常");
    assert_eq!(row[col("受領時刻(JST)")], "14:00");
    let (t, rows) = r.export("checks");
    let col = |name: &str| t.iter().position(|c| c == name).unwrap();
    let results: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[col("種別")].as_str(), r[col("結果")].as_str()))
        .collect();
    assert_eq!(
        results,
        [("受領", "正常"), ("検証", "正常"), ("確認(未認証)", "異常")]
    );
    // No OK/NG anywhere (as a result word: a key's fingerprint or a hash may spell
    // them by chance, so whole words are compared).
    for register in ["transport", "checks", "media", "disposal"] {
        for p in [s, r] {
            let (_, rows) = p.export(register);
            for cell in rows.iter().flatten() {
                for word in cell.split([' ', '(', ')', ',', '/']) {
                    assert!(
                        !["OK", "NG", "検証OK", "検証NG"].contains(&word),
                        "{register}: {cell}"
                    );
                }
            }
        }
    }
}

/// A keyed partner (a contact of the recipient, with its own key) that signs another
/// contact's name as Source-Organization is registered under its own name: 移送元 is the
/// contact whose key signed the medium, the claim only a remark, and verify says so
/// (issue 16 red team finding 15).
#[test]
fn the_sender_is_the_contact_whose_key_signed_not_the_organisation_it_claims() {
    let d = desks();
    let r = &d.recipient;
    let (mid, mcard) = keygen(d.dir.path(), "m.txt");
    // The recipient knows the partner as 相手機関.
    let mut p = std::fs::read_to_string(&r.policy).unwrap();
    p.push_str(&format!(
        "\n[[contacts]]\nname = \"相手機関\"\ncard = \"{mcard}\"\n"
    ));
    std::fs::write(&r.policy, p).unwrap();
    let mpolicy = d.dir.path().join("partner.toml");
    std::fs::write(
        &mpolicy,
        format!(
            "organization = \"相手機関\"\n[[contacts]]\nname = \"国立がん研究センター\"\ncard = \"{}\"\n",
            r.card
        ),
    )
    .unwrap();
    let ex = d.dir.path().join("m-extract");
    std::fs::create_dir(&ex).unwrap();
    std::fs::write(ex.join("a.csv"), "id\n1\n").unwrap();
    let medium = d.dir.path().join("m-medium");
    std::fs::create_dir(&medium).unwrap();
    let o = run(isou()
        .arg("--ledger")
        .arg(d.dir.path().join("partner.sqlite"))
        .arg("--policy")
        .arg(&mpolicy)
        .args([
            "seal",
            "--to",
            "国立がん研究センター",
            "--class",
            "anonymized",
            "-i",
        ])
        .arg(&mid)
        .args([
            "--source-organization",
            "大阪府がん登録室",
            "--carrier",
            "簡易書留",
            "--tracking-number",
            "131-12-38385-2",
            "--medium",
        ])
        .arg(&medium)
        .arg(&ex));
    assert!(o.status.success(), "{}", stderr(&o));
    let o = r.ok(
        RECEIVED,
        &[
            "verify".as_ref(),
            "--signer".as_ref(),
            "相手機関".as_ref(),
            medium.as_os_str(),
        ],
    );
    assert!(
        stderr(&o).contains("says it is from 大阪府がん登録室, but it is signed by the key of your contact 相手機関"),
        "{}",
        stderr(&o)
    );
    // Listed as from the contact that signed it, never from the one it claims to be.
    let listed = |who: &str| {
        let o = r.ok(
            RECEIVED,
            &["record", "list", "--json", "--destination", who],
        );
        serde_json::from_slice::<serde_json::Value>(&o.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(listed("大阪府がん登録室"), 0);
    assert_eq!(listed("相手機関"), 2);
    // One transport row; a received and a verified row in the checks register.
    for (register, n) in [("transport", 1), ("checks", 2)] {
        let (t, rows) = r.export(register);
        assert_eq!(rows.len(), n, "{rows:#?}");
        let col = |c: &str| t.iter().position(|x| x == c).unwrap();
        for row in &rows {
            assert_eq!(row[col("移送元")], "相手機関", "{register}: {rows:?}");
            assert!(
                row[col("備考")].contains(
                    "媒体上の移送元の記載 「大阪府がん登録室」 は署名した連絡先 「相手機関」 と異なる"
                ),
                "{register}: {rows:?}"
            );
        }
    }
}
