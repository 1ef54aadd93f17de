//! isou (移送, "transport"): move sensitive registry extracts between institutions on
//! physical media, encrypted, signed, verifiable on receipt and recorded.
//!
//! The library holds the work; the `isou` binary is a thin command line on top.
//! - [`engine`]: the age v1 encryption engine (header, stanzas, parallel STREAM payload).
//! - [`keys`]: identity files (X25519 + Ed25519, Argon2id-protected), recipients,
//!   contact cards and passphrases.
//! - [`error`]: error types, each with a hint for the user.
//! - [`carriers`]: the carrier table (§2.2⑥) and which tracking numbers each takes.
//! - [`untrusted`]: the one sanitiser for text from outside (media, archives, files).

pub mod bag;
pub mod carriers;
pub mod class;
pub mod cleanup;
pub mod clock;
pub mod engine;
pub mod error;
pub mod i18n;
pub mod keys;
pub mod localfile;
pub mod media;
pub mod pipeline;
pub mod platform;
pub mod policy;
pub mod progress;
pub mod records;
pub mod signature;
#[cfg(feature = "synth")]
pub mod synth;
pub mod tracking;
pub mod untrusted;
pub mod workflow;
