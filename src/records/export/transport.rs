//! The 移送記録簿 (§2.2③): one row per shipment, folded from its events.

use std::collections::BTreeMap;

use super::cells::{
    add_note, blank, claims_note, class_label, correction_cell, corrections, date_of, late_note,
    opt, put, put_each, put_earliest, put_if_blank, read, result_word, split_form, time_of,
    unreadable_note, Read,
};
use super::stated::Stated;
use super::{Row, COLUMNS};
use crate::records::event::{Checked, EventBody, KeySent, Opened, Sealed, Shipped, Verification};
use crate::records::{Event, EventKind};

/// The 備考 of one `record ship` event, in one place (issue 14): every explicit choice
/// and every replacement it recorded, so the register never shows only the last carrier
/// or number while the signed medium says another (§2.2③⑥⑧⑨).
pub(super) fn ship_notes(b: &Shipped) -> Vec<String> {
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
pub(super) fn recipient_fingerprints(b: &Sealed) -> Vec<String> {
    if !b.recipient_fingerprints.is_empty() {
        return b.recipient_fingerprints.clone();
    }
    b.recipients
        .iter()
        .filter_map(|r| crate::records::event::recipient_fingerprint(r))
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
            Fold::new(&e.shipment)
        });
        f.events.push((e.id, e.kind));
        match body {
            Some(body) => f.fold(e, body),
            None => add_note(&mut f.row, unfolded_note(e)),
        }
    }
    for f in folds.values_mut() {
        f.count_and_correct(&corr);
    }
    mark_contested(events, &mut folds);
    mark_key_missing(events, &mut folds);
    order
        .into_iter()
        .filter_map(|k| folds.remove(&k).map(|f| f.row))
        .collect()
}

/// The remark for a row whose body is not folded in: a row written outside isou (of a
/// kind isou does not know), or one whose body does not read as its kind.
fn unfolded_note(e: &Event) -> String {
    if e.kind == EventKind::Unknown {
        // A row written outside isou: said in the remarks, not folded in.
        format!(
            "種別不明の記録 (unknown kind {}, {})",
            e.unknown_kind.as_deref().unwrap_or(""),
            crate::clock::local(&e.recorded_at)
        )
    } else {
        unreadable_note(e)
    }
}

impl Fold {
    /// A shipment's blank row.
    fn new(shipment: &str) -> Fold {
        let mut row = blank(COLUMNS);
        row.insert("移送ID", shipment.to_string());
        Fold {
            row,
            events: Vec::new(),
            verified: 0,
            opened: 0,
            received: false,
        }
    }

    /// Folds one readable event of the shipment into its row.
    fn fold(&mut self, e: &Event, body: &EventBody) {
        let r = &mut self.row;
        match body {
            EventBody::Sealed(b) => fold_sealed(r, b),
            EventBody::Shipped(b) => {
                put(r, "移送手段", b.carrier.clone());
                put(r, "追跡番号", opt(&b.tracking_number));
                put(r, "発送日", b.date.clone());
                for note in ship_notes(b) {
                    add_note(r, note);
                }
            }
            EventBody::KeySent(b) => fold_key_sent(r, b),
            // §2.2⑨: who went with the medium; a second record in 備考.
            EventBody::HandCarried(b) => {
                if r["同行者"].is_empty() {
                    put(r, "同行者", b.attendant.clone());
                } else {
                    add_note(r, format!("持参の記録 {} 同行者 {}", b.date, b.attendant));
                }
            }
            EventBody::Received(v) => self.fold_received(e, v),
            EventBody::Verified(v) => {
                fold_stated(r, v);
                self.verified += 1;
                if let Some(why) = &v.open_refused {
                    add_note(&mut self.row, format!("開封拒否 記録{} {why}", e.id));
                }
            }
            EventBody::Opened(o) => self.fold_opened(o),
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
            EventBody::Checked(c) => self.fold_checked(e, c),
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
            EventBody::CheckedIncomplete(v) => self.fold_incomplete(e, v),
            EventBody::Corrected(_) | EventBody::ReceiptIssued(_) => {}
            // 到着確認: the date the destination verified the medium, as its signed
            // receipt (受領書) says and `record receipt` checked (records::receipt).
            EventBody::Delivered(d) => put(r, "到着確認", crate::clock::local_date(&d.verified_at)),
        }
        if let Some(note) = late_note(e) {
            add_note(&mut self.row, note);
        }
    }

    /// A receipt: the shipment's facts as the medium states them, and the 受領
    /// columns from the first one (a receipt is recorded once per signer).
    fn fold_received(&mut self, e: &Event, v: &Verification) {
        let r = &mut self.row;
        fold_stated(r, v);
        if !self.received {
            self.received = true;
            self.fill_receipt(e, &v.by, result_word(v.valid, v.set_complete, v.problems));
        }
    }

