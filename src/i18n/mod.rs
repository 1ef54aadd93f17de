//! The message catalogue: everything isou says to a person, in Japanese and English.
//!
//! Clerks at Japanese registries read Japanese, so no user-facing text is
//! written in Rust: it is a message id looked up here, in the Fluent files under
//! `i18n/<lang>/*.ftl` that a translator edits without touching code
//! (<https://projectfluent.org/fluent/guide/>). The files are compiled into the binary,
//! so a shipped isou cannot lose its catalogue.
//!
//! - [`tr!`](crate::tr) formats one message in the current language with named
//!   arguments; numbers are grouped (`1,234`) and plurals follow CLDR rules.
//! - The language is chosen once per process with [`set`]: the CLI takes `--lang`, then
//!   `ISOU_LANG`, then the policy's `language`, then the locale ([`Lang::from_locale`]).
//!   A program using the library without choosing gets English.
//! - A message missing from Japanese falls back to English, and one missing from both
//!   prints its id; the catalogue tests (`tests/it/catalogue.rs`) keep both from
//!   happening: every id used in the code exists in both languages with the same
//!   placeholders.
//!
//! Arguments are inserted as they are: text from outside (a medium, a file) must still
//! pass [`crate::untrusted::clean`] before it reaches a terminal, as everything printed
//! does. Fluent's bidirectional isolation marks are turned off: they would reach
//! terminals and CSV files as invisible characters.

use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub mod format;
pub mod text;

pub use format::{size, tracking_number};
pub use text::{both, os_error, Text};

/// A language isou speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// 日本語: the language of the people who run isou.
    Ja,
    /// English.
    En,
}

impl Lang {
    /// Both languages, Japanese first.
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The code used in `--lang`, `ISOU_LANG` and the policy: `ja` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The language the POSIX locale asks for: the first set of `LC_ALL`,
    /// `LC_MESSAGES` and `LANG` (the order of POSIX's precedence for messages);
    /// Japanese when its language is `ja` and its codeset UTF-8 or not given
    /// (`ja_JP.UTF-8`, `ja_JP.utf8`, `ja_JP`, `ja`), English otherwise (`C`, `POSIX`,
    /// unset, any other language). isou writes UTF-8 only: under `ja_JP.eucJP` or
    /// `ja_JP.SJIS` the terminal would show its Japanese as mojibake, while English
    /// stays legible (issue 17 finding 64). `--lang ja`, `ISOU_LANG=ja` and the
    /// policy's `language` still choose Japanese (in UTF-8) whatever the locale.
    pub fn from_locale() -> Lang {
        Self::from_locale_vars(|k| std::env::var(k).ok())
    }

    /// [`Lang::from_locale`] over a given environment (for tests).
    pub fn from_locale_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        let chosen = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| get(k))
            .find(|v| !v.is_empty());
        // The terminal's encoding is the character type's (LC_ALL, LC_CTYPE, LANG), which
        // may differ from the messages' (red team 17, finding 101:
        // `LANG=ja_JP.UTF-8 LC_CTYPE=ja_JP.eucJP` got UTF-8 Japanese).
        let ctype = ["LC_ALL", "LC_CTYPE", "LANG"]
            .iter()
            .filter_map(|k| get(k))
            .find(|v| !v.is_empty());
        let ctype_utf8 = ctype.as_deref().is_none_or(codeset_is_utf8_or_none);
        match chosen {
            Some(v) if is_utf8_japanese(&v) && ctype_utf8 => Lang::Ja,
            _ => Lang::En,
        }
    }
}

/// Whether a locale name's codeset is UTF-8 (any spelling) or absent: only a codeset
/// named otherwise (`ja_JP.eucJP`, `ja_JP.SJIS`) says the terminal cannot show UTF-8.
fn codeset_is_utf8_or_none(locale: &str) -> bool {
    let (name, _modifier) = locale.split_once('@').unwrap_or((locale, ""));
    match name.split_once('.') {
        Some((_, c)) => c
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .eq_ignore_ascii_case("utf8"),
        None => true,
    }
}

