//! Contact cards and recipients as users paste them.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = s.parse::<isou::keys::ContactCard>();
        let _ = isou::keys::parse_recipient(s);
    }
});
