//! The event schema: one serde struct per kind of event, written by the workflows
//! (`records::shipment`) and read by every reader (the registers, the disposal rules,
//! the claim checks) through [`Event::typed`](super::Event::typed) — the same types on
//! both sides, so a fact written under one key cannot be read under another.
//!
//! Field names are the JSON keys isou has always written, so the bodies of a schema-1
//! ledger read as these structs: a key an older isou did not write is
//! `#[serde(default)]`. Keys a struct does not name are **kept**, in `extra`
//! (`#[serde(flatten)]`), deliberately: a row written by a newer isou (or a fact another
//! part of isou adds with one `extra.insert`) is then shown by `record list`/`show` and
//! survives a typed round trip (a kept unrecorded event is re-read and re-appended as
//! it was), instead of being dropped without a word. Nothing read here is trusted more
//! than before: every body, typed or not, passes the ledger's value checks
//! (`records::check_value` for free values, any other text bounded) when it is appended,
//! and a row that does not have its kind's shape is reported as unreadable, never
//! guessed at.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

mod body;
mod ids;

pub use body::{BodyError, EventBody};
pub use ids::{recipient_fingerprint, volume_id};

/// Keys a struct does not name, kept as they are (see the module's note).
pub type Extra = Map<String, Value>;

/// A class as rows have stored it: the one word (`identifiable`), the object an older
/// verification wrote (`{"class": …}`), or nothing (null: an absent fact).
fn class_word<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::de::Error;
    match Value::deserialize(d)? {
        Value::Null => Ok(String::new()),
        Value::String(s) => Ok(s),
        Value::Object(o) => match o.get("class") {
            Some(Value::String(s)) => Ok(s.clone()),
            None | Some(Value::Null) => Ok(String::new()),
            Some(_) => Err(D::Error::custom("its class is not a word")),
        },
        _ => Err(D::Error::custom("its class is not a word")),
    }
}

