//! The 媒体管理簿 (§1.2②): one row per medium held, and per decrypted folder.

use std::collections::BTreeMap;

use super::cells::{
    add_note, blank, correction_cell, corrections, date_of, late_note, opt, read, split_form, Read,
};
use super::{Row, MEDIA_COLUMNS};
use crate::records::event::{volume_id, Disposed, EventBody, Opened, Sealed, Verification};
use crate::records::terms::{Item, DECRYPTED_SUFFIX};
use crate::records::{Event, EventKind};

/// The volumes of a set a recipient holds, by number (1-based) of `n`: those given,
/// the missing ones left out.
pub(super) fn held_volumes(v: &Verification) -> (Vec<usize>, usize) {
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
    let mut m = Media {
        gens: crate::records::terms::medium_generations(events),
        ..Media::default()
    };
    let mut disposals: Vec<(&Event, &Disposed)> = Vec::new();
    let mut opened: Vec<(&Event, &Opened)> = Vec::new();
    let mut folder_disposals: Vec<(&Event, &Disposed)> = Vec::new();
    for Read { e, body } in &reads {
        match body {
            Some(EventBody::Sealed(b)) => m.sealed(e, b),
            // Authenticated volumes of an incomplete set are media held from the day
            // they were checked, as received ones are (issue 15 item 4); the rest of
            // the set from the day it came.
            Some(EventBody::Received(v) | EventBody::CheckedIncomplete(v)) => m.received(e, v),
            // A medium whose claims were not authenticated: held all the same (it must
            // be disposed of), under its own id; what it says of itself fills no cell.
            Some(EventBody::Checked(_)) => m.unauthenticated(e),
            // A decrypted folder's disposal is not the medium's (records::terms::Item).
            Some(EventBody::Disposed(d))
                if Item::of_recorded(d.item.as_deref()) == Item::Medium =>
            {
                disposals.push((e, d))
            }
            Some(EventBody::Disposed(d)) => folder_disposals.push((e, d)),
            Some(EventBody::Opened(o)) => {
                m.opened(e, o);
                opened.push((e, o));
            }
            _ => {}
        }
    }
    m.decrypted_folders(&opened);
    m.folders_disposed(&folder_disposals);
    m.media_disposed(&disposals);
    m.into_rows(&corr)
}

/// The 媒体管理簿 while it is folded: rows by media id, in order, each with the events it
/// shows corrections of.
#[derive(Default)]
struct Media {
    order: Vec<String>,
    rows: BTreeMap<String, (Row, Vec<(i64, EventKind)>)>,
    /// The media ids of each shipment id.
    of_shipment: BTreeMap<String, Vec<String>>,
    /// The generation of each event's medium (`terms::medium_generations`).
    gens: BTreeMap<i64, usize>,
}

impl Media {
    /// Adds a medium's row, once: the first event that names it makes it.
    fn add(&mut self, id: String, e: &Event, kind: &str, form: &str, manifest: &str, retain: &str) {
        if self.rows.contains_key(&id) {
            return;
        }
        let shipment = e.shipment.as_str();
        self.order.push(id.clone());
        self.of_shipment
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
        self.rows.insert(id, (r, vec![(e.id, e.kind)]));
    }

    /// The generation of an event's medium: 0 for the first medium under its id.
    fn gen_of(&self, e: &Event) -> usize {
        self.gens.get(&e.id).copied().unwrap_or(0)
    }

    /// A medium that came under the id after its medium was disposed of (another
    /// signer's): rows of its own, `ID#2`, and only its own disposal closes them
    /// (issue 16 red team finding 05; §1.2②, CWE-706).
    fn gid(&self, id: String, e: &Event) -> String {
        match self.gen_of(e) {
            0 => id,
            g => format!("{id}#{}", g + 1),
        }
    }

    /// A seal: each volume made, with its manifest's hash.
    fn sealed(&mut self, e: &Event, b: &Sealed) {
        let (form, _) = split_form(&b.medium_type);
        let ids = b.volume_ids(&e.shipment);
        for (i, id) in ids.iter().enumerate() {
            let manifest = match b.summary.volumes.get(i) {
                Some(v) => v.manifest_sha256.clone(),
                None => b.summary.manifest_sha256.clone(),
            };
            self.add(
                id.clone(),
                e,
                "作成(発送)",
                &form,
                &manifest,
                &opt(&b.retain_until),
            );
        }
    }

    /// A receipt or an incomplete set's check: each volume held.
    fn received(&mut self, e: &Event, v: &Verification) {
        let s = e.shipment.as_str();
        let form = split_form(v.medium_type.as_deref().unwrap_or("")).0;
        let (held, n) = held_volumes(v);
        for k in held {
            // One volume: the hash verify recorded is its own.
            let manifest = if n == 1 {
                v.manifest_sha256.clone()
            } else {
                String::new()
            };
            let id = self.gid(volume_id(s, k, n), e);
            // The signed use period, else the policy's retention (issue 16).
            self.add(id, e, "受領", &form, &manifest, &opt(&v.retain_until));
        }
    }

