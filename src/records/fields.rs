//! An event's stored facts as `record show` prints them: each key of the
//! body named in the reader's language (`rec-field-*` in `i18n/*/records.ftl`; the
//! Japanese names are the registers' columns and the glossary's terms), each value as a
//! person reads it — yes/no, the class's name, tracking numbers grouped as on the slip,
//! sizes with their exact byte count, instants in the registry's zone.
//!
//! Only what is printed changes: the ledger, `--json` and the exports keep the stored
//! keys and values. A key this isou does not name (a newer ledger, an `extra` fact) is
//! shown by its stored path, never dropped; a value that does not have the expected
//! shape is shown as stored. The caller cleans names and values (they come from the
//! ledger).

use serde_json::Value;

/// A stored path (`summary.volumes.2.bag_count`) as its key with the list indices
/// replaced by `#` (`summary.volumes.#.bag_count`) and the first index (`2`).
fn shape(path: &str) -> (String, String) {
    let mut index = String::new();
    let key = path
        .split('.')
        .map(|s| {
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                if index.is_empty() {
                    index = s.to_string();
                }
                "#"
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join(".");
    (key, index)
}

/// The stored keys in the order `record show` lists an event's facts: the outcome of a
/// check first, then the parties, the route, what was sealed or opened, the terms and
/// dates, the keys. A fact is placed by its top-level key (`summary.volumes.1.id` with
/// `summary`); the facts under one key keep their order.
const ORDER: &[&str] = &[
    "valid",
    "authenticated",
    "set_complete",
    "missing",
    "missing_text",
    "problems",
    "open_refused",
    "class",
    "class_stated",
    "class_claimed",
    "claimed",
    "claimed_shipment",
    "item",
    "method",
    "date",
    "corrects",
    "corrects_hash",
    "note",
    "from",
    "source_organization",
    "sender_contact",
    "sender_checked",
    "destination",
    "destination_address",
    "to_contacts",
    "handler",
    "attendant",
    "witness",
    "contractor",
    "certificate",
    "by",
    "os_account",
    "carrier",
    "untracked_carrier",
    "attendance_acknowledged",
    "envelope_confirmed",
    "tracking_number",
    "envelope_tracking_number",
    "sealed_tracking_number",
    "replaces_carrier",
    "replaces_tracked_carrier",
    "replaces_tracking_number",
    "medium_type",
    "volumes",
    "files",
    "bytes",
    "out",
    "summary",
    "terms",
    "retain_until",
    "decrypted",
    "passphrase",
    "recipients",
    "recipient_fingerprints",
    "destination_signing_keys",
    "signer",
    "signer_pinned",
    "contested",
    "sender_key",
    "recipient_key",
    "manifest_sha256",
    "verified_event",
    "verified_at",
    "issued_at",
    "receipt_sha256",
    "choices",
    "policy",
];

/// Where the fact at `path` comes in [`ORDER`]; a key not there, after all of them.
pub(crate) fn rank(path: &str) -> usize {
    let top = path.split('.').next().unwrap_or("");
    ORDER.iter().position(|k| *k == top).unwrap_or(ORDER.len())
}

/// The name of a fact in the reader's language; a path isou does not name, as stored.
pub(crate) fn label(path: &str) -> String {
    let (key, n) = shape(path);
    let n = n.as_str();
    match key.as_str() {
        "attendance_acknowledged" => crate::tr!("rec-field-attendance-acknowledged"),
        "attendant" => crate::tr!("rec-field-attendant"),
        "authenticated" => crate::tr!("rec-field-authenticated"),
        "by" => crate::tr!("rec-field-by"),
        "bytes" => crate::tr!("rec-field-bytes"),
        "carrier" => crate::tr!("rec-field-carrier"),
        "certificate" => crate::tr!("rec-field-certificate"),
        "choices" => crate::tr!("rec-field-choices"),
        "claimed" => crate::tr!("rec-field-claimed"),
        "claimed_shipment" => crate::tr!("rec-field-claimed-shipment"),
        "class" => crate::tr!("rec-field-class"),
        "class_claimed" => crate::tr!("rec-field-class-claimed"),
        "class_stated" => crate::tr!("rec-field-class-stated"),
        "contested" => crate::tr!("rec-field-contested"),
        "contractor" => crate::tr!("rec-field-contractor"),
        "corrects" => crate::tr!("rec-field-corrects"),
        "corrects_hash" => crate::tr!("rec-field-corrects-hash"),
        "date" => crate::tr!("rec-field-date"),
        "decrypted" => crate::tr!("rec-field-decrypted"),
        "destination" => crate::tr!("rec-field-destination"),
        "destination_address" => crate::tr!("rec-field-destination-address"),
        "destination_signing_keys" => crate::tr!("rec-field-destination-signing-keys"),
        "envelope_confirmed" => crate::tr!("rec-field-envelope-confirmed"),
        "envelope_tracking_number" => crate::tr!("rec-field-envelope-tracking-number"),
        "files" => crate::tr!("rec-field-files"),
        "from" => crate::tr!("rec-field-from"),
        "handler" => crate::tr!("rec-field-handler"),
        "issued_at" => crate::tr!("rec-field-issued-at"),
        "item" => crate::tr!("rec-field-item"),
        "manifest_sha256" => crate::tr!("rec-field-manifest-sha256"),
        "medium_type" => crate::tr!("rec-field-medium-type"),
        "method" => crate::tr!("rec-field-method"),
        "missing" => crate::tr!("rec-field-missing"),
        "missing_text" => crate::tr!("rec-field-missing-text"),
        "note" => crate::tr!("rec-field-note"),
        "open_refused" => crate::tr!("rec-field-open-refused"),
        "os_account" => crate::tr!("rec-field-os-account"),
        "out" => crate::tr!("rec-field-out"),
        "passphrase" => crate::tr!("rec-field-passphrase"),
        "policy" => crate::tr!("rec-field-policy"),
        "problems" => crate::tr!("rec-field-problems"),
        "receipt_sha256" => crate::tr!("rec-field-receipt-sha256"),
        "recipient_fingerprints" => crate::tr!("rec-field-recipient-fingerprints"),
        "recipient_key" => crate::tr!("rec-field-recipient-key"),
        "recipients" => crate::tr!("rec-field-recipients"),
        "replaces_carrier" => crate::tr!("rec-field-replaces-carrier"),
        "replaces_tracked_carrier" => crate::tr!("rec-field-replaces-tracked-carrier"),
        "replaces_tracking_number" => crate::tr!("rec-field-replaces-tracking-number"),
        "retain_until" => crate::tr!("rec-field-retain-until"),
        "sealed_tracking_number" => crate::tr!("rec-field-sealed-tracking-number"),
        "sender_checked" => crate::tr!("rec-field-sender-checked"),
        "sender_contact" => crate::tr!("rec-field-sender-contact"),
        "sender_key" => crate::tr!("rec-field-sender-key"),
        "set_complete" => crate::tr!("rec-field-set-complete"),
        "signer" => crate::tr!("rec-field-signer"),
        "signer_pinned" => crate::tr!("rec-field-signer-pinned"),
        "source_organization" => crate::tr!("rec-field-source-organization"),
        "summary" => crate::tr!("rec-field-summary"),
        "terms" => crate::tr!("rec-field-terms"),
        "to_contacts" => crate::tr!("rec-field-to-contacts"),
        "tracking_number" => crate::tr!("rec-field-tracking-number"),
        "untracked_carrier" => crate::tr!("rec-field-untracked-carrier"),
        "valid" => crate::tr!("rec-field-valid"),
        "verified_at" => crate::tr!("rec-field-verified-at"),
        "verified_event" => crate::tr!("rec-field-verified-event"),
        "volumes" => crate::tr!("rec-field-volumes"),
        "witness" => crate::tr!("rec-field-witness"),
        _ => nested_label(&key, n).unwrap_or_else(|| path.to_string()),
    }
}

/// [`label`] of a fact inside another (`summary.files`, `claimed.from`, `choices.#.flag`
/// with `n` its place in the list); `None` for a path isou does not name.
fn nested_label(key: &str, n: &str) -> Option<String> {
    match key {
        "choices.#.flag" => Some(crate::tr!("rec-field-choices-flag", n = n)),
        "choices.#.rule" => Some(crate::tr!("rec-field-choices-rule", n = n)),
        "claimed.shipment" => Some(crate::tr!("rec-field-claimed-shipment")),
        "claimed.from" => Some(crate::tr!("rec-field-claimed-from")),
        "claimed.destination" => Some(crate::tr!("rec-field-claimed-destination")),
        "claimed.tracking_number" => Some(crate::tr!("rec-field-claimed-tracking-number")),
        "claimed.class" => Some(crate::tr!("rec-field-claimed-class")),
        "claimed.medium_type" => Some(crate::tr!("rec-field-claimed-medium-type")),
        "claimed.signer" => Some(crate::tr!("rec-field-claimed-signer")),
        "contested.#.signer" => Some(crate::tr!("rec-field-contested-signer", n = n)),
        "contested.#.since" => Some(crate::tr!("rec-field-contested-since", n = n)),
        "decrypted.retain_until" => Some(crate::tr!("rec-field-decrypted-retain-until")),
        "decrypted.basis" => Some(crate::tr!("rec-field-decrypted-basis")),
        "summary.shipment_id" => Some(crate::tr!("rec-field-summary-shipment-id")),
        "summary.files" => Some(crate::tr!("rec-field-summary-files")),
        "summary.bytes" => Some(crate::tr!("rec-field-summary-bytes")),
        "summary.segments" => Some(crate::tr!("rec-field-summary-segments")),
        "summary.payload_bytes" => Some(crate::tr!("rec-field-summary-payload-bytes")),
        "summary.manifest_sha256" => Some(crate::tr!("rec-field-summary-manifest-sha256")),
        "summary.tracking_number" => Some(crate::tr!("rec-field-summary-tracking-number")),
        "summary.signer" => Some(crate::tr!("rec-field-summary-signer")),
        "summary.volumes" => Some(crate::tr!("rec-field-summary-volumes")),
        "summary.volumes.#.number" => Some(crate::tr!("rec-field-summary-volumes-number", n = n)),
        "summary.volumes.#.id" => Some(crate::tr!("rec-field-summary-volumes-id", n = n)),
        "summary.volumes.#.location" => {
            Some(crate::tr!("rec-field-summary-volumes-location", n = n))
        }
        "summary.volumes.#.segments" => {
            Some(crate::tr!("rec-field-summary-volumes-segments", n = n))
        }
        "summary.volumes.#.payload_bytes" => {
            Some(crate::tr!("rec-field-summary-volumes-payload-bytes", n = n))
        }
        "summary.volumes.#.image_bytes" => {
            Some(crate::tr!("rec-field-summary-volumes-image-bytes", n = n))
        }
        "summary.volumes.#.manifest_sha256" => Some(crate::tr!(
            "rec-field-summary-volumes-manifest-sha256",
            n = n
        )),
        "summary.volumes.#.bag_count" => {
            Some(crate::tr!("rec-field-summary-volumes-bag-count", n = n))
        }
        "terms.approver" => Some(crate::tr!("rec-field-terms-approver")),
        "terms.application" => Some(crate::tr!("rec-field-terms-application")),
        "terms.use_until" => Some(crate::tr!("rec-field-terms-use-until")),
        _ => None,
    }
}

/// A value of the fact at `path` as a person reads it. `None` for a list of values
/// (the caller joins them as stored) and for anything this does not read better.
pub(crate) fn value(path: &str, v: &Value) -> Option<String> {
    let (key, _) = shape(path);
    let key = key.as_str();
    match v {
        // An absent fact, however it was stored (older rows keep some as "").
        Value::Null => Some(crate::tr!("rec-show-none")),
        Value::String(s) if s.is_empty() => Some(crate::tr!("rec-show-none")),
        // The verdict in the verification's own words; every other flag yes / no.
        Value::Bool(true) if key == "valid" => Some(crate::tr!("rec-value-valid")),
        Value::Bool(false) if key == "valid" => Some(crate::tr!("rec-value-invalid")),
        Value::Bool(true) => Some(crate::tr!("rec-value-yes")),
        Value::Bool(false) => Some(crate::tr!("rec-value-no")),
        Value::Number(n) if is_bytes(key) => {
            let b = n.as_u64()?;
            if b < 1024 {
                // Already in bytes (`512 bytes`).
                return Some(crate::i18n::size(b));
            }
            // The exact count kept beside the readable size, ungrouped: as stored.
            Some(crate::tr!(
                "rec-value-bytes",
                size = crate::i18n::size(b),
                bytes = b.to_string()
            ))
        }
        Value::String(s) => match key {
            "class" | "claimed.class" => match s.parse::<crate::media::InfoClass>() {
                Ok(c) => Some(crate::policy::class_name(c)),
                Err(_) => None,
            },
            "tracking_number"
            | "envelope_tracking_number"
            | "summary.tracking_number"
            | "replaces_tracking_number"
            | "sealed_tracking_number"
            | "claimed.tracking_number" => Some(crate::i18n::tracking_number(s)),
            // Instants (RFC 3339, UTC) in the registry's zone, named, as the table
            // above; text that is not an instant as stored.
            "verified_at" | "issued_at" | "contested.#.since" => {
                let local = crate::clock::local(s);
                (local != *s).then(|| format!("{local} {}", crate::clock::zone_label()))
            }
            "decrypted.basis" => match s.as_str() {
                "use_until" => Some(crate::tr!("rec-value-basis-use-until")),
                "retention_days" => Some(crate::tr!("rec-value-basis-retention-days")),
                _ => None,
            },
            "item" => match s.as_str() {
                "decrypted" => Some(crate::tr!("rec-value-item-decrypted")),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// The facts that are byte counts.
fn is_bytes(key: &str) -> bool {
    matches!(
        key,
        "bytes"
            | "summary.bytes"
            | "summary.payload_bytes"
            | "summary.volumes.#.payload_bytes"
            | "summary.volumes.#.image_bytes"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{in_lang, Lang};

    #[test]
    fn paths_name_their_volume_and_unknown_keys_stay() {
        assert_eq!(
            shape("summary.volumes.12.bag_count"),
            ("summary.volumes.#.bag_count".to_string(), "12".to_string())
        );
        in_lang(Lang::Ja, || {
            assert_eq!(label("summary.volumes.2.bag_count"), "第2巻のBag-Count");
            assert_eq!(label("terms.approver"), "利用責任者");
            assert_eq!(label("extra_fact"), "extra_fact");
            assert_eq!(label("summary.volumes.1.newer"), "summary.volumes.1.newer");
            assert_eq!(value("passphrase", &Value::Bool(false)).unwrap(), "いいえ");
            assert_eq!(value("valid", &Value::Bool(true)).unwrap(), "正常");
            assert_eq!(
                value("bytes", &serde_json::json!(2750143)).unwrap(),
                "2.6 MiB (2750143 バイト)"
            );
            assert_eq!(
                value("tracking_number", &serde_json::json!("13112383852")).unwrap(),
                "131-12-38385-2"
            );
            assert_eq!(
                value("class", &serde_json::json!("identifiable")).unwrap(),
                "非匿名化"
            );
        });
        in_lang(Lang::En, || {
            assert_eq!(value("passphrase", &Value::Bool(true)).unwrap(), "yes");
            assert_eq!(
                value("summary.bytes", &serde_json::json!(2750143)).unwrap(),
                "2.6 MiB (2750143 bytes)"
            );
            assert_eq!(value("note", &serde_json::json!("x")), None);
            assert_eq!(value("class", &serde_json::json!("secret")), None);
            assert_eq!(
                value("tracking_number", &serde_json::json!("")).unwrap(),
                "(none)"
            );
            // Instants in the registry's zone (JST unless the policy says otherwise).
            assert_eq!(
                value("verified_at", &serde_json::json!("2026-12-03T00:00:00Z")).unwrap(),
                "2026-12-03 09:00 JST"
            );
            assert_eq!(value("issued_at", &serde_json::json!("soon")), None);
        });
    }
}
