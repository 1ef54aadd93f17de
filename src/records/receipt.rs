//! Signed receipts (受領書) closing the delivery loop.
//!
//! After a VALID `verify` against a pinned sender, the recipient signs a short text
//! receipt (`isou receipt`); the sender checks it against the destination's signing
//! key recorded at seal time and records the shipment as delivered (`isou record
//! receipt`, 到着確認 in the 移送記録簿).
//!
//! The receipt is a fixed, versioned text: a header line, a fixed note, `key: value`
//! lines in a fixed order, then an SSHSIG armored signature (Ed25519) over every byte
//! before the signature block, in the namespace [`NAMESPACE`]. It holds no personal
//! data — no names, no file names, no addresses: a shipment id, a tracking number,
//! hashes, times and key fingerprints — so it may go back by e-mail. Nothing in it is
//! secret either (a signature and public facts), so it is written world-readable.

use ssh_key::{PrivateKey, PublicKey};

use super::{Event, EventBody, EventKind};
use crate::signature::{self, SignatureError};

mod error;

pub use error::{ReceiptError, Why};

/// The SSHSIG namespace of receipts. Not the medium's (`isou`): SSHSIG signs the
/// namespace with the data (PROTOCOL.sshsig), so a receipt's signature can never be
/// replayed as a medium's signature over a tag manifest, nor a medium's as a receipt
/// (cross-protocol signature reuse, CWE-347).
pub const NAMESPACE: &str = "isou-receipt";

/// The first line of a receipt of this format.
pub const HEADER: &str = "isou-receipt v1";

/// The second line: what the file is, that it may be e-mailed, how it is checked.
pub const NOTE: &str = "# 受領書 (receipt) of an isou shipment, signed by its recipient. It holds no personal data (no names, no file names), so it may be sent back by e-mail. The sender checks it with: isou record receipt FILE";

/// The fields, in their fixed order.
pub const FIELDS: [&str; 8] = [
    "shipment",
    "tracking-number",
    "tagmanifest-sha256",
    "verification",
    "verified-at",
    "recipient-key",
    "sender-key",
    "issued-at",
];

/// A receipt is far smaller (~1.2 KB); a larger file is not one (CWE-400).
pub const MAX_BYTES: u64 = 8 * 1024;

/// Lines of a receipt: 2 + the fields + a signature block of ~8 lines.
pub const MAX_LINES: usize = 32;

/// How far the recipient's clock may be ahead of the sender's when `record receipt`
/// checks a receipt's times (issue 16 red team finding 01): five minutes, the largest
/// clock difference Kerberos accepts by default (RFC 4120 §1.7) — two offices' PCs kept
/// by NTP differ by seconds, an unsynchronised one by a minute or two; a parcel takes
/// hours or days, so a true receipt is never near either bound.
pub const CLOCK_SKEW_SECONDS: i64 = 5 * 60;

const SIG_BEGIN: &str = "-----BEGIN SSH SIGNATURE-----";
const SIG_END: &str = "-----END SSH SIGNATURE-----";

/// What a receipt says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// The shipment id (`ISOU-YYYYMMDD-XXXXXXXX`).
    pub shipment: String,
    /// The tracking number the sender signed on the medium, if any.
    pub tracking_number: Option<String>,
    /// SHA-256 of the medium's `tagmanifest-sha256.txt`, as verified.
    pub tagmanifest_sha256: String,
    /// The verification's result (`VALID`: no receipt is made otherwise).
    pub verification: String,
    /// When the medium was verified (RFC 3339, UTC).
    pub verified_at: String,
    /// `SHA256:…` of the recipient's signing key (the receipt's signer).
    pub recipient_key: String,
    /// `SHA256:…` of the sender's signing key that signed the medium.
    pub sender_key: String,
    /// When the receipt was made (RFC 3339, UTC).
    pub issued_at: String,
}

/// A receipt read from a file, with the exact bytes its signature covers.
#[derive(Clone, Debug)]
pub struct Signed {
    /// What it says.
    pub receipt: Receipt,
    /// The signed text (everything before the signature block).
    pub body: String,
    /// The armored signature.
    pub signature: String,
}

