//! Unit tests of the carrier table: every name and alias, tracking numbers.

use super::*;
use TrackingKind::*;

/// Every name and alias → canonical name, tracked flag, number format.
#[test]
fn the_table_every_name_and_alias() {
    let n = |k| Tracking::Number(k);
    let table: &[(&[&str], &str, bool, Tracking)] = &[
        (
            &["一般書留", "書留", "書 留"],
            "一般書留",
            true,
            n(Registered),
        ),
        (&["簡易書留", "簡易 書留"], "簡易書留", true, n(Registered)),
        (&["現金書留"], "現金書留", true, n(Registered)),
        (
            &["特定記録郵便", "特定記録"],
            "特定記録郵便",
            true,
            n(Registered),
        ),
        (
            &["レターパックプラス", "レターパック・プラス", "ﾚﾀｰﾊﾟｯｸﾌﾟﾗｽ"],
            "レターパックプラス",
            true,
            n(Parcel),
        ),
        (
            &["レターパックライト", "レターパック ライト"],
            "レターパックライト",
            true,
            n(Parcel),
        ),
        (
            &["ゆうパック", " ゆうパック　"],
            "ゆうパック",
            true,
            n(Parcel),
        ),
        (&["ゆうパケット"], "ゆうパケット", true, n(Parcel)),
        (
            &[
                "国際郵便",
                "EMS",
                "ems",
                "ＥＭＳ",
                "国際スピード郵便",
                "国際書留",
                "国際小包",
            ],
            "国際郵便",
            true,
            n(International),
        ),
        (
            &[
                "ヤマト運輸 宅急便",
                "ヤマト運輸宅急便",
                "ヤマト運輸　宅急便",
                "宅急便",
                "ヤマト運輸",
                "ヤマト",
                "クロネコヤマト",
            ],
            "ヤマト運輸 宅急便",
            true,
            n(Parcel),
        ),
        (
            &["佐川急便 飛脚宅配便", "飛脚宅配便", "佐川急便", "佐川"],
            "佐川急便 飛脚宅配便",
            true,
            n(Parcel),
        ),
        (
            &["持参", "手持ち", "手渡し"],
            "持参",
            true,
            Tracking::ByHand,
        ),
        (
            &["普通郵便", "普通", "通常郵便", "定形郵便"],
            "普通郵便",
            false,
            Tracking::Untracked,
        ),
        (
            &["定形外郵便", "定形外"],
            "定形外郵便",
            false,
            Tracking::Untracked,
        ),
        (&["速達", "速達郵便"], "速達", false, Tracking::Untracked),
        (
            &["スマートレター"],
            "スマートレター",
            false,
            Tracking::Untracked,
        ),
        (&["ゆうメール"], "ゆうメール", false, Tracking::Untracked),
    ];
    for (names, canonical, tracked, tracking) in table {
        for typed in *names {
            let c = lookup(typed).unwrap_or_else(|e| panic!("{typed}: {e}"));
            assert_eq!(c.name, *canonical, "{typed}");
            assert_eq!(c.is_tracked(), *tracked, "{typed}");
            assert_eq!(c.tracking, *tracking, "{typed}");
        }
    }
    // The table test covers the whole table, and no two entries share a name.
    assert_eq!(table.len(), CARRIERS.len());
    let mut keys: Vec<String> = CARRIERS
        .iter()
        .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
        .map(key)
        .collect();
    let all = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), all, "a name or alias is listed twice");
    assert!(lookup(HAND_CARRY).unwrap().is_hand_carry());
}

#[test]
fn unknown_names_are_refused_with_the_list() {
    for bad in [
        "",
        "レターパック",
        "書留郵便x",
        "FedEx",
        "ヤマト運輸 ネコポス",
    ] {
        let e = lookup(bad).unwrap_err();
        assert!(e.to_string().contains("§2.2⑥"), "{e}");
        let hint = e.hint();
        assert!(
            hint.contains("一般書留")
                && hint.contains("ヤマト運輸 宅急便")
                && hint.contains("持参"),
            "{hint}"
        );
        // The list offered is of tracked services only.
        assert!(!hint.contains("普通郵便"), "{hint}");
    }
    assert!(list(Some(false)).contains("定形外郵便"));
    assert!(list(None).contains("定形外郵便") && list(None).contains("簡易書留"));
}

