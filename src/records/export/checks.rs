//! The 受領・検証・復号記録: one row per receipt, verification, opening and check.

use super::cells::{
    add_note, blank, claims_note, correction_cell, corrections, date_of, kind_ja, late_note, opt,
    read, result_word, time_of, unreadable_note, Read,
};
use super::stated::Stated;
use super::{Row, CHECK_COLUMNS};
use crate::records::event::{EventBody, Verification};
use crate::records::{Event, EventKind};

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
            ) => fill_verification(&mut r, e, v),
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

/// The cells of a receipt, verification or check: who, the result, the sender as
/// checked and as stated, the class, and why an opening was refused.
fn fill_verification(r: &mut Row, e: &Event, v: &Verification) {
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
        add_note(r, n);
    }
    let (class, note) = stated.class();
    r.insert("情報の区分", class);
    r.insert("封筒の追跡番号", opt(&v.envelope_tracking_number));
    if let Some(n) = note {
        add_note(r, n);
    }
    if e.kind == EventKind::CheckedIncomplete {
        add_note(r, opt(&v.missing_text));
    }
    // A refused opening (red team 17 finding 14): why, as recorded.
    if let Some(why) = &v.open_refused {
        add_note(r, format!("開封拒否: {why}"));
    }
}

/// Whether the sender was checked against a key known beforehand.
pub(super) fn pinned_word(pinned: bool) -> &'static str {
    if pinned {
        "確認済"
    } else {
        "未確認"
    }
}
