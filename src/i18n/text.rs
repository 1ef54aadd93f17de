//! A message in two languages at once: the run's language for the person reading,
//! English for `--json` and for anything stored or exported (what is kept must not
//! depend on who ran the command), with the catalogue id, a language-independent key
//! that code may decide by (never the words).

use std::fmt;
use std::io;

/// A message of the catalogue, formatted once in the language of the run (for a
/// person) and once in English (for `--json` and anything persisted: what is stored
/// or exported must not depend on who ran the command), with its id, a
/// language-independent key that code may decide by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// The catalogue id (`bag-cannot-be-read`), or `""` for a text from outside
    /// (an operating-system error) that the catalogue does not hold.
    pub id: &'static str,
    /// In the current language.
    pub local: String,
    /// In English.
    pub en: String,
}

impl Text {
    /// Message `id` with `args`, in the current language and in English.
    pub fn new(id: &'static str, args: Option<&crate::i18n::Args>) -> Text {
        Text {
            id,
            local: crate::i18n::tr(id, args),
            en: crate::i18n::tr_in(crate::i18n::Lang::En, id, args),
        }
    }

    /// Message `id` whose argument `name` is `inner`, each language taking its own form
    /// of it; `args` are the other arguments (the same in both languages).
    pub fn nest(
        id: &'static str,
        name: &'static str,
        inner: Text,
        args: &[(&'static str, String)],
    ) -> Text {
        let make = |v: String| {
            let mut a = crate::i18n::Args::new();
            for (k, x) in args {
                a.set(*k, x.clone());
            }
            a.set(name, v);
            a
        };
        Text {
            id,
            local: crate::i18n::tr(id, Some(&make(inner.local))),
            en: crate::i18n::tr_in(crate::i18n::Lang::En, id, Some(&make(inner.en))),
        }
    }

    /// The text `f` formats, once in the current language and once in English
    /// ([`crate::i18n::in_lang`]): for messages built from other messages or from an
    /// error's `Display`. `id` names it for code that decides by kind (`""` if none).
    pub fn render(id: &'static str, f: impl Fn() -> String) -> Text {
        Text {
            id,
            local: f(),
            en: crate::i18n::in_lang(crate::i18n::Lang::En, &f),
        }
    }

    /// The text in the language being formatted now: English inside
    /// [`crate::i18n::in_lang`]`(Lang::En, …)` (how `--json` renders an error's
    /// `Display`), else the run's language. For an error that keeps a [`Text`] and
    /// quotes it in its own `Display`.
    pub fn now(&self) -> &str {
        match crate::i18n::current() {
            crate::i18n::Lang::En => &self.en,
            _ => &self.local,
        }
    }

    /// A text the catalogue does not hold (an operating system's error), as it is.
    pub fn raw(text: impl Into<String>) -> Text {
        let t = text.into();
        Text {
            id: "",
            local: t.clone(),
            en: t,
        }
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.local)
    }
}

/// A [`Text`] is also an error: the bag sources put one in the `io::Error`s they make,
/// so the English survives to `--json` (see [`io_text`]).
impl std::error::Error for Text {}

/// An I/O error as a [`Text`]: the one a bag source put in it, else the operating
/// system's words (the same in both).
pub fn io_text(e: &io::Error) -> Text {
    match crate::error::typed_in::<Text>(e) {
        Some(t) => t.clone(),
        None => Text::raw(e.to_string()),
    }
}

/// The operating system's text of an I/O error, which is English whatever the
/// language: in Japanese, a Japanese phrase for the common kinds first, the OS text
/// after it in parentheses (`ファイルまたはフォルダーがありません（No such file or
/// directory (os error 2)）`); in English, the OS text alone. In the library so that
/// an error made there (a volume asked for, red team 17 finding 51) reads as the
/// binary's do.
pub fn os_error(error: &io::Error) -> String {
    use io::ErrorKind as K;
    let os = error.to_string();
    if crate::i18n::current() != crate::i18n::Lang::Ja {
        return os;
    }
    let phrase = match error.kind() {
        K::NotFound => crate::tr!("cli-io-not-found"),
        K::PermissionDenied => crate::tr!("cli-io-permission-denied"),
        K::StorageFull => crate::tr!("cli-io-storage-full"),
        K::QuotaExceeded => crate::tr!("cli-io-quota-exceeded"),
        K::AlreadyExists => crate::tr!("cli-io-already-exists"),
        K::IsADirectory => crate::tr!("cli-io-is-a-directory"),
        K::NotADirectory => crate::tr!("cli-io-not-a-directory"),
        K::DirectoryNotEmpty => crate::tr!("cli-io-directory-not-empty"),
        K::ReadOnlyFilesystem => crate::tr!("cli-io-read-only"),
        K::ResourceBusy => crate::tr!("cli-io-busy"),
        K::FileTooLarge => crate::tr!("cli-io-too-large"),
        K::InvalidData => crate::tr!("cli-io-invalid-data"),
        K::UnexpectedEof => crate::tr!("cli-io-unexpected-eof"),
        K::TimedOut => crate::tr!("cli-io-timed-out"),
        K::Interrupted => crate::tr!("cli-io-interrupted"),
        K::BrokenPipe => crate::tr!("cli-io-broken-pipe"),
        K::CrossesDevices => crate::tr!("cli-io-crosses-devices"),
        K::InvalidFilename => crate::tr!("cli-io-invalid-filename"),
        K::Unsupported => crate::tr!("cli-io-unsupported"),
        _ => return os,
    };
    crate::tr!("cli-io-with-os", phrase = phrase, os = os)
}

/// [`Text`]s: `both::tr!("id", name = value)` formats like [`crate::tr!`] but gives
/// the current language and English together (in the binary: `isou::i18n::both::tr!`).
pub mod both {
    #[doc(hidden)]
    #[macro_export]
    macro_rules! __isou_tr_both {
        ($id:literal) => {
            $crate::i18n::Text::new($id, None)
        };
        ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
            let mut args = $crate::i18n::Args::new();
            $( args.set(stringify!($name), $crate::i18n::arg($value)); )+
            $crate::i18n::Text::new($id, Some(&args))
        }};
    }
    pub use crate::__isou_tr_both as tr;
}
