//! The key and file-encryption commands' arguments: keygen, card, encrypt, decrypt, and
//! where a passphrase comes from.

use std::path::PathBuf;

use clap::Args;

use super::values::{parse_fd, path_arg};

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
