//! The rules of each `isou record` subcommand, apart from the command line: what is
//! checked before an event is appended, what is looked up in the ledger, what an
//! export holds. Plain requests in, typed results out; the binary parses, asks, and
//! prints.
//!
//! `check` (the ledger's state as `record check` reports it), `list` (which events
//! `record list` shows), `ship` (the transport acts: the date shipped, the key's
//! route, a tracking number used before, the receipt expected next) and `export` (a
//! register's or the workbook's bytes).

pub mod check;
pub mod export;
pub mod list;
pub mod ship;
#[cfg(test)]
mod tests;
