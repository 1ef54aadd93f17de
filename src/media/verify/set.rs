//! Verifying several media as one set: each volume, and that they form one complete
//! set signed by one key.

use std::path::PathBuf;

use ssh_key::PublicKey;

use super::{verify_source, Verification};
use crate::bag::validate::both;
use crate::bag::{self, Severity};
use crate::media::authentic::Authentic;
use crate::media::volume;
use crate::pipeline;

/// The outcome of verifying the volumes of a set.
pub struct SetVerification {
    /// Each medium given, in volume order: its path and verification (or why it could
    /// not be read at all: a truncated image, a damaged directory).
    pub volumes: Vec<(PathBuf, Result<Verification, crate::i18n::Text>)>,
    /// What the volumes say about the set.
    pub set: volume::SetCheck,
    /// Problems across volumes (segments not continuing, different signers), in the
    /// language of the run and in English (for `--json`).
    pub problems: Vec<crate::i18n::Text>,
}

impl SetVerification {
    /// Every volume valid, and the set complete and consistent.
    pub fn is_valid(&self) -> bool {
        self.volumes
            .iter()
            .all(|(_, v)| v.as_ref().is_ok_and(|v| v.is_valid()))
            && self.set.is_complete()
            && self.problems.is_empty()
    }

    /// Valid, and every volume signed by a pinned sender: the set is the sender's.
    pub fn is_authenticated(&self) -> bool {
        self.is_valid()
            && !self.volumes.is_empty()
            && self
                .volumes
                .iter()
                .all(|(_, v)| v.as_ref().is_ok_and(|v| v.is_authenticated()))
    }

    /// Every volume given valid and signed by a pinned sender, the set consistent, but
    /// volumes of it not given (a disc left out): what was given is the sender's, but
    /// the set is not whole, so it is neither valid nor received (issue 15 item 4).
    pub fn is_authentic_but_incomplete(&self) -> bool {
        !self.volumes.is_empty()
            && self
                .volumes
                .iter()
                .all(|(_, v)| v.as_ref().is_ok_and(|v| v.is_authenticated()))
            && self.problems.is_empty()
            && self.set.problems.is_empty()
            && self.set.total.is_some()
            && !self.set.missing.is_empty()
    }

    /// What the first volume signed, when it was authenticated.
    pub fn authentic(&self) -> Option<&Authentic> {
        self.volumes.iter().find_map(|(_, v)| match v {
            Ok(Verification {
                authentic: Some(Ok(a)),
                ..
            }) => Some(a),
            _ => None,
        })
    }
}

/// Each medium given: its path, its `bag-info.txt` as a member of a set, and its
/// verification (or why it could not be read).
type Given = (
    PathBuf,
    Result<volume::Member, bag::Text>,
    Result<Verification, bag::Text>,
);

/// Verifies several media as one set: each volume fully (as [`verify_source`]), and
/// that they form one complete set signed by one key, the segments running on from
/// volume to volume.
pub fn verify_set(
    media: &[PathBuf],
    trusted: &[PublicKey],
    threads: usize,
    progress: &crate::progress::Progress,
) -> SetVerification {
    // Each medium verified as it was given, then judged as a set or alone.
    let mut read: Vec<Given> = Vec::new();
    for p in media {
        match volume::Member::read_any(p) {
            Ok(m) => {
                let v = verify_source(m.source.as_ref(), trusted, threads, progress).map_err(|e| {
                    crate::i18n::Text::render("", || format!("{}: {e}", m.path.display()))
                });
                read.push((p.clone(), Ok(m), v));
            }
            Err(e) => read.push((p.clone(), Err(e.clone()), Err(e))),
        }
    }
    // A plain bag's Bag-Count and Bag-Group-Identifier are informational metadata (RFC
    // 8493 §2.2.2): `Bag-Count: 1 of 15` on a bag given alone says nothing is missing.
    // isou media are sets, checked as such whenever the user pinned a sender (the
    // medium cannot opt out by leaving its signature off) or a volume is one; without a
    // pin an isou medium is never VALID anyway.
    let is_set = !trusted.is_empty()
        || read
            .iter()
            .any(|(_, _, v)| v.as_ref().is_ok_and(|v| v.isou_profile));
    if !is_set {
        return each_alone(read);
    }
    let mut members = Vec::new();
    let mut volumes = Vec::new();
    for (p, m, v) in read {
        match m {
            // An isou volume's Bag-Count places it in its set: unreadable, the volume
            // is refused as before.
            Ok(m) => match m.count_problem.clone() {
                Some(t) => volumes.push((p, Err(t))),
                None => members.push((m, v)),
            },
            Err(e) => volumes.push((p, Err(e))),
        }
    }
    members.sort_by_key(|(m, _)| m.count.k);
    let set = volume::check_set(&members.iter().map(|(m, _)| m.clone()).collect::<Vec<_>>());
    let problems = across_volumes(members, &set, &mut volumes);
    SetVerification {
        volumes,
        set,
        problems,
    }
}

