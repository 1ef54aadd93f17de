//! Tests of the tar header guard.

use super::*;

/// Counts what the guard reads from its inner reader.
struct Counting<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// Read at most through a guard in the tests: without the limits, the endless
/// streams below would pass and reading would stop here, without an error.
const CAP: u64 = 1 << 20;

/// Reads `input` through a guard: the refusal (if any) and the bytes read from it.
fn through(input: impl Read) -> (Result<Vec<u8>, io::Error>, u64) {
    let mut g = TarGuard::new(Counting {
        inner: input,
        read: 0,
    });
    let mut out = Vec::new();
    let r = (&mut g).take(CAP).read_to_end(&mut out).map(|_| out);
    // A refusal stays: the next read fails the same way.
    if let Err(e) = &r {
        let again = g.read(&mut [0u8; 16]).unwrap_err();
        assert_eq!(why(&again), why(e));
    }
    (r, g.into_inner().read)
}

fn why(e: &io::Error) -> String {
    assert_eq!(e.kind(), io::ErrorKind::InvalidData, "{e}");
    crate::error::typed_in::<ArchiveRefused>(e)
        .unwrap_or_else(|| panic!("not a refusal: {e}"))
        .why
        .clone()
}

/// Asserts `input` is refused, for a reason containing `reason`, having read at
/// most `most` bytes.
fn refused_after(input: impl Read, reason: &str, most: u64) {
    let (r, read) = through(input);
    let e = r.expect_err("the archive passed");
    let w = why(&e);
    assert!(w.contains(reason), "{w}");
    assert!(e
        .to_string()
        .starts_with("the archive on the medium is refused: "));
    assert!(read <= most, "read {read} bytes before refusing ({w})");
}

/// A header written by hand: `kind`, `size`, a valid checksum.
fn hdr(kind: u8, size: u64) -> Vec<u8> {
    let mut h = if kind == b'S' {
        tar::Header::new_gnu()
    } else {
        tar::Header::new_ustar()
    };
    h.set_path("x").unwrap();
    h.set_entry_type(tar::EntryType::new(kind));
    h.set_size(size);
    h.set_mode(0o600);
    h.set_cksum();
    h.as_bytes().to_vec()
}

fn pad(d: &[u8]) -> Vec<u8> {
    let mut v = d.to_vec();
    v.resize(d.len().div_ceil(BLOCK) * BLOCK, 0);
    v
}

/// `LEN key=value\n`, a PAX record as tar's `append_pax_extensions` writes it.
fn pax_record(key: &str, value: &[u8]) -> Vec<u8> {
    let body = key.len() + value.len() + 3;
    let mut len = body + 1;
    while body + len.to_string().len() != len {
        len = body + len.to_string().len();
    }
    let mut r = format!("{len} {key}=").into_bytes();
    r.extend_from_slice(value);
    r.push(b'\n');
    r
}

/// A PAX header holding `data`, one file "abc" and the end blocks.
fn pax_then_file(data: &[u8]) -> Vec<u8> {
    let mut t = hdr(b'x', data.len() as u64);
    t.extend(pad(data));
    t.extend(hdr(b'0', 3));
    t.extend(pad(b"abc"));
    t.extend([0u8; 2 * BLOCK]);
    t
}

/// Appends an entry as `pipeline::archive::append` does: a name that is not short ASCII in a
/// PAX header with one `path` record, the ustar header naming "isou-pax-entry".
fn isou_append(b: &mut tar::Builder<Vec<u8>>, name: &str, kind: tar::EntryType, data: &[u8]) {
    let fits = name.is_ascii() && name.len() < 100;
    if !fits {
        let rec = pax_record("path", name.as_bytes());
        let mut x = tar::Header::new_ustar();
        x.set_entry_type(tar::EntryType::XHeader);
        x.set_path("PaxHeader/isou").unwrap();
        x.set_size(rec.len() as u64);
        x.set_mode(0o600);
        x.set_mtime(1_700_000_000);
        x.set_cksum();
        b.append(&x, &rec[..]).unwrap();
    }
    let mut h = tar::Header::new_ustar();
    h.set_path(if fits { name } else { "isou-pax-entry" })
        .unwrap();
    h.set_entry_type(kind);
    h.set_size(data.len() as u64);
    h.set_mode(0o600);
    h.set_mtime(1_700_000_000);
    h.set_cksum();
    b.append(&h, data).unwrap();
}