/// The recipient's last `verified` event of `shipment` in `events` that is VALID
/// against a pinned sender: what a receipt may attest, and nothing else (a check without
/// `--signer`, a failed or incomplete one, the sender's own check are no receipt).
///
/// `signer` (a key fingerprint, `SHA256:…`) picks the verification of that sender's
/// medium. Without it, a contested id is refused: issue 16 red team finding 06 — when
/// a second pinned sender's medium claimed the id, the last verification was that
/// medium's, and the receipt silently attested it, so the sender who made the id could
/// never record its delivery (§2.2③; CWE-706, the medium chosen by id alone). The
/// claimants are every pinned signer verified VALID under the id and every key its
/// verifications recorded as contesting it.
pub fn verification<'a>(
    shipment: &str,
    events: &'a [Event],
    signer: Option<&str>,
) -> Result<&'a Event, ReceiptError> {
    let valid: Vec<(&Event, super::event::Verification)> = events
        .iter()
        .filter(|e| e.shipment == shipment)
        .filter_map(|e| match e.typed() {
            Ok(EventBody::Verified(v)) if v.valid && v.authenticated && v.signer_pinned => {
                Some((e, v))
            }
            _ => None,
        })
        .collect();
    let mut claimants: Vec<String> = Vec::new();
    for (_, v) in &valid {
        let contested = v.contested.iter().flatten().map(|c| &c.signer);
        for k in contested.chain(std::iter::once(&v.signer)) {
            if !k.is_empty() && !claimants.contains(k) {
                claimants.push(k.clone());
            }
        }
    }
    match signer {
        None if claimants.len() > 1 => Err(ReceiptError::Contested {
            shipment: shipment.to_string(),
            signers: claimants,
        }),
        None => valid
            .last()
            .map(|(e, _)| *e)
            .ok_or_else(|| ReceiptError::NotVerified(shipment.to_string())),
        Some(k) => valid
            .iter()
            .rev()
            .find(|(_, v)| v.signer == k)
            .map(|(e, _)| *e)
            .ok_or_else(|| {
                if valid.is_empty() {
                    ReceiptError::NotVerified(shipment.to_string())
                } else {
                    let mut verified: Vec<String> = Vec::new();
                    for (_, v) in &valid {
                        if !verified.contains(&v.signer) {
                            verified.push(v.signer.clone());
                        }
                    }
                    ReceiptError::NotVerifiedBy {
                        shipment: shipment.to_string(),
                        signer: k.to_string(),
                        verified,
                    }
                }
            }),
    }
}

impl Receipt {
    /// The receipt of the verification `v` (from [`verification`]), signed by the
    /// recipient's key `recipient`, made at `issued_at` (RFC 3339, UTC).
    pub fn from_verification(
        v: &Event,
        recipient: &PublicKey,
        issued_at: &str,
    ) -> Result<Receipt, ReceiptError> {
        let shipment = v.shipment.as_str();
        let Ok(EventBody::Verified(b)) = v.typed() else {
            return Err(ReceiptError::NotVerified(shipment.to_string()));
        };
        let r = Receipt {
            shipment: shipment.to_string(),
            tracking_number: b.tracking_number.filter(|t| !t.is_empty()),
            tagmanifest_sha256: b.manifest_sha256,
            verification: "VALID".into(),
            verified_at: v.recorded_at.clone(),
            recipient_key: signature::fingerprint(recipient),
            sender_key: b.signer,
            issued_at: issued_at.to_string(),
        };
        // What is signed is what would be accepted: every value of its form.
        r.check_values()?;
        Ok(r)
    }

    fn values(&self) -> [&str; 8] {
        [
            &self.shipment,
            self.tracking_number.as_deref().unwrap_or("none"),
            &self.tagmanifest_sha256,
            &self.verification,
            &self.verified_at,
            &self.recipient_key,
            &self.sender_key,
            &self.issued_at,
        ]
    }

    /// The signed text: header, note, the fields in order, each line ending in LF.
    pub fn body(&self) -> String {
        let mut out = format!("{HEADER}\n{NOTE}\n");
        for (k, v) in FIELDS.iter().zip(self.values()) {
            out.push_str(&format!("{k}: {v}\n"));
        }
        out
    }

    /// The whole receipt file: the text and its signature by `key` in [`NAMESPACE`].
    pub fn sign(&self, key: &PrivateKey) -> Result<String, ReceiptError> {
        let body = self.body();
        let sig =
            signature::sign_in(NAMESPACE, key, body.as_bytes()).map_err(ReceiptError::Signing)?;
        Ok(body + &sig)
    }

