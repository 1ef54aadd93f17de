//! What a recipient's authenticated event says of the shipment, read the same way by
//! the 移送記録簿 and the 受領・検証・復号記録.

use super::cells::{add_note, class_label, put, split_form};
use super::Row;
use crate::records::event::{Opened, Verification};

/// What a recipient's authenticated event (received, verified, an incomplete set's
/// check, an opening from a pinned sender) says of the shipment.
pub(super) struct Stated<'a> {
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
    pub(super) fn of_verification(v: &'a Verification) -> Stated<'a> {
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

    pub(super) fn of_opened(o: &'a Opened) -> Stated<'a> {
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
    pub(super) fn sender(&self) -> Option<&'a str> {
        self.sender_contact.or(self.from)
    }

    /// A remark when the medium's signed Source-Organization is not the contact whose
    /// key signed it.
    pub(super) fn claim_note(&self) -> Option<String> {
        match (self.sender_contact, self.from) {
            (Some(c), Some(f)) if !f.is_empty() && f != c => Some(format!(
                "媒体上の移送元の記載 「{f}」 は署名した連絡先 「{c}」 と異なる"
            )),
            _ => None,
        }
    }

    /// The class as the registers word it: the stated one, else 非匿名化 (the safe
    /// default, issue 14 finding 05) and a remark saying the sender did not state it.
    pub(super) fn class(&self) -> (String, Option<String>) {
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
    pub(super) fn fold_into(&self, r: &mut Row) {
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
