//! Where a command's data goes: standard output, or a file that appears only when
//! complete. A file output is written to a 0600 temporary file beside the target and
//! renamed at the end, so a failed or interrupted decryption leaves no plaintext behind.

use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

use crate::error::CliError;

/// Installs the handler for Ctrl-C (SIGINT), SIGTERM and SIGHUP: it removes temporary
/// outputs and staging folders (see `isou::cleanup`), then exits 130.
pub fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        isou::cleanup::remove_all_and_exit(130, "isou: interrupted; temporary output removed")
    });
}

pub enum Output {
    Stdout(io::StdoutLock<'static>),
    File {
        tmp: NamedTempFile,
        target: PathBuf,
        force: bool,
        _pending: isou::cleanup::Guard,
    },
}

impl Output {
    /// Opens the output. `binary` refuses a terminal as destination.
    pub fn open(path: Option<&Path>, force: bool, binary: bool) -> Result<Output, CliError> {
        let path = path.filter(|p| p.as_os_str() != "-");
        let Some(target) = path else {
            let out = io::stdout();
            if binary && out.is_terminal() {
                return Err(CliError::usage(
                    "refusing to write binary data to a terminal",
                    "redirect the output to a file (-o FILE or > FILE) or a pipe",
                ));
            }
            return Ok(Output::Stdout(out.lock()));
        };
        if target.exists() && !force {
            return Err(CliError::usage(
                format!("{} already exists", target.display()),
                "choose another output file, or add --force to replace it",
            ));
        }
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        // tempfile creates the file 0600 with O_EXCL, in the target's directory so the
        // final rename is atomic and never crosses file systems.
        let gate = isou::cleanup::gate();
        let tmp = tempfile::Builder::new()
            .prefix(".isou-")
            .suffix(".part")
            .tempfile_in(dir)
            .map_err(CliError::io(format!(
                "cannot create a file in {}",
                dir.display()
            )))?;
        let pending = isou::cleanup::register(tmp.path());
        drop(gate);
        Ok(Output::File {
            tmp,
            target: target.to_path_buf(),
            force,
            _pending: pending,
        })
    }

    /// Makes the output final: flush and fsync, then rename into place.
    pub fn commit(self) -> Result<(), CliError> {
        match self {
            Output::Stdout(mut s) => s.flush().map_err(CliError::io("writing standard output")),
            Output::File {
                tmp, target, force, ..
            } => {
                let what = format!("writing {}", target.display());
                tmp.as_file()
                    .sync_all()
                    .map_err(CliError::io(what.clone()))?;
                let _gate = isou::cleanup::gate();
                let r = if force {
                    tmp.persist(&target).map(|_: File| ())
                } else {
                    tmp.persist_noclobber(&target).map(|_: File| ())
                };
                r.map_err(|e| CliError::Io {
                    what,
                    error: e.error,
                })
            }
        }
    }

    pub fn is_stdout(&self) -> bool {
        matches!(self, Output::Stdout(_))
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(s) => s.write(buf),
            Output::File { tmp, .. } => tmp.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Output::Stdout(s) => s.write_all(buf),
            Output::File { tmp, .. } => tmp.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(s) => s.flush(),
            Output::File { tmp, .. } => tmp.flush(),
        }
    }
}

/// Opens the input: a file, or standard input for `-` / nothing.
pub fn open_input(path: Option<&Path>) -> Result<Box<dyn io::Read>, CliError> {
    match path.filter(|p| p.as_os_str() != "-") {
        None => Ok(Box::new(io::stdin().lock())),
        Some(p) => {
            let f = File::open(p).map_err(CliError::io(format!("cannot open {}", p.display())))?;
            if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
                return Err(CliError::usage(
                    format!("{} is a directory", p.display()),
                    "encrypt and decrypt take one file; to package a folder use 'isou seal'",
                ));
            }
            Ok(Box::new(f))
        }
    }
}
