//! The clerk at a terminal (issue 15): prompts, retries and progress driven through a pty.
//!
//! Each test runs the real binary on a pseudo-terminal (expectrl), so stderr is a
//! terminal and the progress bar is really drawn, and feeds everything it prints to a
//! terminal emulator (vt100): what a test asserts is what a person would see on the
//! screen, not merely bytes that passed by. Waits are for text (generous deadlines: the
//! machine is shared); the one timed check is that a prompt *stays* on screen while
//! the bar would redraw (every 100 ms) for a while, which no fixed sleep can prove
//! otherwise.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::util::*;

/// Width of the emulated terminal: wide enough that no prompt wraps.
const COLS: u16 = 240;
const ROWS: u16 = 50;
/// How long to wait for anything the binary is expected to print.
const PATIENCE: Duration = Duration::from_secs(120);
/// How long a prompt must stay whole on screen: well over the bar's redraw interval.
const STAYS: Duration = Duration::from_millis(1500);

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("not zero")
}

/// A command running on a pseudo-terminal, and the screen it draws.
struct Term {
    session: expectrl::session::OsSession,
    vt: vt100::Parser,
    raw: Vec<u8>,
    eof: bool,
}

impl Term {
    /// Starts `cmd` (built by `util::isou`, whose environment is kept) on a pty.
    fn spawn(mut cmd: Command) -> Term {
        // The pty's ends, not `util::isou`'s /dev/null: exec applies these last.
        cmd.stdin(std::process::Stdio::inherit())
            .stdout(std::process::Stdio::inherit())
            .stderr(std::process::Stdio::inherit());
        let mut session = expectrl::Session::spawn(cmd).expect("spawning on a pty");
        session
            .get_process_mut()
            .set_window_size(COLS, ROWS)
            .unwrap();
        Term {
            session,
            vt: vt100::Parser::new(nz(ROWS), nz(COLS), 0),
            raw: Vec::new(),
            eof: false,
        }
    }

