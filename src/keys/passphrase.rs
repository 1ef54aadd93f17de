//! Passphrases: from the terminal without echo, or from a file or file descriptor for
//! automation. Never from the command line, where every user of the machine can read
//! them in the process list.

use std::fs::File;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use rand::Rng;
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::error::KeyError;

/// The shortest passphrase accepted for protecting an identity file.
pub const MIN_LEN: usize = 8;

/// Where a passphrase comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum PassphraseSource {
    /// Asked on the controlling terminal, without echo.
    #[default]
    Terminal,
    /// The first line of this file.
    File(PathBuf),
    /// The first line read from this open file descriptor (e.g. `3<secret.txt`).
    Fd(i32),
}

impl PassphraseSource {
    /// Reads a passphrase; `prompt` is shown on the terminal.
    pub fn read(&self, prompt: &str) -> Result<SecretString, KeyError> {
        match self {
            PassphraseSource::Terminal => prompt_terminal(prompt),
            PassphraseSource::File(path) => {
                let f = File::open(path).map_err(|error| KeyError::Io {
                    path: path.clone(),
                    error,
                })?;
                first_line(f, &path.display().to_string())
            }
            PassphraseSource::Fd(fd) => read_fd_once(*fd),
        }
    }

    /// Reads a new passphrase for protecting something: at least [`MIN_LEN`]
    /// characters (checked before a terminal asks for the confirmation), and asked
    /// twice on a terminal.
    pub fn read_new(&self, what: &str) -> Result<SecretString, KeyError> {
        let p = self.read(&format!(
            "{} ",
            crate::tr!(
                "prompt-passphrase-for",
                what = crate::untrusted::clean(what)
            )
        ))?;
        if p.expose_secret().chars().count() < MIN_LEN {
            return Err(KeyError::PassphraseTooShort { min: MIN_LEN });
        }
        if matches!(self, PassphraseSource::Terminal) {
            let again = self.read(&format!("{} ", crate::tr!("prompt-confirm-passphrase")))?;
            if again.expose_secret() != p.expose_secret() {
                return Err(KeyError::PassphraseMismatch);
            }
        }
        Ok(p)
    }
}

/// Passphrases already read from a descriptor, by its number: each is read once and
/// kept for the rest of the process (`Zeroizing`: wiped if it is ever dropped).
///
/// Why (issue 19): `PassphraseSource` is `Clone` and read once per identity, and the
/// descriptor is closed after the first read; `decrypt -i a -i b --passphrase-fd 3`
/// failed with "Bad file descriptor" on the second identity, and had the number been
/// reused meanwhile it would have read someone else's file.
static FROM_FD: std::sync::Mutex<Vec<(i32, Zeroizing<String>)>> = std::sync::Mutex::new(Vec::new());

fn read_fd_once(fd: i32) -> Result<SecretString, KeyError> {
    let kept = FROM_FD.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, p)) = kept.iter().find(|(n, _)| *n == fd) {
        return Ok(SecretString::from(p.as_str().to_owned()));
    }
    #[cfg(unix)]
    {
        let mut kept = kept;
        // A number that is not open must not become a `File`: closing it later would
        // abort (Rust's I/O safety check) or close a descriptor isou owns.
        let Some(f) = crate::platform::take_fd(fd) else {
            return Err(KeyError::Passphrase(crate::tr!(
                "prompt-why-fd-not-open",
                fd = fd.to_string()
            )));
        };
        let p = first_line(f, &crate::tr!("prompt-fd-name", fd = fd.to_string()))?;
        kept.push((fd, Zeroizing::new(p.expose_secret().to_owned())));
        Ok(p)
    }
    #[cfg(not(unix))]
    {
        drop(kept);
        Err(KeyError::Passphrase(crate::tr!(
            "prompt-why-fd-unix-only",
            fd = fd.to_string()
        )))
    }
}

fn prompt_terminal(prompt: &str) -> Result<SecretString, KeyError> {
    if !std::io::stderr().is_terminal() && !std::io::stdin().is_terminal() {
        // rpassword reads /dev/tty even then; without any terminal the user could not
        // see the prompt, so say so instead of hanging.
        if File::open(crate::platform::TERMINAL).is_err() {
            return Err(KeyError::Passphrase(crate::tr!("prompt-why-no-terminal")));
        }
    }
    // Every prompt through the one sanitiser where it reaches the terminal: it may
    // quote a path (an identity file's name can hold escapes; red team 17 finding 62).
    let prompt = crate::untrusted::clean(prompt);
    let p = rpassword::prompt_password(prompt).map_err(|e| {
        KeyError::Passphrase(crate::tr!(
            "prompt-why-terminal-unread",
            error = e.to_string()
        ))
    })?;
    Ok(SecretString::from(p))
}