/// Every tracking-number format, good and bad check digits, through the carriers
/// that use it. Published samples: 131-12-38385-2 (書留, the design's), 4055-4842-4886
/// (ゆうパック), 444413758703 (ヤマト), 512547514334 (佐川), 1234-5678-9013 (the
/// worked example of the 7DR rule for ヤマト slips), EF719215461JP (S10).
#[test]
fn every_format_good_and_bad_check_digits() {
    let good: &[(&str, &str, &str)] = &[
        ("一般書留", "131-12-38385-2", "13112383852"),
        ("簡易書留", "13112383852", "13112383852"),
        (
            "特定記録郵便",
            "１３１－１２－３８３８５－２",
            "13112383852",
        ),
        ("ゆうパック", "4055-4842-4886", "405548424886"),
        ("レターパックプラス", "2026-1097-1043", "202610971043"),
        ("ゆうパケット", "4055 4842 4886", "405548424886"),
        ("ヤマト運輸 宅急便", "4444-1375-8703", "444413758703"),
        ("宅急便", "1234-5678-9013", "123456789013"),
        ("佐川急便 飛脚宅配便", "512547514334", "512547514334"),
        ("国際郵便", "EF719215461JP", "EF719215461JP"),
    ];
    for (carrier, typed, normalized) in good {
        let c = lookup(carrier).unwrap();
        let n = c
            .tracking_number(typed)
            .unwrap_or_else(|e| panic!("{carrier} {typed}: {e}"));
        assert_eq!(n.normalized(), *normalized);
    }
    // The last digit changed: the check digit the others call for is named.
    let bad: &[(&str, &str, char)] = &[
        ("簡易書留", "131-12-38385-3", '2'),
        ("ゆうパック", "4055-4842-4887", '6'),
        ("ヤマト運輸 宅急便", "444413758704", '3'),
        ("ヤマト運輸 宅急便", "1234-5678-9010", '3'),
        ("佐川急便 飛脚宅配便", "512547514335", '4'),
        ("国際郵便", "EF719215462JP", '1'),
    ];
    for (carrier, typed, expected) in bad {
        let e = lookup(carrier).unwrap().tracking_number(typed).unwrap_err();
        match &e {
            NumberError::Invalid {
                error: TrackingError::CheckDigit { expected: x, .. },
                ..
            } => assert_eq!(x, expected, "{carrier} {typed}"),
            other => panic!("{carrier} {typed}: {other:?}"),
        }
        assert!(
            e.to_string().contains(&format!("call for {expected}")),
            "{e}"
        );
        assert!(e.to_string().contains(carrier), "{e}");
    }
}

fn event(kind: crate::records::EventKind, body: serde_json::Value) -> crate::records::Event {
    crate::records::Event {
        id: 1,
        recorded_at: String::new(),
        kind,
        unknown_kind: None,
        shipment: "S".into(),
        body,
        prev_hash: String::new(),
        hash: String::new(),
    }
}

/// Only a declared anonymized class is anonymized; anything else, or nothing, is
/// identifiable (safe by default).
#[test]
fn the_recorded_class_is_identifiable_unless_declared_anonymized() {
    use crate::records::EventKind::{Received, Sealed, Shipped};
    use serde_json::json;
    for (class, anonymized) in [
        (json!("anonymized"), true),
        (json!("匿名化"), true),
        (json!("anonymized (匿名化)"), true),
        (json!("identifiable"), false),
        (json!("anonymised"), false),
        (json!(null), false),
        (json!(["anonymized"]), false),
    ] {
        let r = Recorded::from_events(&[event(Sealed, json!({ "class": class }))]);
        assert_eq!(r.anonymized, anonymized, "{class}");
    }
    assert!(!Recorded::from_events(&[event(Received, json!({"class": "anonymized"}))]).anonymized);
    // The carrier last recorded, the number sealed.
    let r = Recorded::from_events(&[
        event(
            Sealed,
            json!({"carrier": "簡易書留", "summary": {"tracking_number": "13112383852"}}),
        ),
        event(Shipped, json!({"carrier": "ゆうパック"})),
    ]);
    assert_eq!(r.carrier.as_deref(), Some("ゆうパック"));
    assert_eq!(r.tracking_number.as_deref(), Some("13112383852"));
    let p = crate::policy::Policy::defaults();
    // Identifiable: the sealed number serves, if it is the service's.
    let s = check_shipping(&p, &r, "書留", None, false).unwrap();
    assert_eq!(s.tracking.unwrap().normalized(), "13112383852");
    assert!(matches!(
        check_shipping(&p, &r, "ゆうパック", None, false),
        Err(ShipError::Number(NumberError::OtherFormat { .. }))
    ));
    assert!(matches!(
        check_shipping(&p, &r, "普通郵便", None, false),
        Err(ShipError::Refused(_))
    ));
    let s = check_shipping(&p, &r, "書留", Some("131-12-38386-3"), false).unwrap();
    assert_eq!(s.differs_from_sealed.as_deref(), Some("13112383852"));
    // Anonymized: untracked allowed, the tracked carrier it replaces named.
    let anon = Recorded {
        anonymized: true,
        ..r
    };
    let s = check_shipping(&p, &anon, "定形外", None, false).unwrap();
    assert!(s.untracked);
    assert_eq!(s.replaces_tracked.as_deref(), Some("ゆうパック"));
}

