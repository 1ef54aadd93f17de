//! isou's integration tests, one module per subject.

/// The official C2SP age test vectors, through the engine.
mod testkit;