    fn check_values(&self) -> Result<(), ReceiptError> {
        let bad = |field: &'static str, why: Why| ReceiptError::BadValue { field, why };
        if !super::value::is_canonical_shipment_id(&self.shipment) {
            return Err(bad("shipment", Why::NotShipmentId));
        }
        if let Some(t) = &self.tracking_number {
            let ok = t
                .parse::<crate::tracking::TrackingNumber>()
                .is_ok_and(|n| n.normalized() == t);
            if !ok || t == "none" {
                return Err(bad("tracking-number", Why::NotTrackingNumber));
            }
        }
        let hex = &self.tagmanifest_sha256;
        if hex.len() != 64
            || !hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(bad("tagmanifest-sha256", Why::NotSha256Hex));
        }
        if self.verification != "VALID" {
            return Err(bad("verification", Why::OnlyValid));
        }
        for (field, t) in [
            ("verified-at", &self.verified_at),
            ("issued-at", &self.issued_at),
        ] {
            if !t.ends_with('Z') || t.parse::<jiff::Timestamp>().is_err() {
                return Err(bad(field, Why::NotUtcTime));
            }
        }
        for (field, k) in [
            ("recipient-key", &self.recipient_key),
            ("sender-key", &self.sender_key),
        ] {
            let ok = k.strip_prefix("SHA256:").is_some_and(|b| {
                b.len() == 43
                    && b.bytes()
                        .all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/')
            });
            if !ok {
                return Err(bad(field, Why::NotFingerprint));
            }
        }
        Ok(())
    }
}

/// Reads a receipt file's bytes strictly: bounded, UTF-8 text with LF line ends, the
/// header, the note, every field once in its order and of its form, then one SSHSIG
/// block and nothing after it; the text must be exactly what isou writes for those
/// values (no other spacing). The signature is not checked here ([`check`] does).
pub fn parse(bytes: &[u8]) -> Result<Signed, ReceiptError> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(ReceiptError::TooLarge(bytes.len() as u64));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ReceiptError::NotText(Why::NotUtf8))?;
    if let Some(c) = text.chars().find(|c| c.is_control() && *c != '\n') {
        return Err(ReceiptError::NotText(Why::Control(c as u32)));
    }
    let lines = text.lines().count();
    if lines > MAX_LINES {
        return Err(ReceiptError::TooManyLines(lines));
    }
    let first = text.lines().next().unwrap_or("");
    if first != HEADER {
        return Err(if first.starts_with("isou-receipt ") {
            ReceiptError::UnknownVersion(first.chars().take(40).collect())
        } else {
            ReceiptError::NotAReceipt
        });
    }
    let at = text
        .find(&format!("\n{SIG_BEGIN}\n"))
        .ok_or(ReceiptError::Malformed(Why::NoSignature))?;
    let (body, sig) = text.split_at(at + 1);
    if !sig.ends_with(&format!("\n{SIG_END}\n")) || sig.matches(SIG_BEGIN).count() != 1 {
        return Err(ReceiptError::Malformed(Why::SignatureNotAtEnd));
    }
    let mut rest = body.lines();
    rest.next(); // the header, checked above
    if rest.next() != Some(NOTE) {
        return Err(ReceiptError::Malformed(Why::SecondLine));
    }
    let mut seen: Vec<(&'static str, &str)> = Vec::new();
    for line in rest {
        let (k, v) = line
            .split_once(": ")
            .ok_or_else(|| ReceiptError::Extra(line.chars().take(60).collect()))?;
        let Some(field) = FIELDS.iter().find(|f| **f == k) else {
            return Err(ReceiptError::Extra(line.chars().take(60).collect()));
        };
        if seen.iter().any(|(f, _)| f == field) {
            return Err(ReceiptError::Duplicate(k.to_string()));
        }
        seen.push((field, v));
    }
    for f in FIELDS {
        if !seen.iter().any(|(k, _)| *k == f) {
            return Err(ReceiptError::Missing(f));
        }
    }
    if seen.iter().map(|(k, _)| *k).ne(FIELDS) {
        return Err(ReceiptError::OutOfOrder);
    }
    let v = |i: usize| seen[i].1.to_string();
    let receipt = Receipt {
        shipment: v(0),
        tracking_number: Some(v(1)).filter(|t| t != "none"),
        tagmanifest_sha256: v(2),
        verification: v(3),
        verified_at: v(4),
        recipient_key: v(5),
        sender_key: v(6),
        issued_at: v(7),
    };
    receipt.check_values()?;
    if receipt.body() != body {
        return Err(ReceiptError::Malformed(Why::NotLaidOut));
    }
    Ok(Signed {
        receipt,
        body: body.to_string(),
        signature: sig.to_string(),
    })
}