/// Text that older rows may hold as null (an absent fact): read as empty.
fn text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// The shipment summary a seal records (`SealSummary` as stored).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SealedSummary {
    /// The shipment id.
    #[serde(deserialize_with = "text")]
    pub shipment_id: String,
    /// Files sealed.
    pub files: u64,
    /// Their total size.
    pub bytes: u64,
    /// Segment files written.
    pub segments: Vec<String>,
    /// Bytes on the medium in `data/`.
    pub payload_bytes: u64,
    /// SHA-256 of `tagmanifest-sha256.txt` (of the first volume).
    #[serde(deserialize_with = "text")]
    pub manifest_sha256: String,
    /// Normalised tracking number, if given.
    pub tracking_number: Option<String>,
    /// The signing key's fingerprint (`SHA256:…`).
    #[serde(deserialize_with = "text")]
    pub signer: String,
    /// Each volume of the set.
    pub volumes: Vec<SealedVolume>,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One volume of a sealed set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SealedVolume {
    /// `k` of the set (1, 2, …).
    pub number: usize,
    /// The volume's own id in the media register: the shipment id for a single medium,
    /// `ISOU-…-k/n` for a volume of a set of n (schema 2; empty in older rows, see
    /// [`Sealed::volume_ids`]).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// The folder, or the image file.
    #[serde(deserialize_with = "text")]
    pub location: String,
    /// Segment files on it.
    pub segments: Vec<String>,
    /// Bytes of payload on it.
    pub payload_bytes: u64,
    /// Bytes of the whole image (images only).
    pub image_bytes: Option<u64>,
    /// SHA-256 of its `tagmanifest-sha256.txt`.
    #[serde(deserialize_with = "text")]
    pub manifest_sha256: String,
    /// `Bag-Count` written.
    #[serde(deserialize_with = "text")]
    pub bag_count: String,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A flag that relaxed a rule (`policy::ExplicitChoice`), shown in 備考.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Choice {
    /// The flag as typed.
    pub flag: String,
    /// The rule it relaxes.
    pub rule: String,
}

/// `sealed`: a medium (or set) was sealed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Sealed {
    /// What the seal wrote.
    pub summary: SealedSummary,
    /// 移送担当者: the handler (the policy's name for the account when the policy names
    /// handlers, else `--handler`, else the actor).
    #[serde(deserialize_with = "text")]
    pub handler: String,
    /// Who ran the command (the policy's name for the account, else the account).
    #[serde(deserialize_with = "text")]
    pub by: String,
    /// The OS account of the real uid.
    #[serde(deserialize_with = "text")]
    pub os_account: String,
    /// 移送元: `--source-organization`, else the policy's `organization` (schema 2).
    pub source_organization: Option<String>,
    /// 移送先: the destination's name in the policy.
    pub destination: Option<String>,
    /// The policy contacts `--to` named or whose cards it gave (schema 2).
    pub to_contacts: Vec<String>,
    /// 移送手段.
    pub carrier: Option<String>,
    /// An untracked service, chosen explicitly (anonymized data only, §2.2⑥).
    pub untracked_carrier: bool,
    /// 情報の区分 (`identifiable`, `anonymized`).
    #[serde(deserialize_with = "class_word")]
    pub class: String,
    /// Every unsafe choice made by flag (issue 14).
    pub choices: Vec<Choice>,
    /// 資料の形態 (`USB ×3`).
    #[serde(deserialize_with = "text")]
    pub medium_type: String,
    /// The age recipients, in full (`age1…`).
    pub recipients: Vec<String>,
    /// Each recipient's fingerprint, in the order of `recipients` (schema 2; see
    /// [`recipient_fingerprint`]).
    pub recipient_fingerprints: Vec<String>,
    /// The destination cards' signing keys (OpenSSH form), against which a signed
    /// receipt (受領書) is checked (issue 16; absent in older rows).
    pub destination_signing_keys: Vec<String>,
    /// Sealed with a passphrase (scrypt) rather than to keys.
    pub passphrase: bool,
    /// The envelope's markings were confirmed (§2.2⑤).
    pub envelope_confirmed: bool,
    /// The hand-carry attendance rule was acknowledged.
    pub attendance_acknowledged: bool,
    /// The destination's postal address from the policy.
    pub destination_address: Option<String>,
    /// The policy file used.
    pub policy: Option<String>,
    /// 保管期限 (`YYYY-MM-DD`).
    pub retain_until: Option<String>,
    /// The approval terms (利用責任者, 申出番号・応諾番号, 利用期間), as signed into
    /// bag-info (issue 16; absent in older rows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms: Option<super::terms::UseTerms>,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Sealed {
    /// The media register's id of each volume, in order: the recorded ones (schema 2),
    /// else made as seal makes them now (see [`volume_id`]).
    pub fn volume_ids(&self, shipment: &str) -> Vec<String> {
        let n = self.summary.volumes.len();
        if n == 0 {
            return vec![shipment.to_string()];
        }
        self.summary
            .volumes
            .iter()
            .map(|v| {
                if v.id.is_empty() {
                    volume_id(shipment, v.number, n)
                } else {
                    v.id.clone()
                }
            })
            .collect()
    }
}

