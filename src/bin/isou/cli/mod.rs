//! The command line, declared with clap: each `///` comment is the help text.
//!
//! One file per family of commands, the value parsers apart (`values`); every item is
//! re-exported here, so it is `crate::cli::X` wherever it is declared.

mod keys;
mod medium;
mod record;
mod values;

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand};

pub use keys::{CardArgs, DecryptArgs, EncryptArgs, KeygenArgs, PassphraseArgs};
pub use medium::{OpenArgs, SealArgs, VerifyArgs};
pub use record::{ExportFormat, ReceiptArgs, RecordCommand};
pub use values::Refused;
use values::{offer_lang, path_arg};

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

#[cfg(test)]
mod tests;
