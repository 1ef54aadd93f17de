//! The 廃棄記録 (§2.4⑥⑦), and the items due for disposal as rows.

use std::collections::BTreeMap;

use super::cells::{
    add_note, blank, class_label, correction_cell, corrections, late_note, opt, read,
    unreadable_note, Read,
};
use super::{transport_register, Row, DISPOSAL_COLUMNS};
use crate::records::event::EventBody;
use crate::records::{Event, EventKind};

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