/// Shows a generated passphrase on the controlling terminal (`/dev/tty`), with the
/// advice to write it down; never on standard error or output, which may be
/// redirected to a file (CWE-532). Fails when there is no terminal to write to.
pub fn show_on_terminal(p: &SecretString) -> std::io::Result<()> {
    use std::io::Write;
    let mut tty = std::fs::OpenOptions::new()
        .write(true)
        .open(crate::platform::TERMINAL_OUT)?;
    // Written in pieces, so the secret is copied into no buffer that outlives it.
    tty.write_all(format!("isou: {}: ", crate::tr!("prompt-generated")).as_bytes())?;
    tty.write_all(p.expose_secret().as_bytes())?;
    tty.write_all(format!("\nisou: {}\n", crate::tr!("prompt-generated-advice")).as_bytes())?;
    tty.flush()
}

/// The first line of `r`, without its line ending; an empty passphrase is refused.
fn first_line(mut r: impl Read, what: &str) -> Result<SecretString, KeyError> {
    let mut buf = Zeroizing::new(Vec::new());
    // A passphrase is short; read at most 64 KiB so a wrong path (a device, a huge
    // file) cannot exhaust memory.
    r.by_ref()
        .take(64 * 1024)
        .read_to_end(&mut buf)
        .map_err(|e| KeyError::Passphrase(format!("{what}: {e}")))?;
    let line = buf.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let s = std::str::from_utf8(line)
        .map_err(|_| KeyError::Passphrase(crate::tr!("prompt-why-not-utf8", what = what)))?;
    if s.is_empty() {
        return Err(KeyError::Passphrase(crate::tr!(
            "prompt-why-empty",
            what = what
        )));
    }
    Ok(SecretString::from(s.to_string()))
}

/// The alphabet of [`generate`]: no look-alikes (no 0/o, 1/l/i).
const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
/// Characters in a generated passphrase, and in each of its groups.
const GENERATED_CHARS: usize = 30;
const GROUP: usize = 5;

/// A passphrase typed as a person copies a generated one from the key sheet — with
/// spaces instead of hyphens, in upper case, in full-width characters (an IME left on),
/// groups run together — in the generated form, when it differs from what was typed;
/// `None` when it has not the shape of a generated passphrase (issue 15 item 9).
///
/// Unambiguous by construction: after NFKC, dropping spaces and hyphens (ASCII, the
/// full-width space and the IME's `ー`) and folding ASCII case, exactly 30 characters of
/// [`generate`]'s alphabet must remain, and the generated form is then fixed (six
/// groups of five, joined by hyphens). No look-alike is ever substituted (a typed `0`
/// or `l` is not in the alphabet, so nothing is tried). It is only ever a *second*
/// try, after the passphrase as typed failed: a passphrase a person chose that happens
/// to have this shape still opens as typed.
pub fn normalize_generated(typed: &SecretString) -> Option<SecretString> {
    use unicode_normalization::UnicodeNormalization;
    let folded: Zeroizing<String> = Zeroizing::new(
        typed
            .expose_secret()
            .nfkc()
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | 'ー' | '‐' | '−'))
            .map(|c| c.to_ascii_lowercase())
            .collect(),
    );
    if folded.len() != GENERATED_CHARS || !folded.bytes().all(|b| ALPHABET.contains(&b)) {
        return None;
    }
    let mut s = String::with_capacity(GENERATED_CHARS + GENERATED_CHARS / GROUP);
    for (i, c) in folded.chars().enumerate() {
        if i > 0 && i % GROUP == 0 {
            s.push('-');
        }
        s.push(c);
    }
    let s = SecretString::from(s);
    (s.expose_secret() != typed.expose_secret()).then_some(s)
}

/// A strong random passphrase for `encrypt --passphrase` when the user asks for one:
/// six groups of five characters from an alphabet without look-alikes (30 × log2(31)
/// ≈ 148 bits), easy to copy onto a paper sheet sent separately.
pub fn generate() -> SecretString {
    let mut rng = rand::rngs::OsRng;
    let mut s = String::with_capacity(35);
    for group in 0..GENERATED_CHARS / GROUP {
        if group > 0 {
            s.push('-');
        }
        for _ in 0..GROUP {
            s.push(ALPHABET[rng.gen_range(0..ALPHABET.len())] as char);
        }
    }
    SecretString::from(s)
}

/// The fewest guesses an estimator must need for a passphrase a person chose for
/// identifiable data: 10^10 (zxcvbn's top score). The medium's scrypt stanza can be
/// attacked offline by whoever holds the medium, for as long as they like (CWE-521);
/// zxcvbn's score 3 (10^8 guesses) falls within hours to a few GPUs even at age's work
/// factor.
pub const MIN_GUESSES: u64 = 10_000_000_000;

