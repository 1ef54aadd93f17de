//! The command line on bad input: each case gives a clear message, its documented exit
//! code, and leaves no output or temporary file behind.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use base64::{prelude::BASE64_STANDARD_NO_PAD, Engine};

use crate::util::*;

const CHUNK: usize = 65_536 + 16;

struct Fixture {
    dir: tempfile::TempDir,
    id: PathBuf,
    recipient: String,
    plain: Vec<u8>,
    sealed: Vec<u8>,
}

impl Fixture {
    /// An identity and a 4.5-chunk file encrypted to it.
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let (id, recipient) = unprotected_identity(dir.path(), "id.txt");
        let plain = data(4 * 65_536 + 30_000, 1);
        let pt = dir.path().join("plain");
        fs::write(&pt, &plain).unwrap();
        let ct = dir.path().join("sealed.age");
        let o = run(isou()
            .args(["encrypt", "-r", &recipient, "-o"])
            .arg(&ct)
            .arg(&pt));
        assert!(o.status.success(), "{}", stderr(&o));
        let sealed = fs::read(&ct).unwrap();
        fs::remove_file(&pt).unwrap();
        fs::remove_file(&ct).unwrap();
        Fixture {
            dir,
            id,
            recipient,
            plain,
            sealed,
        }
    }

    /// Offset of the payload (after header and nonce).
    fn payload_start(&self) -> usize {
        let mac = self.sealed.windows(5).position(|w| w == b"\n--- ").unwrap() + 1;
        mac + self.sealed[mac..].iter().position(|&b| b == b'\n').unwrap() + 1 + 16
    }

    /// Decrypts `bytes` to `out` in a fresh subdirectory; returns the output and the
    /// directory's entries afterwards.
    fn decrypt(&self, name: &str, bytes: &[u8]) -> (Output, Vec<String>) {
        let sub = self.dir.path().join(name);
        fs::create_dir(&sub).unwrap();
        let input = sub.join("in.age");
        fs::write(&input, bytes).unwrap();
        let o = run(isou()
            .arg("decrypt")
            .arg("-i")
            .arg(&self.id)
            .arg("-o")
            .arg(sub.join("out"))
            .arg(&input));
        (o, entries(&sub))
    }
}

/// Asserts a failure with `code`, a message containing `msg`, a hint, and nothing but
/// the input left in the directory.
fn refused(o: &Output, left: &[String], code: i32, msg: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(code), "{err}");
    assert!(err.contains(msg), "expected {msg:?} in: {err}");
    assert!(err.contains("isou: hint: "), "no hint in: {err}");
    assert_eq!(
        left,
        ["in.age"],
        "output or temporary file left behind: {err}"
    );
}

#[test]
fn good_file_decrypts() {
    let f = Fixture::new();
    let (o, left) = f.decrypt("good", &f.sealed);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(left, ["in.age", "out"]);
    assert_eq!(fs::read(f.dir.path().join("good/out")).unwrap(), f.plain);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(f.dir.path().join("good/out"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "plaintext must be readable by the owner only"
        );
    }
}

#[test]
fn wrong_identity() {
    let f = Fixture::new();
    let (other, _) = unprotected_identity(f.dir.path(), "other.txt");
    let sub = f.dir.path().join("w");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("in.age"), &f.sealed).unwrap();
    let o = run(isou()
        .arg("decrypt")
        .arg("-i")
        .arg(&other)
        .arg("-o")
        .arg(sub.join("out"))
        .arg(sub.join("in.age")));
    refused(
        &o,
        &entries(&sub),
        3,
        "none of the given identities can decrypt this file",
    );
}

#[test]
fn flipped_bit_in_every_chunk() {
    let f = Fixture::new();
    let start = f.payload_start();
    for chunk in 0..5 {
        let mut bad = f.sealed.clone();
        let at = (start + chunk * CHUNK + 100).min(bad.len() - 1);
        bad[at] ^= 0x01;
        let (o, left) = f.decrypt(&format!("flip{chunk}"), &bad);
        refused(&o, &left, 1, &format!("payload chunk {chunk} "));
        assert!(stderr(&o).contains("failed authentication"));
    }
}

