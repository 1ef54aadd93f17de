//! Media: sealing an extract onto a medium as a signed isou bag, and verifying one.
//!
//! A sealed medium (USB stick, or a directory standing in for one) holds, at its root:
//!
//! ```text
//! bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
//! tagmanifest-sha256.txt.sig  README.txt  data/payload.000 …
//! ```
//!
//! Nothing on it reveals the extract's file names or contents: they are inside the
//! encrypted payload. The signature (SSHSIG, Ed25519) covers the tag manifest, which
//! covers every other file.

pub mod authentic;
pub mod inside;
pub mod iso;
pub mod open;
mod os_entry;
pub mod readme;
mod seal;
pub mod swap;
pub mod targuard;
mod verify;
pub mod volume;

pub use crate::class::{InfoClass, UnknownClass};
pub(crate) use seal::drop_cache;
pub use seal::{
    check_medium, free_space, new_shipment_id, seal, today, Protection, SealError, SealRequest,
    SealSummary, ShipmentFields,
};
pub use verify::{
    checked_id, foreign_entries, unauthenticated_id, verify, verify_set, verify_source,
    SetVerification, Verification, MEDIUM_ROOT,
};
pub use volume::{BagCount, Layout, MediumType, VolumeError, VolumeSummary};
