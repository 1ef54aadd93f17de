//! The value parsers of the command line: isou's own checks of a flag's value, in the
//! language of the run, and the values offered to shell completion.

use std::path::PathBuf;

/// A value parser that offers its values to shell completion (`isou completions`) while
/// parsing as `inner` does: isou accepts more than it lists (aliases, full width, the
/// English and the Japanese word), so the list is a suggestion, not a rule, and is kept
/// out of the help text (`hide_possible_values`) where the `///` text already names the
/// values (red team 17, finding 65: these flags completed as file names).
#[derive(Clone)]
pub struct Offer<P> {
    inner: P,
    values: fn() -> Vec<&'static str>,
}

impl<P> Offer<P> {
    fn new(inner: P, values: fn() -> Vec<&'static str>) -> Self {
        Offer { inner, values }
    }
}

impl<P: clap::builder::TypedValueParser> clap::builder::TypedValueParser for Offer<P> {
    type Value = P::Value;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Self::Value, clap::Error> {
        self.inner.parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            (self.values)()
                .into_iter()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

/// A parser from text, as a plain function.
type ParseFn<T, E> = fn(&str) -> Result<T, E>;

pub(super) fn offer_lang() -> Offer<ParseFn<isou::i18n::Lang, String>> {
    Offer::new(parse_lang, || vec!["ja", "en"])
}

pub(super) fn offer_class() -> Offer<ParseFn<isou::media::InfoClass, isou::media::UnknownClass>> {
    Offer::new(
        |s| s.parse(),
        || vec!["非匿名化", "匿名化", "identifiable", "anonymized"],
    )
}

pub(super) fn offer_medium_type() -> Offer<ParseFn<isou::media::MediumType, Refused>> {
    Offer::new(parse_medium_type, || vec!["usb", "cd-r", "dvd-r", "bd-r"])
}

pub(super) fn offer_carrier() -> Offer<clap::builder::StringValueParser> {
    Offer::new(clap::builder::StringValueParser::new(), || {
        isou::carriers::CARRIERS.iter().map(|c| c.name).collect()
    })
}

pub(super) fn offer_disposal_method() -> Offer<clap::builder::StringValueParser> {
    Offer::new(clap::builder::StringValueParser::new(), || {
        isou::records::disposal::METHODS
            .iter()
            .map(|m| m.name)
            .collect()
    })
}

/// A value refused by one of isou's own value parsers, with isou's message and hint in
/// the language of the run: `usage::parse` prints them as they are (`isou: error: …`,
/// `isou: hint: …`, exit 2), not inside clap's `invalid value … for …`, so a value is
/// refused in the same words whether clap or the command found it.
#[derive(Debug)]
pub struct Refused {
    pub msg: String,
    pub hint: String,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.msg)
    }
}

impl std::error::Error for Refused {}

/// `seal --medium-type`: the library's names and aliases (`MediumType::from_str`).
pub(super) fn parse_medium_type(s: &str) -> Result<isou::media::MediumType, Refused> {
    s.parse().map_err(|msg| Refused {
        msg,
        hint: isou::tr!("seal-medium-type-hint"),
    })
}

/// `seal --compression`: none, zstd or zstd:LEVEL (`Compression::from_str`).
pub(super) fn parse_compression(s: &str) -> Result<isou::pipeline::Compression, Refused> {
    s.parse()
        .map_err(|e: isou::pipeline::UnknownCompression| Refused {
            msg: e.to_string(),
            hint: isou::tr!("seal-compression-hint"),
        })
}

/// `seal --volume-size`: a size (`isou::pipeline::parse_size`) above zero.
pub(super) fn parse_volume_size(s: &str) -> Result<u64, Refused> {
    isou::pipeline::parse_size(s)
        .filter(|n| *n > 0)
        .ok_or_else(|| Refused {
            msg: isou::tr!(
                "seal-volume-size-bad",
                value = format!("{:?}", isou::untrusted::sanitize(s))
            ),
            hint: isou::tr!("seal-volume-size-bad-hint"),
        })
}

/// `seal --segment-size`: a size (`isou::pipeline::parse_size`) from 1 MiB to the
/// largest segment FAT32 and ISO 9660 hold (`MAX_SEGMENT_SIZE`).
pub(super) fn parse_segment_size(s: &str) -> Result<u64, Refused> {
    isou::pipeline::parse_size(s)
        .filter(|n| (1 << 20..=isou::pipeline::segments::MAX_SEGMENT_SIZE).contains(n))
        .ok_or_else(|| Refused {
            msg: isou::tr!(
                "seal-segment-size-bad",
                value = format!("{:?}", isou::untrusted::sanitize(s))
            ),
            hint: isou::tr!("seal-segment-size-bad-hint"),
        })
}

/// `record export --register`: one of the library's registers (`records::export::
/// REGISTERS`), by its name; clap refuses any other name with the list of names.
pub(super) fn register_arg(
) -> impl clap::builder::TypedValueParser<Value = &'static isou::records::export::Register> {
    use clap::builder::TypedValueParser;
    use isou::records::export;
    clap::builder::PossibleValuesParser::new(
        export::REGISTERS.iter().map(|r| r.name).collect::<Vec<_>>(),
    )
    .map(|name| export::register(&name).expect("a name from REGISTERS"))
}

pub(super) fn parse_lang(s: &str) -> Result<isou::i18n::Lang, String> {
    s.parse()
        .map_err(|e: isou::i18n::UnknownLang| e.to_string())
}

/// Every path on the command line: on Windows `E:` is the drive's root `E:\`, and a
/// drive-relative (`E:foo`), device (`\\?\`, `\\.\`) or UNC (`\\server\share`) path is
/// refused with a message in the language of the run (`isou::platform::check_path`).
/// Any path as it is on Unix (non-UTF-8 bytes included).
pub(super) fn path_arg() -> impl clap::builder::TypedValueParser<Value = PathBuf> {
    use clap::builder::TypedValueParser;
    clap::builder::OsStringValueParser::new()
        .try_map(|s| isou::platform::check_path(std::path::Path::new(&s)))
}

/// `--passphrase-fd N`: clap's own range check would answer in English
/// ("… is not in -2147483648..=2147483647"; red team 17, finding 51).
pub(super) fn parse_fd(s: &str) -> Result<i32, String> {
    s.trim()
        .parse()
        .map_err(|_| isou::tr!("cli-passphrase-fd-bad"))
}