#[test]
fn flipped_bit_in_header() {
    let f = Fixture::new();
    let mut bad = f.sealed.clone();
    // In the X25519 stanza's ephemeral share: the file key no longer unwraps, which no
    // one can tell from a file encrypted to someone else (age spec: a stanza that does
    // not unwrap is skipped) — a key problem, exit 3, nothing written.
    let at = bad.iter().position(|&b| b == b'\n').unwrap() + 40;
    bad[at] = if bad[at] == b'A' { b'B' } else { b'A' };
    let (o, left) = f.decrypt("hdr", &bad);
    refused(
        &o,
        &left,
        3,
        "none of the given identities can decrypt this file",
    );
    // A flipped bit in the header MAC line: the header was altered (exit 1).
    let mut bad = f.sealed.clone();
    let mac = bad.windows(4).position(|w| w == b"--- ").unwrap() + 10;
    bad[mac] = if bad[mac] == b'A' { b'B' } else { b'A' };
    let (o, left) = f.decrypt("mac", &bad);
    refused(&o, &left, 1, "the age header failed authentication");
}

#[test]
fn truncated_file() {
    let f = Fixture::new();
    let start = f.payload_start();
    // At a chunk boundary (the remaining chunks look complete) and inside a chunk.
    let (o, left) = f.decrypt("cut1", &f.sealed[..start + 2 * CHUNK]);
    refused(&o, &left, 1, "the file is truncated");
    let (o, left) = f.decrypt("cut2", &f.sealed[..start + 2 * CHUNK + 999]);
    refused(&o, &left, 1, "failed authentication");
    let (o, left) = f.decrypt("cut3", &f.sealed[..start - 5]);
    refused(&o, &left, 1, "before the payload nonce");
    let (o, left) = f.decrypt("cut4", &f.sealed[..start]);
    refused(&o, &left, 1, "no chunks");
}

#[test]
fn chunks_reordered() {
    let f = Fixture::new();
    let s = f.payload_start();
    let mut bad = f.sealed.clone();
    bad[s + CHUNK..s + 2 * CHUNK].copy_from_slice(&f.sealed[s + 2 * CHUNK..s + 3 * CHUNK]);
    bad[s + 2 * CHUNK..s + 3 * CHUNK].copy_from_slice(&f.sealed[s + CHUNK..s + 2 * CHUNK]);
    let (o, left) = f.decrypt("swap", &bad);
    refused(&o, &left, 1, "payload chunk 1 ");
}

#[test]
fn trailing_data() {
    let f = Fixture::new();
    let mut bad = f.sealed.clone();
    bad.extend_from_slice(b"appended");
    let (o, left) = f.decrypt("trail", &bad);
    // The last chunk is short, so what follows it cannot be told from damage.
    refused(&o, &left, 1, "failed authentication");

    // A file whose last chunk is full: data after it is named as such.
    let pt = f.dir.path().join("full");
    fs::write(&pt, data(2 * 65_536, 3)).unwrap();
    let ct = f.dir.path().join("full.age");
    assert!(run(isou()
        .args(["encrypt", "-r", &f.recipient, "-o"])
        .arg(&ct)
        .arg(&pt))
    .status
    .success());
    let mut bad = fs::read(&ct).unwrap();
    bad.extend_from_slice(&[0u8; 100]);
    let (o, left) = f.decrypt("trail2", &bad);
    refused(
        &o,
        &left,
        1,
        "unexpected data after the final payload chunk",
    );
}

fn header_with(stanzas: &str) -> Vec<u8> {
    let mut h = b"age-encryption.org/v1\n".to_vec();
    h.extend_from_slice(stanzas.as_bytes());
    h.extend_from_slice(b"--- AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n");
    h.extend_from_slice(&[0u8; 16 + 100]);
    h
}

#[test]
fn hostile_headers_are_bounded() {
    let f = Fixture::new();
    // A hundred thousand stanzas (refused after the 4096th, without reading on).
    let many = "-> X25519 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n".repeat(100_000);
    let (o, left) = f.decrypt("many", &header_with(&many));
    refused(&o, &left, 1, "more than 4096 recipient stanzas");
    // An absurd line.
    let long = format!("-> x {}\n\n", "A".repeat(1 << 20));
    let (o, left) = f.decrypt("long", &header_with(&long));
    refused(&o, &left, 1, "header line is longer than");
    // Not an age file at all.
    let (o, left) = f.decrypt("zip", b"PK\x03\x04 this is a zip file");
    refused(&o, &left, 1, "not an age-encrypted file");
}