/// The destination's signing keys, as the sealed event records them
/// (`destination_signing_keys`, OpenSSH form): the keys of the contact cards the
/// shipment was sealed to, against which `record receipt` checks a receipt.
pub fn destination_keys(addressees: &[crate::policy::Addressee]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for k in addressees.iter().flat_map(|a| a.signing_keys.iter()) {
        if let Ok(s) = k.to_openssh() {
            if !keys.contains(&s) {
                keys.push(s);
            }
        }
    }
    keys
}

/// A receipt checked against the sender's ledger.
#[derive(Clone, Debug)]
pub struct Delivery {
    /// The receipt.
    pub receipt: Receipt,
    /// An earlier `delivered` event of the shipment, `(id, recorded_at)`: the receipt
    /// is then recorded no second time.
    pub already: Option<(i64, String)>,
    /// SHA-256 of the receipt file.
    pub receipt_sha256: String,
}

/// Checks a receipt file against the sender's ledger `events` (all of them): the
/// shipment sealed here, the signature by the destination's key recorded at seal in
/// [`NAMESPACE`], the signer the receipt names, and the sender's key, the tracking
/// number and the tag manifest's hash as sealed; and its times against the seal's and
/// `now` ([`check_times`]).
pub fn check(
    bytes: &[u8],
    events: &[Event],
    now: jiff::Timestamp,
) -> Result<Delivery, ReceiptError> {
    use sha2::Digest;
    let signed = parse(bytes)?;
    let r = &signed.receipt;
    let (sealed_at, sealed) = events
        .iter()
        .filter(|e| e.shipment == r.shipment)
        .find_map(|e| match e.typed() {
            Ok(EventBody::Sealed(b)) => Some((e.recorded_at.as_str(), b)),
            _ => None,
        })
        .ok_or_else(|| ReceiptError::NotSealedHere(r.shipment.clone()))?;
    let expected: Vec<PublicKey> = sealed
        .destination_signing_keys
        .iter()
        .filter_map(|k| PublicKey::from_openssh(k).ok())
        .collect();
    if expected.is_empty() {
        return Err(ReceiptError::NoDestinationKey(r.shipment.clone()));
    }
    let verified = signature::verify_in(
        NAMESPACE,
        &signed.signature,
        signed.body.as_bytes(),
        &expected,
    )
    .map_err(|e| match e {
        SignatureError::WrongNamespace(ns) => ReceiptError::WrongNamespace(ns),
        SignatureError::UnknownSigner { fingerprint } => ReceiptError::UnknownSigner {
            fingerprint,
            expected: expected.iter().map(signature::fingerprint).collect(),
        },
        SignatureError::Invalid { fingerprint } => ReceiptError::Altered(fingerprint),
        other => ReceiptError::BadSignature(other.to_string()),
    })?;
    let mismatch = |field: &'static str, receipt: &str, sealed: &str| {
        Err(ReceiptError::Mismatch {
            field,
            receipt: receipt.to_string(),
            sealed: sealed.to_string(),
        })
    };
    if verified.fingerprint != r.recipient_key {
        return mismatch("recipient-key", &r.recipient_key, &verified.fingerprint);
    }
    let summary = &sealed.summary;
    let sealed_signer = summary.signer.as_str();
    if r.sender_key != sealed_signer {
        return mismatch("sender-key", &r.sender_key, sealed_signer);
    }
    let sealed_tracking = summary.tracking_number.as_deref().unwrap_or("");
    if r.tracking_number.as_deref().unwrap_or("") != sealed_tracking {
        return mismatch(
            "tracking-number",
            r.tracking_number.as_deref().unwrap_or("none"),
            if sealed_tracking.is_empty() {
                "none"
            } else {
                sealed_tracking
            },
        );
    }
    // One hash per volume for a set: the receipt names the volume its verification
    // authenticated first.
    let mut manifests: Vec<&str> = vec![summary.manifest_sha256.as_str()];
    manifests.extend(summary.volumes.iter().map(|v| v.manifest_sha256.as_str()));
    manifests.retain(|m| !m.is_empty());
    if !manifests.contains(&r.tagmanifest_sha256.as_str()) {
        return mismatch(
            "tagmanifest-sha256",
            &r.tagmanifest_sha256,
            &manifests.join(" "),
        );
    }
    check_times(r, sealed_at, now)?;
    let already = events
        .iter()
        .find(|e| e.kind == EventKind::Delivered && e.shipment == r.shipment)
        .map(|e| (e.id, e.recorded_at.clone()));
    Ok(Delivery {
        receipt: signed.receipt,
        already,
        receipt_sha256: hex::encode(sha2::Sha256::digest(bytes)),
    })
}

