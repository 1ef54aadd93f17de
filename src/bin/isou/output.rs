//! Where a command's data goes: standard output, or a file that appears only when
//! complete.
//!
//! Every line a command prints to standard output goes through [`out`] (the
//! [`outln!`] macro) or the [`Stdout`] writer: the one path to standard output in the
//! binary (`println!` is denied in main.rs, `std::io::stdout` in clippy.toml). It never
//! panics and never stops the command: `println!` panicked on a closed pipe (`isou
//! verify … | true`: exit 101, and verify then never appended its event).
//! A broken pipe means the reader went away, which is not an error (as in
//! ripgrep): further output is dropped and the command ends with exit 0. Any other
//! write error (disk full when redirected to a file) is remembered, further output is
//! dropped, the command finishes its work (and records it), and [`finish`] turns the
//! error into the I/O exit code (CWE-248, CWE-755). A file output is written to a 0600 temporary file beside the target and
//! renamed at the end, so a failed or interrupted decryption leaves no plaintext behind.
//! A run killed outright (SIGKILL, power loss) cannot remove its temporary file: it is
//! named with its owner (`.TARGET.isou-part-PID-BOOT-random`), and the next `encrypt`
//! or `decrypt -o` into the same folder removes it (see `isou::cleanup`).

use std::fmt;
use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use tempfile::NamedTempFile;

use crate::error::CliError;
use isou::untrusted::clean;

/// The first error writing standard output, if any: from then on output is dropped.
static STDOUT_FAILED: Mutex<Option<io::Error>> = Mutex::new(None);