#[test]
fn scrypt_work_factor_is_capped() {
    let f = Fixture::new();
    let salt = BASE64_STANDARD_NO_PAD.encode([7u8; 16]);
    let body = BASE64_STANDARD_NO_PAD.encode([9u8; 32]);
    let hdr = header_with(&format!("-> scrypt {salt} 40\n{body}\n"));
    let sub = f.dir.path().join("scrypt");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("in.age"), &hdr).unwrap();
    let pf = f.dir.path().join("pass");
    write_private(&pf, b"whatever\n");
    let t = std::time::Instant::now();
    let o = run(isou()
        .arg("decrypt")
        .arg("--passphrase-file")
        .arg(&pf)
        .arg("-o")
        .arg(sub.join("out"))
        .arg(sub.join("in.age")));
    refused(&o, &entries(&sub), 1, "scrypt work factor 2^40");
    // Refused before doing the work (2^40 would take days); a generous bound.
    assert!(t.elapsed().as_secs() < 30);
}

#[test]
fn wrong_passphrase_for_file() {
    let f = Fixture::new();
    let pt = f.dir.path().join("p");
    fs::write(&pt, b"secret data").unwrap();
    let pf = f.dir.path().join("pass");
    write_private(&pf, b"right passphrase\n");
    let ct = f.dir.path().join("p.age");
    assert!(run(isou()
        .arg("encrypt")
        .arg("--passphrase-file")
        .arg(&pf)
        .arg("-o")
        .arg(&ct)
        .arg(&pt))
    .status
    .success());
    let wrong = f.dir.path().join("wrong");
    write_private(&wrong, b"wrong passphrase\n");
    let sub = f.dir.path().join("wp");
    fs::create_dir(&sub).unwrap();
    fs::copy(&ct, sub.join("in.age")).unwrap();
    let o = run(isou()
        .arg("decrypt")
        .arg("--passphrase-file")
        .arg(&wrong)
        .arg("-o")
        .arg(sub.join("out"))
        .arg(sub.join("in.age")));
    refused(&o, &entries(&sub), 3, "wrong passphrase for this file");
    // And passphrase files work through a file descriptor too.
    let o = run(isou()
        .arg("decrypt")
        .args(["--passphrase-fd", "0"])
        .arg(&ct)
        .stdin(fs::File::open(&pf).unwrap()));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(o.stdout, b"secret data");
}

fn keygen_protected(dir: &Path, name: &str, pass: &str) -> PathBuf {
    let pf = dir.join(format!("{name}.pass"));
    write_private(&pf, format!("{pass}\n").as_bytes());
    let id = dir.join(name);
    let o = run(isou()
        .args(["keygen", "-q", "-o"])
        .arg(&id)
        .arg("--passphrase-file")
        .arg(&pf));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .starts_with("isou-card-v1 age1"));
    id
}

#[test]
fn identity_file_problems() {
    let dir = tempfile::tempdir().unwrap();
    let id = keygen_protected(dir.path(), "id.txt", "a good passphrase");
    let card = run(isou()
        .arg("card")
        .arg("-i")
        .arg(&id)
        .arg("--passphrase-file")
        .arg(dir.path().join("id.txt.pass")));
    assert!(card.status.success(), "{}", stderr(&card));
    let recipient = String::from_utf8(card.stdout)
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_string();
    let pt = dir.path().join("pt");
    fs::write(&pt, b"x").unwrap();
    let ct = dir.path().join("ct.age");
    assert!(run(isou()
        .args(["encrypt", "-r", &recipient, "-o"])
        .arg(&ct)
        .arg(&pt))
    .status
    .success());

    // Wrong passphrase for the identity file.
    let wrong = dir.path().join("wrong");
    write_private(&wrong, b"not the passphrase\n");
    let o = run(isou()
        .arg("decrypt")
        .arg("-i")
        .arg(&id)
        .arg("--passphrase-file")
        .arg(&wrong)
        .arg(&ct));
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("wrong passphrase for identity file"),
        "{}",
        stderr(&o)
    );

    // Damaged identity file: told apart from a wrong passphrase.
    let text = fs::read_to_string(&id).unwrap();
    let damaged = dir.path().join("damaged.txt");
    let at = text.find("ciphertext: ").unwrap() + 15;
    let mut b = text.into_bytes();
    b[at] = if b[at] == b'x' { b'y' } else { b'x' };
    write_private(&damaged, &b);
    let o = run(isou()
        .arg("decrypt")
        .arg("-i")
        .arg(&damaged)
        .arg("--passphrase-file")
        .arg(dir.path().join("id.txt.pass"))
        .arg(&ct));
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("is damaged"), "{}", stderr(&o));
    assert!(stderr(&o).contains("restore the identity file from your backup"));

    // Readable by others: refused, with the chmod to fix it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&id, fs::Permissions::from_mode(0o644)).unwrap();
        let o = run(isou()
            .arg("decrypt")
            .arg("-i")
            .arg(&id)
            .arg("--passphrase-file")
            .arg(dir.path().join("id.txt.pass"))
            .arg(&ct));
        assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("readable by other users (mode 644)"),
            "{}",
            stderr(&o)
        );
        assert!(stderr(&o).contains("chmod 600"));
    }

    // Missing identity file.
    let o = run(isou()
        .arg("decrypt")
        .arg("-i")
        .arg(dir.path().join("nope.txt"))
        .arg(&ct));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("does not exist") && stderr(&o).contains("isou keygen"));
}

