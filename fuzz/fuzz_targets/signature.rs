//! Sender signatures as a medium carries them (`tagmanifest-sha256.txt.sig`, SSHSIG
//! armored, untrusted) over the tag manifest: the input is split at the first 0xFF byte
//! into the signature file and the signed message; parsed, then verified (base64 and
//! SSH wire decoding, namespace, key type, Ed25519).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(2, |b| *b == 0xFF);
    let sig = parts.next().unwrap_or_default();
    let message = parts.next().unwrap_or_default();
    if let Ok(pem) = std::str::from_utf8(sig) {
        let _ = isou::signature::verify(pem, message, &[]);
    }
});
