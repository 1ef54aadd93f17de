//! The age v1 header parser on arbitrary bytes: must return, bounded, never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut r = data;
    let _ = isou::engine::Header::read(&mut r);
});
