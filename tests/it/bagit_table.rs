//! `isou verify` as a BagIt validator (issue 18): a table of bags as other tools write
//! them, each verdict justified from RFC 8493 and, where the RFC is silent, from what
//! the Library of Congress's bagit.py does — which runs on every case (under `CI` it
//! must be installed) and must agree, but for the differences named in the README.
//!
//! Every bag is built here, byte by byte, as another tool would write it: nothing of
//! isou's own writer is used.

use std::fs;
use std::path::Path;
use std::process::Command;

use sha2::Digest;

use crate::util::*;

/// What `isou verify` must say of a bag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    /// Exit 0, `result: VALID`.
    Valid,
    /// Exit 1, `result: INVALID`.
    Invalid,
    /// Exit 4, `result: INCOMPLETE`: intact, but payload in fetch.txt is missing.
    Incomplete,
}

/// What bagit.py says, when it is not what isou says: the reason is in the README
/// ("Where isou judges differently from bagit.py").
#[derive(Clone, Copy, Debug)]
enum BagitPy {
    /// The same verdict (valid = valid; invalid or incomplete = not valid).
    Agrees,
    /// bagit.py says valid where isou does not, for the reason given (printed when
    /// bagit.py does not do so any more, so the README can be corrected).
    SaysValid(&'static str),
    /// bagit.py says not valid where isou says valid, for the reason given.
    SaysInvalid(&'static str),
}

struct Case {
    name: &'static str,
    /// Why the verdict is what it is (the RFC section, or bagit.py).
    why: &'static str,
    build: fn(&Path),
    verdict: Verdict,
    /// Whether isou warns (on standard error, never on standard output).
    warns: bool,
    bagit_py: BagitPy,
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn digest(alg: &str, data: &[u8]) -> String {
    match alg {
        "md5" => hex(&md5::Md5::digest(data)),
        "sha1" => hex(&sha1::Sha1::digest(data)),
        "sha224" => hex(&sha2::Sha224::digest(data)),
        "sha256" => hex(&sha2::Sha256::digest(data)),
        "sha384" => hex(&sha2::Sha384::digest(data)),
        "sha512" => hex(&sha2::Sha512::digest(data)),
        "blake2b" => hex(&blake2::Blake2b512::digest(data)),
        "sha3_256" => hex(&sha3::Sha3_256::digest(data)),
        other => panic!("no test digest for {other}"),
    }
}

/// The payload of every case: two files, one in a sub-folder.
const FILES: &[(&str, &[u8])] = &[
    ("data/report.csv", b"id,site\n1,C50\n2,C18\n"),
    ("data/sub/notes.txt", b"registry extract, test only\n"),
];

/// A bag in UTF-8 as bagit.py writes one: `bagit.txt`, the payload, a manifest per
/// algorithm, `bag-info.txt` with `info` (Payload-Oxum added) and a SHA-256 tag
/// manifest.
fn bag(dir: &Path, algs: &[&str], info: &str) {
    bag_with(
        dir,
        "1.0",
        "UTF-8",
        algs,
        info,
        |s| s.as_bytes().to_vec(),
        |_, l| l,
    )
}

/// [`bag`] with every degree of freedom: the version, the declared encoding, how tag
/// text is encoded, and how each manifest line is written (`line(path, "SUM  path")`).
fn bag_with(
    dir: &Path,
    version: &str,
    encoding: &str,
    algs: &[&str],
    info: &str,
    encode: impl Fn(&str) -> Vec<u8>,
    line: impl Fn(&str, String) -> String,
) {
    let info_name = if version.starts_with("0.9") && version < "0.96" {
        "package-info.txt"
    } else {
        "bag-info.txt"
    };
    fs::create_dir_all(dir.join("data/sub")).unwrap();
    for (p, d) in FILES {
        fs::write(dir.join(p), d).unwrap();
    }
    fs::write(
        dir.join("bagit.txt"),
        format!("BagIt-Version: {version}\nTag-File-Character-Encoding: {encoding}\n"),
    )
    .unwrap();
    let bytes: usize = FILES.iter().map(|(_, d)| d.len()).sum();
    let info = format!(
        "Bagging-Date: 2026-12-04\nPayload-Oxum: {bytes}.{}\n{info}",
        FILES.len()
    );
    fs::write(dir.join(info_name), encode(&info)).unwrap();
    let mut tag_files = vec!["bagit.txt".to_string(), info_name.to_string()];
    for alg in algs {
        let text: String = FILES
            .iter()
            .map(|(p, d)| line(p, format!("{}  {p}", digest(alg, d))) + "\n")
            .collect();
        let name = format!("manifest-{alg}.txt");
        fs::write(dir.join(&name), encode(&text)).unwrap();
        tag_files.push(name);
    }
    fs::write(
        dir.join("tagmanifest-sha256.txt"),
        encode(&tag_text(dir, &tag_files)),
    )
    .unwrap();
}

fn tag_text(dir: &Path, tag_files: &[String]) -> String {
    tag_files
        .iter()
        .map(|f| {
            format!(
                "{}  {f}\n",
                digest("sha256", &fs::read(dir.join(f)).unwrap())
            )
        })
        .collect()
}

/// Writes `tagmanifest-sha256.txt` over `tag_files` as they are now (after a case has
/// changed one, so that only what the case is about is wrong).
fn retag(dir: &Path, tag_files: &[String]) {
    fs::write(dir.join("tagmanifest-sha256.txt"), tag_text(dir, tag_files)).unwrap();
}

/// The tag files of a bag as they are (for [`retag`] after a change).
fn tag_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "data" && !n.starts_with("tagmanifest-"))
        .collect();
    v.sort();
    v
}

/// Replaces `bag-info.txt` (Payload-Oxum kept) and rewrites the tag manifest.
fn with_info(dir: &Path, extra: &str) {
    let info = fs::read_to_string(dir.join("bag-info.txt")).unwrap();
    fs::write(dir.join("bag-info.txt"), format!("{info}{extra}")).unwrap();
    retag(dir, &tag_files(dir));
}

/// Adds `fetch.txt` and rewrites the tag manifest.
fn with_fetch(dir: &Path, text: &str) {
    fs::write(dir.join("fetch.txt"), text).unwrap();
    retag(dir, &tag_files(dir));
}

/// A bag in an ASCII-compatible `encoding` whose one payload file is stored as
/// `stored` and listed in the manifest as the raw bytes `listed`.
fn raw_bag(dir: &Path, encoding: &str, stored: &str, listed: &[u8]) {
    fs::create_dir_all(dir.join("data")).unwrap();
    let body = b"registry extract\n";
    fs::write(dir.join("data").join(stored), body).unwrap();
    fs::write(
        dir.join("bagit.txt"),
        format!("BagIt-Version: 1.0\nTag-File-Character-Encoding: {encoding}\n"),
    )
    .unwrap();
    fs::write(
        dir.join("manifest-sha256.txt"),
        [digest("sha256", body).as_bytes(), b"  ", listed, b"\n"].concat(),
    )
    .unwrap();
    fs::write(
        dir.join("bag-info.txt"),
        format!("Payload-Oxum: {}.1\n", body.len()),
    )
    .unwrap();
    retag(dir, &tag_files(dir));
}

/// UTF-16 little-endian with a byte-order mark, as Python's `utf-16` codec writes it.
fn utf16(s: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        v.extend_from_slice(&u.to_le_bytes());
    }
    v
}