/// The receipt's times against what the sender's ledger knows (issue 16 red team
/// finding 01; §2.2③, CWE-20/CWE-345): the signature says only that the destination
/// wrote them, and the 移送記録簿's 到着確認 shows `verified-at`. A medium is verified
/// after it was sealed and before now; a receipt is issued after that verification and
/// before now — each up to [`CLOCK_SKEW_SECONDS`] of difference between the two
/// offices' clocks. `sealed_at` is the sealed event's time in this ledger.
pub fn check_times(r: &Receipt, sealed_at: &str, now: jiff::Timestamp) -> Result<(), ReceiptError> {
    let skew = jiff::SignedDuration::from_secs(CLOCK_SKEW_SECONDS);
    let at = |field: &'static str, t: &str| {
        t.parse::<jiff::Timestamp>()
            .map_err(|_| ReceiptError::BadValue {
                field,
                why: Why::NotUtcTime,
            })
    };
    let verified = at("verified-at", &r.verified_at)?;
    let issued = at("issued-at", &r.issued_at)?;
    let impossible = |field: &'static str, value: &str, why: Why| {
        Err(ReceiptError::ImpossibleTime {
            field,
            value: value.to_string(),
            why,
        })
    };
    let latest = now.checked_add(skew).unwrap_or(now);
    if let Ok(sealed) = sealed_at.parse::<jiff::Timestamp>() {
        if verified < sealed.checked_sub(skew).unwrap_or(sealed) {
            return impossible(
                "verified-at",
                &r.verified_at,
                Why::BeforeSeal(sealed_at.to_string()),
            );
        }
    }
    if verified > latest {
        return impossible(
            "verified-at",
            &r.verified_at,
            Why::InFuture(now.to_string()),
        );
    }
    if issued < verified {
        return impossible(
            "issued-at",
            &r.issued_at,
            Why::BeforeVerified(r.verified_at.clone()),
        );
    }
    if issued > latest {
        return impossible("issued-at", &r.issued_at, Why::InFuture(now.to_string()));
    }
    Ok(())
}

impl Delivery {
    /// The `delivered` event.
    pub fn event_body(&self, by: &crate::records::Actor) -> EventBody {
        let r = &self.receipt;
        EventBody::Delivered(crate::records::event::Delivered {
            tracking_number: r.tracking_number.clone(),
            manifest_sha256: r.tagmanifest_sha256.clone(),
            verified_at: r.verified_at.clone(),
            issued_at: r.issued_at.clone(),
            recipient_key: r.recipient_key.clone(),
            receipt_sha256: self.receipt_sha256.clone(),
            by: by.name.clone(),
            os_account: by.account.clone(),
            extra: Default::default(),
        })
    }

    /// The `receipt-issued` event of the receipt `r` written to `out`, attesting the
    /// verification event `verified_event`, its text hashing to `receipt_sha256`.
    pub fn issued(
        r: &Receipt,
        verified_event: i64,
        receipt_sha256: String,
        out: &std::path::Path,
        by: &crate::records::Actor,
    ) -> EventBody {
        EventBody::ReceiptIssued(crate::records::event::ReceiptIssued {
            tracking_number: r.tracking_number.clone(),
            manifest_sha256: r.tagmanifest_sha256.clone(),
            sender_key: r.sender_key.clone(),
            recipient_key: r.recipient_key.clone(),
            verified_event,
            verified_at: r.verified_at.clone(),
            receipt_sha256,
            out: out.display().to_string(),
            by: by.name.clone(),
            os_account: by.account.clone(),
            extra: Default::default(),
        })
    }
}

#[cfg(test)]
mod tests;
