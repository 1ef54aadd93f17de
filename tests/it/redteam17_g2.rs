//! Red team of issue 17, finding 107 (helper G2): `isou man -o DIR` wrote each page to a
//! temporary file whose name anyone could foresee (`.PAGE.isou-part-PID-BOOT`) and did
//! not retry, so whoever may write to DIR could plant those names and make every run
//! fail. The temporary names now end in a random part and a taken name is retried.

use std::fs;
use std::io::Write;
use std::process::{Command, Stdio};

use crate::util::*;

/// The first 8 hex digits of the boot id, as isou puts them in its owner tags.
fn boot() -> String {
    fs::read_to_string("/proc/sys/kernel/random/boot_id")
        .map(|s| s.trim().replace('-', "").chars().take(8).collect())
        .unwrap_or_else(|_| "noboot".into())
}

#[test]
fn man_output_is_not_blocked_by_files_planted_at_the_temporary_names() {
    let dir = tempfile::tempdir().unwrap();
    // The pages' names, from a run into a folder of its own.
    let probe = dir.path().join("probe");
    let out = run(isou().arg("man").arg("-q").arg("-o").arg(&probe));
    assert!(out.status.success(), "{out:?}");
    let mut names: Vec<String> = fs::read_dir(&probe)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.iter().any(|n| n == "isou-seal.1"), "{names:?}");

    // The run under test: a shell that waits, then becomes isou (`exec` keeps its PID),
    // so the PID is known before isou starts and its temporary names can be planted.
    let target = dir.path().join("man1");
    fs::create_dir(&target).unwrap();
    let mut child = Command::new("sh")
        .args(["-c", "read _ && exec \"$0\" man -o \"$1\""])
        .arg(env!("CARGO_BIN_EXE_isou"))
        .arg(&target)
        .env_remove("ISOU_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("ISOU_POLICY", "")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let tag = format!("{}-{}", child.id(), boot());
    for name in &names {
        fs::write(target.join(format!(".{name}.isou-part-{tag}")), b"planted").unwrap();
    }
    child.stdin.take().unwrap().write_all(b"go\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(stderr(&out).contains("man pages into"), "{out:?}");
    for name in &names {
        let page = fs::read(target.join(name)).unwrap();
        assert_eq!(page, fs::read(probe.join(name)).unwrap(), "{name}");
        // The planted files are someone else's: left as they are.
        let planted = target.join(format!(".{name}.isou-part-{tag}"));
        assert_eq!(fs::read(&planted).unwrap(), b"planted", "{name}");
    }
    // No temporary file of the run is left behind.
    let left: Vec<String> = fs::read_dir(&target)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && !n.ends_with(&tag))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
