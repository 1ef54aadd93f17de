//! The medium commands' arguments: seal, verify, open.

use std::path::PathBuf;

use clap::Args;

use super::keys::PassphraseArgs;
use super::values::{
    offer_carrier, offer_class, offer_medium_type, parse_compression, parse_segment_size,
    parse_volume_size, path_arg,
};

#[derive(Args, Debug)]
pub struct SealArgs {
    /// Encrypt to this recipient: a contact card or an age1… key (repeatable).
    #[arg(
        long = "to",
        value_name = "RECIPIENT",
        required_unless_present = "passphrase"
    )]
    pub to: Vec<String>,

    /// Encrypt with a passphrase (to be sent separately) instead of keys.
    #[arg(long, conflicts_with = "to")]
    pub passphrase: bool,

    #[command(flatten)]
    pub passphrase_source: PassphraseArgs,

    /// Your identity file, whose Ed25519 key signs the medium [default: as for keygen].
    #[arg(value_parser = path_arg(), short, long, value_name = "FILE")]
    pub identity: Option<PathBuf>,

    /// The medium's folder (a mounted USB stick); it must be empty. Repeat it to spread
    /// a large extract over several media (volumes 1, 2, … in this order).
    #[arg(
        value_parser = path_arg(),
        long,
        value_name = "PATH",
        required_unless_present = "iso",
        conflicts_with = "iso"
    )]
    pub medium: Vec<PathBuf>,

    /// Write ISO 9660 images (one per disc) into this folder instead, to burn onto
    /// CD-R, DVD-R or BD-R; give the disc with --medium-type.
    #[arg(value_parser = path_arg(), long, value_name = "OUTDIR")]
    pub iso: Option<PathBuf>,

    /// Largest volume (bag or image) in bytes, e.g. 700M, 4G; a larger extract becomes
    /// a set of volumes [default: the disc's capacity less 1%; a folder: its free space].
    #[arg(long, value_name = "BYTES", value_parser = parse_volume_size)]
    pub volume_size: Option<u64>,

    /// Keep the medium until this date (YYYY-MM-DD); then `isou record due` lists it
    /// [default: today + the policy's retention_days, if set].
    #[arg(long, value_name = "DATE", value_parser = isou::records::value::typed_date)]
    pub retain_until: Option<String>,

    /// Accept a --retain-until already past (a shipment that must be disposed of at
    /// once, such as data returned after its agreement ended); recorded in 備考.
    #[arg(long)]
    pub allow_past_retention: bool,

    /// The approver (利用責任者) named in the approval; signed into bag-info.txt
    /// (Approver) [default: the policy's [terms] approver].
    #[arg(long, value_name = "NAME", value_parser = isou::records::value::typed_name)]
    pub approver: Option<String>,

    /// The application / approval number (申出番号・応諾番号); signed into bag-info.txt
    /// (Application-Number) [default: the policy's [terms] application].
    #[arg(long, value_name = "NO")]
    pub application: Option<String>,

    /// The last day of the approved use period (利用期間), YYYY-MM-DD, today or later;
    /// signed into bag-info.txt (Use-Until) so the recipient's `record due` lists the
    /// medium and its decrypted folder after it. Required for identifiable data
    /// [default: the policy's [terms] use_until].
    #[arg(long, value_name = "DATE", value_parser = isou::records::value::typed_date)]
    pub use_until: Option<String>,

    /// Seal identifiable data without a use period (the approval states no end);
    /// recorded in 備考.
    #[arg(long, conflicts_with = "use_until")]
    pub no_use_until: bool,

    /// Tracking number in the carrier's format (11-digit 書留/特定記録, 12-digit
    /// ゆうパック/レターパック/宅急便/飛脚宅配便, or international like EF123456785JP);
    /// checked, may be added later with `record ship`.
    #[arg(long, value_name = "N")]
    pub tracking_number: Option<String>,

    /// Carrier, from the carrier table (e.g. 簡易書留, 書留, ゆうパック, ヤマト運輸 宅急便,
    /// 持参); identifiable data only by a tracked one (§2.2⑥), unknown names refused.
    #[arg(long, value_name = "C", value_parser = offer_carrier(), hide_possible_values = true)]
    pub carrier: Option<String>,

    /// The designated transport handler (移送担当者).
    #[arg(long, value_name = "NAME", value_parser = isou::records::value::typed_name)]
    pub handler: Option<String>,

    /// Destination organisation.
    #[arg(long, value_name = "NAME", value_parser = isou::records::value::typed_name)]
    pub destination: Option<String>,

    /// Your organisation.
    #[arg(long, value_name = "NAME", value_parser = isou::records::value::typed_name)]
    pub source_organization: Option<String>,

    /// Information class: identifiable (非匿名化) or anonymized (匿名化); written to
    /// bag-info.txt [default: the policy's default_class, else identifiable].
    #[arg(long, value_name = "CLASS", value_parser = offer_class(), hide_possible_values = true)]
    pub class: Option<isou::media::InfoClass>,

    /// The medium: usb, cd-r (700 MB), dvd-r (4.7 GB) or bd-r (25 GB); recorded in
    /// bag-info.txt and the transport records [default: usb, or cd-r with --iso].
    #[arg(long, value_name = "TYPE", value_parser = offer_medium_type(), hide_possible_values = true)]
    pub medium_type: Option<isou::media::MediumType>,

    /// none, zstd or zstd:LEVEL (1-19).
    #[arg(long, value_name = "C", default_value = "zstd", value_parser = parse_compression)]
    pub compression: isou::pipeline::Compression,

    /// Largest segment file, e.g. 256M, 1G (below 4 GiB for FAT32 and ISO 9660).
    #[arg(long, value_name = "BYTES", default_value = "256M", value_parser = parse_segment_size)]
    pub segment_size: u64,

    /// Allow other files on the medium (those of the operating system are always
    /// allowed). They are not part of the signed bag: `verify` will report them as
    /// problems, so use an empty medium (§2.2) whenever you can.
    #[arg(long)]
    pub allow_nonempty: bool,

    /// Confirm the envelope is marked 親展・取扱注意 in red (§2.2⑤), for scripts;
    /// at a terminal isou asks when the policy requires it.
    #[arg(long)]
    pub envelope_confirmed: bool,

    /// Acknowledge the attendance rule for carrying by hand (§2.2⑧⑨).
    #[arg(long)]
    pub attendance_acknowledged: bool,

    /// Worker threads [default: all cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,

    /// Files and folders to seal; each is stored under its own name, '.' as the
    /// current folder's contents.
    #[arg(value_parser = path_arg(), value_name = "EXTRACT", required = true)]
    pub inputs: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The sender you expect: a contact card, an ssh-ed25519 public key, or a file
    /// holding one (repeatable). Every volume must then carry a good signature by one
    /// of them; without it an isou medium is never reported VALID.
    #[arg(long, value_name = "KEY")]
    pub signer: Vec<String>,

    /// The tracking number written on the envelope or slip: it must be the one the
    /// sender signed on the medium.
    #[arg(long, value_name = "N")]
    pub tracking_number: Option<String>,

    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,

    /// Worker threads for hashing [default: all cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// The medium: its folder (a mounted USB stick or disc, or any BagIt bag) or an
    /// ISO image; give every volume of a set.
    #[arg(value_parser = path_arg(), value_name = "MEDIUM", required = true)]
    pub medium: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct OpenArgs {
    /// Your identity file (repeatable) [default: as for keygen].
    #[arg(value_parser = path_arg(), short, long = "identity", value_name = "FILE")]
    pub identities: Vec<PathBuf>,

    #[command(flatten)]
    pub passphrase_source: PassphraseArgs,

    /// A new folder to extract into (created only when everything checked out; its
    /// parent must exist), or an empty folder of yours that only you may write to.
    #[arg(value_parser = path_arg(), long, value_name = "DIR")]
    pub out: PathBuf,

    /// The sender you expect (contact card, ssh-ed25519 key, a file holding one, or a
    /// policy contact): every volume must be signed by them before anything is
    /// decrypted. Required, unless --any-sender.
    #[arg(long, value_name = "KEY")]
    pub signer: Vec<String>,

    /// Open without checking who sent the medium (its signature must still be good,
    /// and whoever made it is printed and recorded as NOT checked). Only when you have
    /// confirmed the sender in another way.
    #[arg(long, conflicts_with = "signer")]
    pub any_sender: bool,

    /// Worker threads [default: all cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,

    /// The medium: its folder or an ISO image; for a set, its volumes (any order;
    /// a volume not given is asked for at a terminal).
    #[arg(value_parser = path_arg(), value_name = "MEDIUM", required = true)]
    pub medium: Vec<PathBuf>,
}