#[test]
fn nothing_is_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let id = keygen_protected(dir.path(), "id.txt", "a good passphrase");
    let before = fs::read(&id).unwrap();
    let o = run(isou().args(["keygen", "--unprotected", "-o"]).arg(&id));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists") && stderr(&o).contains("never overwrites"));
    assert_eq!(fs::read(&id).unwrap(), before);

    let (uid, r) = unprotected_identity(dir.path(), "u.txt");
    let pt = dir.path().join("pt");
    fs::write(&pt, b"new").unwrap();
    let existing = dir.path().join("existing");
    fs::write(&existing, b"keep me").unwrap();
    let o = run(isou()
        .args(["encrypt", "-r", &r, "-o"])
        .arg(&existing)
        .arg(&pt));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists") && stderr(&o).contains("--force"));
    assert_eq!(fs::read(&existing).unwrap(), b"keep me");
    let ct = dir.path().join("ct");
    assert!(
        run(isou().args(["encrypt", "-r", &r, "-o"]).arg(&ct).arg(&pt))
            .status
            .success()
    );
    let o = run(isou()
        .arg("decrypt")
        .arg("-i")
        .arg(&uid)
        .arg("-o")
        .arg(&existing)
        .arg(&ct));
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(fs::read(&existing).unwrap(), b"keep me");
    let o = run(isou()
        .arg("decrypt")
        .arg("-i")
        .arg(&uid)
        .arg("--force")
        .arg("-o")
        .arg(&existing)
        .arg(&ct));
    assert!(o.status.success());
    assert_eq!(fs::read(&existing).unwrap(), b"new");
}

#[test]
fn default_identity_comes_from_isou_identity() {
    let dir = tempfile::tempdir().unwrap();
    let id = dir.path().join("conf/isou/identity.txt");
    let o = run(isou()
        .args(["keygen", "--unprotected", "-q"])
        .env("ISOU_IDENTITY", &id));
    assert!(o.status.success(), "{}", stderr(&o));
    let r = String::from_utf8(o.stdout)
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_string();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&id).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            fs::metadata(id.parent().unwrap())
                .unwrap()
                .permissions()
                .mode()
                & 0o777,
            0o700
        );
    }
    let o = run(isou()
        .args(["encrypt", "-r", &r])
        .stdin(fs::File::open(&id).unwrap()));
    assert!(o.status.success());
    let ct = dir.path().join("ct");
    fs::write(&ct, &o.stdout).unwrap();
    let o = run(isou().arg("decrypt").arg(&ct).env("ISOU_IDENTITY", &id));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(o.stdout, fs::read(&id).unwrap());
}

#[test]
fn broken_pipe_is_not_an_error() {
    let f = Fixture::new();
    let ct = f.dir.path().join("ct");
    fs::write(&ct, &f.sealed).unwrap();
    let cmd = format!(
        "'{}' decrypt -i '{}' '{}' | head -c 10 > /dev/null; echo ${{PIPESTATUS[0]}}",
        env!("CARGO_BIN_EXE_isou"),
        f.id.display(),
        ct.display()
    );
    let o = run(std::process::Command::new("bash").arg("-c").arg(&cmd));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "0",
        "{}",
        stderr(&o)
    );
}

