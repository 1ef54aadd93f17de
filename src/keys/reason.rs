//! Why a key did not parse, in the reader's language. The parsers isou uses (`age`'s
//! Bech32 recipients, `ssh-key`) give their reasons as fixed English strings; the
//! common ones are said here through the catalogue, anything else is introduced by a
//! catalogue sentence with the parser's own words in parentheses (red team 17,
//! finding 03).

/// Why an `age1…` recipient did not parse (`age::x25519::Recipient::from_str`).
pub fn age_recipient(error: &str) -> String {
    match error {
        "invalid Bech32 encoding" => crate::tr!("key-reason-age-bech32"),
        "incorrect HRP" => crate::tr!("key-reason-age-prefix"),
        "incorrect pubkey length" => crate::tr!("key-reason-age-length"),
        other => crate::tr!(
            "key-reason-other",
            error = crate::untrusted::sanitize(other)
        ),
    }
}

/// Why an OpenSSH public key or signature did not parse (`ssh_key`).
pub fn ssh_key(error: &ssh_key::Error) -> String {
    let text = error.to_string();
    match error {
        ssh_key::Error::AlgorithmUnknown => crate::tr!("key-reason-ssh-algorithm"),
        ssh_key::Error::FormatEncoding => crate::tr!("key-reason-ssh-format"),
        ssh_key::Error::Encoding(_) => match text.as_str() {
            "length invalid" => crate::tr!("key-reason-ssh-length"),
            "character encoding invalid" => crate::tr!("key-reason-ssh-characters"),
            t if t.starts_with("Base64 encoding error") => {
                crate::tr!("key-reason-ssh-characters")
            }
            t if t.starts_with("unexpected trailing data") => {
                crate::tr!("key-reason-ssh-trailing")
            }
            _ => crate::tr!("key-reason-other", error = text.as_str()),
        },
        ssh_key::Error::TrailingData { .. } => crate::tr!("key-reason-ssh-trailing"),
        _ => crate::tr!("key-reason-other", error = text.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{in_lang, Lang};
    use std::str::FromStr;

    #[test]
    fn parser_reasons_are_said_in_the_readers_language() {
        let age = age::x25519::Recipient::from_str("age1qqqq").unwrap_err();
        let ssh = ssh_key::PublicKey::from_openssh("ssh-ed25519 AAAA").unwrap_err();
        for lang in [Lang::En, Lang::Ja] {
            let a = in_lang(lang, || age_recipient(age));
            let s = in_lang(lang, || ssh_key(&ssh));
            assert!(!a.contains("Bech32 encoding"), "{a}");
            assert!(!s.contains("invalid"), "{s}");
        }
        assert!(in_lang(Lang::Ja, || age_recipient("odd")).contains("（odd）"));
    }
}