/// Names and contents of an archive isou could write, and the archive.
fn genuine() -> (Vec<(String, Vec<u8>)>, Vec<u8>) {
    let long = format!("{}/大阪府がん登録_2024年度_集計.csv", "登録室".repeat(30));
    let gnu_long = format!("{}/b.csv", "a".repeat(200));
    let mut want = vec![
        ("data".to_string(), vec![]),
        ("data/a.csv".to_string(), b"id,name\n1,x\n".to_vec()),
        (long.clone(), b"\xe5\xa4\xa7".repeat(700)),
        ("empty.csv".to_string(), vec![]),
    ];
    let mut b = tar::Builder::new(Vec::new());
    isou_append(&mut b, "data", tar::EntryType::Directory, b"");
    isou_append(&mut b, "data/a.csv", tar::EntryType::Regular, &want[1].1);
    isou_append(&mut b, &long, tar::EntryType::Regular, &want[2].1);
    isou_append(&mut b, "empty.csv", tar::EntryType::Regular, b"");
    // A size in GNU base-256 (isou's form for files of 8 GiB and more; tar-rs reads
    // it for any size), here for 1000 bytes.
    let big: Vec<u8> = (0..1000u32).map(|i| i as u8).collect();
    let mut h = tar::Header::new_ustar();
    h.set_path("base256.bin").unwrap();
    h.set_mode(0o600);
    h.as_mut_bytes()[124..136].copy_from_slice(&[0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0xE8]);
    h.set_cksum();
    assert_eq!(h.entry_size().unwrap(), 1000);
    b.append(&h, &big[..]).unwrap();
    want.push(("base256.bin".to_string(), big));
    // Other writers' forms: a GNU long name (type L) and PAX records isou does not
    // write but other tools do.
    let mut g = tar::Header::new_gnu();
    g.set_mode(0o600);
    g.set_size(1);
    b.append_data(&mut g, &gnu_long, &b"x"[..]).unwrap();
    want.push((gnu_long, b"x".to_vec()));
    b.append_pax_extensions([("mtime", &b"1700000000.5"[..]), ("comment", b"ok")])
        .unwrap();
    isou_append(&mut b, "last.json", tar::EntryType::Regular, b"{}");
    want.push(("last.json".to_string(), b"{}".to_vec()));
    (want, b.into_inner().unwrap())
}

#[test]
fn genuine_archives_pass_unchanged_and_extract() {
    let (want, tar) = genuine();
    // It holds isou's PAX headers and a GNU long name.
    let mut a = tar::Archive::new(&tar[..]);
    let kinds: Vec<_> = a
        .entries()
        .unwrap()
        .raw(true)
        .map(|e| e.unwrap().header().entry_type())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| k.is_pax_local_extensions()).count(),
        2
    );
    assert_eq!(kinds.iter().filter(|k| k.is_gnu_longname()).count(), 1);
    let (r, read) = through(&tar[..]);
    assert_eq!(r.unwrap(), tar);
    assert_eq!(read, tar.len() as u64);
    let mut a = tar::Archive::new(TarGuard::new(&tar[..]));
    let mut got = Vec::new();
    for e in a.entries().unwrap() {
        let mut e = e.unwrap();
        let name = e.path().unwrap().to_string_lossy().into_owned();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        got.push((name, data));
    }
    assert_eq!(got, want);
    // Small reads frame the same way as large ones.
    let mut g = TarGuard::new(&tar[..]);
    let mut out = Vec::new();
    let mut one = [0u8; 7];
    loop {
        let n = g.read(&mut one).unwrap();
        if n == 0 {
            break;
        }
        out.extend_from_slice(&one[..n]);
    }
    assert_eq!(out, tar);
}

#[test]
fn base_256_sizes_frame_the_data() {
    // tar-rs writes sizes of 8 GiB and more in base-256; the guard must skip exactly
    // that much data before it looks for the next header.
    let mut h = tar::Header::new_ustar();
    h.set_path("huge.bin").unwrap();
    h.set_size(8 << 30);
    h.set_cksum();
    assert_eq!(h.as_bytes()[124] & 0x80, 0x80);
    let mut g = TarGuard::new(h.as_bytes().chain(io::repeat(0)));
    let mut block = [0u8; BLOCK];
    g.read_exact(&mut block).unwrap();
    assert_eq!(&block[..], &h.as_bytes()[..]);
    assert!(matches!(g.phase, Phase::Data));
    assert_eq!(g.left, 8 << 30);
    // An odd size is padded to the block.
    h.set_size((8 << 30) + 1);
    h.set_cksum();
    let mut g = TarGuard::new(&h.as_bytes()[..]);
    g.read_exact(&mut block).unwrap();
    assert_eq!(g.left, (8 << 30) + BLOCK as u64);
    // A size that cannot be padded to a block is refused (tar-rs: "size overflow").
    h.set_size(u64::MAX);
    h.set_cksum();
    refused_after(
        h.as_bytes().as_slice(),
        "more than a stream can frame",
        BLOCK as u64,
    );
}

