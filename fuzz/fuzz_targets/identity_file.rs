//! The identity-file parser (isou protected and unprotected, plain age) on arbitrary
//! bytes. KDF parameters come from the file, so their bounds are exercised too.
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = isou::keys::parse_identity(Path::new("fuzz"), data, &mut || {
        Ok(age::secrecy::SecretString::from(
            "fuzz passphrase".to_string(),
        ))
    });
});