#[cfg(unix)]
#[test]
fn interrupted_decrypt_leaves_no_plaintext() {
    if !have("mkfifo") {
        return;
    }
    use std::io::Write;
    let f = Fixture::new();
    let sub = f.dir.path().join("int");
    fs::create_dir(&sub).unwrap();
    let fifo = sub.join("in.age");
    assert!(run(std::process::Command::new("mkfifo").arg(&fifo))
        .status
        .success());
    let child = isou()
        .arg("decrypt")
        .arg("-i")
        .arg(&f.id)
        .arg("-o")
        .arg(sub.join("out"))
        .arg(&fifo)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut w = fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    // Half of the file: isou decrypts what it can and waits for more.
    w.write_all(&f.sealed[..f.sealed.len() / 2]).unwrap();
    w.flush().unwrap();
    wait_until("a temporary file", || {
        entries(&sub).iter().any(|e| e.contains(".isou-part-"))
    });
    interrupt(&child);
    let o = child.wait_with_output().unwrap();
    drop(w);
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    assert_eq!(entries(&sub), ["in.age"], "temporary plaintext left behind");
}

#[test]
fn empty_final_chunk_where_not_allowed() {
    // The C2SP vector: one full chunk, then an empty chunk marked final.
    use std::io::Read;
    let raw = fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/age-testkit/stream_last_chunk_empty"),
    )
    .unwrap();
    let split = raw.windows(2).position(|w| w == b"\n\n").unwrap();
    let mut body = Vec::new();
    flate2::read::ZlibDecoder::new(&raw[split + 2..])
        .read_to_end(&mut body)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let id = dir.path().join("id.txt");
    write_private(
        &id,
        b"AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0\n",
    );
    let sub = dir.path().join("e");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("in.age"), &body).unwrap();
    let o = run(isou()
        .arg("decrypt")
        .arg("-i")
        .arg(&id)
        .arg("-o")
        .arg(sub.join("out"))
        .arg(sub.join("in.age")));
    refused(&o, &entries(&sub), 1, "the final payload chunk 1 is empty");
}

#[test]
fn generated_passphrase_is_shown_once_and_works() {
    if !have("script") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pt = dir.path().join("pt");
    fs::write(&pt, b"key sheet travels separately").unwrap();
    let ct = dir.path().join("ct.age");
    // An empty answer at the terminal prompt asks isou to generate the passphrase.
    let o = with_tty(
        &format!(
            "'{}' encrypt -p -o '{}' '{}'",
            env!("CARGO_BIN_EXE_isou"),
            ct.display(),
            pt.display()
        ),
        "\n",
    );
    let shown = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{shown}");
    let pass = shown
        .lines()
        .find_map(|l| l.trim().strip_prefix("isou: generated passphrase: "))
        .unwrap_or_else(|| panic!("no generated passphrase in: {shown}"))
        .trim()
        .to_string();
    assert_eq!(pass.len(), 35, "{pass}");
    let pf = dir.path().join("pass");
    write_private(&pf, format!("{pass}\n").as_bytes());
    let o = run(isou()
        .arg("decrypt")
        .arg("--passphrase-file")
        .arg(&pf)
        .arg(&ct));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(o.stdout, b"key sheet travels separately");
}

#[test]
fn secrets_never_appear_in_help_as_arguments() {
    // There is no option that takes a passphrase value: only files and descriptors.
    let o = run(isou().args(["encrypt", "--help"]));
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(help.contains("--passphrase-file <FILE>") && help.contains("--passphrase-fd <N>"));
    let o = run(isou().args(["encrypt", "--passphrase=secret", "x"]));
    assert_eq!(
        o.status.code(),
        Some(2),
        "a passphrase value must be refused as an argument"
    );
}

