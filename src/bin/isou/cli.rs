//! The command line, declared with clap: each `///` comment is the help text.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand};

/// Exit codes, printed at the end of `isou --help`; in Japanese `help-exit-codes` of
/// i18n/ja/help.ftl (the same codes, checked by the tests of `help.rs`).
pub const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  the data was refused: not an age file, damaged, altered, truncated;
     a medium that fails verification, is not signed by the sender given, or
     holds a hostile or corrupt archive; open without --signer (or --any-sender);
     a receipt that is not the destination's signed receipt of a shipment
     sealed in this ledger (record receipt)
  2  usage, configuration or I/O error (bad arguments, missing file, disk full,
     a read error)
  3  key problem: no identity matches, wrong passphrase, unusable identity file
  4  incomplete (verify): what was given is intact, but not all of it: volumes
     of a set not given, or payload listed in fetch.txt not present
  130  interrupted (Ctrl-C, SIGTERM, SIGHUP); temporary output was removed";

/// isou (移送): move sensitive registry extracts on physical media, encrypted,
/// signed and recorded.
// `Args`, not `Parser`: `CommandFactory` is written out below, so that every use of the
// command tree (parsing, `--help`, the error messages) gets it in the chosen language
// (issue 17); `Cli::command_en` is the tree as declared here, in English.
#[derive(Args, Debug)]
#[command(name = "isou", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    /// Print nothing but errors on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// The organisation's policy file [default: $ISOU_POLICY, else
    /// ~/.config/isou/isou.toml if it exists, else built-in rules].
    #[arg(value_parser = path_arg(), long, global = true, value_name = "PATH")]
    pub policy: Option<PathBuf>,

    /// The transport-record ledger [default: $ISOU_LEDGER, else
    /// ~/.local/share/isou/ledger.sqlite].
    #[arg(value_parser = path_arg(), long, global = true, value_name = "PATH")]
    pub ledger: Option<PathBuf>,

    /// The language of messages and help: ja (日本語) or en [default: $ISOU_LANG,
    /// else the policy's `language`, else the locale (LC_ALL, LC_MESSAGES, LANG)].
    #[arg(long, global = true, value_name = "LANG", value_parser = offer_lang(), hide_possible_values = true)]
    pub lang: Option<isou::i18n::Lang>,

    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The command tree as declared, with the `///` comments as its English help: the
    /// source of the man pages and the completion scripts.
    pub fn command_en() -> clap::Command {
        <Self as Args>::augment_args(clap::Command::new("isou"))
    }
}

impl CommandFactory for Cli {
    /// The command tree in the language of messages (`crate::help`): Japanese help
    /// from `i18n/ja/help.ftl` when Japanese is chosen, else the English as declared.
    fn command() -> clap::Command {
        crate::help::localise(Self::command_en())
    }

    fn command_for_update() -> clap::Command {
        crate::help::localise(<Self as Args>::augment_args_for_update(clap::Command::new(
            "isou",
        )))
    }
}

impl Parser for Cli {}

/// A value parser that offers its values to shell completion (`isou completions`) while
/// parsing as `inner` does: isou accepts more than it lists (aliases, full width, the
/// English and the Japanese word), so the list is a suggestion, not a rule, and is kept
/// out of the help text (`hide_possible_values`) where the `///` text already names the
/// values (red team 17, finding 65: these flags completed as file names).
#[derive(Clone)]
pub struct Offer<P> {
    inner: P,
    values: fn() -> Vec<&'static str>,
}

impl<P> Offer<P> {
    fn new(inner: P, values: fn() -> Vec<&'static str>) -> Self {
        Offer { inner, values }
    }
}