    /// The 受領 columns: when, by whom and with what result the medium was received.
    fn fill_receipt(&mut self, e: &Event, by: &str, result: &str) {
        let r = &mut self.row;
        r.insert("受領日", date_of(e));
        r.insert("受領時刻", time_of(e));
        r.insert("受領担当者", by.to_string());
        r.insert("受領時の検証結果", result.to_string());
    }

    /// An opening: counted, and from a pinned sender (open authenticates first) the
    /// shipment's facts from this event when no verify recorded them (finding 07).
    fn fold_opened(&mut self, o: &Opened) {
        self.opened += 1;
        if o.sender_checked {
            let r = &mut self.row;
            put_if_blank(r, "区分", "受領");
            Stated::of_opened(o).fold_into(r);
            fold_terms(r, o.terms.as_ref());
            put_earliest(r, "保管期限", &o.medium_retain_until().unwrap_or_default());
        }
    }

    /// A medium whose claims could not be authenticated: a row of its own (the medium
    /// is in custody and must be disposed of), its claims only as remarks.
    fn fold_checked(&mut self, e: &Event, c: &Checked) {
        put(&mut self.row, "区分", "受領(未認証)".into());
        if !self.received {
            self.received = true;
            self.fill_receipt(e, &c.by, result_word(c.valid, c.set_complete, c.problems));
        }
        self.verified += 1;
        add_note(&mut self.row, claims_note(&c.claimed));
    }

    /// Authenticated volumes of an incomplete set: the shipment's facts, and the
    /// receipt columns say 未了 only while no receipt of the whole set is there; an
    /// earlier 正常 stands (issue 15 item 4), and the check is a remark.
    fn fold_incomplete(&mut self, e: &Event, v: &Verification) {
        let r = &mut self.row;
        put_if_blank(r, "区分", "受領");
        Stated::of_verification(v).fold_into(r);
        if !self.received {
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

    /// The counts of verifications and openings, and the corrections of its events.
    fn count_and_correct(&mut self, corr: &BTreeMap<i64, Vec<String>>) {
        if self.verified > 0 {
            self.row.insert("検証回数", self.verified.to_string());
        }
        if self.opened > 0 {
            self.row.insert("復号回数", self.opened.to_string());
        }
        let cell = correction_cell(corr, &self.events, true);
        self.row.insert("訂正", cell);
    }
}

/// A seal: the shipment's facts as its sender recorded them.
fn fold_sealed(r: &mut Row, b: &Sealed) {
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
    // One volume: its manifest's hash. A set has one per volume, each in its own row
    // of the 媒体管理簿.
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

/// The key by another route (§2.2⑦): the first sending in its columns, a later one in
/// 備考 (never overwritten).
fn fold_key_sent(r: &mut Row, b: &KeySent) {
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

/// What a verification (a receipt or a later verify) states of the shipment: 区分 受領
/// unless set, the stated facts and terms, and the earliest retention date.
fn fold_stated(r: &mut Row, v: &Verification) {
    put_if_blank(r, "区分", "受領");
    Stated::of_verification(v).fold_into(r);
    fold_terms(r, v.terms.as_ref());
    put_earliest(r, "保管期限", v.retain_until.as_deref().unwrap_or(""));
}

/// A shipment id recorded with more than one signing key (another pinned sender's
/// medium claimed it: finding 03): every key and when it was first recorded, in 署名鍵
/// and loudly in 備考, so no claimant's facts stand alone for the row.
fn mark_contested(events: &[Event], folds: &mut BTreeMap<String, Fold>) {
    let mut signers: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for e in events {
        let Some(signer) = crate::records::claimed_signer(e) else {
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
}

/// A passphrase-mode shipment is incomplete until its key is recorded as sent by
/// another route (§2.2 本文・⑦, `keyroute`).
fn mark_key_missing(events: &[Event], folds: &mut BTreeMap<String, Fold>) {
    let mut by_shipment: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
    for e in events {
        by_shipment.entry(e.shipment.as_str()).or_default().push(e);
    }
    for (shipment, f) in folds.iter_mut() {
        let of = by_shipment
            .get(shipment.as_str())
            .map_or(&[][..], Vec::as_slice);
        if crate::records::keyroute::MediumRoute::of(of).is_some_and(|m| m.key_missing(of)) {
            add_note(
                &mut f.row,
                "鍵未送付: パスフレーズを別経路で送付した記録がない (未完了)".into(),
            );
        }
    }
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