/// Whether a locale name (`language[_territory][.codeset][@modifier]`) is Japanese
/// that a terminal shows in UTF-8: language `ja`, codeset UTF-8 (any spelling) or
/// none (`ja_JP` means UTF-8 on today's systems; `japanese` is an old alias of EUC-JP).
fn is_utf8_japanese(locale: &str) -> bool {
    let (name, _modifier) = locale.split_once('@').unwrap_or((locale, ""));
    let (name, codeset) = match name.split_once('.') {
        Some((n, c)) => (n, Some(c)),
        None => (name, None),
    };
    let language = name.split('_').next().unwrap_or("");
    language == "ja"
        && codeset.is_none_or(|c| {
            c.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .eq_ignore_ascii_case("utf8")
        })
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A language name isou does not speak (`--lang fr`, `ISOU_LANG=de`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownLang(pub String);

impl fmt::Display for UnknownLang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Bounded like every quoted value: it may come from a policy file or the
        // environment, 100 000 characters long (issue 17 finding 59).
        let name = crate::untrusted::sanitize(&self.0);
        f.write_str(&crate::tr!("lang-unknown", name = name))
    }
}

impl std::error::Error for UnknownLang {}

impl FromStr for Lang {
    type Err = UnknownLang;

    /// `ja`, `en`, also as a locale (`ja_JP.UTF-8`, `en-US`) or by name (`日本語`,
    /// `japanese`, `english`); case does not matter.
    fn from_str(s: &str) -> Result<Lang, UnknownLang> {
        let t = s.trim().to_ascii_lowercase();
        let base = t.split(['_', '-', '.', '@']).next().unwrap_or("");
        match base {
            "ja" | "jp" | "japanese" | "日本語" => Ok(Lang::Ja),
            "en" | "english" | "c" | "posix" => Ok(Lang::En),
            _ => Err(UnknownLang(s.to_string())),
        }
    }
}

/// The current language: 0 = not chosen (English), else a [`Lang`].
static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Chooses the language of every message from now on (for the whole process).
pub fn set(lang: Lang) {
    CURRENT.store(
        match lang {
            Lang::Ja => 1,
            Lang::En => 2,
        },
        Ordering::Relaxed,
    );
}

/// The language messages are in now.
pub fn current() -> Lang {
    if let Some(l) = OVERRIDE.with(|o| o.get()) {
        return l;
    }
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Ja,
        _ => Lang::En,
    }
}

thread_local! {
    /// The language of [`in_lang`] on this thread, over the process's choice.
    static OVERRIDE: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with messages in `lang` on this thread: the English of any error's
/// `Display` for `--json` and for what is stored (`in_lang(Lang::En, || e.to_string())`),
/// whatever the person reading the terminal chose. Other threads are not affected.
pub fn in_lang<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            OVERRIDE.with(|o| o.set(self.0));
        }
    }
    let _restore = Restore(OVERRIDE.with(|o| o.replace(Some(lang))));
    f()
}

/// Where the language came from, in the order that decides: a flag beats the
/// environment, which beats the policy, which beats the locale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// `--lang`.
    Flag,
    /// `ISOU_LANG`.
    Env,
    /// The policy's `language`.
    Policy,
    /// `LC_ALL` / `LC_MESSAGES` / `LANG`.
    Locale,
}

/// Decides the language from what the user said, most specific first: the flag, then
/// `ISOU_LANG` (an unknown value is an error, not silently English), then the
/// policy's `language`, then the locale.
pub fn choose(flag: Option<Lang>, policy: Option<Lang>) -> Result<(Lang, Source), UnknownLang> {
    if let Some(l) = flag {
        return Ok((l, Source::Flag));
    }
    if let Some(v) = std::env::var("ISOU_LANG")
        .ok()
        .filter(|v| !v.trim().is_empty())
    {
        return v.parse().map(|l| (l, Source::Env));
    }
    if let Some(l) = policy {
        return Ok((l, Source::Policy));
    }
    Ok((Lang::from_locale(), Source::Locale))
}