/// `seal`'s sizes, compression and medium type and `record export`'s format and
/// register are values clap parses (issue 19): a bad one is refused before anything
/// else is looked at or made, in isou's words in either language, exit 2. Here nothing
/// else would do either (no identity file, identifiable data without a carrier): the
/// value is what is named, and no ledger, medium file or output appears.
#[test]
fn bad_seal_and_export_values_are_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("extract.csv"), "id,value\n1,2\n").unwrap();
    fs::create_dir(d.join("usb")).unwrap();
    let ledger = d.join("ledger.sqlite");
    let seal = |lang: &str, flag: &str, value: &str| {
        run(isou()
            .args(["--lang", lang, "--ledger"])
            .arg(&ledger)
            .args(["seal", "--to", "age1nobody", "-i"])
            .arg(d.join("no-identity.txt"))
            .arg("--medium")
            .arg(d.join("usb"))
            .args([flag, value])
            .arg(d.join("extract.csv")))
    };
    let cases: [(&str, &str, [&str; 2], [&str; 2]); 6] = [
        (
            "--segment-size",
            "12Q",
            [
                "isou: error: --segment-size \"12Q\" is not between 1M and 4G minus one byte",
                "isou: エラー: --segment-size \"12Q\" は 1M 以上 4G 未満ではありません",
            ],
            [
                "isou: hint: for example --segment-size 1G",
                "isou: 対処: 例: --segment-size 1G",
            ],
        ),
        (
            "--segment-size",
            "4G",
            [
                "--segment-size \"4G\" is not between 1M and 4G minus one byte",
                "--segment-size \"4G\" は 1M 以上 4G 未満ではありません",
            ],
            ["--segment-size 1G", "--segment-size 1G"],
        ),
        (
            "--compression",
            "zstd:99",
            [
                "isou: error: \"zstd:99\" is not a compression: use none, zstd or zstd:LEVEL with LEVEL 1-19",
                "isou: エラー: \"zstd:99\" は圧縮方式ではありません。none、zstd、または zstd:LEVEL（LEVEL は 1〜19）",
            ],
            [
                "isou: hint: for example --compression zstd:3",
                "isou: 対処: 例: --compression zstd:3",
            ],
        ),
        (
            "--volume-size",
            "0",
            [
                "isou: error: --volume-size \"0\" is not a size",
                "isou: エラー: --volume-size \"0\" は大きさとして読めません",
            ],
            [
                "isou: hint: for example --volume-size 700M",
                "isou: 対処: 例: --volume-size 700M",
            ],
        ),
        (
            "--volume-size",
            "7.5G",
            [
                "--volume-size \"7.5G\" is not a size",
                "--volume-size \"7.5G\" は大きさとして読めません",
            ],
            ["--volume-size 700M", "--volume-size 700M"],
        ),
        (
            "--medium-type",
            "floppy",
            [
                "isou: error: \"floppy\" is not a medium type: use usb, cd-r, dvd-r or bd-r",
                "isou: エラー: \"floppy\" は電子媒体の種類ではありません。usb・cd-r・dvd-r・bd-r",
            ],
            [
                "isou: hint: for example --medium-type dvd-r",
                "isou: 対処: 例: --medium-type dvd-r",
            ],
        ),
    ];
    let untouched = || {
        assert_eq!(entries(d), ["extract.csv", "usb"], "something was made");
        assert!(entries(&d.join("usb")).is_empty(), "the medium was written");
    };
    for (flag, value, msgs, hints) in cases {
        for (i, lang) in ["en", "ja"].into_iter().enumerate() {
            let o = seal(lang, flag, value);
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(2), "{flag} {value} ({lang}): {err}");
            assert!(err.contains(msgs[i]), "{flag} {value} ({lang}): {err}");
            assert!(err.contains(hints[i]), "{flag} {value} ({lang}): {err}");
            // One problem, one hint: not the carrier rule or the identity file too.
            assert_eq!(err.lines().count(), 2, "{err}");
            untouched();
        }
    }
    for (args, en, ja) in [
        (
            ["--register", "nope"],
            "isou: error: invalid value 'nope' for '--register <REGISTER>'",
            "isou: エラー: '--register <REGISTER>' の値 'nope' は使えません",
        ),
        (
            ["--format", "pdf"],
            "isou: error: invalid value 'pdf' for '--format <FORMAT>'",
            "isou: エラー: '--format <FORMAT>' の値 'pdf' は使えません",
        ),
    ] {
        for (lang, msg) in [("en", en), ("ja", ja)] {
            let o = run(isou()
                .args(["--lang", lang, "--ledger"])
                .arg(&ledger)
                .args(["record", "export", "-o"])
                .arg(d.join("out.csv"))
                .args(args));
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(2), "{args:?} ({lang}): {err}");
            assert!(err.contains(msg), "{args:?} ({lang}): {err}");
            let accepted = if args[0] == "--register" {
                "transport, checks, media, disposal"
            } else {
                "csv, json, xlsx"
            };
            assert!(err.contains(accepted), "{args:?} ({lang}): {err}");
            untouched();
        }
    }
}