/// ISO-8859-1 (every character below U+0100).
fn latin1(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| u8::try_from(c as u32).expect("a Latin-1 character"))
        .collect()
}

fn cases() -> Vec<Case> {
    use BagitPy::*;
    use Verdict::*;
    vec![
        Case {
            name: "plain-sha256",
            why: "RFC 8493 §3: complete, every checksum matches",
            build: |d| bag(d, &["sha256"], ""),
            verdict: Valid,
            warns: false,
            bagit_py: Agrees,
        },
        // 1. Bag-Count on a plain bag.
        Case {
            name: "bag-count-1-of-15",
            why: "§2.2.2: Bag-Count and Bag-Group-Identifier are informational; a bag given alone is judged alone",
            build: |d| bag(d, &["sha256"], "Bag-Group-Identifier: survey-2026\nBag-Count: 1 of 15\n"),
            verdict: Valid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "bag-count-malformed",
            why: "§2.2.2 gives the form 'N of T'; on a plain bag another is metadata, said with a warning",
            build: |d| bag(d, &["sha256"], "Bag-Count: first of many\n"),
            verdict: Valid,
            warns: true,
            bagit_py: Agrees,
        },
        // 2. Tag-File-Character-Encoding.
        Case {
            name: "encoding-iso-8859-1",
            why: "§2.1.1: tag files are in the declared encoding",
            build: |d| {
                bag_with(
                    d,
                    "1.0",
                    "ISO-8859-1",
                    &["sha256"],
                    "Contact-Name: José Müller\nExternal-Description: Données du registre\n",
                    latin1,
                    |_, l| l,
                )
            },
            verdict: Valid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "encoding-utf-16",
            why: "§2.1.1: tag files are in the declared encoding (UTF-16 with its byte-order mark)",
            build: |d| {
                bag_with(
                    d,
                    "1.0",
                    "UTF-16",
                    &["sha256"],
                    "Contact-Name: 佐藤 花子\nSource-Organization: 大阪府がん登録室\n",
                    utf16,
                    |_, l| l,
                )
            },
            verdict: Valid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "encoding-unknown",
            why: "§2.1.1: an encoding nobody can decode leaves the tag files unreadable",
            build: |d| {
                bag_with(d, "1.0", "X-NO-SUCH-CHARSET", &["sha256"], "", |s| s.as_bytes().to_vec(), |_, l| l)
            },
            verdict: Invalid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "encoding-utf-32",
            why: "§2.1.1: isou decodes the WHATWG encodings, which have no UTF-32; refused, named",
            build: |d| {
                bag_with(
                    d,
                    "1.0",
                    "UTF-32",
                    &["sha256"],
                    "",
                    |s| {
                        let mut v = vec![0xFF, 0xFE, 0, 0];
                        for c in s.chars() {
                            v.extend_from_slice(&(c as u32).to_le_bytes());
                        }
                        v
                    },
                    |_, l| l,
                )
            },
            verdict: Invalid,
            warns: false,
            bagit_py: SaysValid("UTF-32 is not a WHATWG encoding; isou refuses it by name"),
        },
        Case {
            name: "latin1-c1-byte-in-a-path",
            why: "§2.1.1: ISO-8859-1 is every byte its own code point (not windows-1252, whose 0x80 is €)",
            build: |d| raw_bag(d, "ISO-8859-1", "\u{80}.txt", b"data/\x80.txt"),
            verdict: Valid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "latin1-c1-byte-read-as-windows-1252",
            why: "the same byte is not the euro sign of windows-1252",
            build: |d| raw_bag(d, "ISO-8859-1", "€.txt", b"data/\x80.txt"),
            verdict: Invalid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "encoding-utf-16-without-bom",
            why: "UTF-16 without a byte-order mark has no byte order (Python's codec refuses it)",
            build: |d| {
                bag_with(d, "1.0", "UTF-16", &["sha256"], "", |s| utf16(s)[2..].to_vec(), |_, l| l)
            },
            verdict: Invalid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "encoding-utf-16le-with-bom",
            why: "UTF-16LE names its byte order and takes no mark (RFC 2781 §3.3); one written anyway is read as a mark, with a warning",
            build: |d| {
                bag_with(d, "1.0", "UTF-16LE", &["sha256"], "Contact-Name: 佐藤 花子\n", utf16, |_, l| l)
            },
            verdict: Valid,
            warns: true,
            bagit_py: Agrees,
        },
        Case {
            name: "encoding-iso-8859-9",
            why: "WHATWG reads ISO-8859-9 as windows-1254 (0x80 is €), Python as ISO (0x80 is U+0080): refused by name rather than read one of two ways",
            build: |d| raw_bag(d, "ISO-8859-9", "\u{80}.txt", b"data/\x80.txt"),
            verdict: Invalid,
            warns: false,
            bagit_py: SaysValid("ISO-8859-9 and ISO-8859-11 are refused by name: the WHATWG decoders read them as Windows code pages"),
        },
        Case {
            name: "windows-1252-undefined-byte",
            why: "0x81 is undefined in windows-1252: Python's codec refuses it, so does isou (WHATWG would make it U+0081)",
            build: |d| raw_bag(d, "windows-1252", "\u{81}.txt", b"data/\x81.txt"),
            verdict: Invalid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "encoding-utf-16-odd-byte",
            why: "a UTF-16 tag file of an odd number of bytes is not UTF-16 text",
            build: |d| {
                bag_with(d, "1.0", "UTF-16", &["sha256"], "", |s| [utf16(s), vec![0x41]].concat(), |_, l| l)
            },
            verdict: Invalid,
            warns: false,
            bagit_py: SaysValid("Python's stream reader drops a trailing odd byte"),
        },
        Case {
            name: "shift-jis-wave-dash",
            why: "Shift_JIS decoded as Windows writes it (cp932): 0x8160 is ～ U+FF5E",
            build: |d| raw_bag(d, "Shift_JIS", "～.txt", b"data/\x81\x60.txt"),
            verdict: Valid,
            warns: false,
            bagit_py: SaysInvalid("Python's shift_jis is JIS X 0208, where 0x8160 is 〜 U+301C"),
        },
        Case {
            name: "cp932-label",
            why: "cp932, Windows' name for its Shift_JIS, is read as Shift_JIS",
            build: |d| raw_bag(d, "cp932", "①.txt", b"data/\x87\x40.txt"),
            verdict: Valid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "latin1-bytes-declared-utf-8",
            why: "§2.1.1: a tag file that is not valid text in the declared encoding cannot be read",
            build: |d| {
                bag(d, &["sha256"], "");
                let info = fs::read(d.join("bag-info.txt")).unwrap();
                let mut info = info;
                info.extend_from_slice(b"Contact-Name: Jos\xe9\n");
                fs::write(d.join("bag-info.txt"), info).unwrap();
                retag(d, &tag_files(d));
            },
            verdict: Invalid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "utf-8-bom-in-manifest",
            why: "bagit.py reads a UTF-8 manifest with a byte-order mark, with a warning; isou too",
            build: |d| {
                bag(d, &["sha256"], "");
                let m = fs::read(d.join("manifest-sha256.txt")).unwrap();
                fs::write(d.join("manifest-sha256.txt"), [&b"\xEF\xBB\xBF"[..], &m].concat()).unwrap();
                retag(d, &tag_files(d));
            },
            verdict: Valid,
            warns: true,
            bagit_py: Agrees,
        },
        Case {
            name: "bom-in-bagit-txt",
            why: "§2.1.1: bagit.txt is UTF-8 without a byte-order mark (bagit.py refuses it too)",
            build: |d| {
                bag(d, &["sha256"], "");
                let t = fs::read(d.join("bagit.txt")).unwrap();
                fs::write(d.join("bagit.txt"), [&b"\xEF\xBB\xBF"[..], &t].concat()).unwrap();
                retag(d, &tag_files(d));
            },
            verdict: Invalid,
            warns: false,
            bagit_py: Agrees,
        },
        // 3. Manifest paths.
        Case {
            name: "dot-slash-paths",
            why: "earlier BagIt versions and common tools write ./data/…; the same file (bagit.py normalises it)",
            build: |d| bag_with(d, "1.0", "UTF-8", &["sha256"], "", |s| s.as_bytes().to_vec(), |p, l| l.replace(p, &format!("./{p}"))),
            verdict: Valid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "dot-dot-path",
            why: "§2.1.3: a path outside the payload (../) is never followed",
            build: |d| {
                bag(d, &["sha256"], "");
                let m = fs::read_to_string(d.join("manifest-sha256.txt")).unwrap();
                fs::write(d.join("manifest-sha256.txt"), format!("{m}{}  ../outside.txt\n", digest("sha256", b"x"))).unwrap();
                retag(d, &tag_files(d));
            },
            verdict: Invalid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "absolute-path",
            why: "§2.1.3: paths are relative to the bag",
            build: |d| {
                bag(d, &["sha256"], "");
                let m = fs::read_to_string(d.join("manifest-sha256.txt")).unwrap();
                fs::write(d.join("manifest-sha256.txt"), format!("{m}{}  /etc/hostname\n", digest("sha256", b"x"))).unwrap();
                retag(d, &tag_files(d));
            },
            verdict: Invalid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "dot-dot-inside",
            why: "a path through .. is never followed, even one that comes back inside",
            build: |d| {
                bag_with(d, "1.0", "UTF-8", &["sha256"], "", |s| s.as_bytes().to_vec(), |_, l| {
                    l.replace("data/report.csv", "data/sub/../report.csv")
                })
            },
            verdict: Invalid,
            warns: false,
            bagit_py: SaysValid("bagit.py normalises data/sub/../report.csv to data/report.csv"),
        },
        Case {
            name: "double-slash-inside",
            why: "only a leading ./ is normalised; an empty component is refused",
            build: |d| {
                bag_with(d, "1.0", "UTF-8", &["sha256"], "", |s| s.as_bytes().to_vec(), |_, l| {
                    l.replace("data/sub/notes.txt", "data//sub/notes.txt")
                })
            },
            verdict: Invalid,
            warns: false,
            bagit_py: SaysValid("bagit.py normalises data//sub to data/sub"),
        },
        // 4. Checksum algorithms.
        Case {
            name: "sha224-only",
            why: "§2.4: any algorithm may be used; SHA-224 is computed",
            build: |d| bag(d, &["sha224"], ""),
            verdict: Valid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "sha384-only",
            why: "§2.4: any algorithm may be used; SHA-384 is computed",
            build: |d| bag(d, &["sha384"], ""),
            verdict: Valid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "sha512-and-sha256",
            why: "§2.1.3: every manifest is checked",
            build: |d| bag(d, &["sha256", "sha512"], ""),
            verdict: Valid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "md5-only",
            why: "§2.4: MD5 is allowed (RFC 8493 itself uses md5 in examples); weak, so a warning",
            build: |d| bag(d, &["md5"], ""),
            verdict: Valid,
            warns: true,
            bagit_py: Agrees,
        },
        Case {
            name: "sha1-only",
            why: "§2.4: SHA-1 is allowed; weak, so a warning",
            build: |d| bag(d, &["sha1"], ""),
            verdict: Valid,
            warns: true,
            bagit_py: Agrees,
        },
        Case {
            name: "blake2b-and-sha3",
            why: "bagit.py checks every hashlib algorithm; so does isou",
            build: |d| bag(d, &["blake2b", "sha3_256"], ""),
            verdict: Valid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "unknown-algorithm-beside-sha256",
            why: "§2.4: an algorithm nobody here computes is one warning, not a missing manifest",
            build: |d| {
                bag(d, &["sha256"], "");
                fs::write(d.join("manifest-whirlpool9.txt"), "00  data/report.csv\n").unwrap();
                retag(d, &tag_files(d));
            },
            verdict: Valid,
            warns: true,
            bagit_py: Agrees,
        },
        Case {
            name: "unknown-algorithm-only",
            why: "§3: the payload cannot be checked against anything (bagit.py: no manifest found)",
            build: |d| {
                bag(d, &[], "");
                fs::write(d.join("manifest-whirlpool9.txt"), "00  data/report.csv\n").unwrap();
                retag(d, &tag_files(d));
            },
            verdict: Invalid,
            warns: true,
            bagit_py: Agrees,
        },
        Case {
            name: "upper-case-checksums",
            why: "§2.1.3 does not fix the case of hex digits; bagit.py compares them lower-cased",
            build: |d| bag_with(d, "1.0", "UTF-8", &["sha256"], "", |s| s.as_bytes().to_vec(), |p, l| {
                let (sum, _) = l.split_once("  ").unwrap();
                format!("{}  {p}", sum.to_uppercase())
            }),
            verdict: Valid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "checksum-differs",
            why: "§3: a checksum that does not match is an invalid bag",
            build: |d| {
                bag(d, &["sha256"], "");
                fs::write(d.join("data/report.csv"), b"id,site\n1,C50\n2,C19\n").unwrap();
            },
            verdict: Invalid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "payload-oxum-wrong",
            why: "§2.2.2: Payload-Oxum states the payload's size and count",
            build: |d| {
                bag(d, &["sha256"], "");
                let info = fs::read_to_string(d.join("bag-info.txt")).unwrap();
                let info = info.replace("Payload-Oxum: ", "Payload-Oxum: 1");
                fs::write(d.join("bag-info.txt"), info).unwrap();
                retag(d, &tag_files(d));
            },
            verdict: Invalid,
            warns: false,
            bagit_py: Agrees,
        },
        // 5. bag-info syntax.
        Case {
            name: "bag-info-whitespace-and-repeats",
            why: "§2.2.2: labels with whitespace around the colon, repeated labels and folded values are valid",
            build: |d| {
                bag(d, &["sha256"], "");
                with_info(d, "Test-Tag : 3\nTest-Tag    :   5\nTest-Tag:   2\nExternal-Description: a value\n  folded onto a second line\n");
            },
            verdict: Valid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "bag-info-line-without-colon",
            why: "§2.2.2: every line is 'label: value' or a continuation (bagit.py refuses it too)",
            build: |d| {
                bag(d, &["sha256"], "");
                with_info(d, "this line has no label\n");
            },
            verdict: Invalid,
            warns: false,
            bagit_py: Agrees,
        },
        // 6. fetch.txt.
        Case {
            name: "fetch-present",
            why: "§2.2.3: a fetched file that is present is checked like any other",
            build: |d| {
                bag(d, &["sha256"], "");
                with_fetch(d, "https://example.org/report.csv 21 data/report.csv\n");
            },
            verdict: Valid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "fetch-holey",
            why: "§2.2.3, §3: payload to be fetched and not present: incomplete, not tampered (bagit.py: not valid)",
            build: |d| {
                bag(d, &["sha256"], "");
                fs::remove_file(d.join("data/sub/notes.txt")).unwrap();
                with_fetch(d, "https://example.org/notes.txt - data/sub/notes.txt\n");
            },
            verdict: Incomplete,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "fetch-dot-dot",
            why: "§2.2.3: a fetch path outside the bag would be written anywhere",
            build: |d| {
                bag(d, &["sha256"], "");
                with_fetch(d, "https://example.org/x 1 ../../.bashrc\n");
            },
            verdict: Invalid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "fetch-absolute",
            why: "§2.2.3: fetch paths are relative to the bag",
            build: |d| {
                bag(d, &["sha256"], "");
                with_fetch(d, "https://example.org/x 1 /etc/cron.d/job\n");
            },
            verdict: Invalid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "fetch-home",
            why: "a fetch path starting with ~ is the reader's home to a shell (bagit.py: unsafe)",
            build: |d| {
                bag(d, &["sha256"], "");
                with_fetch(d, "https://example.org/x 1 ~/.ssh/authorized_keys\n");
            },
            verdict: Invalid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "fetch-bad-url",
            why: "§2.2.3: a URL (bagit.py wants a scheme and a host)",
            build: |d| {
                bag(d, &["sha256"], "");
                with_fetch(d, "not-a-url 21 data/report.csv\n");
            },
            verdict: Invalid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "fetch-not-in-manifest",
            why: "§2.2.3: every file in fetch.txt MUST be in every payload manifest",
            build: |d| {
                bag(d, &["sha256"], "");
                with_fetch(d, "https://example.org/x 5 data/extra.bin\n");
            },
            verdict: Invalid,
            warns: false,
            bagit_py: SaysValid("bagit.py does not check that fetch.txt's files are in the manifests (RFC 8493 §2.2.3 MUST)"),
        },
        // 7. coreutils binary mode.
        Case {
            name: "binary-mode-star",
            why: "coreutils (md5sum/sha256sum -b) writes 'HASH *path'; bagit.py reads it, isou with a warning",
            build: |d| bag_with(d, "1.0", "UTF-8", &["sha256"], "", |s| s.as_bytes().to_vec(), |p, l| l.replace(&format!("  {p}"), &format!(" *{p}"))),
            verdict: Valid,
            warns: true,
            bagit_py: Agrees,
        },
        Case {
            name: "bagit-txt-lines-swapped",
            why: "§2.1.1: exactly two lines, in this order",
            build: |d| {
                bag(d, &["sha256"], "");
                fs::write(d.join("bagit.txt"), "Tag-File-Character-Encoding: UTF-8\nBagIt-Version: 1.0\n").unwrap();
                retag(d, &tag_files(d));
            },
            verdict: Invalid,
            warns: false,
            bagit_py: SaysValid("bagit.py reads bagit.txt as any tag file, in any order"),
        },
        // 9. BagIt versions.
        Case {
            name: "version-0.97",
            why: "BagIt 0.97 as bagit.py reads it",
            build: |d| bag_with(d, "0.97", "UTF-8", &["md5"], "", |s| s.as_bytes().to_vec(), |_, l| l),
            verdict: Valid,
            warns: true,
            bagit_py: Agrees,
        },
        Case {
            name: "version-0.95-package-info",
            why: "BagIt 0.93–0.95 named the metadata file package-info.txt (its Payload-Oxum is checked)",
            build: |d| bag_with(d, "0.95", "UTF-8", &["sha256"], "", |s| s.as_bytes().to_vec(), |_, l| l),
            verdict: Valid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "version-0.93-package-info-wrong-oxum",
            why: "a 0.93 bag's package-info.txt is read: a wrong Payload-Oxum there is found",
            build: |d| {
                bag_with(d, "0.93", "UTF-8", &["sha256"], "", |s| s.as_bytes().to_vec(), |_, l| l);
                let info = fs::read_to_string(d.join("package-info.txt")).unwrap();
                fs::write(d.join("package-info.txt"), info.replace("Payload-Oxum: ", "Payload-Oxum: 9")).unwrap();
                retag(d, &tag_files(d));
            },
            verdict: Invalid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "version-0.96-wrong-tagmanifest",
            why: "a tag manifest that does not match is not ignored, whatever the version",
            build: |d| {
                bag_with(d, "0.96", "UTF-8", &["sha256"], "", |s| s.as_bytes().to_vec(), |_, l| l);
                let info = fs::read_to_string(d.join("bag-info.txt")).unwrap();
                fs::write(d.join("bag-info.txt"), format!("{info}Contact-Name: changed after bagging\n")).unwrap();
            },
            verdict: Invalid,
            warns: false,
            bagit_py: SaysValid("bagit.py checks tag manifests only from BagIt 0.97 on"),
        },
        Case {
            name: "version-2.0",
            why: "a version isou does not know may change anything (bagit.py: unsupported)",
            build: |d| bag_with(d, "2.0", "UTF-8", &["sha256"], "", |s| s.as_bytes().to_vec(), |_, l| l),
            verdict: Invalid,
            warns: false,
            bagit_py: Agrees,
        },
        Case {
            name: "version-0.92",
            why: "older than 0.93, which the reference validators read (bagit.py: unsupported)",
            build: |d| bag_with(d, "0.92", "UTF-8", &["sha256"], "", |s| s.as_bytes().to_vec(), |_, l| l),
            verdict: Invalid,
            warns: false,
            bagit_py: Agrees,
        },
    ]
}