/// The catalogue's files: (file name, English text, Japanese text). `help.ftl` (the
/// Japanese command-line help) is separate: its English is the `///` comments.
pub const RESOURCES: &[(&str, &str, &str)] = &[
    (
        "common.ftl",
        include_str!("../../i18n/en/common.ftl"),
        include_str!("../../i18n/ja/common.ftl"),
    ),
    (
        "cli.ftl",
        include_str!("../../i18n/en/cli.ftl"),
        include_str!("../../i18n/ja/cli.ftl"),
    ),
    (
        "crypto.ftl",
        include_str!("../../i18n/en/crypto.ftl"),
        include_str!("../../i18n/ja/crypto.ftl"),
    ),
    (
        "media.ftl",
        include_str!("../../i18n/en/media.ftl"),
        include_str!("../../i18n/ja/media.ftl"),
    ),
    (
        "records.ftl",
        include_str!("../../i18n/en/records.ftl"),
        include_str!("../../i18n/ja/records.ftl"),
    ),
    (
        "commands.ftl",
        include_str!("../../i18n/en/commands.ftl"),
        include_str!("../../i18n/ja/commands.ftl"),
    ),
    (
        "policy.ftl",
        include_str!("../../i18n/en/policy.ftl"),
        include_str!("../../i18n/ja/policy.ftl"),
    ),
    (
        "docs.ftl",
        include_str!("../../i18n/en/docs.ftl"),
        include_str!("../../i18n/ja/docs.ftl"),
    ),
];

/// The Japanese translation of the command-line help (`isou --help` and every
/// subcommand's): ids `help-<command path>` and `help-<command path>--<argument id>`.
pub const HELP_JA: &str = include_str!("../../i18n/ja/help.ftl");

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static JA: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    static EN: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    let cell = match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    };
    cell.get_or_init(|| build(lang))
}

fn build(lang: Lang) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.code().parse().expect("a valid language id");
    let mut b = FluentBundle::new_concurrent(vec![id]);
    b.set_use_isolating(false);
    b.set_formatter(Some(format::fluent_number));
    for (name, en, ja) in RESOURCES {
        let text = match lang {
            Lang::Ja => ja,
            Lang::En => en,
        };
        // The catalogue is compiled in and checked by the tests; a syntax error in it
        // would be a bug of this build, so the entries that parse are still used.
        let res = FluentResource::try_new(text.to_string()).unwrap_or_else(|(res, errs)| {
            debug_assert!(errs.is_empty(), "{}/{name}: {errs:?}", lang.code());
            res
        });
        // Duplicate ids across files are refused by the tests; keep the first.
        let _ = b.add_resource(res);
    }
    if lang == Lang::Ja {
        let res = FluentResource::try_new(HELP_JA.to_string()).unwrap_or_else(|(res, _)| res);
        let _ = b.add_resource(res);
    }
    b
}

/// Whether the catalogue of `lang` has message `id` (help ids only in Japanese).
pub fn has(lang: Lang, id: &str) -> bool {
    bundle(lang)
        .get_message(id)
        .and_then(|m| m.value())
        .is_some()
}

/// Message `id` in `lang`, with `args`; falls back to English, then to the id.
pub fn tr_in(lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
    for l in [lang, Lang::En] {
        let b = bundle(l);
        if let Some(pattern) = b.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            let s = b.format_pattern(pattern, args, &mut errors);
            debug_assert!(errors.is_empty(), "message {id} ({l}): {errors:?}");
            return s.into_owned();
        }
    }
    debug_assert!(false, "message id {id} is in neither catalogue");
    id.to_string()
}

/// Message `id` in the current language.
pub fn tr(id: &str, args: Option<&FluentArgs>) -> String {
    tr_in(current(), id, args)
}

/// Turns a value into a message argument (re-exported for [`tr!`](crate::tr)).
pub fn arg<'a>(v: impl Into<FluentValue<'a>>) -> FluentValue<'a> {
    v.into()
}

