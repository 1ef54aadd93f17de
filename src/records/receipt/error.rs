//! Why a receipt is not made or not accepted ([`ReceiptError`], [`Why`]), in the
//! user's language, with what to do about it.

use std::fmt;

use super::{HEADER, MAX_BYTES, MAX_LINES, NAMESPACE};
use crate::signature::{self, SignatureError};
use crate::untrusted::sanitize;

/// Why a receipt is not made or not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReceiptError {
    /// The recipient's ledger holds no VALID verification of the shipment against a
    /// pinned sender.
    NotVerified(String),
    /// The shipment id is contested (more than one pinned sender's medium claimed it,
    /// issue 16 red team finding 06) and no `--signer` said whose medium the receipt
    /// is for.
    Contested {
        /// The shipment id.
        shipment: String,
        /// The keys that claimed it (fingerprints), first recorded first.
        signers: Vec<String>,
    },
    /// No VALID verification of the shipment by the sender named with `--signer`.
    NotVerifiedBy {
        /// The shipment id.
        shipment: String,
        /// The sender's key (fingerprint).
        signer: String,
        /// The keys whose media of this id were verified VALID.
        verified: Vec<String>,
    },
    /// The file is larger than [`MAX_BYTES`].
    TooLarge(u64),
    /// The file is not UTF-8 text (binary, NUL bytes, carriage returns).
    NotText(Why),
    /// The file has more than [`MAX_LINES`] lines.
    TooManyLines(usize),
    /// The first line is not an isou receipt's.
    NotAReceipt,
    /// An isou receipt of a version this isou does not read.
    UnknownVersion(String),
    /// The layout is wrong (no signature block, text after it, a bad line).
    Malformed(Why),
    /// A field is missing.
    Missing(&'static str),
    /// A field appears twice.
    Duplicate(String),
    /// A line that is no field of a receipt.
    Extra(String),
    /// The fields are not in their fixed order.
    OutOfOrder,
    /// A field's value is not of its form.
    BadValue {
        /// The field.
        field: &'static str,
        /// What is wrong.
        why: Why,
    },
    /// The signature block is not an SSHSIG signature by an Ed25519 key.
    BadSignature(String),
    /// The signature was made in another namespace (a medium's, say).
    WrongNamespace(String),
    /// The shipment was not sealed in this ledger.
    NotSealedHere(String),
    /// The shipment's seal recorded no destination signing key (passphrase mode, or
    /// sealed before isou recorded it).
    NoDestinationKey(String),
    /// Signed by a key that is not the destination's recorded at seal.
    UnknownSigner {
        /// The signer's fingerprint.
        fingerprint: String,
        /// The destination's keys recorded at seal.
        expected: Vec<String>,
    },
    /// The signature does not match the text: edited after signing.
    Altered(String),
    /// A fact of the receipt differs from what this ledger sealed.
    Mismatch {
        /// The field.
        field: &'static str,
        /// What the receipt says.
        receipt: String,
        /// What the seal recorded.
        sealed: String,
    },
    /// A time the receipt states cannot be true (issue 16 red team finding 01).
    ImpossibleTime {
        /// The field.
        field: &'static str,
        /// Its value.
        value: String,
        /// Why it cannot be true.
        why: Why,
    },
    /// Signing failed (the signature's error).
    Signing(SignatureError),
}

/// What is wrong with a receipt's text, a value or a time: a reason of isou's own, so
/// it is said in the reader's language (red team 17, findings 03 and 51).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// The file is not UTF-8.
    NotUtf8,
    /// The file holds this control character (a code point).
    Control(u32),
    /// No signature block.
    NoSignature,
    /// The signature block is not one block at the end.
    SignatureNotAtEnd,
    /// The second line is not the receipt's note.
    SecondLine,
    /// The text is not laid out as isou writes it.
    NotLaidOut,
    /// Not a shipment id isou makes.
    NotShipmentId,
    /// Not a tracking number.
    NotTrackingNumber,
    /// Not 64 lower-case hex digits.
    NotSha256Hex,
    /// A receipt is made only for a VALID verification.
    OnlyValid,
    /// Not an RFC 3339 time in UTC.
    NotUtcTime,
    /// Not a `SHA256:…` key fingerprint.
    NotFingerprint,
    /// Before the shipment was sealed here (the sealed time).
    BeforeSeal(String),
    /// In the future (now).
    InFuture(String),
    /// Issued before the medium was verified (the verified time).
    BeforeVerified(String),
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::tr;
        let s = match self {
            Why::NotUtf8 => tr!("rec-receipt-why-not-utf8"),
            Why::Control(0x0d) => tr!("rec-receipt-why-carriage-return"),
            Why::Control(c) => tr!("rec-receipt-why-control", code = format!("U+{c:04X}")),
            Why::NoSignature => tr!("rec-receipt-why-no-signature"),
            Why::SignatureNotAtEnd => tr!("rec-receipt-why-signature-not-at-end"),
            Why::SecondLine => tr!("rec-receipt-why-second-line"),
            Why::NotLaidOut => tr!("rec-receipt-why-not-laid-out"),
            Why::NotShipmentId => tr!("rec-receipt-why-not-shipment-id"),
            Why::NotTrackingNumber => tr!("rec-receipt-why-not-tracking-number"),
            Why::NotSha256Hex => tr!("rec-receipt-why-not-sha256"),
            Why::OnlyValid => tr!("rec-receipt-why-only-valid"),
            Why::NotUtcTime => tr!("rec-receipt-why-not-utc-time"),
            Why::NotFingerprint => tr!("rec-receipt-why-not-fingerprint"),
            Why::BeforeSeal(t) => tr!("rec-receipt-why-before-seal", sealed = sanitize(t)),
            Why::InFuture(t) => tr!("rec-receipt-why-in-future", now = t.as_str()),
            Why::BeforeVerified(t) => {
                tr!("rec-receipt-why-before-verified", verified = sanitize(t))
            }
        };
        f.write_str(&s)
    }
}