    /// Reads what is there to read; false once the command closed the terminal.
    fn pump(&mut self) -> bool {
        let mut buf = [0u8; 8192];
        loop {
            match self.session.try_read(&mut buf) {
                Ok(0) => {
                    self.eof = true;
                    return false;
                }
                Ok(n) => {
                    self.vt.process(&buf[..n]);
                    self.raw.extend_from_slice(&buf[..n]);
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return !self.eof,
                // EIO: the child closed the slave side.
                Err(_) => {
                    self.eof = true;
                    return false;
                }
            }
        }
    }

    /// The screen as a person sees it now.
    fn screen(&self) -> String {
        self.vt.screen().contents()
    }

    /// Everything printed so far, escapes included.
    fn printed(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }

    /// Waits until the screen shows `text`.
    fn wait_screen(&mut self, text: &str) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let alive = self.pump();
            if self.screen().contains(text) {
                return;
            }
            assert!(
                alive && Instant::now() < deadline,
                "{text:?} never appeared on the screen:\n{}\n--- printed:\n{}",
                self.screen(),
                self.printed()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Asserts that `text` stays whole on the screen for [`STAYS`] while nobody
    /// answers: a progress bar redrawing over it would take it away within 100 ms.
    fn stays_on_screen(&mut self, text: &str) {
        let until = Instant::now() + STAYS;
        while Instant::now() < until {
            self.pump();
            assert!(
                self.screen().contains(text),
                "{text:?} was on the screen, then overwritten:\n{}\n--- printed:\n{}",
                self.screen(),
                self.printed()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Types `line` and Enter.
    fn type_line(&mut self, line: &str) {
        self.session.write_all(line.as_bytes()).unwrap();
        self.session.write_all(b"\r").unwrap();
        self.session.flush().unwrap();
    }

    /// Reads to the end and returns the exit code.
    fn finish(&mut self) -> i32 {
        let deadline = Instant::now() + PATIENCE;
        while self.pump() {
            assert!(
                Instant::now() < deadline,
                "the command did not finish:\n{}",
                self.printed()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        match self.session.get_process().wait().unwrap() {
            expectrl::process::unix::WaitStatus::Exited(_, code) => code,
            other => panic!("{other:?}\n{}", self.printed()),
        }
    }
}

/// The frames of a progress bar labelled `label` in what was printed: `(done, total)`
/// in bytes, as indicatif wrote them (`1.93 MiB/5.79 MiB`).
fn bar_frames(printed: &str, label: &str) -> Vec<(f64, f64)> {
    let bytes = |s: &str| -> Option<f64> {
        let (n, unit) = s.trim().split_once(' ')?;
        let n: f64 = n.parse().ok()?;
        let m = match unit {
            "B" => 1.0,
            "KiB" => 1024.0,
            "MiB" => 1024.0 * 1024.0,
            "GiB" => 1024.0 * 1024.0 * 1024.0,
            _ => return None,
        };
        Some(n * m)
    };
    printed
        .split(&format!("{label:8} ["))
        .skip(1)
        .filter_map(|frame| {
            let after = frame.split_once("] ")?.1;
            let (done, rest) = after.split_once('/')?;
            // "5.79 MiB 12.3 MiB/s ETA 1s": the total is the first two words.
            let mut w = rest.split_whitespace();
            let total = format!("{} {}", w.next()?, w.next()?);
            Some((bytes(done)?, bytes(&total)?))
        })
        .collect()
}

/// A sender, a recipient whose identity file is protected by `PASS` (labelled), and an
/// extract of about 3 MB that does not compress (a 1 MB volume size gives a set of
/// several volumes).
struct Setup {
    dir: tempfile::TempDir,
    sender: PathBuf,
    sender_card: String,
    recipient: PathBuf,
    recipient_card: String,
    extract: PathBuf,
}

const PASS: &str = "violet kumquat harbour 1987 tandem";

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let (sender, sender_card) = keygen(dir.path(), "sender.txt");
    let recipient = dir.path().join("recipient.txt");
    let pass = dir.path().join("pass.txt");
    fs::write(&pass, format!("{PASS}\n")).unwrap();
    let o = run(isou()
        .args([
            "keygen",
            "-q",
            "--label",
            "大阪府がん登録室",
            "--passphrase-file",
        ])
        .arg(&pass)
        .arg("-o")
        .arg(&recipient));
    assert!(o.status.success(), "{}", stderr(&o));
    let recipient_card = String::from_utf8(o.stdout).unwrap().trim().to_string();
    let extract = dir.path().join("抽出");
    fs::create_dir_all(&extract).unwrap();
    fs::write(
        extract.join("症例.csv"),
        "登録番号,部位\n1,C18.7\n".repeat(2000),
    )
    .unwrap();
    fs::write(extract.join("random.bin"), data(3_000_000, 5)).unwrap();
    Setup {
        dir,
        sender,
        sender_card,
        recipient,
        recipient_card,
        extract,
    }
}

impl Setup {
    /// Seals the extract as a set of 1 MB ISO images into `out`; returns them in order.
    fn images(&self, out: &Path) -> Vec<PathBuf> {
        let o = run(isou()
            .args([
                "seal",
                "--class",
                "anonymized",
                "--to",
                &self.recipient_card,
            ])
            .arg("-i")
            .arg(&self.sender)
            .arg("--iso")
            .arg(out)
            .args(["--volume-size", "1M"])
            .arg(&self.extract));
        assert!(o.status.success(), "{}", stderr(&o));
        let mut v: Vec<PathBuf> = fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        assert!(v.len() >= 3, "{v:?}");
        v
    }

    /// `isou open` of `media` with the protected recipient identity, at the terminal.
    fn open(&self, media: &[&Path], out: &Path) -> Term {
        let mut c = isou();
        c.args(["open", "--signer", &self.sender_card, "-i"])
            .arg(&self.recipient)
            .arg("--out")
            .arg(out)
            .args(media);
        Term::spawn(c)
    }

    fn assert_opened(&self, out: &Path) {
        assert_eq!(
            fs::read(out.join("抽出/random.bin")).unwrap(),
            fs::read(self.extract.join("random.bin")).unwrap()
        );
    }
}

/// Item 1: the identity's passphrase prompt during `open` stays on screen (the bar,
/// which starts only once the identity is unlocked, does not draw over it), and the bar
/// is then really drawn.
#[test]
fn open_shows_the_identity_passphrase_prompt() {
    let s = setup();
    let usb = s.dir.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let o = run(isou()
        .args(["seal", "--class", "anonymized", "--to", &s.recipient_card])
        .arg("-i")
        .arg(&s.sender)
        .arg("--medium")
        .arg(&usb)
        .arg(&s.extract));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = s.dir.path().join("opened");
    let mut t = s.open(&[&usb], &out);
    let prompt = format!("Passphrase for identity file {}:", s.recipient.display());
    t.wait_screen(&prompt);
    t.stays_on_screen(&prompt);
    t.type_line(PASS);
    assert_eq!(t.finish(), 0, "{}", t.printed());
    assert!(
        !bar_frames(&t.printed(), "opening").is_empty(),
        "the bar was never drawn: {}",
        t.printed()
    );
    s.assert_opened(&out);
}

/// Item 1: the request for the next disc (open of one image of a set) stays on screen
/// while the bar, already drawn, is suspended.
#[test]
fn open_shows_the_next_disc_prompt_over_the_bar() {
    let s = setup();
    let imgs = s.images(&s.dir.path().join("images"));
    let out = s.dir.path().join("opened");
    let mut t = s.open(&[&imgs[0]], &out);
    t.wait_screen("Passphrase for identity file");
    t.type_line(PASS);
    let n = imgs.len();
    let prompt = format!("isou: insert volume 2 of {n} of shipment");
    t.wait_screen(&prompt);
    assert!(
        !bar_frames(&t.printed(), "opening").is_empty(),
        "no bar before the prompt: {}",
        t.printed()
    );
    t.stays_on_screen(&prompt);
    for k in 2..=n {
        if k > 2 {
            t.wait_screen(&format!("insert volume {k} of {n}"));
        }
        t.type_line(&imgs[k - 1].display().to_string());
    }
    assert_eq!(t.finish(), 0, "{}", t.printed());
    s.assert_opened(&out);
}

/// Item 1: the request for the next stick (seal with --volume-size) stays on screen
/// while the bar, already drawn, is suspended.
#[test]
fn seal_shows_the_next_stick_prompt_over_the_bar() {
    let s = setup();
    let sticks: Vec<PathBuf> = (0..8)
        .map(|i| s.dir.path().join(format!("stick{i}")))
        .collect();
    for p in &sticks {
        fs::create_dir(p).unwrap();
    }
    let mut c = isou();
    c.args(["seal", "--class", "anonymized", "--to", &s.recipient_card])
        .arg("-i")
        .arg(&s.sender)
        .arg("--medium")
        .arg(&sticks[0])
        .args(["--volume-size", "1M", "--compression", "none"])
        .arg(&s.extract);
    let mut t = Term::spawn(c);
    let prompt = "isou: insert an empty medium for volume 2 and type its folder";
    t.wait_screen(prompt);
    assert!(
        !bar_frames(&t.printed(), "sealing").is_empty(),
        "no bar before the prompt: {}",
        t.printed()
    );
    t.stays_on_screen(prompt);
    t.type_line(&sticks[1].display().to_string());
    // Every further volume is asked for the same way.
    let mut k = 2;
    loop {
        let deadline = Instant::now() + PATIENCE;
        let next = format!("insert an empty medium for volume {}", k + 1);
        while t.pump() && !t.screen().contains(&next) {
            assert!(Instant::now() < deadline, "{}", t.printed());
            std::thread::sleep(Duration::from_millis(20));
        }
        if !t.screen().contains(&next) {
            break;
        }
        t.type_line(&sticks[k].display().to_string());
        k += 1;
    }
    assert_eq!(t.finish(), 0, "{}", t.printed());
    assert!(k >= 3, "{}", t.printed());
}

/// Item 11: the bar's total is the whole set (every volume), not the volume in hand:
/// no frame shows more done than its total, and the total exceeds the first image.
#[test]
fn open_of_a_set_counts_the_whole_set() {
    let s = setup();
    let imgs = s.images(&s.dir.path().join("images"));
    let out = s.dir.path().join("opened");
    let mut t = s.open(&[&imgs[0]], &out);
    t.wait_screen("Passphrase for identity file");
    t.type_line(PASS);
    for k in 2..=imgs.len() {
        t.wait_screen(&format!("insert volume {k} of"));
        t.type_line(&imgs[k - 1].display().to_string());
    }
    assert_eq!(t.finish(), 0, "{}", t.printed());
    let frames = bar_frames(&t.printed(), "opening");
    assert!(!frames.is_empty(), "{}", t.printed());
    let first_image = fs::metadata(&imgs[0]).unwrap().len() as f64;
    for (done, total) in &frames {
        assert!(
            total > &first_image && done <= &(total * 1.001),
            "a frame {done}/{total} (first image {first_image} bytes): {}",
            t.printed()
        );
    }
}

/// Item 11: a path dropped on the terminal comes quoted (`'…2of3.iso'`) or as a
/// `file://` URI, with spaces around: both are taken as the path.
#[test]
fn a_dropped_quoted_path_is_taken_at_the_volume_prompt() {
    let s = setup();
    let imgs = s.images(&s.dir.path().join("images"));
    let out = s.dir.path().join("opened");
    let mut t = s.open(&[&imgs[0]], &out);
    t.wait_screen("Passphrase for identity file");
    t.type_line(PASS);
    for k in 2..=imgs.len() {
        t.wait_screen(&format!("insert volume {k} of"));
        let p = imgs[k - 1].display().to_string();
        let typed = match k % 3 {
            0 => format!("  \"{p}\" "),
            1 => format!(" file://{} ", p.replace(' ', "%20")),
            _ => format!("'{p}' "),
        };
        t.type_line(&typed);
    }
    assert_eq!(t.finish(), 0, "{}", t.printed());
    assert!(!t.printed().contains("No such file"), "{}", t.printed());
    s.assert_opened(&out);
}

/// Item 9: a wrong identity passphrase at the terminal is asked again (up to three
/// tries), not the end of the command.
#[test]
fn a_wrong_identity_passphrase_is_asked_again() {
    let s = setup();
    let usb = s.dir.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let o = run(isou()
        .args(["seal", "--class", "anonymized", "--to", &s.recipient_card])
        .arg("-i")
        .arg(&s.sender)
        .arg("--medium")
        .arg(&usb)
        .arg(&s.extract));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = s.dir.path().join("opened");
    let mut t = s.open(&[&usb], &out);
    t.wait_screen("Passphrase for identity file");
    t.type_line("not the passphrase");
    t.wait_screen("wrong passphrase for identity file");
    t.wait_screen("(try 2 of 3)");
    t.type_line(PASS);
    assert_eq!(t.finish(), 0, "{}", t.printed());
    s.assert_opened(&out);

    // Three wrong ones end it, with the error (and nothing opened).
    let out2 = s.dir.path().join("opened2");
    let mut t = s.open(&[&usb], &out2);
    for k in 1..=3 {
        if k > 1 {
            t.wait_screen(&format!("(try {k} of 3)"));
        }
        t.wait_screen("Passphrase for identity file");
        t.type_line("still not it");
    }
    assert_ne!(t.finish(), 0, "{}", t.printed());
    assert!(!out2.exists());
}

/// Item 9: a medium sealed with a generated passphrase opens when the passphrase is
/// mistyped once and then typed as people copy it from paper: in upper case, with
/// spaces instead of hyphens.
#[test]
fn a_generated_passphrase_typed_loosely_opens_after_a_retry() {
    let s = setup();
    let usb = s.dir.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let mut c = isou();
    c.args(["seal", "--class", "anonymized", "--passphrase", "-i"])
        .arg(&s.sender)
        .arg("--medium")
        .arg(&usb)
        .arg(&s.extract);
    let mut t = Term::spawn(c);
    t.wait_screen("leave empty to generate a strong one");
    t.type_line("");
    assert_eq!(t.finish(), 0, "{}", t.printed());
    let printed = t.printed();
    let generated = printed
        .split("generated passphrase: ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .expect("the generated passphrase is shown")
        .to_string();
    assert_eq!(generated.len(), 35, "{generated}");
    let out = s.dir.path().join("opened");
    let mut c = isou();
    c.args(["open", "--signer", &s.sender_card, "--out"])
        .arg(&out)
        .arg(&usb);
    let mut t = Term::spawn(c);
    t.wait_screen("Passphrase for the medium:");
    t.type_line("a wrong guess");
    t.wait_screen("wrong passphrase for the medium; type it again (try 2 of 3)");
    t.type_line(&generated.replace('-', " ").to_uppercase());
    assert_eq!(t.finish(), 0, "{}", t.printed());
    s.assert_opened(&out);
}

/// Item 9: `decrypt` of a passphrase file at the terminal asks again after a wrong
/// passphrase, and takes a generated one typed with spaces in capitals.
#[test]
fn decrypt_asks_again_after_a_wrong_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("x.csv");
    fs::write(&plain, "登録番号\n1\n").unwrap();
    let enc = dir.path().join("x.csv.age");
    let mut c = isou();
    c.args(["encrypt", "-p", "-o"]).arg(&enc).arg(&plain);
    let mut t = Term::spawn(c);
    t.wait_screen("leave empty to generate a strong one");
    t.type_line("");
    assert_eq!(t.finish(), 0, "{}", t.printed());
    let printed = t.printed();
    let generated = printed
        .split("generated passphrase: ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .expect("the generated passphrase is shown")
        .to_string();
    let out = dir.path().join("back.csv");
    let mut c = isou();
    c.args(["decrypt", "-o"]).arg(&out).arg(&enc);
    let mut t = Term::spawn(c);
    t.wait_screen("Passphrase:");
    t.type_line("wrong");
    t.wait_screen("wrong passphrase; type it again (try 2 of 3)");
    t.type_line(&generated.replace('-', " ").to_uppercase());
    assert_eq!(t.finish(), 0, "{}", t.printed());
    assert_eq!(fs::read(&out).unwrap(), fs::read(&plain).unwrap());
}

/// Item 8: with zstd at level 19 the compressor still works for a long while after
/// the last input byte was read; the bar says so instead of sitting at 100%, ETA 0s.
#[test]
fn a_slow_compression_is_not_shown_as_done() {
    let s = setup();
    let ex = s.dir.path().join("slow");
    fs::create_dir(&ex).unwrap();
    // Registry-like text: compressible, so level 19 has real work to do.
    let mut csv = String::with_capacity(4 << 20);
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    while csv.len() < 4 << 20 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        csv.push_str(&format!(
            "{},{:04},C{:02}.{},{},{}\n",
            x % 1_000_000,
            1950 + x % 70,
            x % 97,
            x % 10,
            ["男", "女"][(x % 2) as usize],
            ["大阪府", "東京都", "北海道", "沖縄県"][(x % 4) as usize]
        ));
    }
    fs::write(ex.join("登録.csv"), csv).unwrap();
    let usb = s.dir.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let mut c = isou();
    c.args(["seal", "--class", "anonymized", "--to", &s.recipient_card])
        .arg("-i")
        .arg(&s.sender)
        .arg("--medium")
        .arg(&usb)
        .args(["--compression", "zstd:19"])
        .arg(&ex);
    let mut t = Term::spawn(c);
    t.wait_screen("compressing and writing the rest");
    assert_eq!(t.finish(), 0, "{}", t.printed());
}

/// Item 10: at a terminal, keygen says what is wrong with a passphrase — too short or
/// too easy (checked before the confirmation is asked), or a confirmation that differs
/// — and asks again, instead of "run in a terminal".
#[test]
fn keygen_at_a_terminal_says_what_is_wrong_and_asks_again() {
    let dir = tempfile::tempdir().unwrap();
    let id = dir.path().join("id.txt");
    let mut c = isou();
    c.args(["keygen", "--label", "国立がん研究センター", "-o"])
        .arg(&id);
    let mut t = Term::spawn(c);
    t.wait_screen("Passphrase for the new identity file:");
    t.type_line("short");
    t.wait_screen("shorter than 8 characters; choose another (try 2 of 3)");
    assert!(!t.screen().contains("Confirm"), "{}", t.screen());
    t.type_line(PASS);
    t.wait_screen("Confirm passphrase:");
    t.type_line("violet kumquat harbour 1987 tandme");
    t.wait_screen("the two passphrases differ; choose it and type it twice again (try 3 of 3)");
    t.type_line(PASS);
    t.wait_screen("Confirm passphrase:");
    t.type_line(PASS);
    assert_eq!(t.finish(), 0, "{}", t.printed());
    assert!(
        !t.printed().contains("run in a terminal"),
        "{}",
        t.printed()
    );
    assert!(id.exists());

    // A guessable one is named as such before any confirmation.
    let id2 = dir.path().join("id2.txt");
    let mut c = isou();
    c.args(["keygen", "-o"]).arg(&id2);
    let mut t = Term::spawn(c);
    t.wait_screen("Passphrase for the new identity file:");
    t.type_line("password1234");
    t.wait_screen("too easy to guess");
    assert!(!t.screen().contains("Confirm"), "{}", t.screen());
}

/// Item 10: a medium's new passphrase (`seal --passphrase`) whose confirmation
/// differs is said to differ and asked again at the terminal, not "run in a terminal".
#[test]
fn a_mismatched_medium_passphrase_is_asked_again() {
    let s = setup();
    let usb = s.dir.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let mut c = isou();
    c.args(["seal", "--class", "anonymized", "--passphrase", "-i"])
        .arg(&s.sender)
        .arg("--medium")
        .arg(&usb)
        .arg(&s.extract);
    let mut t = Term::spawn(c);
    t.wait_screen("leave empty to generate a strong one");
    t.type_line(PASS);
    t.wait_screen("Confirm passphrase:");
    t.type_line("violet kumquat harbour 1987 tandme");
    t.wait_screen(
        "the two passphrases differ; type the passphrase and its confirmation again (try 2 of 3)",
    );
    t.type_line(PASS);
    t.wait_screen("Confirm passphrase:");
    t.type_line(PASS);
    assert_eq!(t.finish(), 0, "{}", t.printed());
    assert!(
        !t.printed().contains("run in a terminal"),
        "{}",
        t.printed()
    );
    assert!(usb.join("bagit.txt").exists());
}

/// Item 10: `isou card` prints the card of a protected identity without asking for
/// its passphrase (a card is public), with the label given at keygen.
#[test]
fn card_needs_no_passphrase_and_keeps_the_label() {
    let s = setup();
    // No terminal and no passphrase source: nothing could be asked.
    let o = run_within(isou().args(["card", "-i"]).arg(&s.recipient), 60);
    assert!(o.status.success(), "{}", stderr(&o));
    let card = String::from_utf8(o.stdout).unwrap();
    assert_eq!(card.trim(), s.recipient_card);
    assert!(card.trim().ends_with(" 大阪府がん登録室"), "{card}");
    // --label still gives another.
    let o = run(isou()
        .args(["card", "--label", "受付", "-i"])
        .arg(&s.recipient));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .trim()
        .ends_with(" 受付"));
    // An unprotected identity keeps its label too.
    let plain = s.dir.path().join("plain.txt");
    let o = run(isou()
        .args(["keygen", "-q", "--unprotected", "--label", "窓口", "-o"])
        .arg(&plain));
    assert!(o.status.success(), "{}", stderr(&o));
    let made = String::from_utf8(o.stdout).unwrap();
    let o = run(isou().args(["card", "-i"]).arg(&plain));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), made);
}

/// Issue 17: the passphrase prompts of `keygen` at a terminal, in the language of the
/// locale: Japanese under `LANG=ja_JP.UTF-8`, today's English under `LANG=C.UTF-8`.
/// A too-short and a guessable passphrase are named before the confirmation is asked.
fn keygen_prompts_in(lang: &str, said: [&str; 6]) {
    let [prompt, short, weak, confirm, written, card] = said;
    let dir = tempfile::tempdir().unwrap();
    let id = dir.path().join("id.txt");
    let mut c = isou();
    c.env("LANG", lang).args(["keygen", "-o"]).arg(&id);
    let mut t = Term::spawn(c);
    t.wait_screen(prompt);
    t.type_line("short");
    t.wait_screen(short);
    t.type_line("password1234");
    t.wait_screen(weak);
    assert!(!t.screen().contains(confirm), "{}", t.screen());
    t.type_line(PASS);
    t.wait_screen(confirm);
    t.type_line(PASS);
    t.wait_screen(written);
    t.wait_screen(card);
    assert_eq!(t.finish(), 0, "{}", t.printed());
    assert!(id.exists());
}

#[test]
fn keygen_prompts_in_japanese_at_a_terminal() {
    keygen_prompts_in(
        "ja_JP.UTF-8",
        [
            "新しい秘密鍵ファイルのパスフレーズ:",
            "パスフレーズが 8 文字より短いです。別のパスフレーズにしてください（3 回中 2 回目）",
            "パスフレーズが推測されやすすぎます",
            "確認のため、パスフレーズをもう一度入力してください:",
            "秘密鍵を",
            "この連絡先カードを相手に渡してください",
        ],
    );
}

#[test]
fn keygen_prompts_in_english_at_a_terminal() {
    keygen_prompts_in(
        "C.UTF-8",
        [
            "Passphrase for the new identity file:",
            "the passphrase is shorter than 8 characters; choose another (try 2 of 3)",
            "the passphrase is too easy to guess",
            "Confirm passphrase:",
            "identity written to",
            "hand this contact card to your partners",
        ],
    );
}

/// Issue 17: `decrypt` of a passphrase-encrypted file at a terminal asks for the
/// passphrase, and again after a wrong one, in the language of the locale.
fn decrypt_prompts_in(lang: &str, prompt: &str, again: &str) {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("x.csv");
    fs::write(&plain, "登録番号\n1\n").unwrap();
    let pass = dir.path().join("pass.txt");
    fs::write(&pass, format!("{PASS}\n")).unwrap();
    let enc = dir.path().join("x.csv.age");
    let o = run(isou()
        .args(["encrypt", "--passphrase-file"])
        .arg(&pass)
        .arg("-o")
        .arg(&enc)
        .arg(&plain));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = dir.path().join("back.csv");
    let mut c = isou();
    c.env("LANG", lang)
        .args(["decrypt", "-o"])
        .arg(&out)
        .arg(&enc);
    let mut t = Term::spawn(c);
    t.wait_screen(prompt);
    t.type_line("not the passphrase");
    t.wait_screen(again);
    t.type_line(PASS);
    assert_eq!(t.finish(), 0, "{}", t.printed());
    assert_eq!(fs::read(&out).unwrap(), fs::read(&plain).unwrap());
}

#[test]
fn decrypt_prompts_in_japanese_at_a_terminal() {
    decrypt_prompts_in(
        "ja_JP.UTF-8",
        "パスフレーズ:",
        "パスフレーズが違います。もう一度入力してください（3 回中 2 回目）",
    );
}

#[test]
fn decrypt_prompts_in_english_at_a_terminal() {
    decrypt_prompts_in(
        "C.UTF-8",
        "Passphrase:",
        "wrong passphrase; type it again (try 2 of 3)",
    );
}

/// Issue 17: `encrypt --passphrase` at a terminal, in Japanese: the prompt offers a
/// generated passphrase, which is shown on the terminal with the advice to write it
/// down.
#[test]
fn encrypt_generates_a_passphrase_in_japanese_at_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("x.csv");
    fs::write(&plain, "1\n").unwrap();
    let mut c = isou();
    c.env("LANG", "ja_JP.UTF-8")
        .args(["encrypt", "-p", "-o"])
        .arg(dir.path().join("x.csv.age"))
        .arg(&plain);
    let mut t = Term::spawn(c);
    t.wait_screen("パスフレーズ（空のまま Enter で強固なものを生成します）:");
    t.type_line("");
    t.wait_screen("isou: 生成したパスフレーズ: ");
    t.wait_screen("今すぐ書き留め");
    assert_eq!(t.finish(), 0, "{}", t.printed());
}