/// Characters of a passphrase the estimator looks at: its matching is quadratic, and a
/// passphrase whose first 256 characters are guessable is guessable.
const JUDGED_CHARS: usize = 256;

/// A passphrase chosen by a person that an estimator finds too easy to guess.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeakPassphrase {
    /// log10 of the estimated guesses.
    pub guesses_log10: u32,
    /// The estimator's warning and suggestions (in the current language), never the
    /// passphrase.
    pub feedback: Vec<String>,
}

impl std::fmt::Display for WeakPassphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::tr!(
            "prompt-weak",
            log = self.guesses_log10.to_string()
        ))?;
        if !self.feedback.is_empty() {
            // Japanese sentences end in 。 and are run together; English ones are spaced.
            let sep = match crate::i18n::current() {
                crate::i18n::Lang::Ja => "",
                crate::i18n::Lang::En => " ",
            };
            write!(f, ": {}", self.feedback.join(sep))?;
        }
        Ok(())
    }
}

impl std::error::Error for WeakPassphrase {}

/// Judges a passphrase a person chose with the zxcvbn estimator (dictionaries, names,
/// keyboard walks, dates, l33t and repeats), `context` being words an attacker would
/// try first (the destination, the organisation). A generated one ([`generate`]) needs
/// no judging.
///
/// A passphrase that holds one of the `context` values (compared as letters and digits
/// only, NFKC, case-folded, values of 6 or more) is weak whatever its estimate: the
/// tracking number is printed on the envelope and written in clear into `bag-info.txt`,
/// and `131-12-38385-2` or `13112383852x` passed zxcvbn as strong (red team, issue 14).
pub fn judge(p: &SecretString, context: &[&str]) -> Result<(), WeakPassphrase> {
    let judged: Zeroizing<String> =
        Zeroizing::new(p.expose_secret().chars().take(JUDGED_CHARS).collect());
    let folded = Zeroizing::new(fold(&judged));
    if context
        .iter()
        .map(|c| fold(c))
        .any(|c| c.chars().count() >= 6 && folded.contains(c.as_str()))
    {
        return Err(WeakPassphrase {
            guesses_log10: 0,
            feedback: vec![crate::tr!("prompt-weak-public-value")],
        });
    }
    let e = zxcvbn::zxcvbn(&judged, context);
    if e.guesses() >= MIN_GUESSES {
        return Ok(());
    }
    let mut feedback = Vec::new();
    if let Some(f) = e.feedback() {
        if let Some(w) = f.warning() {
            feedback.push(warning_text(w));
        }
        feedback.extend(f.suggestions().iter().map(|s| suggestion_text(*s)));
    }
    Err(WeakPassphrase {
        guesses_log10: e.guesses_log10().floor() as u32,
        feedback,
    })
}

/// The estimator's warning, from the catalogue (zxcvbn's own texts are English only).
fn warning_text(w: zxcvbn::feedback::Warning) -> String {
    use zxcvbn::feedback::Warning as W;
    match w {
        W::StraightRowsOfKeysAreEasyToGuess => crate::tr!("prompt-zx-straight-rows"),
        W::ShortKeyboardPatternsAreEasyToGuess => crate::tr!("prompt-zx-short-keyboard"),
        W::RepeatsLikeAaaAreEasyToGuess => crate::tr!("prompt-zx-repeats-aaa"),
        W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => {
            crate::tr!("prompt-zx-repeats-abcabc")
        }
        W::ThisIsATop10Password => crate::tr!("prompt-zx-top10"),
        W::ThisIsATop100Password => crate::tr!("prompt-zx-top100"),
        W::ThisIsACommonPassword => crate::tr!("prompt-zx-common"),
        W::ThisIsSimilarToACommonlyUsedPassword => crate::tr!("prompt-zx-similar-common"),
        W::SequencesLikeAbcAreEasyToGuess => crate::tr!("prompt-zx-sequences"),
        W::RecentYearsAreEasyToGuess => crate::tr!("prompt-zx-recent-years"),
        W::AWordByItselfIsEasyToGuess => crate::tr!("prompt-zx-word-alone"),
        W::DatesAreOftenEasyToGuess => crate::tr!("prompt-zx-dates"),
        W::NamesAndSurnamesByThemselvesAreEasyToGuess => crate::tr!("prompt-zx-names-alone"),
        W::CommonNamesAndSurnamesAreEasyToGuess => crate::tr!("prompt-zx-common-names"),
    }
}

