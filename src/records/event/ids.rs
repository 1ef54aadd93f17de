//! The ids an event gives what it names: a volume's id in the media register, and a
//! recipient key's fingerprint.

/// The media register's id of volume `k` of `n` of `shipment`: the shipment id for a
/// single medium, `ISOU-…-k/n` for a volume of a set.
pub fn volume_id(shipment: &str, k: usize, n: usize) -> String {
    if n <= 1 {
        shipment.to_string()
    } else {
        format!("{shipment}-{k}/{n}")
    }
}

/// The fingerprint of an age X25519 recipient: `SHA256:` and the standard base64
/// (without padding) of SHA-256 over the recipient's 32-byte public key, as
/// `ssh-keygen -l` prints an SSH key's — a digest of the key itself, not of its
/// `age1…` text, so any encoding of the same key has the same fingerprint. `None` for
/// text that is not an `age1` recipient (a plugin's, say).
pub fn recipient_fingerprint(recipient: &str) -> Option<String> {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let key = age_recipient_key(recipient)?;
    Some(format!(
        "SHA256:{}",
        base64::engine::general_purpose::STANDARD_NO_PAD.encode(Sha256::digest(key))
    ))
}

/// The 32 bytes of an `age1…` recipient (bech32, BIP 173; its checksum checked).
fn age_recipient_key(r: &str) -> Option<[u8; 32]> {
    const CHARSET: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    let r = r.to_ascii_lowercase();
    let (hrp, data) = r.rsplit_once('1')?;
    if hrp != "age" || data.len() < 6 {
        return None;
    }
    let values: Vec<u8> = data
        .bytes()
        .map(|c| CHARSET.iter().position(|&x| x == c).map(|p| p as u8))
        .collect::<Option<_>>()?;
    // BIP 173 checksum over the expanded human-readable part and the data.
    let mut chk: u32 = 1;
    let polymod = |chk: &mut u32, v: u8| {
        const GEN: [u32; 5] = [
            0x3b6a_57b2,
            0x2650_8e6d,
            0x1ea1_19fa,
            0x3d42_33dd,
            0x2a14_62b3,
        ];
        let b = *chk >> 25;
        *chk = ((*chk & 0x01ff_ffff) << 5) ^ u32::from(v);
        for (i, g) in GEN.iter().enumerate() {
            if (b >> i) & 1 == 1 {
                *chk ^= g;
            }
        }
    };
    for c in hrp.bytes() {
        polymod(&mut chk, c >> 5);
    }
    polymod(&mut chk, 0);
    for c in hrp.bytes() {
        polymod(&mut chk, c & 31);
    }
    for &v in &values {
        polymod(&mut chk, v);
    }
    if chk != 1 {
        return None;
    }
    let payload = &values[..values.len() - 6];
    let mut out = Vec::with_capacity(32);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &v in payload {
        acc = (acc << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if bits >= 5 || acc != 0 {
        return None;
    }
    out.try_into().ok()
}