/// Runs `write` on standard output unless an earlier write failed; a failure is
/// remembered (see the module documentation), never returned or panicked on.
fn put(write: impl FnOnce(&mut io::StdoutLock<'static>) -> io::Result<()>) {
    // A panic elsewhere while holding the lock leaves the remembered error intact.
    let mut failed = STDOUT_FAILED.lock().unwrap_or_else(PoisonError::into_inner);
    if failed.is_some() {
        return;
    }
    // The one place that writes standard output (besides the binary stream of
    // encrypt/decrypt in `Output`, whose errors stop the stream).
    #[allow(clippy::disallowed_methods)]
    let mut s = io::stdout().lock();
    if let Err(e) = write(&mut s) {
        *failed = Some(e);
    }
}

/// Prints to standard output; never panics, never fails (see the module documentation).
/// Use [`outln!`].
pub fn out(args: fmt::Arguments<'_>) {
    put(|s| s.write_fmt(args));
}

/// `println!` through [`out`]: the only way the binary prints to standard output.
macro_rules! outln {
    () => {
        $crate::output::out(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::output::out(format_args!("{}\n", format_args!($($arg)*)))
    };
}
pub(crate) use outln;

/// Writes to standard error and never panics: `eprintln!` panics when stderr is a pipe
/// whose reader went away (`isou seal … 2>&1 | head`), which would stop a command
/// before it recorded its work. Messages that cannot be shown are dropped — there is
/// nowhere left to say so.
pub fn err(args: fmt::Arguments<'_>) {
    use std::io::Write;
    // With the progress bar cleared meanwhile: it would overwrite the line (issue 15).
    crate::bar::suspend(|| {
        let _ = std::io::stderr().lock().write_fmt(args);
    });
}

/// `eprintln!` through [`err`]: the only way the binary prints to standard error.
macro_rules! errln {
    () => {
        $crate::output::err(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::output::err(format_args!("{}\n", format_args!($($arg)*)))
    };
}
pub(crate) use errln;

/// `eprint!` through [`err`] (a prompt on the same line).
macro_rules! errp {
    ($($arg:tt)*) => {
        $crate::output::err(format_args!($($arg)*))
    };
}
pub(crate) use errp;

/// A warning on standard error, `isou: 警告: …` / `isou: warning: …`, through the one
/// sanitiser (it may quote text from outside). `text` comes from the catalogue.
pub fn warn(text: &str) {
    err(format_args!(
        "isou: {}: {}\n",
        isou::tr!("prefix-warning"),
        isou::untrusted::clean(text)
    ));
}

/// What to do next, one line on standard error after a command's summary (issue 17:
/// after seal, 発送したら `isou record ship …`). Not printed with `--quiet`.
pub fn next_step(quiet: bool, text: &str) {
    if !quiet {
        err(format_args!(
            "{}: {}\n",
            isou::tr!("prefix-next"),
            isou::untrusted::clean(text)
        ));
    }
}

/// Standard output as an `io::Write` for serialisers (CSV, JSON), with [`out`]'s
/// rules: a write never fails (a failure is remembered and the rest dropped). Buffer it
/// (`BufWriter`): each write takes the lock.
pub struct Stdout;

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        put(|s| s.write_all(buf));
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        put(|s| s.flush());
        Ok(())
    }
}

/// Ends the command's output: flushes standard output and reports a write error other
/// than a broken pipe (which is not an error: the reader went away), as an I/O error
/// (exit 2). Called once, after the command's work is done and recorded.
pub fn finish() -> Result<(), CliError> {
    let mut failed = STDOUT_FAILED.lock().unwrap_or_else(PoisonError::into_inner);
    if failed.is_none() {
        #[allow(clippy::disallowed_methods)]
        if let Err(e) = io::stdout().lock().flush() {
            *failed = Some(e);
        }
    }
    match failed.take() {
        Some(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(CliError::Io {
            what: isou::tr!("output-writing-stdout"),
            error: e,
        }),
        _ => Ok(()),
    }
}

/// Installs the handler for Ctrl-C (SIGINT), SIGTERM and SIGHUP (on Windows Ctrl-C,
/// Ctrl-Break, the console window closed, log-off and shutdown): it removes temporary
/// outputs and staging folders (see `isou::cleanup`), then exits 130.
pub fn install_interrupt_handler() {
    isou::platform::on_interrupt(|| isou::cleanup::remove_all_and_exit(130));
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
            // The binary stream of encrypt/decrypt: its write errors stop the stream
            // (a broken pipe ends the command with exit 0, in main.rs).
            #[allow(clippy::disallowed_methods)]
            let out = io::stdout();
            if binary && out.is_terminal() {
                return Err(CliError::usage(
                    isou::tr!("output-binary-to-terminal"),
                    isou::tr!("output-binary-to-terminal-hint"),
                ));
            }
            return Ok(Output::Stdout(out.lock()));
        };
        // Only a regular file is ever replaced (issue 16 red team finding 13, CWE-73:
        // `-o /dev/null --force` as root turned the device into a 0600 file).
        if replaceable(target)? && !force {
            return Err(CliError::usage(
                isou::tr!("output-exists", path = clean(&target.display().to_string())),
                isou::tr!("output-exists-hint"),
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
                errln!(
                    "isou: {}",
                    isou::tr!(
                        "output-stale-removed",
                        path = clean(&p.display().to_string())
                    )
                );
            }
        }
        // In the target's directory, so the final rename is atomic and never crosses
        // file systems. tempfile opens with O_CREAT|O_EXCL (create_new): never a file or
        // link planted under the name (CWE-377, CWE-59).
        let prefix = part_prefix(target);
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).rand_bytes(8);
        let gate = isou::cleanup::gate();
        let tmp = builder.tempfile_in(dir).map_err(CliError::io(isou::tr!(
            "output-cannot-create",
            path = clean(&dir.display().to_string())
        )))?;
        let pending = isou::cleanup::register(tmp.path());
        drop(gate);
        // tempfile creates it 0600 on Unix; set outright again (the umask can only take
        // bits away, but this does not depend on it), so the plaintext is readable by
        // no one else (CWE-276). On Windows a protected DACL granting only this user.
        isou::platform::make_private(tmp.as_file()).map_err(CliError::io(isou::tr!(
            "output-cannot-make-private",
            path = clean(&tmp.path().display().to_string())
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
            Output::Stdout(mut s) => s
                .flush()
                .map_err(CliError::io(isou::tr!("output-writing-stdout"))),
            Output::File {
                tmp, target, force, ..
            } => {
                let what = isou::tr!(
                    "output-writing",
                    path = clean(&target.display().to_string())
                );
                tmp.as_file()
                    .sync_all()
                    .map_err(CliError::io(what.clone()))?;
                let _gate = isou::cleanup::gate();
                // Again just before the rename: what holds the name may have changed
                // while the output was written (finding 13).
                replaceable(&target)?;
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

/// Whether `target` holds a regular file the output may replace (`true`) or nothing
/// (`false`); anything else — a device, a FIFO, a socket, a directory — is refused,
/// with or without --force (`isou::localfile::replaceable`, issue 16 red team finding
/// 13, CWE-73).
fn replaceable(target: &Path) -> Result<bool, CliError> {
    use isou::localfile::LocalFileError;
    let shown = clean(&target.display().to_string());
    isou::localfile::replaceable(target).map_err(|e| match e {
        LocalFileError::Io(e) => {
            CliError::io(isou::tr!("output-cannot-check", path = shown.as_str()))(e)
        }
        other => CliError::usage(
            isou::tr!(
                "output-not-regular",
                path = shown.as_str(),
                what = other.to_string()
            ),
            isou::tr!("output-not-regular-hint"),
        ),
    })
}

/// Opens the input: a file, or standard input for `-` / nothing.
pub fn open_input(path: Option<&Path>) -> Result<Box<dyn io::Read>, CliError> {
    match path.filter(|p| p.as_os_str() != "-") {
        None => Ok(Box::new(io::stdin().lock())),
        Some(p) => {
            let shown = clean(&p.display().to_string());
            let f = File::open(p).map_err(CliError::io(isou::tr!(
                "output-cannot-open",
                path = shown.as_str()
            )))?;
            if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
                return Err(CliError::usage(
                    isou::tr!("output-is-directory", path = shown.as_str()),
                    isou::tr!("output-is-directory-hint"),
                ));
            }
            Ok(Box::new(f))
        }
    }
}
