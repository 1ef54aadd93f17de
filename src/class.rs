//! The information class (§2.2②): anonymized or identifiable, as declared on a
//! shipment and recorded on both sides.

use std::fmt;

/// The information class (§2.2②): the rules differ for identifiable data.
///
/// The default is identifiable (issue 14): registry extracts are 非匿名化 far more often
/// than not, so the rules marked （＊） in §2.2 apply unless someone declares otherwise
/// (`--class anonymized` or the policy's `default_class`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InfoClass {
    /// 匿名化 (anonymised).
    Anonymized,
    /// 非匿名化 (identifiable).
    #[default]
    Identifiable,
}

impl InfoClass {
    /// The class a recorded event states (its `class` value): anonymized only when it
    /// parses as anonymized, identifiable otherwise — missing, misspelt or unknown
    /// included (safe by default). The one reading of a recorded class, for `record
    /// ship` and `record key-sent`.
    pub fn of_record(class: &serde_json::Value) -> InfoClass {
        match class.as_str().map(str::parse::<InfoClass>) {
            Some(Ok(InfoClass::Anonymized)) => InfoClass::Anonymized,
            _ => InfoClass::Identifiable,
        }
    }

    /// The value written to `bag-info.txt`.
    pub fn label(self) -> &'static str {
        match self {
            InfoClass::Anonymized => "anonymized (匿名化)",
            InfoClass::Identifiable => "identifiable (非匿名化)",
        }
    }

    /// The one word recorded in events on both sides (`identifiable`, `anonymized`).
    pub fn as_str(self) -> &'static str {
        match self {
            InfoClass::Anonymized => "anonymized",
            InfoClass::Identifiable => "identifiable",
        }
    }
}

impl fmt::Display for InfoClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A class that is none of the accepted words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownClass(pub String);

impl fmt::Display for UnknownClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::tr!(
            "media-class-unknown",
            class = format!("{:?}", crate::untrusted::sanitize(&self.0))
        ))
    }
}

impl std::error::Error for UnknownClass {}

impl std::str::FromStr for InfoClass {
    type Err = UnknownClass;

    /// `identifiable`, `非匿名化` or the label `identifiable (非匿名化)`; `anonymized`,
    /// `匿名化` or `anonymized (匿名化)`. Compared after NFKC and trimming, ASCII case
    /// ignored; nothing else is accepted (a misspelt class must not fall to either side).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        use unicode_normalization::UnicodeNormalization;
        let n: String = s.nfkc().collect::<String>().trim().to_ascii_lowercase();
        for c in [InfoClass::Identifiable, InfoClass::Anonymized] {
            let jp = match c {
                InfoClass::Identifiable => "非匿名化",
                InfoClass::Anonymized => "匿名化",
            };
            if n == c.as_str() || n == jp || n == c.label() {
                return Ok(c);
            }
        }
        Err(UnknownClass(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_class_parses_from_its_words_and_labels_only() {
        for c in [InfoClass::Identifiable, InfoClass::Anonymized] {
            assert_eq!(c.as_str().parse::<InfoClass>(), Ok(c));
            assert_eq!(c.label().parse::<InfoClass>(), Ok(c));
            assert_eq!(c.to_string(), c.as_str());
        }
        for (typed, c) in [
            ("非匿名化", InfoClass::Identifiable),
            ("匿名化", InfoClass::Anonymized),
            (" Identifiable ", InfoClass::Identifiable),
            ("ＡＮＯＮＹＭＩＺＥＤ", InfoClass::Anonymized),
        ] {
            assert_eq!(typed.parse::<InfoClass>(), Ok(c), "{typed:?}");
        }
        for bad in [
            "",
            "anonymous",
            "匿名",
            "identifiable (匿名化)",
            "非 匿名化",
        ] {
            assert!(bad.parse::<InfoClass>().is_err(), "{bad:?}");
        }
        assert_eq!(InfoClass::default(), InfoClass::Identifiable);
    }
}
