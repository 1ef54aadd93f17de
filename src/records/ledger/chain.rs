//! The hash chain: each event's canonical encoding and hash, and [`Ledger::check`],
//! which walks the chain and names the first event that does not match.

use sha2::{Digest, Sha256};

use super::error::sql_err;
use super::{ChainBreak, Ledger, LedgerError, GENESIS};

/// The canonical encoding an event's hash covers: a JSON array of its fields — and,
/// for a body of schema 2 or later, its schema, so relabelling a row's schema breaks
/// the chain. A schema-1 row is encoded exactly as before, so the hashes of a v1
/// ledger hold after its upgrade.
pub(super) fn encode(
    prev_hash: &str,
    id: i64,
    recorded_at: &str,
    kind: &str,
    shipment: &str,
    body: &str,
    schema: i64,
) -> Vec<u8> {
    let v = if schema <= 1 {
        serde_json::json!([prev_hash, id, recorded_at, kind, shipment, body])
    } else {
        serde_json::json!([prev_hash, id, recorded_at, kind, shipment, body, schema])
    };
    serde_json::to_vec(&v).expect("strings serialise")
}

pub(super) fn hash(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl Ledger {
    /// Walks the chain; returns the first event that does not match, if any.
    pub fn check(&self) -> Result<Option<ChainBreak>, LedgerError> {
        let e = sql_err(&self.path);
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT id, recorded_at, kind, shipment, body, prev_hash, hash, {} FROM events ORDER BY id", self.schema_column()))
            .map_err(&e)?;
        let mut rows = stmt.query([]).map_err(&e)?;
        let mut expected_prev = GENESIS.to_string();
        let mut expected_id = 1i64;
        while let Some(r) = rows.next().map_err(&e)? {
            let id: i64 = r.get(0).map_err(&e)?;
            let fields: [String; 6] = [
                r.get(1).map_err(&e)?,
                r.get(2).map_err(&e)?,
                r.get(3).map_err(&e)?,
                r.get(4).map_err(&e)?,
                r.get(5).map_err(&e)?,
                r.get(6).map_err(&e)?,
            ];
            let [recorded_at, kind, shipment, body, prev_hash, stored] = fields;
            // A schema that is not a number is not one isou wrote: its hash cannot match.
            let schema = r.get_ref(7).map_err(&e)?.as_i64().unwrap_or(-1);
            if id != expected_id {
                return Ok(Some(ChainBreak {
                    id: expected_id,
                    why: crate::tr!(
                        "rec-chain-missing",
                        missing = expected_id.to_string(),
                        next = id.to_string()
                    ),
                }));
            }
            if prev_hash != expected_prev {
                return Ok(Some(ChainBreak {
                    id,
                    why: crate::tr!("rec-chain-link"),
                }));
            }
            if hash(&encode(
                &prev_hash,
                id,
                &recorded_at,
                &kind,
                &shipment,
                &body,
                schema,
            )) != stored
            {
                return Ok(Some(ChainBreak {
                    id,
                    why: crate::tr!("rec-chain-changed"),
                }));
            }
            expected_prev = stored;
            expected_id += 1;
        }
        Ok(None)
    }
}
