//! Sets: the media given to `verify` or `open`, and what their `Bag-Count`s say
//! about the set they form.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{open_medium, BagCount, MAX_VOLUMES};
use crate::bag::source::BagSource;

/// A medium given to `verify` or `open`, with what its `bag-info.txt` says about the
/// set it belongs to.
#[derive(Clone)]
pub struct Member {
    /// The path given.
    pub path: PathBuf,
    /// Its files.
    pub source: Arc<dyn BagSource>,
    /// `Bag-Group-Identifier` (or `External-Identifier`).
    pub group: Option<String>,
    /// `Bag-Count`; a bag without one, or with one that is not `k of n`, is `1 of 1`
    /// (the second case is in [`Member::count_problem`]).
    pub count: BagCount,
    /// Why `Bag-Count` could not be read: refused for an isou medium (its set depends
    /// on it), only said of a plain bag (RFC 8493 §2.2.2: informational metadata).
    pub count_problem: Option<crate::i18n::Text>,
}

impl Member {
    /// Opens `path` and reads its `bag-info.txt` (bounded); a `Bag-Count` that is not
    /// `k of n` is refused (what `open` needs: an isou medium's set depends on it).
    pub fn read(path: &Path) -> Result<Member, crate::i18n::Text> {
        let m = Member::read_any(path)?;
        match m.count_problem {
            Some(t) => Err(t),
            None => Ok(m),
        }
    }

    /// [`Member::read`], keeping an unreadable `Bag-Count` as
    /// [`Member::count_problem`] (a plain bag's Bag-Count is only metadata).
    pub fn read_any(path: &Path) -> Result<Member, crate::i18n::Text> {
        let shown = path.display();
        let source = open_medium(path).map_err(|e| {
            crate::i18n::Text::render("media-member-unreadable", || {
                crate::tr!(
                    "media-member-unreadable",
                    medium = shown.to_string(),
                    error = crate::i18n::os_error(&e)
                )
            })
        })?;
        // An unreadable or oversized bag-info.txt is reported by the bag's validation;
        // here it only means no set fields (the medium counts as `1 of 1`).
        let info = match source.read_bounded("bag-info.txt", 1024 * 1024) {
            Ok(Some(b)) => crate::bag::BagInfo::parse(&String::from_utf8_lossy(&b)).0,
            _ => Default::default(),
        };
        let (count, count_problem) = match info.get("Bag-Count") {
            None => (BagCount { k: 1, n: Some(1) }, None),
            Some(c) => match BagCount::parse(c) {
                Some(count) => (count, None),
                None => (
                    BagCount { k: 1, n: Some(1) },
                    Some(crate::i18n::Text::render("media-member-bag-count", || {
                        crate::tr!(
                            "media-member-bag-count",
                            medium = shown.to_string(),
                            count = format!("{:?}", crate::untrusted::sanitize(c)),
                            most = MAX_VOLUMES.to_string()
                        )
                    })),
                ),
            },
        };
        let group = info
            .get("Bag-Group-Identifier")
            .or_else(|| info.get("External-Identifier"))
            .map(str::to_string);
        Ok(Member {
            path: path.to_path_buf(),
            source,
            group,
            count,
            count_problem,
        })
    }
}

/// What the given volumes say about their set.
#[derive(Clone, Debug, Default)]
pub struct SetCheck {
    /// The set's `Bag-Group-Identifier`.
    pub group: Option<String>,
    /// How many volumes the set has, when a volume says so.
    pub total: Option<usize>,
    /// Volumes not given (when the total is unknown: those below the highest given).
    pub missing: Vec<usize>,
    /// Mixed sets, repeated volumes, contradictory counts (in the language of the run
    /// and in English, for `--json`).
    pub problems: Vec<crate::i18n::Text>,
    /// How many volumes were given (and could be read).
    pub given: usize,
    /// The media are plain bags (not isou media, no sender pinned), each judged
    /// alone: their `Bag-Count` and `Bag-Group-Identifier` are informational metadata
    /// (RFC 8493 §2.2.2), not a set to complete.
    pub alone: bool,
}

impl SetCheck {
    /// Complete and consistent.
    pub fn is_complete(&self) -> bool {
        if self.alone {
            return self.given > 0;
        }
        self.problems.is_empty()
            && self.missing.is_empty()
            && self.total.is_some()
            && self.given > 0
    }

    /// Plain bags judged each alone (see [`SetCheck::alone`]).
    pub fn each_alone(given: usize) -> SetCheck {
        SetCheck {
            given,
            alone: true,
            ..Default::default()
        }
    }

    /// A sentence on what is missing, if anything, in the language of the run.
    pub fn missing_text(&self) -> Option<String> {
        self.missing_text_in(crate::i18n::current())
    }

