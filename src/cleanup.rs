//! Paths to remove if the process is interrupted (Ctrl-C, SIGTERM, SIGHUP): temporary
//! outputs and staging folders that may hold plaintext, and half-written media. The
//! library registers what it creates (under [`gate`]); the command line's signal
//! handler calls [`remove_all_and_exit`]. Finished work stays registered until the
//! command has recorded it ([`keep_until_commit`], [`commit`]).
//! A SIGKILL (or a power cut) cannot be caught: what only a live run may hold is named
//! with its owner ([`owner_tag`]: process id and boot id), so the next run can tell a
//! leftover from the work of a run still going and remove it ([`remove_stale`]):
//! `open`'s staging folders (`.OUT.isou-staging-PID-BOOT-*`), `seal --iso`'s
//! unfinished images (`.NAME.iso.isou-partial-PID-BOOT`) and the temporary outputs of
//! `encrypt -o` and `decrypt -o` (`.TARGET.isou-part-PID-BOOT-*`, a plaintext prefix
//! for `decrypt`), each removed by the next run of the same kind into the same folder.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError, RwLock, RwLockReadGuard};

static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Shared by every thread that creates a file or folder the cleanup may have to
/// remove; taken exclusively by the cleanup. The signal handler runs on a thread of its
/// own while the others go on working: without this, a segment, a tag file or an
/// extracted file created just after the cleanup listed a folder would survive it (and
/// `remove_dir_all` would fail on the folder that is no longer empty).
static GATE: RwLock<()> = RwLock::new(());

/// Held while creating (and registering) something the cleanup would remove: the
/// cleanup waits for it, and once the cleanup has begun, nothing is created again.
/// Hold it for the creation only — never across a wait on another thread.
pub fn gate() -> RwLockReadGuard<'static, ()> {
    GATE.read().unwrap_or_else(PoisonError::into_inner)
}

/// Whether the command's work was recorded ([`commit`]): an interrupt after that
/// removes nothing of it and must not say it did.
static COMMITTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// What an interrupt did, in words: the paths it removed, or that the work was already
/// finished and recorded, or that nothing had been written. Said truthfully (issue 15:
/// "temporary output removed" was printed after a finished `open`, whose output and
/// event remained).
pub fn interrupt_message(removed: usize, committed: bool) -> String {
    if removed > 0 {
        crate::tr!("cleanup-interrupted-removed")
    } else if committed {
        crate::tr!("cleanup-interrupted-recorded")
    } else {
        crate::tr!("cleanup-interrupted-nothing")
    }
}

/// For the signal handler: waits for creations under way, removes every registered
/// path, says what it did ([`interrupt_message`]) and exits with `code` — still holding
/// the gate, so no thread creates anything between the cleanup and the end of the
/// process.
pub fn remove_all_and_exit(code: i32) -> ! {
    let _closed = GATE.write().unwrap_or_else(PoisonError::into_inner);
    let removed = remove_all();
    let message = interrupt_message(removed, COMMITTED.load(std::sync::atomic::Ordering::SeqCst));
    // Not eprintln!: after SIGHUP the terminal is gone, and a panic here would leave
    // the process running.
    let _ = writeln!(io::stderr(), "{message}");
    std::process::exit(code);
}

/// Keeps a path registered while it lives.
#[derive(Debug)]
pub struct Guard(PathBuf);

/// Registers `path` (a file or a folder) for removal on interruption.
pub fn register(path: &Path) -> Guard {
    if let Ok(mut v) = PENDING.lock() {
        v.push(path.to_path_buf());
    }
    Guard(path.to_path_buf())
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Ok(mut v) = PENDING.lock() {
            if let Some(i) = v.iter().rposition(|p| p == &self.0) {
                v.remove(i);
            }
        }
    }
}

static KEPT: Mutex<Vec<Guard>> = Mutex::new(Vec::new());

/// Keeps `guards` registered after their owner is done, until [`commit`]: a command's
/// finished work (a sealed medium, an opened folder) stays subject to the interrupt
/// cleanup until the command has recorded it, so an interrupt in between removes the
/// work instead of leaving it without its transport record.
pub fn keep_until_commit(guards: Vec<Guard>) {
    if let Ok(mut k) = KEPT.lock() {
        k.extend(guards);
    }
}

/// The command's work is recorded: what [`keep_until_commit`] kept is no longer
/// removed on an interrupt. Call it holding [`gate`], with the recording.
pub fn commit() {
    COMMITTED.store(true, std::sync::atomic::Ordering::SeqCst);
    let kept = KEPT
        .lock()
        .map(|mut k| std::mem::take(&mut *k))
        .unwrap_or_default();
    drop(kept);
}

