//! The 移送記録簿 (transport register): one row per shipment, folded from its events,
//! exported as CSV (UTF-8 with BOM and CRLF, so Excel opens Japanese text correctly) or
//! JSON with the same Japanese column names.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::Value;

use super::{Event, EventKind};

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

fn s(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(s).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
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
                set("情報の区分", s(&b["class"]));
                set("資料の形態", s(&b["medium_type"]));
                set("移送手段", s(&b["carrier"]));
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
                if b["attendance_acknowledged"] == Value::Bool(true) {
                    set("備考", "持参: 立会いの規則を確認済".into());
                }
                set("マニフェストSHA-256", s(&b["summary"]["manifest_sha256"]));
                set("署名鍵", s(&b["summary"]["signer"]));
            }
            EventKind::Shipped => {
                set("移送手段", s(&b["carrier"]));
                set("追跡番号", s(&b["tracking_number"]));
                set("発送日時", s(&b["date"]));
            }
            EventKind::Received | EventKind::Verified => {
                if r.get("区分").is_none_or(|v| v.is_empty()) {
                    r.insert("区分", "受領".into());
                }
                let mut set = |k: &'static str, v: String| {
                    if !v.is_empty() {
                        r.insert(k, v);
                    }
                };
                set("移送元", s(&b["from"]));
                set("移送先", s(&b["destination"]));
                set("情報の区分", s(&b["class"]));
                set("資料の形態", s(&b["medium_type"]));
                set("追跡番号", s(&b["tracking_number"]));
                set("署名鍵", s(&b["signer"]));
                let result = if b["valid"] == Value::Bool(true) {
                    "検証OK"
                } else {
                    "検証NG"
                };
                set(
                    "受領日時・受領者・検証結果",
                    format!("{} {} {result}", e.recorded_at, s(&b["by"])),
                );
            }
            EventKind::Opened => set(
                "復号日時・復号者",
                format!("{} {}", e.recorded_at, s(&b["by"])),
            ),
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
            EventKind::HandCarried | EventKind::Corrected => {}
        }
    }
    order.into_iter().filter_map(|k| rows.remove(&k)).collect()
}

/// Writes rows as CSV: UTF-8 with a byte-order mark and CRLF line ends, every field
/// quoted as needed, in [`COLUMNS`] order.
pub fn write_csv<W: Write>(out: W, rows: &[BTreeMap<&'static str, String>]) -> io::Result<()> {
    let mut out = out;
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(COLUMNS)?;
    for r in rows {
        w.write_record(
            COLUMNS
                .iter()
                .map(|c| r.get(c).map(String::as_str).unwrap_or("")),
        )?;
    }
    w.flush()
}