    /// [`SetCheck::missing_text`] in `lang`: a verification stores it in English
    /// ([`crate::records::shipment::verification`]), whoever ran the command.
    pub fn missing_text_in(&self, lang: crate::i18n::Lang) -> Option<String> {
        if self.alone {
            return None;
        }
        let list = |v: &[usize]| {
            v.iter()
                .map(|k| k.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut args = crate::i18n::Args::new();
        let id = match self.total {
            Some(n) if !self.missing.is_empty() => {
                args.set("count", self.missing.len());
                args.set("volumes", list(&self.missing));
                args.set("total", n.to_string());
                "media-set-missing"
            }
            Some(_) => return None,
            None if self.missing.is_empty() && self.given == 0 => return None,
            None if self.missing.is_empty() => "media-set-missing-last",
            None => {
                args.set("volumes", list(&self.missing));
                "media-set-missing-and-last"
            }
        };
        Some(crate::i18n::tr_in(lang, id, Some(&args)))
    }
}

/// Checks that the members form one set: one group, no volume twice, counts that
/// agree; lists the volumes missing.
pub fn check_set(members: &[Member]) -> SetCheck {
    let mut c = SetCheck {
        given: members.len(),
        ..Default::default()
    };
    let show = |m: &Member| m.path.display().to_string();
    let add = |c: &mut SetCheck, t: crate::bag::Text| {
        c.problems.push(t);
    };
    use crate::bag::validate::both;
    if let Some(first) = members.first() {
        c.group = first.group.clone();
        for m in &members[1..] {
            if m.group != first.group {
                let group = |m: &Member| match m.group.as_deref() {
                    Some(g) => crate::untrusted::sanitize(g),
                    None => "none".to_string(),
                };
                add(
                    &mut c,
                    both::tr!(
                        "media-set-different-sets",
                        first = show(first),
                        other = show(m),
                        first_group = group(first),
                        other_group = group(m)
                    ),
                );
            }
        }
    }
    let mut seen: std::collections::BTreeMap<usize, &Member> = Default::default();
    for m in members {
        if let Some(prev) = seen.insert(m.count.k, m) {
            add(
                &mut c,
                both::tr!(
                    "media-set-twice",
                    volume = m.count.k.to_string(),
                    first = show(prev),
                    other = show(m)
                ),
            );
        }
    }
    let totals: std::collections::BTreeSet<usize> =
        members.iter().filter_map(|m| m.count.n).collect();
    if totals.len() > 1 {
        add(
            &mut c,
            both::tr!(
                "media-set-totals-disagree",
                totals = totals
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    c.total = totals
        .iter()
        .next_back()
        .copied()
        .filter(|_| totals.len() == 1);
    if let Some(n) = c.total {
        for m in members.iter().filter(|m| m.count.k > n) {
            add(
                &mut c,
                both::tr!(
                    "media-set-beyond-total",
                    medium = show(m),
                    volume = m.count.k.to_string(),
                    total = n.to_string()
                ),
            );
        }
        // A volume that says `k of ?` cannot be the last.
        if let Some(m) = members
            .iter()
            .find(|m| m.count.n.is_none() && m.count.k == n)
        {
            add(
                &mut c,
                both::tr!(
                    "media-set-last-unknown",
                    medium = show(m),
                    volume = n.to_string()
                ),
            );
        }
    }
    let top = c
        .total
        .unwrap_or_else(|| seen.keys().next_back().copied().unwrap_or(0));
    c.missing = (1..=top).filter(|k| !seen.contains_key(k)).collect();
    c
}

/// Bytes of payload under `data/` of a medium (for a progress total).
pub fn payload_size(source: &dyn BagSource) -> u64 {
    source
        .list("data")
        .map(|v| v.iter().map(|e| e.size).sum())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_missing_is_said_in_either_language() {
        use crate::i18n::Lang;
        let c = SetCheck {
            total: Some(3),
            missing: vec![3],
            given: 2,
            ..Default::default()
        };
        // English is what a verification stores, whoever ran it.
        assert_eq!(
            c.missing_text_in(Lang::En).as_deref(),
            Some("volume 3 of 3 is missing")
        );
        assert_eq!(
            c.missing_text_in(Lang::Ja).as_deref(),
            Some("全3巻のうち第3巻がありません")
        );
        let c = SetCheck {
            total: Some(4),
            missing: vec![2, 4],
            given: 2,
            ..Default::default()
        };
        assert_eq!(
            c.missing_text_in(Lang::En).as_deref(),
            Some("volumes 2, 4 of 4 are missing")
        );
        let c = SetCheck {
            total: None,
            missing: vec![],
            given: 1,
            ..Default::default()
        };
        assert_eq!(
            c.missing_text_in(Lang::Ja).as_deref(),
            Some("最後の巻がありません（全何巻かを示す巻が指定されていません）")
        );
    }
}