/// Plain bags, each judged alone: a `Bag-Count` that cannot be read is a warning.
fn each_alone(read: Vec<Given>) -> SetVerification {
    let mut volumes = Vec::new();
    for (p, m, v) in read {
        let v = match (m, v) {
            (Ok(m), Ok(mut v)) => {
                if let Some(t) = m.count_problem {
                    v.problems
                        .push(bag::Problem::new(Severity::Warning, "bag-info.txt", t));
                }
                Ok(v)
            }
            (_, v) => v,
        };
        volumes.push((p, v));
    }
    let given = volumes.iter().filter(|(_, v)| v.is_ok()).count();
    SetVerification {
        volumes,
        set: volume::SetCheck::each_alone(given),
        problems: Vec::new(),
    }
}

/// What the volumes of a set (`members`, in volume order) must say alike: segments
/// running on, one signer, one shipment, and the count they were read with. Each
/// volume is added to `volumes`; returns the problems found across them.
fn across_volumes(
    members: Vec<(volume::Member, Result<Verification, bag::Text>)>,
    set: &volume::SetCheck,
    volumes: &mut Vec<(PathBuf, Result<Verification, bag::Text>)>,
) -> Vec<bag::Text> {
    let mut problems = Vec::new();
    let mut problem = |t: bag::Text| problems.push(t);
    // Segments run on from segment 0 of volume 1; when volume 1 is not given, where
    // the first given one starts cannot be checked (as after any gap), and the set is
    // incomplete for that already, not also "not continuing" (issue 15 item 4).
    let mut next_segment = members
        .first()
        .filter(|(m, _)| m.count.k == 1)
        .map(|_| 0usize);
    let mut signer: Option<(String, PathBuf)> = None;
    let mut shipment: Option<(String, String)> = None;
    for (m, v) in members {
        if let Ok(v) = &v {
            // Segments continue from the previous volume (only checkable when it was
            // given: after a gap, the count restarts).
            match (v.segments, next_segment) {
                (Some((first, n)), Some(want)) if first != want => {
                    problem(both::tr!(
                        "media-set-segments-not-continuing",
                        medium = m.path.display().to_string(),
                        volume = m.count.k.to_string(),
                        first = pipeline::segments::segment_name(first),
                        expected = pipeline::segments::segment_name(want)
                    ));
                    next_segment = Some(first + n);
                }
                (Some((first, n)), _) => next_segment = Some(first + n),
                (None, _) => next_segment = None,
            }
            if let Some(Ok(a)) = &v.authentic {
                same_signer_and_shipment(&m, a, &mut signer, &mut shipment, &mut problem);
            }
        }
        if set.missing.contains(&(m.count.k + 1)) {
            next_segment = None;
        }
        volumes.push((m.path.clone(), v));
    }
    problems
}

/// Whether volume `m`, authenticated as `a`, was signed by the same key (`signer`:
/// the first, and which volume) for the same shipment and set (`shipment`) as the
/// volumes before it, with the count it was read with.
fn same_signer_and_shipment(
    m: &volume::Member,
    a: &Authentic,
    signer: &mut Option<(String, PathBuf)>,
    shipment: &mut Option<(String, String)>,
    problem: &mut dyn FnMut(bag::Text),
) {
    let s = &a.signer;
    match &*signer {
        Some((fp, other)) if *fp != s.fingerprint => problem(both::tr!(
            "media-set-other-signer",
            medium = m.path.display().to_string(),
            signer = s.fingerprint.as_str(),
            other = other.display().to_string(),
            other_signer = fp.as_str()
        )),
        Some(_) => {}
        None => *signer = Some((s.fingerprint.clone(), m.path.clone())),
    }
    // The set was put together from bag-info.txt as first read; what was
    // signed must say the same (a device could answer differently).
    if a.count != m.count || Some(&a.group) != m.group.as_ref() {
        problem(both::tr!(
            "media-set-count-changed",
            medium = m.path.display().to_string()
        ));
    }
    match &*shipment {
        Some((id, group)) if *id != a.shipment || *group != a.group => problem(both::tr!(
            "media-set-other-shipment",
            medium = m.path.display().to_string(),
            shipment = crate::untrusted::sanitize(&a.shipment),
            other = crate::untrusted::sanitize(id)
        )),
        Some(_) => {}
        None => *shipment = Some((a.shipment.clone(), a.group.clone())),
    }
}
