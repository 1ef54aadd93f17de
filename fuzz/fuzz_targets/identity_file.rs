//! The identity-file parser (isou protected and unprotected, plain age) on arbitrary
//! bytes. KDF parameters come from the file, so their bounds are exercised too; and the
//! check that names a public key given as an identity (issue 15).
#![no_main]
use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A file named a public key holds no secret the parser would have accepted.
    if isou::keys::card::public_kind(data).is_some() {
        assert!(
            isou::keys::parse_identity(Path::new("fuzz"), data, &mut || {
                Ok(age::secrecy::SecretString::from(
                    "fuzz passphrase".to_string(),
                ))
            })
            .is_err()
        );
    }
    let _ = isou::keys::parse_identity(Path::new("fuzz"), data, &mut || {
        Ok(age::secrecy::SecretString::from(
            "fuzz passphrase".to_string(),
        ))
    });
});
