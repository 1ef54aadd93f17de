//! The parallel STREAM decryptor on arbitrary ciphertext, with job shapes chosen by the
//! input: must fail cleanly (or, for valid input, agree with every other shape).
#![no_main]
use std::io::Read;

use isou::engine::{Parallelism, PayloadKey, PayloadReader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&shape, ct)) = data.split_first() else {
        return;
    };
    let par = Parallelism {
        workers: 1 + (shape & 3) as usize,
        chunks_per_job: 1 + ((shape >> 2) & 3) as usize,
        jobs_in_flight: 1 + ((shape >> 4) & 7) as usize,
    };
    let key = || PayloadKey::from_bytes([7; 32]);
    let mut a = Vec::new();
    let ra = PayloadReader::new(ct, &key(), par)
        .read_to_end(&mut a)
        .map(|_| ());
    let mut b = Vec::new();
    let rb = PayloadReader::new(ct, &key(), Parallelism::with_workers(1))
        .read_to_end(&mut b)
        .map(|_| ());
    assert_eq!(ra.is_ok(), rb.is_ok());
    assert_eq!(a, b);
});
