//! isou's integration tests, one module per subject.
//!
//! Unix only: they run the Linux binary against Unix peer tools (age, ssh-keygen, a
//! pseudo-terminal, signals, LD_PRELOAD). The Windows build is tested from here too,
//! under Wine (`windows.rs`); on a Windows host this crate is empty.
#![cfg(unix)]

/// Shared helpers: the binary under test, real peer tools, test data.
mod util;

/// The message catalogue: both languages complete, every id used exists.
mod catalogue;

/// seal, verify, open and failures under a Japanese and a C locale; the language choice.
mod language;

/// The official C2SP age test vectors, through the engine.
mod testkit;

/// Interoperability with the real `age` CLI, both directions.
mod interop;

/// The command line on bad input: messages, exit codes, nothing left behind.
mod cli;

/// Sender signatures (SSHSIG) against the real `ssh-keygen -Y`.
mod signature;

/// BagIt bags: isou's writer and validator against bagit.py and sha256sum.
mod bag;

/// `verify` as a BagIt validator: a table of other tools' bags, judged with bagit.py.
mod bagit_table;

/// Red team of issue 18 (the BagIt validator): each defect found, as a test.
mod redteam18;

/// Red team of issue 19: open refuses images verify refuses; refused decryptions recorded.
mod redteam19;

/// The payload pipeline recovered with standard tools (cat | age | zstd | tar).
mod pipeline;

/// Sealing a medium and verifying it, against bagit.py, sha256sum, ssh-keygen, age.
mod media;

/// The main path through the binary: keygen → seal → verify → open.
mod flow;

/// Transport records written by seal, verify and open, and `isou record`.
mod records;

/// The registers (移送記録簿, 媒体管理簿, 廃棄記録) cell by cell over a full life cycle on two
/// ledgers.
mod registers;

/// The ledger file and its unrecorded events: authenticated recovery, private and
/// foreign files, read-only ledgers, record values.
mod ledger;

/// The transport policy: refusals naming the manual's clause, contact names.
mod policy;

/// Issue 17 (D1): command-line errors, refusals, I/O errors in Japanese; the class in Japanese.
mod cli_ja;

/// Discs and sets: ISO 9660 images against xorriso, isoinfo, bsdtar, bagit.py; sets.
mod disc;

/// Secrets hygiene and no network (strace): nothing in $TMPDIR, no socket, no passphrase
/// in argv, no secret in Debug.
mod hygiene;

/// Secret keys given where a public key belongs: refused, named, never printed.
mod secrets;

/// SIGKILL and interrupts at many points of seal and open, and decrypt killed mid-write:
/// no partial medium verifies, no plaintext outside staging, leftovers cleaned, every
/// finished work recorded.
mod kill;

/// Media that stop reading or writing part-way (EIO injected by an LD_PRELOAD shim):
/// seal, verify and open fail cleanly, nothing left.
mod faults;

/// The trust boundary: hostile media from outsiders and keyed senders against verify
/// and open (signatures the user requires, bounds, special files, inert output).
mod trust;

/// Keys in memory (no core dump, no copies left, seal without the receive key) and
/// identity files (bounded KDF cost, honest errors, CRLF/BOM, FIFOs, duplicate keys,
/// one passphrase read).
mod identity;

/// Names and who acts: typed keys are never replaced by contact names, names are
/// normalised, the acting person is the OS account, the policy file is bounded.
mod names;

/// The extract read safely (files or folders swapped for links while sealing, pseudo
/// files) and a generated passphrase shown on the terminal only.
mod extract;

/// The red team's findings against local inputs (issue 13): invisible characters, policy
/// values checked when loaded, paths in events escaped, short parse errors.
mod local;

/// Carriers and tracking numbers (§2.2⑥): the carrier table at seal, record ship and in
/// the policy; each service's number format.
mod carriers;

/// Safe by default (issue 14): the class identifiable unless declared, signed and
/// recorded on both sides; unsafe choices refused or recorded; ISOU_POLICY checked.
mod defaults;

/// Destination binding (§2.2②) and passphrase mode for identifiable data (§2.2⑦): --to
/// NAME sets the destination, third parties' cards refused, weak passphrases refused, the
/// key by another route.
mod destination;

/// The clerk's path (issue 15): common mistakes caught and explained.
mod clerk;

/// Shipment ids a medium claims (issue 15 red team): canonical, unclaimed, bound to a
/// sender.
mod claims;
/// Disposal records an auditor can sign off (issue 16): methods from one list, a witness
/// for identifiable data, outsourced work with its certificate, one disposal per medium.
mod disposal;
/// Where open writes and what slips it warns about (issue 15): the output folder, clap's
/// errors, reused tracking numbers, past retention dates, the medium held while sealing.
mod output;
/// Routine checks and slips (issue 15): the sender's check before shipping, a part of a
/// medium given as the medium, a disc left out of a set; `record show` and `correct`.
mod routine;
/// The clerk at a terminal (issue 15): prompts, retries and progress driven through a pty.
mod tty;
/// Input as people type it (issue 15): normalised names, numbers and ids; the wrong file
/// named.
mod typing;

/// Dates and times in the registry's time zone (issue 16): today, typed dates, registers.
mod localtime;

/// Typed events and the ledger's schema v2: what is written is what is read; v1
/// ledgers upgrade.
mod schema;

/// Approval terms (利用責任者, 申出番号・応諾番号, 利用期間) signed into bag-info, and the
/// recipient's disposal duty for the received medium and the decrypted folder (issue 16).
mod terms;

/// Signed receipts (issue 16): isou receipt on the recipient's side, record receipt on
/// the sender's; every refusal.
mod receipt;

/// What seal, verify, open and policy check print in Japanese (issue 17).
mod commands_ja;
/// `isou record …` in Japanese (issue 17): refusals, summaries, next steps, the list; the
/// English unchanged, the exports and the ledger the same in both languages.
mod records_ja;

/// `isou record show` in the reader's language (issue 17): each fact named, values as read.
mod show_ja;

/// Red team 17 (F5): seal refuses names open refuses; a refused opening is recorded.
mod redteam17_f5;

/// Registers as an Excel workbook, export provenance, readable record list/show.
mod workbook;

/// The help in Japanese (issue 17): every command's --help and -h, the exit codes;
/// completion scripts and man pages.
mod help_ja;

/// Issue 17: encrypt, decrypt, keygen and card speak Japanese (prompts: tty.rs).
mod crypto_ja;

/// The media library in Japanese (issue 17): verify's problems, seal's and open's errors;
/// --json and the ledger stay English; read errors told from tampering in any language.
mod media_ja;

/// Issue 17 red team (F3): `man -o` into a shared folder, clap errors' language, the
/// exit-code table, bad language values, non-UTF-8 Japanese locales.
#[allow(non_snake_case)]
mod redteam17_F3;

/// Issue 17 red team findings fixed by F2: `record list --since`, control characters in
/// a policy, a damaged --signer card, the correction cell, the policy's language.
#[allow(non_snake_case)]
mod redteam17_F2;

/// Red team 17, findings 03, 51, 57 (F4): Japanese reasons and glossary terms.
mod redteam17_f4;

/// Red team of issue 17, fixer F1: --json in English, long entry names, open of a missing
/// path, runs of blanks folded, paths sanitised at prompts, suggested commands quoted.
mod redteam17_f1;
mod redteam17_g2;

mod redteam17_g1;

/// The Windows build (MinGW cross-build) run under Wine: seal, verify, open, ISO, drive letters.
mod windows;