#[test]
fn ship_dates_between_the_seal_and_today() {
    let ok = |d| check_ship_date(d, Some("2026-04-01"), "2026-04-10");
    assert_eq!(ok("2026-04-01"), Ok(()));
    assert_eq!(ok("2026-04-10"), Ok(()));
    assert!(matches!(
        ok("2026-03-31"),
        Err(DateError::BeforeSeal { .. })
    ));
    assert!(matches!(ok("2026-04-11"), Err(DateError::Future { .. })));
    for bad in [
        "2026-02-30",
        "2026-4-01",
        "20260401",
        "2026-04-01T00",
        "２０２６-04-01",
        "",
    ] {
        assert!(matches!(ok(bad), Err(DateError::Malformed(_))), "{bad}");
    }
    // No sealed event known: only the upper bound.
    assert_eq!(check_ship_date("2020-01-01", None, "2026-04-10"), Ok(()));
}

#[test]
fn changes_against_the_last_record_are_returned() {
    let p = crate::policy::Policy::defaults();
    let r = Recorded {
        carrier: Some("簡易書留".into()),
        tracking_number: Some("13112383852".into()),
        last_tracking_number: Some("13112383852".into()),
        ..Recorded::default()
    };
    // The same service under an alias, the same number: no change.
    let s = check_shipping(&p, &r, "簡易 書留", Some("131-12-38385-2"), false).unwrap();
    assert_eq!(
        (s.replaces_carrier, s.replaces_tracking_number),
        (None, None)
    );
    let s = check_shipping(&p, &r, "ゆうパック", Some("4055-4842-4886"), false).unwrap();
    assert_eq!(s.replaces_carrier.as_deref(), Some("簡易書留"));
    assert_eq!(s.replaces_tracking_number.as_deref(), Some("13112383852"));
    // By hand: refused without the attendance rule, for identifiable data.
    assert!(matches!(
        check_shipping(&p, &r, "持参", None, false),
        Err(ShipError::Refused(_))
    ));
    let s = check_shipping(&p, &r, "持参", None, true).unwrap();
    assert!(s.attendance_acknowledged);
    assert_eq!(s.replaces_tracking_number.as_deref(), Some("13112383852"));
}

#[test]
fn a_number_of_another_service_is_refused_naming_both() {
    let e = lookup("簡易書留")
        .unwrap()
        .tracking_number("4055-4842-4886")
        .unwrap_err();
    assert!(
        matches!(e, NumberError::OtherFormat { found: Parcel, .. }),
        "{e:?}"
    );
    let s = e.to_string();
    assert!(
        s.contains("簡易書留") && s.contains("ゆうパック") && s.contains("11 digits"),
        "{s}"
    );
    // Also when its check digit is wrong: the shape decides which service it is.
    let e = lookup("ゆうパック")
        .unwrap()
        .tracking_number("131-12-38385-3")
        .unwrap_err();
    assert!(
        matches!(
            e,
            NumberError::OtherFormat {
                found: Registered,
                ..
            }
        ),
        "{e:?}"
    );
    let e = lookup("宅急便")
        .unwrap()
        .tracking_number("EF719215461JP")
        .unwrap_err();
    assert!(
        matches!(
            e,
            NumberError::OtherFormat {
                found: International,
                ..
            }
        ),
        "{e:?}"
    );
    // Services without numbers take none.
    for c in ["持参", "普通郵便"] {
        let e = lookup(c)
            .unwrap()
            .tracking_number("131-12-38385-2")
            .unwrap_err();
        assert_eq!(
            e,
            NumberError::NoNumbers {
                carrier: lookup(c).unwrap().name
            }
        );
    }
    // No number of any shape: the carrier's format is said.
    let e = lookup("佐川")
        .unwrap()
        .tracking_number("12345")
        .unwrap_err();
    assert!(matches!(e, NumberError::Invalid { .. }), "{e:?}");
    assert!(e.to_string().contains("12 digits"), "{e}");
}