/// Removes every registered path (called from a signal handler thread) and returns how
/// many were there to remove, the last
/// registered first: undone in the reverse order of doing, so what makes a medium a bag
/// (`bagit.txt`, written last) goes first.
pub fn remove_all() -> usize {
    let mut removed = 0;
    if let Ok(v) = PENDING.lock() {
        for p in v.iter().rev() {
            let gone = match std::fs::symlink_metadata(p) {
                Ok(m) if m.is_dir() => std::fs::remove_dir_all(p).is_ok(),
                Ok(_) => std::fs::remove_file(p).is_ok(),
                Err(_) => false,
            };
            removed += usize::from(gone);
        }
    }
    removed
}

/// The first 8 hex digits of this boot's id (a process id means nothing after a
/// restart).
fn boot_id() -> String {
    fs::read_to_string("/proc/sys/kernel/random/boot_id")
        .map(|s| s.trim().replace('-', "").chars().take(8).collect())
        .unwrap_or_else(|_| "noboot".into())
}

/// `PID-BOOT` for this process, put after a mark in the names of files and folders
/// that only this run may hold.
pub fn owner_tag() -> String {
    format!("{}-{}", std::process::id(), boot_id())
}

/// Whether the run named by an owner tag (`PID-BOOT…`) is gone: another boot, or no
/// such process. An unreadable tag counts as alive, so nothing unknown is removed.
fn owner_gone(tag: &str, boot: &str) -> bool {
    let mut parts = tag.splitn(3, '-');
    let (Some(pid), Some(their_boot)) = (parts.next(), parts.next()) else {
        return false;
    };
    let Ok(pid) = pid.parse::<i32>() else {
        return false;
    };
    if pid <= 0 || their_boot.is_empty() {
        return false;
    }
    if their_boot != boot {
        return true;
    }
    !crate::platform::process_alive(pid as u32)
}

/// Removes the entries of `parent` whose names hold `mark` followed by the owner tag of
/// a run that is gone (folders with what they hold; files and links themselves, never
/// what a link points to). Returns what was removed. The last `mark` in a name is the
/// one isou put there: the output's own name, before it, may hold the mark too (a file
/// called `x.isou-part-1-00000000`), and must not make a live run's file look stale.
pub fn remove_stale(parent: &Path, mark: &str) -> Vec<PathBuf> {
    let boot = boot_id();
    let mut removed = Vec::new();
    let Ok(rd) = fs::read_dir(parent) else {
        return removed;
    };
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some((_, tag)) = name.rsplit_once(mark) else {
            continue;
        };
        if !owner_gone(tag, &boot) {
            continue;
        }
        let gone = match e.file_type() {
            Ok(t) if t.is_dir() => fs::remove_dir_all(e.path()).is_ok(),
            Ok(_) => fs::remove_file(e.path()).is_ok(),
            Err(_) => false,
        };
        if gone {
            removed.push(e.path());
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interrupt_says_what_it_did() {
        assert!(interrupt_message(2, false).contains("removed"));
        assert!(interrupt_message(1, true).contains("removed"));
        let done = interrupt_message(0, true);
        assert!(done.contains("finished and recorded") && done.contains("nothing was removed"));
        assert!(interrupt_message(0, false).contains("nothing had been written"));
    }

    #[test]
    fn only_leftovers_of_runs_that_are_gone_are_removed() {
        let d = tempfile::tempdir().unwrap();
        let boot = boot_id();
        let mine = format!(".a.iso.isou-partial-{}", owner_tag());
        // pid_max is at most 2^22 on Linux: this process cannot exist.
        let dead = format!(".b.iso.isou-partial-{}-{boot}", 1 << 23);
        let other_boot = format!(".c.iso.isou-partial-{}-00000000", std::process::id());
        let unreadable = ".d.iso.isou-partial-x-y".to_string();
        let other_mark = format!(".e.isou-staging-{}-{boot}-r", 1 << 23);
        let dead_dir = format!(".f.isou-partial-{}-{boot}", 1 << 23);
        // A live run's file whose output name holds the mark and a dead owner's tag.
        let mine_odd_name = format!(
            ".g.isou-partial-{}-{boot}.isou-partial-{}",
            1 << 23,
            owner_tag()
        );
        for n in [
            &mine,
            &dead,
            &other_boot,
            &unreadable,
            &other_mark,
            &mine_odd_name,
        ] {
            fs::write(d.path().join(n), b"x").unwrap();
        }
        fs::create_dir(d.path().join(&dead_dir)).unwrap();
        fs::write(d.path().join(&dead_dir).join("f"), b"x").unwrap();
        let mut removed: Vec<String> = remove_stale(d.path(), ".isou-partial-")
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        removed.sort();
        let mut want = vec![dead.clone(), other_boot.clone(), dead_dir.clone()];
        want.sort();
        assert_eq!(removed, want);
        let mut left: Vec<String> = fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut want_left = vec![mine, unreadable, other_mark, mine_odd_name];
        want_left.sort();
        assert_eq!(left, want_left);
    }
}
