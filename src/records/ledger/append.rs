//! Appending an event: the one check every event passes (live, or recovered from
//! `LEDGER.unrecorded/`) and the chained insert in a `BEGIN IMMEDIATE` transaction.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::chain::{encode, hash};
use super::error::sql_err;
use super::{
    Event, EventKind, Late, Ledger, LedgerError, BODY_SCHEMA, FREE_FIELDS, GENESIS, MAX_BODY_BYTES,
    MAX_TEXT_CHARS,
};
use crate::records::event::EventBody;
use crate::records::value::{check_bounded, check_shipment_id, check_value, RecordValueError};
use crate::untrusted::sanitize;

/// The check every event passes before it is appended — live, or recovered from
/// `LEDGER.unrecorded/` (one function for both, so a recovered event can claim nothing
/// a live one could not): the shipment id, every value (free values by
/// [`check_value`], any other text bounded), the body's size and form, and a
/// correction must name an existing event (by id and hash).
pub(super) fn validate(
    conn: &Connection,
    path: &Path,
    kind: EventKind,
    shipment: &str,
    body: &serde_json::Value,
) -> Result<(), LedgerError> {
    if kind == EventKind::Unknown {
        return Err(LedgerError::BadEvent(
            "its kind is unknown: only rows read from the ledger have one".into(),
        ));
    }
    check_shipment_id(shipment)?;
    let obj = body
        .as_object()
        .ok_or_else(|| LedgerError::BadEvent("its body is not a JSON object".into()))?;
    let size = serde_json::to_vec(body).map_or(usize::MAX, |v| v.len());
    if size > MAX_BODY_BYTES {
        return Err(LedgerError::BadEvent(format!(
            "its body is {size} bytes, more than {MAX_BODY_BYTES}"
        )));
    }
    check_tree(None, body, 0)?;
    // Of its kind's shape (a recovered event too): what is appended is what the
    // readers read (`records::event`).
    EventBody::from_value(kind, body).map_err(|why| {
        LedgerError::BadEvent(format!("it is not a {} event: {why}", kind.as_str()))
    })?;
    if kind == EventKind::Corrected {
        let target = obj
            .get("corrects")
            .and_then(|v| v.as_i64())
            .ok_or_else(|| {
                LedgerError::BadEvent("a correction must name the event it corrects".into())
            })?;
        let hash: Option<String> = conn
            .query_row("SELECT hash FROM events WHERE id = ?1", [target], |r| {
                r.get(0)
            })
            .optional()
            .map_err(sql_err(path))?;
        match hash {
            None => {
                return Err(LedgerError::BadEvent(format!(
                    "it corrects event {target}, which is not in the ledger"
                )))
            }
            Some(h) if obj.get("corrects_hash").and_then(|v| v.as_str()) != Some(h.as_str()) => {
                return Err(LedgerError::BadEvent(format!(
                    "it corrects event {target} but names another event's hash"
                )))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The event body with its *facts* made recordable: text outside [`FREE_FIELDS`] (the
/// folder of a medium, the output folder, the volumes of a set, the policy's path) was
/// not typed for the register but found on the machine or the medium, and may hold a
/// tab or a bidi control — a stick mounted under a volume label the sender chose.
/// Refusing it would lose the event of work already done (red team, issue 13), so each
/// character the sanitiser would not print is written as `\u{…}`, reversibly and
/// visibly, and text longer than [`MAX_TEXT_CHARS`] is shortened with `…`. Free values
/// are left as they are: they are checked, and refused before any work.
pub(super) fn escape_facts(key: Option<&str>, v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::String(s) if !key.is_some_and(|k| FREE_FIELDS.contains(&k)) => {
            let mut out = String::with_capacity(s.len());
            let mut prev = None;
            for c in s.chars() {
                if crate::untrusted::is_unsafe_after(prev, c) {
                    out.push_str(&format!("\\u{{{:04X}}}", c as u32));
                } else {
                    out.push(c);
                }
                prev = Some(c);
            }
            if out.chars().count() > MAX_TEXT_CHARS {
                out = out.chars().take(MAX_TEXT_CHARS - 1).collect();
                out.push('…');
            }
            Value::String(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| escape_facts(key, x)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), escape_facts(Some(k), x)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Every value in an event body: keys and free values as [`check_value`] wants them,
/// other text bounded by [`MAX_TEXT_CHARS`], nesting at most 8 deep.
pub(super) fn check_tree(
    key: Option<&str>,
    v: &serde_json::Value,
    depth: usize,
) -> Result<(), LedgerError> {
    use serde_json::Value;
    if depth > 8 {
        return Err(LedgerError::BadEvent(
            "its body is nested too deeply".into(),
        ));
    }
    let free = key.is_some_and(|k| FREE_FIELDS.contains(&k));
    match v {
        // Empty values are what an absent fact looks like; they show as nothing.
        Value::String(s) if s.is_empty() => {}
        Value::String(s) if free => check_value(key.unwrap_or("value"), s)?,
        Value::String(s) => check_bounded(key.unwrap_or("value"), s, MAX_TEXT_CHARS)?,
        Value::Array(a) => {
            for x in a {
                check_tree(key, x, depth + 1)?;
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                check_value("field name", k)?;
                check_tree(Some(k), x, depth + 1)?;
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
    Ok(())
}

impl Ledger {
    /// Appends an event; returns it with its id and hash. Atomic: after a crash the
    /// ledger holds the whole event or none of it. The event is checked first
    /// ([`Ledger::validate`]); a body may not claim to be recorded late.
    pub fn append(&mut self, shipment: &str, body: &EventBody) -> Result<Event, LedgerError> {
        self.append_inner(body.kind(), shipment, &body.to_value(), None)
    }

    /// Appends an event that happened earlier and could not be recorded then: the
    /// same checks as [`Ledger::append`], then the body is marked `recorded_late` with
    /// when it happened and why. An event whose nonce is already in the ledger is
    /// refused (a copy of an unrecorded file replayed).
    pub fn append_late(
        &mut self,
        kind: EventKind,
        shipment: &str,
        body: &serde_json::Value,
        late: &Late,
    ) -> Result<Event, LedgerError> {
        self.append_inner(kind, shipment, body, Some(late))
    }

    /// Checks an event as [`Ledger::append`] would, without appending it.
    pub fn validate(
        &self,
        kind: EventKind,
        shipment: &str,
        body: &serde_json::Value,
    ) -> Result<(), LedgerError> {
        validate(&self.conn, &self.path, kind, shipment, body)
    }

    pub(super) fn append_inner(
        &mut self,
        kind: EventKind,
        shipment: &str,
        body: &serde_json::Value,
        late: Option<&Late>,
    ) -> Result<Event, LedgerError> {
        let e = sql_err(&self.path);
        if body.get("recorded_late").is_some() {
            return Err(LedgerError::BadEvent(
                "only 'isou record recover' marks an event as recorded late".into(),
            ));
        }
        let mut body = escape_facts(None, body);
        if let Some(l) = late {
            humantime::parse_rfc3339(&l.happened_at).map_err(|_| {
                LedgerError::Value(RecordValueError::NotADate {
                    field: "time it happened".into(),
                    shown: sanitize(&l.happened_at),
                })
            })?;
            if let Some(o) = body.as_object_mut() {
                o.insert(
                    "recorded_late".into(),
                    serde_json::json!({"happened_at": l.happened_at, "why": l.why, "nonce": l.nonce}),
                );
            }
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&e)?;
        validate(&tx, &self.path, kind, shipment, &body)?;
        if let Some(l) = late {
            let seen: Option<i64> = tx
                .query_row(
                    "SELECT id FROM events WHERE json_extract(body, '$.recorded_late.nonce') = ?1",
                    [&l.nonce],
                    |r| r.get(0),
                )
                .optional()
                .map_err(&e)?;
            if let Some(id) = seen {
                return Err(LedgerError::BadEvent(format!(
                    "it was recovered before, as event {id}"
                )));
            }
        }
        let last: Option<(i64, String)> = tx
            .query_row(
                "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(&e)?;
        let (id, prev_hash) = match last {
            Some((id, h)) => (id + 1, h),
            None => (1, GENESIS.to_string()),
        };
        // The UTC instant, as every event has always been stored (the chain covers it);
        // shown in the registry's zone by the registers (`clock`).
        let recorded_at = crate::clock::now_rfc3339();
        let body_text = serde_json::to_string(&body).expect("JSON values serialise");
        let h = hash(&encode(
            &prev_hash,
            id,
            &recorded_at,
            kind.as_str(),
            shipment,
            &body_text,
            BODY_SCHEMA,
        ));
        tx.execute(
            "INSERT INTO events (id, recorded_at, kind, shipment, body, prev_hash, hash, body_schema) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![id, recorded_at, kind.as_str(), shipment, body_text, prev_hash, h, BODY_SCHEMA],
        )
        .map_err(&e)?;
        tx.commit().map_err(&e)?;
        Ok(Event {
            id,
            recorded_at,
            kind,
            unknown_kind: None,
            shipment: shipment.to_string(),
            body,
            prev_hash,
            hash: h,
        })
    }

    /// The key that authenticates this ledger's unrecorded events (writable opens).
    pub(crate) fn key(&self) -> Option<&[u8; 32]> {
        self.key.as_deref()
    }
}