    /// A medium in custody under its own id, its claims not authenticated.
    fn unauthenticated(&mut self, e: &Event) {
        self.add(e.shipment.clone(), e, "受領(未認証)", "", "", "");
    }

    /// Opened without a separate verify: from a checked sender the opening is the
    /// medium's receipt (its volumes, dated, kept until the signed use period); from an
    /// unchecked one (--any-sender) a medium in custody under its own id, as an
    /// unauthenticated check is. Either way its decrypted folder (中間生成物, §1.2,
    /// §2.4) is a row, made by [`Media::decrypted_folders`] (issue 16 red team findings
    /// 07 and 14; §1.2②, §2.4).
    fn opened(&mut self, e: &Event, o: &Opened) {
        if !o.sender_checked {
            self.unauthenticated(e);
            return;
        }
        let s = e.shipment.as_str();
        let (form, n) = split_form(o.medium_type.as_deref().unwrap_or(""));
        let n = n.unwrap_or(1);
        for k in 1..=n {
            let id = self.gid(volume_id(s, k, n), e);
            self.add(
                id,
                e,
                "受領",
                &form,
                if n == 1 { &o.manifest_sha256 } else { "" },
                &o.medium_retain_until().unwrap_or_default(),
            );
        }
    }

    /// Each shipment's decrypted folder: one row, from its first opening (a folder
    /// opened again after its disposal is listed by `record due` as a new item).
    fn decrypted_folders(&mut self, opened: &[(&Event, &Opened)]) {
        for (e, o) in opened {
            let id = Item::Decrypted.id(&e.shipment);
            if self.rows.contains_key(&id) {
                continue;
            }
            self.order.push(id.clone());
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
            self.rows.insert(id, (r, vec![(e.id, e.kind)]));
        }
    }

    /// A decrypted folder's disposal (`record dispose SHIPMENT/復号`): its own row's,
    /// never the medium's.
    fn folders_disposed(&mut self, disposals: &[(&Event, &Disposed)]) {
        for (e, d) in disposals {
            let id = Item::Decrypted.id(&e.shipment);
            if let Some((r, evs)) = self.rows.get_mut(&id) {
                r.insert("廃棄日", d.date.clone());
                r.insert("廃棄方法", d.method.clone());
                evs.push((e.id, e.kind));
            }
        }
    }

    /// A disposal is of the whole medium or set (`record dispose SHIPMENT`): every
    /// volume of it.
    fn media_disposed(&mut self, disposals: &[(&Event, &Disposed)]) {
        for (e, d) in disposals {
            let g = self.gen_of(e);
            let mine = |id: &str| match id.rsplit_once('#') {
                Some((_, n)) => n.parse::<usize>().ok() == Some(g + 1),
                None => g == 0,
            };
            for id in self.of_shipment.get(&e.shipment).into_iter().flatten() {
                if !mine(id) && !id.ends_with(DECRYPTED_SUFFIX) {
                    continue;
                }
                if let Some((r, evs)) = self.rows.get_mut(id) {
                    r.insert("廃棄日", d.date.clone());
                    r.insert("廃棄方法", d.method.clone());
                    evs.push((e.id, e.kind));
                    if let Some(note) = late_note(e) {
                        add_note(r, note);
                    }
                }
            }
        }
    }

    /// The rows with their corrections: a shipment's media together, volume 1 first,
    /// even when a set was received a part at a time (an incomplete set checked before
    /// the whole one came).
    fn into_rows(mut self, corr: &BTreeMap<i64, Vec<String>>) -> Vec<Row> {
        let rows = &self.rows;
        let first: BTreeMap<&str, usize> =
            self.order
                .iter()
                .enumerate()
                .fold(BTreeMap::new(), |mut m, (i, id)| {
                    m.entry(rows[id].0["移送ID"].as_str()).or_insert(i);
                    m
                });
        let volume = |id: &str| {
            // The decrypted folder after the shipment's media.
            if id.ends_with(DECRYPTED_SUFFIX) {
                return usize::MAX;
            }
            id.rsplit_once('-')
                .and_then(|(_, kn)| kn.split_once('/'))
                .and_then(|(k, _)| k.parse::<usize>().ok())
                .unwrap_or(0)
        };
        let mut sorted = self.order.clone();
        sorted.sort_by_key(|id| (first[rows[id].0["移送ID"].as_str()], volume(id)));
        sorted
            .into_iter()
            .filter_map(|k| self.rows.remove(&k))
            .map(|(mut r, evs)| {
                r.insert("訂正", correction_cell(corr, &evs, true));
                r
            })
            .collect()
    }
}
