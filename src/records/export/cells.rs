//! The cells every register is made of: the registers' words for classes, results and
//! kinds, dates and times in the registry's zone, remarks, corrections, and how a cell
//! is set by a later event.

use std::collections::BTreeMap;

use serde_json::Value;

use super::lines::kind_label;
use super::Row;
use crate::records::event::{Claimed, EventBody};
use crate::records::{Event, EventKind};

/// A class as the registers word it, one word on both sides: `identifiable`,
/// `非匿名化` or the bag-info label `identifiable (非匿名化)` → 非匿名化; the same for
/// 匿名化; other text as it is (shown, not guessed).
pub(super) fn class_label(c: &str) -> String {
    match c.parse::<crate::media::InfoClass>() {
        Ok(crate::media::InfoClass::Identifiable) => "非匿名化".into(),
        Ok(crate::media::InfoClass::Anonymized) => "匿名化".into(),
        Err(_) => c.into(),
    }
}

/// A check's result in the registers' one vocabulary: 正常, 異常, or 未了 for a set
/// checked with a volume left out and nothing wrong on those given (not 異常: nothing
/// failed, the check is not finished).
pub(super) fn result_word(valid: bool, set_complete: bool, problems: u64) -> &'static str {
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
pub(super) fn kind_ja(kind: EventKind) -> &'static str {
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
pub(super) fn split_form(medium_type: &str) -> (String, Option<usize>) {
    match medium_type.rsplit_once(" ×") {
        Some((form, n)) => match n.parse::<usize>() {
            Ok(n) => (form.to_string(), Some(n)),
            Err(_) => (medium_type.to_string(), None),
        },
        None => (medium_type.to_string(), None),
    }
}

/// The date of a recorded instant in the registry's zone (`YYYY-MM-DD`).
pub(super) fn date_of(e: &Event) -> String {
    crate::clock::local_date(&e.recorded_at)
}

/// The time of day of a recorded instant in the registry's zone (`HH:MM`); the
/// column's title names the zone.
pub(super) fn time_of(e: &Event) -> String {
    let local = crate::clock::local(&e.recorded_at);
    match local.split_once(' ') {
        Some((_, time)) => time.to_string(),
        None => String::new(),
    }
}

/// An optional text as a cell.
pub(super) fn opt(v: &Option<String>) -> String {
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
pub(super) fn add_note(r: &mut Row, note: String) {
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
pub(super) fn put(r: &mut Row, k: &'static str, v: String) {
    if !v.is_empty() {
        r.insert(k, v);
    }
}

/// An empty row of `columns`.
pub(super) fn blank(columns: &[&'static str]) -> Row {
    columns.iter().map(|c| (*c, String::new())).collect()
}

/// The events with their typed bodies, read once. A body that does not read as its
/// kind (a row written outside isou) is `None`, and the registers say so in 備考.
pub(super) struct Read<'a> {
    pub(super) e: &'a Event,
    pub(super) body: Option<EventBody>,
}

pub(super) fn read(events: &[Event]) -> Vec<Read<'_>> {
    events
        .iter()
        .map(|e| Read {
            e,
            body: e.typed().ok(),
        })
        .collect()
}

/// The remark for an event whose body could not be read.
pub(super) fn unreadable_note(e: &Event) -> String {
    format!(
        "読めない記録: 記録{} ({}) は記録簿に反映していない",
        e.id,
        kind_label(e)
    )
}

/// The corrections (`record correct`) of each event, by the corrected event's id:
/// each names its date, person and note, and its own record number (§2.2③: records
/// are corrected by a new entry beside what it corrects, never overwritten).
pub(super) fn corrections(reads: &[Read]) -> BTreeMap<i64, Vec<String>> {
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
pub(super) fn correction_cell(
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

/// Adds a value to a cell unless it is there already (`A / B`).
pub(super) fn put_each(r: &mut Row, k: &'static str, v: &str) {
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
pub(super) fn put_earliest(r: &mut Row, k: &'static str, v: &str) {
    if v.is_empty() {
        return;
    }
    if r.get(k).is_none_or(|c| c.is_empty() || v < c.as_str()) {
        r.insert(k, v.to_string());
    }
}

/// Sets a cell only while it is blank.
pub(super) fn put_if_blank(r: &mut Row, k: &'static str, v: &str) {
    if r.get(k).is_none_or(|c| c.is_empty()) {
        r.insert(k, v.to_string());
    }
}

/// What an unauthenticated medium said of itself, as a remark (never folded into a
/// shipment's facts: a forged medium must not change what the registers say).
pub(super) fn claims_note(c: &Claimed) -> String {
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