#[test]
fn refusals_reach_the_tar_reader_as_they_are() {
    let mut a = tar::Archive::new(TarGuard::new(
        io::Cursor::new(hdr(b'L', 2 << 30)).chain(io::repeat(b'a')),
    ));
    let e = a.entries().unwrap().next().unwrap().err().unwrap();
    assert!(why(&e).contains("GNU long name"));
}

#[test]
fn huge_long_names_and_links_are_refused_unread() {
    refused_after(
        hdr(b'L', 2 << 30).as_slice().chain(io::repeat(b'a')),
        "a GNU long name of 2147483648 bytes",
        4096,
    );
    refused_after(
        hdr(b'K', 2 << 30).as_slice().chain(io::repeat(b'a')),
        "a GNU long link name of 2147483648 bytes",
        4096,
    );
    // One byte more than a 4 KiB name and its NUL.
    refused_after(
        hdr(b'L', MAX_LONG_NAME + 1)
            .as_slice()
            .chain(io::repeat(b'a')),
        "a GNU long name",
        4096,
    );
    let mut ok = hdr(b'L', MAX_LONG_NAME);
    ok.extend(pad(&[b'a'; MAX_LONG_NAME as usize]));
    ok.extend(hdr(b'0', 0));
    ok.extend([0u8; 2 * BLOCK]);
    assert_eq!(through(&ok[..]).0.unwrap(), ok);
}

#[test]
fn huge_pax_headers_are_refused_unread() {
    refused_after(
        hdr(b'x', 1 << 30).as_slice().chain(io::repeat(b'a')),
        "a PAX extended header of 1073741824 bytes",
        4096,
    );
    // One record of 70 KiB (a comment: no name limit applies to it).
    let t = pax_then_file(&pax_record("comment", &[b'c'; 70 * 1024]));
    refused_after(&t[..], "a PAX extended header of", 4096);
}

#[test]
fn long_pax_paths_are_refused() {
    for key in ["path", "linkpath"] {
        let t = pax_then_file(&pax_record(key, &[b'p'; MAX_PAX_PATH + 1]));
        refused_after(&t[..], &format!("a PAX {key} of 4097 bytes"), 8192);
        let t = pax_then_file(&pax_record(key, &[b'p'; MAX_PAX_PATH]));
        assert_eq!(through(&t[..]).0.unwrap(), t);
    }
}

#[test]
fn pax_size_and_sparse_records_are_refused() {
    let mut records = pax_record("path", b"a.csv");
    records.extend(pax_record("size", b"2048"));
    refused_after(&pax_then_file(&records)[..], "a PAX size record", 4096);
    let t = pax_then_file(&pax_record("GNU.sparse.major", b"1"));
    refused_after(&t[..], "GNU.sparse.major", 4096);
    // The key is quoted through the sanitiser.
    let t = pax_then_file(&pax_record("GNU.sparse.\x1b[2J", b"1"));
    let (r, _) = through(&t[..]);
    let w = why(&r.unwrap_err());
    assert!(
        w.contains("GNU.sparse.\u{FFFD}[2J") && !w.contains('\x1b'),
        "{w}"
    );
}

#[test]
fn global_headers_and_sparse_entries_are_refused() {
    let mut g = hdr(b'g', 9);
    g.extend(pad(b"9 path=a\n"));
    g.extend(hdr(b'0', 0));
    g.extend([0u8; 2 * BLOCK]);
    refused_after(&g[..], "a PAX global header", 4096);
    let mut s = hdr(b'S', 0);
    s.extend([0u8; 2 * BLOCK]);
    refused_after(&s[..], "a GNU sparse entry", 4096);
}