/// What isou says of the bag at `dir`: the exit code, standard output and error.
fn isou_verify(dir: &Path, ledger: &Path) -> (i32, String, String) {
    let o = run(isou()
        .arg("--ledger")
        .arg(ledger)
        .args(["-q", "verify"])
        .arg(dir));
    (o.status.code().unwrap_or(-1), stdout(&o), stderr(&o))
}

#[test]
fn every_bag_in_the_table_is_judged_as_the_rfc_and_bagit_py_judge_it() {
    let tmp = tempfile::tempdir().unwrap();
    let ledger = tmp.path().join("ledger.sqlite");
    let bagit_py = have("bagit.py");
    let mut failures = Vec::new();
    for c in cases() {
        let dir = tmp.path().join(c.name);
        (c.build)(&dir);
        let (code, out, err) = isou_verify(&dir, &ledger);
        let (want_code, want_line) = match c.verdict {
            Verdict::Valid => (0, "result: VALID"),
            Verdict::Invalid => (1, "result: INVALID"),
            Verdict::Incomplete => (4, "result: INCOMPLETE"),
        };
        let mut wrong = Vec::new();
        if code != want_code || !out.contains(want_line) {
            wrong.push(format!(
                "isou exit {code}, expected {want_code} ({want_line})"
            ));
        }
        // Warnings on standard error only (issue 18 item 8): -q leaves nothing else
        // there for a valid bag.
        let warned = err.contains("warning:");
        if warned != c.warns {
            wrong.push(format!("warned: {warned}, expected {}", c.warns));
        }
        if out.contains("warning:") {
            wrong.push("a warning on standard output".into());
        }
        if c.verdict == Verdict::Valid && !c.warns && !err.is_empty() {
            wrong.push("standard error not empty".into());
        }
        if bagit_py {
            let o = run(Command::new("bagit.py").arg("--validate").arg(&dir));
            let py_valid = o.status.success();
            let agree = match c.bagit_py {
                BagitPy::Agrees => py_valid == (c.verdict == Verdict::Valid),
                BagitPy::SaysValid(why) => {
                    if !py_valid {
                        eprintln!("{}: bagit.py no longer differs ({why})", c.name);
                    }
                    py_valid
                }
                BagitPy::SaysInvalid(why) => {
                    if py_valid {
                        eprintln!("{}: bagit.py no longer differs ({why})", c.name);
                    }
                    !py_valid
                }
            };
            if !agree {
                wrong.push(format!(
                    "bagit.py says {} ({:?}): {}",
                    if py_valid { "valid" } else { "not valid" },
                    c.bagit_py,
                    stderr(&o).lines().last().unwrap_or("")
                ));
            }
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "{} ({}): {}\n--- stdout\n{out}--- stderr\n{err}",
                c.name,
                c.why,
                wrong.join("; ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The --json report says what the text says: complete or not, what is to be fetched,
/// the version read, and the warnings among the problems.
/// A bag before BagIt 0.96 keeps its metadata in package-info.txt: a wrong
/// Payload-Oxum there is named as being in that file (it once said bag-info.txt).
#[test]
fn a_wrong_oxum_of_an_old_bag_is_named_in_package_info() {
    let d = tempfile::tempdir().unwrap();
    let b = d.path().join("bag");
    fs::create_dir(&b).unwrap();
    bag_with(
        &b,
        "0.93",
        "UTF-8",
        &["sha256"],
        "",
        |s| s.as_bytes().to_vec(),
        |_, l| l,
    );
    let info = fs::read_to_string(b.join("package-info.txt")).unwrap();
    fs::write(
        b.join("package-info.txt"),
        info.replace("Payload-Oxum: ", "Payload-Oxum: 9"),
    )
    .unwrap();
    retag(&b, &tag_files(&b));
    let (code, out, err) = isou_verify(&b, &d.path().join("l.sqlite"));
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("package-info.txt: Payload-Oxum says 9"),
        "{out}"
    );
    assert!(!out.contains("bag-info.txt"), "{out}");
}

#[test]
fn json_says_what_is_to_be_fetched_and_the_version() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("holey");
    bag(&dir, &["sha256"], "");
    fs::remove_file(dir.join("data/sub/notes.txt")).unwrap();
    with_fetch(&dir, "https://example.org/notes.txt - data/sub/notes.txt\n");
    let o = run(isou()
        .arg("--ledger")
        .arg(tmp.path().join("l.sqlite"))
        .args(["verify", "--json"])
        .arg(&dir));
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    let j: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["valid"], false);
    assert_eq!(j["incomplete"], true);
    assert_eq!(j["complete"], false);
    assert_eq!(j["to_fetch"], serde_json::json!(["data/sub/notes.txt"]));
    assert_eq!(j["bagit_version"], "1.0");
    // Nothing was fetched: the file is still not there.
    assert!(!dir.join("data/sub/notes.txt").exists());
}

/// Japanese first: the incomplete verdict and its reason in the clerk's language.
#[test]
fn an_incomplete_bag_is_said_in_japanese() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("holey");
    bag(&dir, &["sha256"], "");
    fs::remove_file(dir.join("data/report.csv")).unwrap();
    with_fetch(&dir, "https://example.org/r.csv 21 data/report.csv\n");
    let o = run(isou()
        .arg("--ledger")
        .arg(tmp.path().join("l.sqlite"))
        .args(["--lang", "ja", "verify"])
        .arg(&dir));
    assert_eq!(o.status.code(), Some(4));
    assert!(stdout(&o).contains("検証結果: 未完"), "{}", stdout(&o));
    assert!(stdout(&o).contains("未取得"), "{}", stdout(&o));
    assert!(stderr(&o).contains("fetch.txt"), "{}", stderr(&o));
}