impl fmt::Display for ReceiptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::tr;
        use ReceiptError as E;
        let list = |v: &[String]| v.iter().map(|s| sanitize(s)).collect::<Vec<_>>().join(", ");
        let q = |s: &str| format!("{:?}", sanitize(s));
        let text = match self {
            E::NotVerified(s) => tr!("rec-receipt-not-verified", shipment = sanitize(s)),
            E::Contested { shipment, signers } => tr!(
                "rec-receipt-contested",
                shipment = sanitize(shipment),
                count = signers.len(),
                signers = list(signers)
            ),
            E::NotVerifiedBy {
                shipment,
                signer,
                verified,
            } if verified.is_empty() => tr!(
                "rec-receipt-not-verified-by",
                shipment = sanitize(shipment),
                signer = sanitize(signer)
            ),
            E::NotVerifiedBy {
                shipment,
                signer,
                verified,
            } => tr!(
                "rec-receipt-not-verified-by-others",
                shipment = sanitize(shipment),
                signer = sanitize(signer),
                verified = list(verified)
            ),
            // Limits as text, not grouped: today's English unchanged ("at most 8192").
            E::TooLarge(n) => tr!(
                "rec-receipt-too-large",
                size = n.to_string(),
                max = MAX_BYTES.to_string()
            ),
            E::NotText(why) => tr!("rec-receipt-not-text", why = why.to_string()),
            E::TooManyLines(n) => tr!(
                "rec-receipt-too-many-lines",
                lines = n.to_string(),
                max = MAX_LINES.to_string()
            ),
            E::NotAReceipt => tr!("rec-receipt-not-a-receipt", header = format!("{HEADER:?}")),
            E::UnknownVersion(v) => tr!("rec-receipt-unknown-version", version = q(v)),
            E::Malformed(why) => tr!("rec-receipt-malformed", why = why.to_string()),
            E::Missing(k) => tr!("rec-receipt-missing", field = format!("{k:?}")),
            E::Duplicate(k) => tr!("rec-receipt-duplicate", field = q(k)),
            E::Extra(l) => tr!("rec-receipt-extra", line = q(l)),
            E::OutOfOrder => tr!("rec-receipt-out-of-order"),
            E::BadValue { field, why } => tr!(
                "rec-receipt-bad-value",
                field = format!("{field:?}"),
                why = why.to_string()
            ),
            E::BadSignature(why) => tr!("rec-receipt-bad-signature", why = why.to_string()),
            E::WrongNamespace(ns) if ns == signature::NAMESPACE => tr!(
                "rec-receipt-medium-signature",
                namespace = q(ns),
                expected = format!("{NAMESPACE:?}")
            ),
            E::WrongNamespace(ns) => tr!(
                "rec-receipt-wrong-namespace",
                namespace = q(ns),
                expected = format!("{NAMESPACE:?}")
            ),
            E::NotSealedHere(s) => tr!("rec-receipt-not-sealed-here", shipment = sanitize(s)),
            E::NoDestinationKey(s) => {
                tr!("rec-receipt-no-destination-key", shipment = sanitize(s))
            }
            E::UnknownSigner {
                fingerprint,
                expected,
            } => tr!(
                "rec-receipt-unknown-signer",
                fingerprint = fingerprint.as_str(),
                expected = expected.join(", ")
            ),
            E::Altered(fp) => tr!("rec-receipt-altered", fingerprint = fp.as_str()),
            E::Mismatch {
                field,
                receipt,
                sealed,
            } => tr!(
                "rec-receipt-mismatch",
                field = *field,
                receipt = q(receipt),
                sealed = q(sealed)
            ),
            E::ImpossibleTime { field, value, why } => tr!(
                "rec-receipt-impossible-time",
                field = *field,
                value = q(value),
                why = why.to_string()
            ),
            E::Signing(e) => tr!("rec-receipt-signing", why = e.to_string()),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for ReceiptError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReceiptError::Signing(e) => Some(e),
            _ => None,
        }
    }
}

impl ReceiptError {
    /// What the user can do about it.
    pub fn hint(&self) -> String {
        use crate::tr;
        use ReceiptError as E;
        match self {
            E::NotVerified(s) => tr!("rec-receipt-not-verified-hint", shipment = sanitize(s)),
            E::Contested { .. } => tr!("rec-receipt-contested-hint"),
            E::NotVerifiedBy { .. } => tr!("rec-receipt-not-verified-by-hint"),
            E::ImpossibleTime { .. } => tr!("rec-receipt-impossible-time-hint"),
            E::NotSealedHere(_) => tr!("rec-receipt-not-sealed-here-hint"),
            E::NoDestinationKey(_) => tr!("rec-receipt-no-destination-key-hint"),
            E::Signing(_) => tr!("rec-receipt-signing-hint"),
            E::UnknownSigner { .. } => tr!("rec-receipt-unknown-signer-hint"),
            E::Mismatch { .. } => tr!("rec-receipt-mismatch-hint"),
            _ => tr!("rec-receipt-send-again-hint"),
        }
    }

    /// Whether the refusal is about the receipt itself (exit 1) rather than the
    /// situation (nothing to receipt, nothing to check against: exit 2).
    pub fn is_rejection(&self) -> bool {
        !matches!(
            self,
            ReceiptError::NotVerified(_)
                | ReceiptError::Contested { .. }
                | ReceiptError::NotVerifiedBy { .. }
                | ReceiptError::NoDestinationKey(_)
                | ReceiptError::Signing(_)
        )
    }
}