#[test]
fn malformed_pax_records_are_refused() {
    for (data, what) in [
        (&b"abc path=x\n"[..], "not a decimal number"),
        (b"+9 path=a\n", "not a decimal number"),
        (b" 9 path=a\n", "not a decimal number"),
        (b"9path=a\n", "no decimal length"),
        (b"99999999999999999999 path=a\n", "overflows"),
        (b"11 path=a\n", "does not fit"),
        (b"3 \n", "does not fit"),
        (b"9 path=ab", "does not end where its length says"),
        (b"9 path=a\nX", "no decimal length"),
        (b"11 a=b\nc=d\n", "a line break inside it"),
        (b"7 path\n", "no '='"),
        (b"5 =a\n", "an empty key"),
    ] {
        let w = check_pax(data).expect_err(&String::from_utf8_lossy(data));
        assert!(
            w.contains(what),
            "{w} for {:?}",
            String::from_utf8_lossy(data)
        );
    }
    assert_eq!(check_pax(b""), Ok(()));
    assert_eq!(check_pax(b"9 path=a\n13 mtime=1.5\n"), Ok(()));
    refused_after(
        &pax_then_file(b"11 path=a\n")[..],
        "a malformed PAX record",
        4096,
    );
}

#[test]
fn bad_checksums_are_refused() {
    let (_, tar) = genuine();
    // The second header (data/a.csv, at block 1): one digit of its mtime changed.
    let mut t = tar.clone();
    t[BLOCK + 136] ^= 1;
    refused_after(&t[..], "checksum does not match", 2 * BLOCK as u64);
    let mut t = tar;
    t[148..156].copy_from_slice(b"zzzzzz\0 ");
    refused_after(
        &t[..],
        "checksum field is not an octal number",
        BLOCK as u64,
    );
}

#[test]
fn metadata_before_one_entry_is_bounded() {
    // Each PAX header is within its own bound; 40 of them before one entry are not.
    let one = pax_record("comment", &[b'c'; 60 * 1024]);
    let mut t = Vec::new();
    for _ in 0..40 {
        t.extend(hdr(b'x', one.len() as u64));
        t.extend(pad(&one));
    }
    t.extend(hdr(b'0', 0));
    t.extend([0u8; 2 * BLOCK]);
    refused_after(
        &t[..],
        "more than 131072 bytes of long-name and PAX headers",
        200 * 1024,
    );
    // The count starts again at each entry.
    let mut t = Vec::new();
    for _ in 0..4 {
        t.extend(hdr(b'x', one.len() as u64));
        t.extend(pad(&one));
        t.extend(hdr(b'0', 0));
    }
    t.extend([0u8; 2 * BLOCK]);
    assert_eq!(through(&t[..]).0.unwrap(), t);
}

#[test]
fn what_follows_the_end_passes_unchanged() {
    let (_, tar) = genuine();
    let end = tar.len() - 2 * BLOCK;
    let mut t = tar[..end].to_vec();
    t.extend([0u8; BLOCK]);
    // After the end block, even what would be refused inside the archive passes.
    t.extend(hdr(b'L', 2 << 30));
    t.extend(b"age's last chunk, whatever it holds");
    assert_eq!(through(&t[..]).0.unwrap(), t);
    // The tar reader stops at the end block; the guard passes on all the rest.
    let mut a = tar::Archive::new(TarGuard::new(&t[..]));
    assert_eq!(a.entries().unwrap().count(), 7);
    let mut g = a.into_inner();
    let mut rest = Vec::new();
    g.read_to_end(&mut rest).unwrap();
    assert_eq!(rest, &t[end + BLOCK..]);
    // Its inner reader stands right after the last byte the guard passed on.
    let mut a = tar::Archive::new(TarGuard::new(&t[..]));
    assert_eq!(a.entries().unwrap().count(), 7);
    let mut g = a.into_inner();
    let mut some = [0u8; 100];
    g.read_exact(&mut some).unwrap();
    assert_eq!(g.into_inner(), &t[end + BLOCK + 100..]);
}

#[test]
fn truncated_streams_pass_as_they_are() {
    let (_, tar) = genuine();
    // Inside the first header, data/a.csv's data (block 2), the PAX header of the
    // long name (block 3) and its data (block 4), the long name's file data, and the
    // last file's data.
    for cut in [
        100,
        2 * BLOCK + 6,
        3 * BLOCK + 200,
        4 * BLOCK + 20,
        6 * BLOCK + 100,
        tar.len() - 1500,
    ] {
        let (r, read) = through(&tar[..cut]);
        assert_eq!(r.unwrap(), &tar[..cut], "cut at {cut}");
        assert_eq!(read, cut as u64);
    }
}
