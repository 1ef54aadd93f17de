//! The policy file (isou.toml) parser and checks on arbitrary text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("isou-fuzz-policy-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("isou.toml");
    std::fs::write(&path, data).unwrap();
    if let Ok(p) = isou::policy::Policy::load(&path) {
        for c in &p.contacts {
            // Every loaded name resolves to itself and never reads as a key or a path.
            assert!(p.contact(&c.name).is_some());
            assert!(isou::policy::name_rule(&c.name).is_none());
            let _ = p.party(&c.name);
        }
        for h in &p.handlers {
            assert_eq!(p.handler_for_account(&h.account), Some(h));
        }
        let _ = p.check(&isou::policy::Plan {
            class: isou::media::InfoClass::Identifiable,
            handler: Some("x"),
            account: Some("x"),
            destination: Some("y"),
            carrier: Some("持参"),
            envelope_confirmed: false,
            attendance_acknowledged: false,
        });
    }
});