impl<P: clap::builder::TypedValueParser> clap::builder::TypedValueParser for Offer<P> {
    type Value = P::Value;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Self::Value, clap::Error> {
        self.inner.parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            (self.values)()
                .into_iter()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

/// A parser from text, as a plain function.
type ParseFn<T, E> = fn(&str) -> Result<T, E>;

fn offer_lang() -> Offer<ParseFn<isou::i18n::Lang, String>> {
    Offer::new(parse_lang, || vec!["ja", "en"])
}

fn offer_class() -> Offer<ParseFn<isou::media::InfoClass, isou::media::UnknownClass>> {
    Offer::new(
        |s| s.parse(),
        || vec!["非匿名化", "匿名化", "identifiable", "anonymized"],
    )
}

fn offer_medium_type() -> Offer<ParseFn<isou::media::MediumType, Refused>> {
    Offer::new(parse_medium_type, || vec!["usb", "cd-r", "dvd-r", "bd-r"])
}

fn offer_carrier() -> Offer<clap::builder::StringValueParser> {
    Offer::new(clap::builder::StringValueParser::new(), || {
        isou::carriers::CARRIERS.iter().map(|c| c.name).collect()
    })
}

fn offer_disposal_method() -> Offer<clap::builder::StringValueParser> {
    Offer::new(clap::builder::StringValueParser::new(), || {
        isou::records::disposal::METHODS
            .iter()
            .map(|m| m.name)
            .collect()
    })
}

/// A value refused by one of isou's own value parsers, with isou's message and hint in
/// the language of the run: `usage::parse` prints them as they are (`isou: error: …`,
/// `isou: hint: …`, exit 2), not inside clap's `invalid value … for …`, so a value is
/// refused in the same words whether clap or the command found it.
#[derive(Debug)]
pub struct Refused {
    pub msg: String,
    pub hint: String,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for Refused {}

/// `seal --medium-type`: the library's names and aliases (`MediumType::from_str`).
fn parse_medium_type(s: &str) -> Result<isou::media::MediumType, Refused> {
    s.parse().map_err(|msg| Refused {
        msg,
        hint: isou::tr!("seal-medium-type-hint"),
    })
}

/// `seal --compression`: none, zstd or zstd:LEVEL (`Compression::from_str`).
fn parse_compression(s: &str) -> Result<isou::pipeline::Compression, Refused> {
    s.parse()
        .map_err(|e: isou::pipeline::UnknownCompression| Refused {
            msg: e.to_string(),
            hint: isou::tr!("seal-compression-hint"),
        })
}

/// `seal --volume-size`: a size (`isou::pipeline::parse_size`) above zero.
fn parse_volume_size(s: &str) -> Result<u64, Refused> {
    isou::pipeline::parse_size(s)
        .filter(|n| *n > 0)
        .ok_or_else(|| Refused {
            msg: isou::tr!(
                "seal-volume-size-bad",
                value = format!("{:?}", isou::untrusted::sanitize(s))
            ),
            hint: isou::tr!("seal-volume-size-bad-hint"),
        })
}

/// `seal --segment-size`: a size (`isou::pipeline::parse_size`) from 1 MiB to the
/// largest segment FAT32 and ISO 9660 hold (`MAX_SEGMENT_SIZE`).
fn parse_segment_size(s: &str) -> Result<u64, Refused> {
    isou::pipeline::parse_size(s)
        .filter(|n| (1 << 20..=isou::pipeline::segments::MAX_SEGMENT_SIZE).contains(n))
        .ok_or_else(|| Refused {
            msg: isou::tr!(
                "seal-segment-size-bad",
                value = format!("{:?}", isou::untrusted::sanitize(s))
            ),
            hint: isou::tr!("seal-segment-size-bad-hint"),
        })
}

/// `record export --register`: one of the library's registers (`records::export::
/// REGISTERS`), by its name; clap refuses any other name with the list of names.
fn register_arg(
) -> impl clap::builder::TypedValueParser<Value = &'static isou::records::export::Register> {
    use clap::builder::TypedValueParser;
    use isou::records::export;
    clap::builder::PossibleValuesParser::new(
        export::REGISTERS.iter().map(|r| r.name).collect::<Vec<_>>(),
    )
    .map(|name| export::register(&name).expect("a name from REGISTERS"))
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

fn parse_lang(s: &str) -> Result<isou::i18n::Lang, String> {
    s.parse()
        .map_err(|e: isou::i18n::UnknownLang| e.to_string())
}

/// Every path on the command line: on Windows `E:` is the drive's root `E:\`, and a
/// drive-relative (`E:foo`), device (`\\?\`, `\\.\`) or UNC (`\\server\share`) path is
/// refused with a message in the language of the run (`isou::platform::check_path`).
/// Any path as it is on Unix (non-UTF-8 bytes included).
fn path_arg() -> impl clap::builder::TypedValueParser<Value = PathBuf> {
    use clap::builder::TypedValueParser;
    clap::builder::OsStringValueParser::new()
        .try_map(|s| isou::platform::check_path(std::path::Path::new(&s)))
}

/// `--passphrase-fd N`: clap's own range check would answer in English
/// ("… is not in -2147483648..=2147483647"; red team 17, finding 51).
fn parse_fd(s: &str) -> Result<i32, String> {
    s.trim()
        .parse()
        .map_err(|_| isou::tr!("cli-passphrase-fd-bad"))
}

// Parsed once per run; boxing the larger variants would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create your identity file (a key to receive, a key to sign) and print the
    /// contact card to hand to your partners.
    Keygen(KeygenArgs),
    /// Print the contact card of an identity file.
    Card(CardArgs),
    /// Encrypt one file to age v1, readable by age and rage.
    Encrypt(EncryptArgs),
    /// Decrypt one age file (binary or armored).
    Decrypt(DecryptArgs),
    /// Package an extract onto a medium: compressed, encrypted, signed, as a BagIt bag.
    Seal(SealArgs),
    /// Check a medium on receipt, without any secret key: complete, unchanged, and
    /// signed by the sender you expect.
    Verify(VerifyArgs),
    /// Decrypt a medium into a new folder, every file checked.
    Open(OpenArgs),
    /// Sign a receipt (受領書) of a shipment verified VALID, to send back to the
    /// sender (it holds no personal data, so e-mail is fine).
    Receipt(ReceiptArgs),
    /// The transport records (移送記録): check, list, show, and record what a command
    /// cannot know (shipping, disposal).
    #[command(subcommand)]
    Record(RecordCommand),
    /// The transport policy (isou.toml).
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Print the shell completion script for bash, zsh, fish or PowerShell (English).
    Completions(CompletionsArgs),
    /// Write the manual pages (English): isou.1 and one page per command (isou-seal.1,
    /// isou-record-ship.1 …) into a folder, or isou.1 to standard output.
    Man(ManArgs),
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell that will use the script.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// Write every page into this folder (created if missing; pages there are replaced)
    /// instead of isou.1 to standard output.
    #[arg(value_parser = path_arg(), short = 'o', long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum PolicyCommand {
    /// Validate the policy file and print what it says.
    Check,
}

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

/// Where a passphrase comes from when not typed at the terminal.
#[derive(Args, Debug, Clone, Default)]
pub struct PassphraseArgs {
    /// Read the passphrase from the first line of FILE (for scripts; keep FILE 0600).
    #[arg(value_parser = path_arg(), long, value_name = "FILE", conflicts_with = "passphrase_fd")]
    pub passphrase_file: Option<PathBuf>,

    /// Read the passphrase from the first line of open file descriptor N (e.g. 3<FILE).
    #[arg(long, value_name = "N", value_parser = parse_fd)]
    pub passphrase_fd: Option<i32>,
}

impl PassphraseArgs {
    pub fn source(&self) -> isou::keys::PassphraseSource {
        use isou::keys::PassphraseSource;
        match (&self.passphrase_file, self.passphrase_fd) {
            (Some(f), _) => PassphraseSource::File(f.clone()),
            (None, Some(fd)) => PassphraseSource::Fd(fd),
            (None, None) => PassphraseSource::Terminal,
        }
    }

    pub fn given(&self) -> bool {
        self.passphrase_file.is_some() || self.passphrase_fd.is_some()
    }
}

#[derive(Args, Debug)]
pub struct KeygenArgs {
    /// Write the identity file here [default: $ISOU_IDENTITY, else
    /// ~/.config/isou/identity.txt]. An existing file is never overwritten.
    #[arg(value_parser = path_arg(), short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Write the keys WITHOUT passphrase protection (for keys on protected hardware, or
    /// scripts). The file is then a plain age identity file the age CLI accepts.
    #[arg(long)]
    pub unprotected: bool,

    /// A label for the contact card, e.g. your organisation and desk.
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub label: String,

    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

#[derive(Args, Debug)]
pub struct CardArgs {
    /// The identity file [default: as for keygen].
    #[arg(value_parser = path_arg(), short, long, value_name = "FILE")]
    pub identity: Option<PathBuf>,

    /// A label for the contact card [default: the label given at keygen].
    #[arg(long, value_name = "TEXT")]
    pub label: Option<String>,

    // Not needed: a card holds only public keys and is printed without unlocking the
    // identity file; accepted for scripts written before (issue 15 item 10).
    #[command(flatten)]
    pub passphrase: PassphraseArgs,
}

#[derive(Args, Debug)]
pub struct EncryptArgs {
    /// Encrypt to this recipient: an age1… key or an isou contact card (repeatable).
    #[arg(short, long = "recipient", value_name = "RECIPIENT")]
    pub recipients: Vec<String>,

    /// Encrypt to every recipient listed in FILE, one per line (repeatable).
    #[arg(value_parser = path_arg(), short = 'R', long = "recipients-file", value_name = "FILE")]
    pub recipients_files: Vec<PathBuf>,

    /// Encrypt with a passphrase instead of keys. At the terminal, leave it empty to
    /// have a strong one generated and shown once, on the terminal only (never in a
    /// redirected output or log).
    #[arg(short, long)]
    pub passphrase: bool,

    #[command(flatten)]
    pub passphrase_source: PassphraseArgs,

    /// Write PEM-style ASCII armor instead of binary.
    #[arg(short, long)]
    pub armor: bool,

    /// Write the encrypted file here (created via a temporary file, renamed at the end)
    /// [default: standard output].
    #[arg(value_parser = path_arg(), short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// Replace OUT if it exists.
    #[arg(long)]
    pub force: bool,

    /// Worker threads [default: all cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// The file to encrypt; '-' or nothing reads standard input.
    #[arg(value_parser = path_arg(), value_name = "INPUT")]
    pub input: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct DecryptArgs {
    /// Decrypt with this identity file (repeatable) [default: as for keygen].
    #[arg(value_parser = path_arg(), short, long = "identity", value_name = "FILE")]
    pub identities: Vec<PathBuf>,

    /// The file is passphrase-encrypted (detected anyway; this only insists on it).
    #[arg(short, long)]
    pub passphrase: bool,

    #[command(flatten)]
    pub passphrase_source: PassphraseArgs,

    /// Write the plaintext here; it appears only once every chunk has authenticated
    /// [default: standard output, released chunk by chunk as it authenticates].
    #[arg(value_parser = path_arg(), short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// Replace OUT if it exists.
    #[arg(long)]
    pub force: bool,

    /// Worker threads [default: all cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// The age file; '-' or nothing reads standard input.
    #[arg(value_parser = path_arg(), value_name = "INPUT")]
    pub input: Option<PathBuf>,
}

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

#[cfg(test)]
mod tests;
