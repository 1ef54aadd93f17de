//! Every way the ledger is printed on a terminal (`record list`, `show`, `due`), each
//! line cleaned whole (`untrusted::clean`).

use std::collections::BTreeMap;

use serde_json::Value;

use super::cells::{class_label, opt, result_word};
use crate::records::event::EventBody;
use crate::records::{Event, EventKind};
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
pub(super) fn when(e: &Event) -> String {
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
pub(super) fn actor_of(e: &Event) -> String {
    match e.typed() {
        Ok(EventBody::Sealed(b)) if !b.handler.is_empty() => b.handler,
        Ok(b) => b.by().to_string(),
        Err(_) => String::new(),
    }
}

/// The outcome of an event in a few words, for the list's last column: a check's
/// result (正常 / 異常), where a medium went, how it was shipped or disposed of.
pub(super) fn outcome(e: &Event) -> String {
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
pub(super) fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// `text` padded with spaces to `width` terminal columns.
pub(super) fn pad(text: &str, width: usize) -> String {
    let w = display_width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// `text` cut to at most `width` terminal columns, ending in `…` when cut.
pub(super) fn cut(text: &str, width: usize) -> String {
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
pub(super) const BY_WIDTH: usize = 16;

/// The widest the outcome is shown in `record list` (cut with `…`; in full in
/// `record show`).
pub(super) const OUTCOME_WIDTH: usize = 44;

/// The cells of an event's row in the list: id, time (registry's zone, named), kind,
/// shipment, who, outcome; each from the ledger cleaned (`sanitize`) before it is
/// measured, so what is aligned is what is printed.
pub(super) fn row_cells(e: &Event) -> [String; 6] {
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
pub(super) fn header() -> [String; 6] {
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
pub(super) fn table(rows: Vec<[String; 6]>) -> Vec<String> {
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
pub(super) const SHOW_WIDTH: usize = 100;

/// An event's facts as (path, value) pairs, nested objects and lists flattened to
/// dotted paths (`summary.signer`, `choices.1.flag`), so no JSON is printed; a list of
/// plain values is one value, comma-separated; null, an empty list or object is `(none)`. Each value as a person
/// reads it where isou knows the fact (`fields::value`: yes/no, sizes, tracking numbers
/// grouped, instants in the registry's zone), else as stored.
pub(super) fn facts(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
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
            crate::records::fields::value(prefix, v).unwrap_or_else(|| t.clone()),
        )),
        other => out.push((
            prefix.to_string(),
            crate::records::fields::value(prefix, other).unwrap_or_else(|| other.to_string()),
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
        all.sort_by_key(|(k, _)| crate::records::fields::rank(k));
        let all: Vec<(String, String)> = all
            .into_iter()
            .map(|(k, v)| {
                // Each name in the reader's language; one isou does not know, as
                // stored (`fields::label`).
                let k = if k.is_empty() {
                    crate::tr!("rec-show-body")
                } else {
                    crate::records::fields::label(&k)
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
pub(super) fn wrap_into(out: &mut Vec<String>, text: &str, indent: &str, next: &str) {
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

/// A line of `record due`: a row of [`due`](super::due).
pub fn due_line(m: &BTreeMap<&'static str, String>) -> String {
    let f = |k: &str| sanitize(m.get(k).map(String::as_str).unwrap_or(""));
    clean(&crate::tr!(
        "rec-due-line",
        medium = f("媒体ID"),
        form = f("資料の形態"),
        until = f("保管期限")
    ))
}
