//! Where a command's data goes: standard output, or a file that appears only when
//! complete. A file output is written to a 0600 temporary file beside the target and
//! renamed at the end, so a failed or interrupted decryption leaves no plaintext behind.
//! A run killed outright (SIGKILL, power loss) cannot remove its temporary file: it is
//! named with its owner (`.TARGET.isou-part-PID-BOOT-random`), and the next `encrypt`
//! or `decrypt -o` into the same folder removes it (see `isou::cleanup`).

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

/// Marks temporary outputs: `.TARGET.isou-part-PID-BOOT-random`.
const PART_MARK: &str = ".isou-part-";

/// The longest part of the target's name kept in the temporary file's name, in bytes:
/// with the mark, the owner tag and the random part the name stays well below the 255
/// bytes a file name may have.
const NAME_KEPT: usize = 120;

/// The temporary file's name prefix for `target`: it records which process (in which
/// boot) owns it, so a later run can tell a leftover from the output of a live run.
fn part_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut end = name.len().min(NAME_KEPT);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        ".{}{PART_MARK}{}-",
        &name[..end],
        isou::cleanup::owner_tag()
    )
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
    /// Opens the output. `binary` refuses a terminal as destination. Temporary files
    /// that killed runs left in the target's folder are removed first (said unless
    /// `quiet`).
    pub fn open(
        path: Option<&Path>,
        force: bool,
        binary: bool,
        quiet: bool,
    ) -> Result<Output, CliError> {
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
        // A run killed outright left its temporary file, a plaintext prefix of what it
        // was decrypting: removed now, before anything new is written. Only files whose
        // owner is gone; a run still writing beside us keeps its own.
        for p in isou::cleanup::remove_stale(dir, PART_MARK) {
            if !quiet {
                // The name was read from the folder, which others may write to.
                eprintln!(
                    "isou: removed {}, left by an earlier encrypt or decrypt that was killed",
                    isou::untrusted::clean(&p.display().to_string())
                );
            }
        }
        // In the target's directory, so the final rename is atomic and never crosses
        // file systems. tempfile opens with O_CREAT|O_EXCL (create_new): never a file or
        // link planted under the name (CWE-377, CWE-59).
        let prefix = part_prefix(target);
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).rand_bytes(8);
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600));
        let gate = isou::cleanup::gate();
        let tmp = builder.tempfile_in(dir).map_err(CliError::io(format!(
            "cannot create a file in {}",
            dir.display()
        )))?;
        let pending = isou::cleanup::register(tmp.path());
        drop(gate);
        // The creation mode passes through the umask, which can only take bits away;
        // 0600 is set outright, so the plaintext is readable by no one else (CWE-276)
        // whatever the umask.
        #[cfg(unix)]
        tmp.as_file()
            .set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .map_err(CliError::io(format!(
                "cannot make {} private",
                tmp.path().display()
            )))?;
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