/// The estimator's suggestion, from the catalogue.
fn suggestion_text(s: zxcvbn::feedback::Suggestion) -> String {
    use zxcvbn::feedback::Suggestion as S;
    match s {
        S::UseAFewWordsAvoidCommonPhrases => crate::tr!("prompt-zx-use-few-words"),
        S::NoNeedForSymbolsDigitsOrUppercaseLetters => crate::tr!("prompt-zx-no-need-symbols"),
        S::AddAnotherWordOrTwo => crate::tr!("prompt-zx-add-word"),
        S::CapitalizationDoesntHelpVeryMuch => crate::tr!("prompt-zx-capitalization"),
        S::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase => crate::tr!("prompt-zx-all-upper"),
        S::ReversedWordsArentMuchHarderToGuess => crate::tr!("prompt-zx-reversed"),
        S::PredictableSubstitutionsDontHelpVeryMuch => crate::tr!("prompt-zx-substitutions"),
        S::UseALongerKeyboardPatternWithMoreTurns => crate::tr!("prompt-zx-longer-keyboard"),
        S::AvoidRepeatedWordsAndCharacters => crate::tr!("prompt-zx-avoid-repeats"),
        S::AvoidSequences => crate::tr!("prompt-zx-avoid-sequences"),
        S::AvoidRecentYears => crate::tr!("prompt-zx-avoid-recent-years"),
        S::AvoidYearsThatAreAssociatedWithYou => crate::tr!("prompt-zx-avoid-your-years"),
        S::AvoidDatesAndYearsThatAreAssociatedWithYou => crate::tr!("prompt-zx-avoid-your-dates"),
    }
}

/// Letters and digits only, NFKC, lower case: how a passphrase and a public value are
/// compared.
fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passphrase_holding_the_tracking_number_is_weak() {
        let ctx = ["131-12-38385-2", "国立がん研究センター"];
        for weak in [
            "131-12-38385-2",
            "13112383852x",
            "１３１１２３８３８５２",
            "x 131 12 38385 2 !",
        ] {
            assert!(judge(&SecretString::from(weak), &ctx).is_err(), "{weak}");
        }
        assert!(judge(
            &SecretString::from("correct horse battery staple violet"),
            &ctx
        )
        .is_ok());
    }

    #[test]
    fn weak_passphrases_are_judged_weak() {
        for weak in [
            "a",
            "password1",
            "P@ssw0rd2024",
            "qwertyuiop",
            "大阪府がん登録室",
        ] {
            let e = judge(&SecretString::from(weak), &["大阪府がん登録室"]).unwrap_err();
            assert!(e.guesses_log10 < 10, "{weak}: {e}");
            // Never quoted (a one-letter passphrase is in any sentence).
            assert!(weak.len() < 2 || !e.to_string().contains(weak), "{e}");
        }
        assert!(judge(&SecretString::from("a"), &[])
            .unwrap_err()
            .to_string()
            .contains("too easy to guess"));
        for strong in [
            "correct horse battery staple tokyo 1987 kumquat",
            "Vq8#zL2!mW9@pR4x",
        ] {
            assert_eq!(judge(&SecretString::from(strong), &[]), Ok(()), "{strong}");
        }
        assert_eq!(judge(&generate(), &[]), Ok(()));
    }

    #[test]
    fn first_line_strips_line_endings() {
        assert_eq!(
            first_line(&b"secret pass\r\nrest"[..], "t")
                .unwrap()
                .expose_secret(),
            "secret pass"
        );
        assert_eq!(first_line(&b"abc"[..], "t").unwrap().expose_secret(), "abc");
        assert!(first_line(&b"\nabc"[..], "t").is_err());
    }

    #[test]
    fn generated_passphrases_typed_loosely_are_normalised() {
        let g = generate();
        let g = g.expose_secret();
        assert!(normalize_generated(&SecretString::from(g.to_string())).is_none());
        let spaced = g.replace('-', " ");
        let upper = g.to_uppercase();
        let joined = g.replace('-', "");
        let wide: String = g
            .chars()
            .map(|c| match c {
                '-' => '\u{3000}',
                c => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap(),
            })
            .collect();
        for typed in [spaced, upper, joined, wide, format!("  {g}  ")] {
            let n = normalize_generated(&SecretString::from(typed.clone()));
            assert_eq!(n.as_ref().map(|n| n.expose_secret()), Some(g), "{typed}");
        }
        // Not the generated shape: nothing is tried.
        for other in [
            "correct horse battery staple",
            "0abcd-efghj-kmnpq-rstuv-wxyz2-34567",
            "abcde-fghjk-mnpqr-stuvw-xyz23-4567",
        ] {
            assert!(
                normalize_generated(&SecretString::from(other)).is_none(),
                "{other}"
            );
        }
    }

    #[test]
    fn generated_passphrases_differ_and_have_the_shape() {
        let a = generate();
        let b = generate();
        assert_ne!(a.expose_secret(), b.expose_secret());
        assert_eq!(a.expose_secret().len(), 35);
        assert_eq!(a.expose_secret().split('-').count(), 6);
    }
}
