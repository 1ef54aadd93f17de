//! Whole-file decryption (binary or armored) with a fixed identity: header, stanza
//! unwrapping, MAC and payload on arbitrary bytes.
#![no_main]
use std::io::Read;
use std::str::FromStr;

use isou::engine::{Decryptor, Parallelism};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let id = age::x25519::Identity::from_str(
        "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0",
    )
    .unwrap();
    if let Ok(d) = Decryptor::new(data) {
        if let Ok(mut r) = d.decrypt(&[&id], Parallelism::with_workers(2)) {
            let mut out = Vec::new();
            let _ = r.read_to_end(&mut out);
        }
    }
});