/// `shipped`: handed to a carrier.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Shipped {
    /// 移送手段.
    #[serde(deserialize_with = "text")]
    pub carrier: String,
    /// The normalised tracking number.
    pub tracking_number: Option<String>,
    /// 発送日 (`YYYY-MM-DD`).
    #[serde(deserialize_with = "text")]
    pub date: String,
    /// The handler (the policy's name for the account).
    #[serde(deserialize_with = "text")]
    pub by: String,
    /// The OS account.
    #[serde(deserialize_with = "text")]
    pub os_account: String,
    /// An untracked service, chosen explicitly (issue 14).
    pub untracked_carrier: bool,
    /// The carrier recorded before, when this one differs.
    pub replaces_carrier: Option<String>,
    /// The tracked service recorded before, when this one has no tracking.
    pub replaces_tracked_carrier: Option<String>,
    /// The tracking number recorded before, when this one differs.
    pub replaces_tracking_number: Option<String>,
    /// The number sealed on the medium, when it differs from this one.
    pub sealed_tracking_number: Option<String>,
    /// The hand-carry attendance rule was acknowledged.
    pub attendance_acknowledged: bool,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `key-sent`: the key or passphrase sent by another route.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KeySent {
    /// How (a carrier, `e-mail`, by hand …).
    #[serde(deserialize_with = "text")]
    pub method: String,
    /// Its tracking number, if any.
    pub tracking_number: Option<String>,
    /// When (`YYYY-MM-DD`).
    #[serde(deserialize_with = "text")]
    pub date: String,
    /// The handler.
    #[serde(deserialize_with = "text")]
    pub by: String,
    /// The OS account.
    #[serde(deserialize_with = "text")]
    pub os_account: String,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `hand-carried`: carried by hand.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HandCarried {
    /// The attendant.
    #[serde(deserialize_with = "text")]
    pub attendant: String,
    /// When (`YYYY-MM-DD`).
    #[serde(deserialize_with = "text")]
    pub date: String,
    /// The handler.
    #[serde(deserialize_with = "text")]
    pub by: String,
    /// The OS account.
    #[serde(deserialize_with = "text")]
    pub os_account: String,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A contested shipment id: another key that claimed it, and when.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Contest {
    /// The other key's fingerprint.
    #[serde(deserialize_with = "text")]
    pub signer: String,
    /// When it was recorded.
    pub since: String,
}

/// A check of a medium authenticated as a pinned sender's, recorded under its shipment:
/// `received` (once), `verified` (every check), and the routine checks that neither
/// receive nor overwrite — `checked-before-shipping`, `checked-by-sender`,
/// `checked-incomplete`. One struct: all record the same facts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Verification {
    /// Every check passed.
    pub valid: bool,
    /// The whole set authenticated as a pinned sender's.
    pub authenticated: bool,
    /// Tracking-Number (signed).
    pub tracking_number: Option<String>,
    /// The envelope's number given with `--envelope`.
    pub envelope_tracking_number: Option<String>,
    /// Source-Organization (signed).
    pub from: Option<String>,
    /// Destination (signed).
    pub destination: Option<String>,
    /// Medium-Type (signed), with the set's count.
    pub medium_type: Option<String>,
    /// The signing key.
    #[serde(deserialize_with = "text")]
    pub signer: String,
    /// The signer was pinned (`--signer`, the policy's contacts).
    pub signer_pinned: bool,
    /// SHA-256 of the tagmanifest.
    #[serde(deserialize_with = "text")]
    pub manifest_sha256: String,
    /// The volumes given.
    pub volumes: Vec<String>,
    /// Every volume of the set was given.
    pub set_complete: bool,
    /// Volumes not given.
    pub missing: Vec<usize>,
    /// A sentence on what is missing.
    pub missing_text: Option<String>,
    /// Errors found (0 for a recorded verification).
    pub problems: u64,
    /// Why `open` refused this authenticated medium's archive (hostile or corrupt), in
    /// English: a `verified` event with `valid` false records the refused opening
    /// (red team 17 finding 14). Absent for every other check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_refused: Option<String>,
    /// The signed class as seal records it.
    #[serde(deserialize_with = "class_word")]
    pub class: String,
    /// The medium stated a class.
    pub class_stated: bool,
    /// A class the medium stated that isou does not know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_claimed: Option<String>,
    /// Other keys that claimed the shipment id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contested: Option<Vec<Contest>>,
    /// The approval terms (利用責任者, 申出番号・応諾番号, 利用期間), as signed into
    /// bag-info (issue 16; absent in older rows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms: Option<super::terms::UseTerms>,
    /// How long the received medium may be kept: the signed use period, else the
    /// policy's retention from the day of receipt (§1.2② 廃棄日; absent in older rows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retain_until: Option<String>,
    /// Who checked it.
    #[serde(deserialize_with = "text")]
    pub by: String,
    /// The OS account.
    #[serde(deserialize_with = "text")]
    pub os_account: String,
    /// The policy contact whose signing key signed the medium (schema 2): the
    /// authenticated sender, which the registers name as 移送元 over the medium's own
    /// signed Source-Organization (issue 16 red team finding 15).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_contact: Option<String>,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Extra,
}

/// What an unauthenticated medium claimed (all unauthenticated, sanitised).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Claimed {
    /// External-Identifier.
    pub shipment: Option<String>,
    /// Source-Organization.
    pub from: Option<String>,
    /// Destination.
    pub destination: Option<String>,
    /// Tracking-Number.
    pub tracking_number: Option<String>,
    /// Information-Class, as written.
    pub class: Option<String>,
    /// Medium-Type.
    pub medium_type: Option<String>,
    /// The key that signed it, if any.
    pub signer: Option<String>,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `checked`: a medium whose claims could not be authenticated, under its own id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Checked {
    /// The checks passed (its signature may still be unpinned).
    pub valid: bool,
    /// Always false: what it says was not authenticated.
    pub authenticated: bool,
    /// What it claimed.
    pub claimed: Claimed,
    /// The envelope's number given with `--envelope`.
    pub envelope_tracking_number: Option<String>,
    /// A signer was pinned.
    pub signer_pinned: bool,
    /// The volumes given.
    pub volumes: Vec<String>,
    /// Every volume of the set was given.
    pub set_complete: bool,
    /// Errors found.
    pub problems: u64,
    /// Who checked it.
    #[serde(deserialize_with = "text")]
    pub by: String,
    /// The OS account.
    #[serde(deserialize_with = "text")]
    pub os_account: String,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `opened`: decrypted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Opened {
    /// The shipment the medium names, when it is recorded under another id.
    pub claimed_shipment: Option<String>,
    /// Files written.
    pub files: u64,
    /// Their bytes.
    pub bytes: u64,
    /// Who opened it.
    #[serde(deserialize_with = "text")]
    pub by: String,
    /// The OS account.
    #[serde(deserialize_with = "text")]
    pub os_account: String,
    /// The signing key.
    #[serde(deserialize_with = "text")]
    pub signer: String,
    /// The sender was checked (not `--any-sender`).
    pub sender_checked: bool,
    /// SHA-256 of the tagmanifest.
    #[serde(deserialize_with = "text")]
    pub manifest_sha256: String,
    /// The output folder.
    #[serde(deserialize_with = "text")]
    pub out: String,
    /// Other keys that claimed the shipment id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contested: Option<Vec<Contest>>,
    /// Source-Organization (signed).
    pub from: Option<String>,
    /// Destination (signed).
    pub destination: Option<String>,
    /// Tracking-Number (signed).
    pub tracking_number: Option<String>,
    /// Medium-Type (signed), with the set's count.
    pub medium_type: Option<String>,
    /// The signer was pinned.
    pub signer_pinned: Option<bool>,
    /// The signed class as seal records it.
    #[serde(deserialize_with = "class_word")]
    pub class: String,
    /// The medium stated a class.
    pub class_stated: bool,
    /// A class the medium stated that isou does not know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_claimed: Option<String>,
    /// The approval terms (利用責任者, 申出番号・応諾番号, 利用期間), as signed into
    /// bag-info (issue 16; absent in older rows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms: Option<super::terms::UseTerms>,
    /// The decrypted folder as an item of its own (中間生成物, §1.2, §2.4): until when it
    /// may be kept, and why (absent in older rows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decrypted: Option<super::terms::Decrypted>,
    /// The policy contact whose signing key signed the medium (schema 2): the
    /// authenticated sender, which the registers name as 移送元 over the medium's own
    /// signed Source-Organization (issue 16 red team finding 15).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_contact: Option<String>,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Opened {
    /// The date the medium itself may be kept until, when this opening is its receipt
    /// (a checked sender; issue 16 red team finding 07, §1.2②): the signed use period,
    /// else the policy's retention the opening dated the folder by — the date verify
    /// would have recorded. None for an unchecked sender (its terms are no one's).
    pub fn medium_retain_until(&self) -> Option<String> {
        if !self.sender_checked {
            return None;
        }
        self.terms
            .as_ref()
            .and_then(|t| t.use_until.clone())
            .or_else(|| self.decrypted.as_ref()?.retain_until.clone())
    }
}

/// `disposed`: the medium was disposed of (§2.4).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Disposed {
    /// 廃棄方法.
    #[serde(deserialize_with = "text")]
    pub method: String,
    /// 立会人.
    pub witness: Option<String>,
    /// 委託先 (external contractor).
    pub contractor: Option<String>,
    /// 廃棄証明書番号.
    pub certificate: Option<String>,
    /// The class that decided the witness rule.
    #[serde(deserialize_with = "class_word")]
    pub class: String,
    /// 廃棄日 (`YYYY-MM-DD`).
    #[serde(deserialize_with = "text")]
    pub date: String,
    /// 実施者.
    #[serde(deserialize_with = "text")]
    pub by: String,
    /// The OS account.
    #[serde(deserialize_with = "text")]
    pub os_account: String,
    /// What was disposed of: absent for the medium, `decrypted` for the folder `open`
    /// wrote ([`super::terms::Item`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `corrected`: a note on an earlier event (which stays as it was).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Corrected {
    /// The id of the event corrected.
    pub corrects: i64,
    /// Its hash (so the correction names exactly that event).
    #[serde(deserialize_with = "text")]
    pub corrects_hash: String,
    /// The correction.
    #[serde(deserialize_with = "text")]
    pub note: String,
    /// Who corrected it.
    #[serde(deserialize_with = "text")]
    pub by: String,
    /// The OS account.
    #[serde(deserialize_with = "text")]
    pub os_account: String,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `receipt-issued`: the recipient signed a receipt (受領書) of a VALID verification
/// against a pinned sender (`isou receipt`, issue 16).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReceiptIssued {
    /// The tracking number the medium signed.
    pub tracking_number: Option<String>,
    /// SHA-256 of the tagmanifest the verification authenticated.
    #[serde(deserialize_with = "text")]
    pub manifest_sha256: String,
    /// The sender's signing-key fingerprint.
    #[serde(deserialize_with = "text")]
    pub sender_key: String,
    /// The recipient's signing-key fingerprint (the receipt's signer).
    #[serde(deserialize_with = "text")]
    pub recipient_key: String,
    /// The id of the `verified` event the receipt attests.
    pub verified_event: i64,
    /// When that verification was recorded (RFC 3339, UTC).
    #[serde(deserialize_with = "text")]
    pub verified_at: String,
    /// SHA-256 of the receipt file written.
    #[serde(deserialize_with = "text")]
    pub receipt_sha256: String,
    /// Where it was written.
    #[serde(deserialize_with = "text")]
    pub out: String,
    /// Who issued it.
    #[serde(deserialize_with = "text")]
    pub by: String,
    /// The OS account.
    #[serde(deserialize_with = "text")]
    pub os_account: String,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `delivered`: the destination's signed receipt was checked against the seal
/// (`isou record receipt`, 到着確認; issue 16).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Delivered {
    /// The tracking number the receipt names (as sealed).
    pub tracking_number: Option<String>,
    /// SHA-256 of the tagmanifest the destination authenticated.
    #[serde(deserialize_with = "text")]
    pub manifest_sha256: String,
    /// When the destination recorded its VALID verification (RFC 3339, UTC).
    #[serde(deserialize_with = "text")]
    pub verified_at: String,
    /// When the receipt was signed (RFC 3339, UTC).
    #[serde(deserialize_with = "text")]
    pub issued_at: String,
    /// The destination's signing-key fingerprint that signed the receipt.
    #[serde(deserialize_with = "text")]
    pub recipient_key: String,
    /// SHA-256 of the receipt file.
    #[serde(deserialize_with = "text")]
    pub receipt_sha256: String,
    /// Who recorded it.
    #[serde(deserialize_with = "text")]
    pub by: String,
    /// The OS account.
    #[serde(deserialize_with = "text")]
    pub os_account: String,
    /// Keys not named above.
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests;
