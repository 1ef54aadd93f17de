//! The signed-receipt parser (受領書, issue 16) on arbitrary bytes: a receipt file comes
//! back by e-mail from outside. What it accepts must be exactly the text isou writes
//! for the values it read (the strict form `record receipt` relies on), so a second
//! reading of that text gives the same receipt.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(signed) = isou::records::receipt::parse(data) {
        assert_eq!(signed.receipt.body(), signed.body);
        let again = format!("{}{}", signed.body, signed.signature);
        if again.as_bytes() == data {
            let twice = isou::records::receipt::parse(again.as_bytes()).expect("reparses");
            assert_eq!(twice.receipt, signed.receipt);
        }
    }
});
