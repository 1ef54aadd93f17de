//! The registry's clock: "now", "today" and how a recorded instant is shown, in the
//! registry's time zone.
//!
//! Events keep their UTC instant in the ledger (the hash chain covers it as written);
//! only what people read and type is in local time. A Japanese registry's day starts at
//! 00:00 JST, not 09:00: with the UTC date, a medium shipped at 03:07 on 12-04 was
//! "after today (12-03)" and a retention date compared a day late (CWE-1339 class of
//! error: a wrong clock in a compliance record, §2.2③, §2.4⑥).
//!
//! The zone is the policy's `time_zone` (an IANA name, checked when the policy is
//! loaded; [`DEFAULT_ZONE`] without one). The command sets it once with [`set_zone`]
//! after loading the policy; the library reads it with [`zone`].
//!
//! **Test hook:** the environment variable `ISOU_NOW` (an RFC 3339 instant, e.g.
//! `2026-12-03T18:07:00Z`) fixes "now" for the whole process, so tests can stand at
//! any hour of any day. It moves nothing else; a value that is not an RFC 3339 instant
//! is ignored (the real clock is used). It is honoured only in debug builds (the ones
//! `cargo test` runs): a release build always reads the system clock, since whoever
//! could set the variable would date every event recorded — which otherwise only
//! whoever can set the system clock can.

use std::sync::RwLock;

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

/// The zone of a policy that names none: Japan's registries (JST, no daylight saving).
pub const DEFAULT_ZONE: &str = "Asia/Tokyo";

/// The environment variable that fixes "now" (a test hook, see the module's doc).
pub const NOW_VAR: &str = "ISOU_NOW";

/// A time zone by its IANA name, checked against the bundled time zone database.
#[derive(Clone, Debug)]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

impl Zone {
    /// The zone named `name` (`Asia/Tokyo`, `UTC`, …); `None` for a name the bundled
    /// IANA database does not know.
    pub fn named(name: &str) -> Option<Zone> {
        // Abbreviations and offsets ("JST", "+09:00") are refused: only an IANA name
        // says which rules (and which future changes) apply.
        let tz = TimeZone::get(name).ok()?;
        Some(Zone {
            name: name.to_string(),
            tz,
        })
    }

    /// The built-in zone, [`DEFAULT_ZONE`].
    pub fn default_zone() -> Zone {
        Zone::named(DEFAULT_ZONE).expect("the bundled database knows Asia/Tokyo")
    }

    /// Its IANA name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Default for Zone {
    fn default() -> Zone {
        Zone::default_zone()
    }
}

/// The zone set by [`set_zone`]; `None`: [`DEFAULT_ZONE`].
static ZONE: RwLock<Option<Zone>> = RwLock::new(None);

/// Whether `s` is a calendar date written `YYYY-MM-DD`: exactly that form (no time,
/// no other separator) and a real day (no 2026-02-30). The one check behind every date
/// isou reads, from a user, a policy, a carrier entry or a medium.
pub fn is_date(s: &str) -> bool {
    s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        })
        && humantime::parse_rfc3339(&format!("{s}T00:00:00Z")).is_ok()
}

/// Makes `zone` the registry's zone for the rest of the process (the policy's).
pub fn set_zone(zone: &Zone) {
    let mut z = ZONE.write().unwrap_or_else(|p| p.into_inner());
    *z = Some(zone.clone());
}

/// The registry's zone: the one set by [`set_zone`], else [`DEFAULT_ZONE`].
pub fn zone() -> Zone {
    ZONE.read()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
        .unwrap_or_default()
}

/// Now: in a debug build `ISOU_NOW` when it holds an RFC 3339 instant (tests), else —
/// and always in a release build — the system clock.
pub fn now() -> Timestamp {
    cfg!(debug_assertions)
        .then(|| std::env::var(NOW_VAR).ok())
        .flatten()
        .and_then(|v| v.parse::<Timestamp>().ok())
        .unwrap_or_else(Timestamp::now)
}

/// Now as the ledger stores instants: RFC 3339 in UTC, whole seconds
/// (`2026-12-03T18:07:00Z`).
pub fn now_rfc3339() -> String {
    let t = now();
    Timestamp::from_second(t.as_second())
        .unwrap_or(t)
        .to_string()
}

/// Today's date in the registry's zone, `YYYY-MM-DD`.
pub fn today() -> String {
    now().to_zoned(zone().tz).date().to_string()
}

/// The date `days` days after today in the registry's zone, `YYYY-MM-DD`.
pub fn today_plus(days: u32) -> String {
    let d = now().to_zoned(zone().tz).date();
    d.checked_add(i64::from(days).days())
        .unwrap_or(d)
        .to_string()
}

/// The abbreviation of the registry's zone now (`JST`, `UTC`), for column titles.
pub fn zone_label() -> String {
    now().to_zoned(zone().tz).strftime("%Z").to_string()
}

/// A recorded instant (RFC 3339) as people read it: `YYYY-MM-DD HH:MM` in the
/// registry's zone. Text that is not an instant is returned as it is (a row written
/// outside isou is shown, not hidden; the caller cleans it).
pub fn local(instant: &str) -> String {
    match instant.parse::<Timestamp>() {
        Ok(t) => t.to_zoned(zone().tz).strftime("%Y-%m-%d %H:%M").to_string(),
        Err(_) => instant.to_string(),
    }
}

/// The date of a recorded instant in the registry's zone, `YYYY-MM-DD`; text that is
/// not an instant: its first ten characters, as before.
pub fn local_date(instant: &str) -> String {
    match instant.parse::<Timestamp>() {
        Ok(t) => t.to_zoned(zone().tz).date().to_string(),
        Err(_) => instant.get(..10).unwrap_or("").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_shown_in_tokyo_and_in_utc() {
        let tokyo = Zone::named("Asia/Tokyo").unwrap().tz;
        let t: Timestamp = "2026-12-03T18:07:00Z".parse().unwrap();
        assert_eq!(t.to_zoned(tokyo.clone()).date().to_string(), "2026-12-04");
        assert_eq!(
            t.to_zoned(tokyo).strftime("%Y-%m-%d %H:%M %Z").to_string(),
            "2026-12-04 03:07 JST"
        );
        assert!(Zone::named("UTC").is_some());
        assert!(Zone::named("Asia/Tokio").is_none());
        assert!(Zone::named("JST").is_none());
    }
}