/// A keyed sender re-signs its own medium after changing it: the signature is good, so
/// only isou's profile stands between the change and a VALID or INCOMPLETE verdict.
fn resign(medium: &Path, key: &ssh_key::PrivateKey) {
    let mut names: Vec<String> = fs::read_dir(medium)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "data" && !n.starts_with("tagmanifest-"))
        .collect();
    names.sort();
    retag(medium, &names);
    let tm = fs::read(medium.join("tagmanifest-sha256.txt")).unwrap();
    fs::write(
        medium.join(isou::bag::write::SIGNATURE_FILE),
        isou::signature::sign(key, &tm).unwrap(),
    )
    .unwrap();
}

fn verify_pinned(medium: &Path, card: &str, ledger: &Path) -> std::process::Output {
    run(isou()
        .arg("--ledger")
        .arg(ledger)
        .args(["verify", "--signer", card])
        .arg(medium))
}

/// An isou medium is read one way only: a signed bagit.txt declaring another encoding
/// or an older version (whose info file is package-info.txt) is refused, where the
/// signature check and the bag's validation would read its tag files differently.
#[test]
fn a_signed_isou_medium_must_declare_what_isou_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let (key, card) = other_key();
    let recipient = age_recipient();
    for (name, bagit) in [
        (
            "latin1",
            "BagIt-Version: 1.0\nTag-File-Character-Encoding: ISO-8859-1\n",
        ),
        (
            "v095",
            "BagIt-Version: 0.95\nTag-File-Character-Encoding: UTF-8\n",
        ),
    ] {
        let m = keyed_medium(tmp.path(), name, b"not a tar", &recipient, &[], &key);
        let ledger = tmp.path().join(format!("{name}.sqlite"));
        let o = verify_pinned(&m, &card, &ledger);
        assert_eq!(o.status.code(), Some(0), "{name} as sealed: {}", stdout(&o));
        fs::write(m.join("bagit.txt"), bagit).unwrap();
        resign(&m, &key);
        let o = verify_pinned(&m, &card, &ledger);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stdout(&o));
        assert!(
            stdout(&o).contains("not the bagit.txt isou writes"),
            "{name}: {}",
            stdout(&o)
        );
    }
}

/// A keyed sender cannot make its medium look merely incomplete: a signed fetch.txt
/// naming a segment it left off is a file outside what seal writes — INVALID (exit 1),
/// never INCOMPLETE (exit 4).
#[test]
fn a_signed_fetch_list_on_an_isou_medium_is_refused_not_incomplete() {
    let tmp = tempfile::tempdir().unwrap();
    let (key, card) = other_key();
    let recipient = age_recipient();
    let m = keyed_medium(tmp.path(), "holey", b"not a tar", &recipient, &[], &key);
    fs::remove_file(m.join("data/payload.000")).unwrap();
    fs::write(
        m.join("fetch.txt"),
        "https://example.org/payload.000 - data/payload.000\n",
    )
    .unwrap();
    resign(&m, &key);
    let o = verify_pinned(&m, &card, &tmp.path().join("l.sqlite"));
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("result: INVALID"), "{}", stdout(&o));
    assert!(stdout(&o).contains("fetch.txt"), "{}", stdout(&o));
}

/// A fresh age key pair (the identity is not needed: nothing here is opened).
fn age_recipient() -> String {
    age::x25519::Identity::generate().to_public().to_string()
}
