//! Reading events back: all of them or one shipment's, in ledger order.

use rusqlite::params;

use super::error::sql_err;
use super::{Event, EventKind, Ledger, LedgerError};

/// Column `i` of a row as text, whatever SQLite holds there: a number as its digits,
/// bytes or text that is not UTF-8 decoded lossily, NULL as nothing.
pub(super) fn any_text(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<String> {
    use rusqlite::types::ValueRef;
    Ok(match r.get_ref(i)? {
        ValueRef::Null => String::new(),
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Text(b) | ValueRef::Blob(b) => String::from_utf8_lossy(b).into_owned(),
    })
}

impl Ledger {
    /// Every event, in order (optionally of one shipment).
    pub fn events(&self, shipment: Option<&str>) -> Result<Vec<Event>, LedgerError> {
        let e = sql_err(&self.path);
        let mut stmt = self
            .conn
            .prepare("SELECT id, recorded_at, kind, shipment, body, prev_hash, hash FROM events WHERE ?1 IS NULL OR shipment = ?1 ORDER BY id")
            .map_err(&e)?;
        // Rows are read as they are, whatever was INSERTed behind isou's back (an
        // unknown kind, a number or bytes where text belongs): each becomes an event to
        // show, so one such row cannot make the whole ledger unreadable; the chain
        // check reports it, and everything printed from it is cleaned (records::export).
        let rows = stmt
            .query_map(params![shipment], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    any_text(r, 1)?,
                    any_text(r, 2)?,
                    any_text(r, 3)?,
                    any_text(r, 4)?,
                    any_text(r, 5)?,
                    any_text(r, 6)?,
                ))
            })
            .map_err(&e)?;
        let mut out = Vec::new();
        for row in rows {
            let (id, recorded_at, kind, shipment, body, prev_hash, hash) = row.map_err(&e)?;
            let known = EventKind::parse(&kind);
            out.push(Event {
                id,
                recorded_at,
                kind: known.unwrap_or(EventKind::Unknown),
                unknown_kind: known.is_none().then_some(kind),
                shipment,
                body: serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
                prev_hash,
                hash,
            });
        }
        Ok(out)
    }

    /// The `body_schema` column, or 1 for a v1 ledger read as it is.
    pub(super) fn schema_column(&self) -> &'static str {
        if self.version >= 2 {
            "body_schema"
        } else {
            "1"
        }
    }
}