pub use fluent_bundle::FluentArgs as Args;

/// A message from the catalogue in the current language:
/// `tr!("seal-done", files = n, size = isou::i18n::size(bytes))`.
///
/// Numbers are passed as numbers (they select plurals and are grouped); text is
/// passed as `&str` or `String`; anything else with `.to_string()`.
#[macro_export]
macro_rules! tr {
    ($id:literal) => {
        $crate::i18n::tr($id, None)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::Args::new();
        $( args.set(stringify!($name), $crate::i18n::arg($value)); )+
        $crate::i18n::tr($id, Some(&args))
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A locale environment of the given variables only.
    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_terminal_encoding_is_the_character_types() {
        assert_eq!(
            Lang::from_locale_vars(env(&[("LANG", "ja_JP.UTF-8"), ("LC_CTYPE", "ja_JP.eucJP")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LANG", "C.UTF-8"), ("LC_MESSAGES", "ja_JP.UTF-8")])),
            Lang::Ja
        );
    }

    #[test]
    fn in_lang_renders_in_the_given_language_on_this_thread_only() {
        let before = current();
        let ja = in_lang(Lang::Ja, || tr("prefix-error", None));
        assert_eq!(ja, "エラー");
        let nested = in_lang(Lang::Ja, || in_lang(Lang::En, || tr("prefix-error", None)));
        assert_eq!(nested, "error");
        assert_eq!(current(), before);
    }

    #[test]
    fn the_locale_decides_by_posix_precedence() {
        assert_eq!(
            Lang::from_locale_vars(env(&[("LANG", "ja_JP.UTF-8")])),
            Lang::Ja
        );
        assert_eq!(Lang::from_locale_vars(env(&[("LANG", "C")])), Lang::En);
        assert_eq!(Lang::from_locale_vars(env(&[])), Lang::En);
        // LC_ALL beats LANG; an empty LC_ALL does not count.
        assert_eq!(
            Lang::from_locale_vars(env(&[("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LC_ALL", ""), ("LANG", "ja_JP.UTF-8")])),
            Lang::Ja
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LC_MESSAGES", "ja_JP.UTF-8"), ("LANG", "C")])),
            Lang::Ja
        );
    }

    #[test]
    fn only_a_utf8_japanese_locale_chooses_japanese() {
        for l in ["ja", "ja_JP", "ja_JP.UTF-8", "ja_JP.utf8", "ja_JP.UTF-8@x"] {
            assert_eq!(
                Lang::from_locale_vars(|_| Some(l.to_string())),
                Lang::Ja,
                "{l}"
            );
        }
        for l in [
            "ja_JP.eucJP",
            "ja_JP.EUC-JP",
            "ja_JP.SJIS",
            "ja_JP.Shift_JIS",
            "ja_JP.ujis",
            "japanese",
            "japanese.euc",
            "jam",
        ] {
            assert_eq!(
                Lang::from_locale_vars(|_| Some(l.to_string())),
                Lang::En,
                "{l}"
            );
        }
    }

    #[test]
    fn language_names_parse() {
        for s in ["ja", "JA", "ja_JP.UTF-8", "ja-JP", "日本語", "japanese"] {
            assert_eq!(s.parse::<Lang>(), Ok(Lang::Ja), "{s}");
        }
        for s in ["en", "en_US.UTF-8", "C", "english"] {
            assert_eq!(s.parse::<Lang>(), Ok(Lang::En), "{s}");
        }
        assert!("fr".parse::<Lang>().is_err());
        assert!("".parse::<Lang>().is_err());
    }

    #[test]
    fn plurals_and_numbers_follow_the_language() {
        let mut a = Args::new();
        a.set("count", 1);
        assert_eq!(tr_in(Lang::En, "count-files", Some(&a)), "1 file");
        a.set("count", 12345);
        assert_eq!(tr_in(Lang::En, "count-files", Some(&a)), "12,345 files");
        assert_eq!(tr_in(Lang::Ja, "count-files", Some(&a)), "12,345 ファイル");
    }
}
