//! The transport records' arguments: the `record` subcommands, and `receipt`, which
//! signs the receipt that `record receipt` checks.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::keys::PassphraseArgs;
use super::values::{offer_carrier, offer_disposal_method, path_arg, register_arg};

#[derive(Subcommand, Debug)]
pub enum RecordCommand {
    /// Walk the ledger's hash chain; name the first event that does not match.
    Check,
    /// List the events (all, or one shipment's).
    List {
        /// Only this shipment.
        #[arg(long, value_name = "ID", value_parser = isou::records::value::typed_shipment_id)]
        shipment: Option<String>,
        /// Only shipments still under way: sealed or shipped, not yet received, opened,
        /// delivered (a signed receipt recorded) or disposed of.
        #[arg(long)]
        open: bool,
        /// Only events recorded on or after this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = isou::records::value::typed_date)]
        since: Option<String>,
        /// Only shipments to (or received from) this destination.
        #[arg(long, value_name = "NAME", value_parser = isou::records::value::typed_name)]
        destination: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Record that a sealed shipment was handed to a carrier.
    Ship {
        /// The shipment id (from `isou seal`).
        #[arg(value_parser = isou::records::value::typed_shipment_id)]
        shipment: String,
        /// Carrier, from the carrier table (一般書留 or 書留, 簡易書留, 特定記録郵便,
        /// レターパックプラス, ゆうパック, ヤマト運輸 宅急便, 佐川急便 飛脚宅配便, 持参 …);
        /// identifiable data only by a tracked one (§2.2⑥).
        #[arg(long, value_parser = offer_carrier(), hide_possible_values = true)]
        carrier: String,
        /// Tracking number, checked against the carrier's format; identifiable data
        /// needs one here unless it was sealed with one.
        #[arg(long, value_name = "N")]
        tracking_number: Option<String>,
        /// Date shipped (YYYY-MM-DD, UTC) [default: today]; not before the day the
        /// shipment was sealed, not after today.
        #[arg(long, value_parser = isou::records::value::typed_date)]
        date: Option<String>,
        /// Acknowledge the attendance rule for carrying by hand (§2.2⑧⑨), as at
        /// `seal`: needed for `--carrier 持参` with identifiable data.
        #[arg(long)]
        attendance_acknowledged: bool,
    },
    /// Export a register (the 移送記録簿, one row per shipment, by default) as CSV (UTF-8
    /// with BOM, for Excel) or JSON, or every register as an Excel workbook (xlsx, one
    /// sheet per register): one value per cell, corrections beside what they correct;
    /// each export says when, by whom and from which ledger (and its head hash) it was
    /// made.
    Export {
        /// csv, json, or xlsx (every register, needs -o).
        #[arg(long, default_value = "csv")]
        format: ExportFormat,
        /// transport (移送記録簿), checks (受領・検証・復号記録: a row per receipt,
        /// verification and opening), media (媒体管理簿: a row per disc or stick) or
        /// disposal (廃棄記録); xlsx holds them all.
        #[arg(long, default_value = "transport", value_parser = register_arg())]
        register: &'static isou::records::export::Register,
        /// Write to this file (made private, 0600, and renamed into place only when
        /// complete) instead of standard output; required for xlsx.
        #[arg(value_parser = path_arg(), short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Media whose retention date has passed and that are not yet disposed of.
    Due,
    /// Check the destination's signed receipt (受領書, from `isou receipt`) and record
    /// the shipment as delivered (到着確認); a second receipt records nothing more.
    Receipt {
        /// The receipt file.
        #[arg(value_parser = path_arg(), value_name = "FILE")]
        file: PathBuf,
    },
    /// Append the events that could not be recorded when they happened (kept in
    /// LEDGER.unrecorded/ by the command that did the work), marked as recorded late.
    Recover,
    /// Correct an earlier event: a new event that points at it (events are never
    /// changed or deleted).
    Correct {
        /// The id of the event to correct (`isou record list` shows ids).
        #[arg(value_parser = isou::records::value::typed_event_id)]
        event: i64,
        /// What was wrong and what is right.
        #[arg(long)]
        note: String,
    },
    /// Show the full history of one shipment.
    Show {
        /// The shipment id.
        #[arg(value_parser = isou::records::value::typed_shipment_id)]
        shipment: String,
    },
    /// Record that the passphrase or key sheet was sent separately from the medium.
    KeySent {
        /// The shipment id.
        #[arg(value_parser = isou::records::value::typed_shipment_id)]
        shipment: String,
        /// How (e.g. 別便簡易書留, 手渡し, 電話).
        #[arg(long)]
        method: String,
        /// Its own tracking number, if posted (checked).
        #[arg(long, value_name = "N")]
        tracking_number: Option<String>,
    },
    /// Record that a medium was carried by hand (§2.2⑧⑨).
    HandCarry {
        /// The shipment id.
        #[arg(value_parser = isou::records::value::typed_shipment_id)]
        shipment: String,
        /// Who accompanied it.
        #[arg(long, value_parser = isou::records::value::typed_name)]
        attendant: String,
    },
    /// Record the disposal of a medium (§2.4⑥⑦⑬), once per medium.
    Dispose {
        /// The shipment id of the medium.
        #[arg(value_parser = isou::records::value::typed_shipment_id)]
        shipment: String,
        /// How: 物理破壊 (physical destruction), 消去ソフト (data-erasure software),
        /// 溶解 (pulping) or 外部委託 (outsourced; needs --contractor and --certificate).
        #[arg(long, value_parser = offer_disposal_method(), hide_possible_values = true)]
        method: String,
        /// Who witnessed it (立会者); required for identifiable data.
        #[arg(long, value_parser = isou::records::value::typed_name)]
        witness: Option<String>,
        /// The contractor who destroyed it (外部委託 only, §2.4⑦).
        #[arg(long, value_name = "NAME")]
        contractor: Option<String>,
        /// The number of the contractor's certificate of destruction (外部委託 only).
        #[arg(long, value_name = "NO")]
        certificate: Option<String>,
        /// Dispose of the folder `open` decrypted the shipment into (中間生成物), not
        /// the medium; the same as giving SHIPMENT/復号.
        #[arg(long)]
        decrypted: bool,
    },
}

/// `record export --format`.
// No `///` on the variants: clap would print them as the values' help.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
    // Every register, a sheet each (needs -o).
    Xlsx,
}

#[derive(Args, Debug)]
pub struct ReceiptArgs {
    /// The shipment id, as verified (`isou verify --signer …` must have found it VALID).
    #[arg(value_parser = isou::records::value::typed_shipment_id)]
    pub shipment: String,

    /// The sender whose medium the receipt confirms (a contact name, card, or
    /// ssh-ed25519 key): required when the shipment id is contested, i.e. media of two
    /// senders claimed it.
    #[arg(long, value_name = "KEY")]
    pub signer: Option<String>,

    /// Your identity file, whose Ed25519 key signs the receipt [default: as for keygen].
    #[arg(value_parser = path_arg(), short, long, value_name = "FILE")]
    pub identity: Option<PathBuf>,

    #[command(flatten)]
    pub passphrase: PassphraseArgs,

    /// Write the receipt here (a new file; an existing one is never overwritten).
    #[arg(value_parser = path_arg(), short, long, value_name = "FILE")]
    pub output: PathBuf,
}
