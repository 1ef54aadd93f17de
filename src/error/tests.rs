//! Tests of the error chains: every wrapping error leads to its cause through `source()`,
//! and `typed_in` / `into_typed` find a typed error inside an `io::Error`.

use std::error::Error;

use super::*;
use crate::media::authentic::TrustError;
use crate::media::open::OpenError;
use crate::media::SealError;
use crate::pipeline::InputError;

/// `e` and every error down its `source()` chain, outermost first.
fn chain<'a>(e: &'a (dyn Error + 'static)) -> Vec<&'a (dyn Error + 'static)> {
    let mut out = vec![e];
    let mut here = e;
    while let Some(next) = here.source() {
        out.push(next);
        here = next;
    }
    out
}

/// The last error of the chain, the first cause.
fn innermost<'a>(e: &'a (dyn Error + 'static)) -> &'a (dyn Error + 'static) {
    *chain(e).last().unwrap()
}

fn denied() -> io::Error {
    io::Error::new(io::ErrorKind::PermissionDenied, "denied by test")
}

#[test]
fn key_io_error_has_its_io_error_as_source() {
    let e = KeyError::Io {
        path: PathBuf::from("/k/identity.txt"),
        error: denied(),
    };
    let shown = e.to_string();
    let io = e.source().unwrap().downcast_ref::<io::Error>().unwrap();
    assert_eq!(io.kind(), io::ErrorKind::PermissionDenied);
    assert_eq!(shown, "/k/identity.txt: denied by test");
    // The errors that wrap none have no source.
    assert!(KeyError::PassphraseMismatch.source().is_none());
}

#[test]
fn a_key_error_in_an_open_error_leads_to_the_io_error() {
    let e = OpenError::Key(KeyError::Io {
        path: PathBuf::from("/k/identity.txt"),
        error: denied(),
    });
    let links = chain(&e);
    assert_eq!(links.len(), 3, "{links:?}");
    assert!(links[1].is::<KeyError>());
    let io = innermost(&e).downcast_ref::<io::Error>().unwrap();
    assert_eq!(io.kind(), io::ErrorKind::PermissionDenied);
}

/// No identity to be found is the user's matter (exit 2) with the key's hint, never
/// "the medium cannot be opened" (open once reported it as the medium's, exit 1).
#[test]
fn no_default_identity_path_is_a_usage_error_of_the_key_not_the_medium() {
    let e = OpenError::Key(KeyError::NoDefaultPath);
    assert_eq!(e.category(), Category::Usage);
    crate::i18n::in_lang(crate::i18n::Lang::En, || {
        assert_eq!(
            e.to_string(),
            "there is no per-user configuration directory on this system"
        );
        assert!(e.hint().unwrap().contains("-i FILE"));
    });
}

#[test]
fn an_open_error_of_io_or_trust_leads_to_the_io_error() {
    let e = OpenError::Io(denied());
    assert!(innermost(&e).is::<io::Error>());
    let e = OpenError::NotAuthentic {
        medium: "/m".into(),
        error: TrustError::Unreadable {
            file: "bagit.txt".into(),
            error: denied(),
        },
    };
    let links = chain(&e);
    assert!(links[1].is::<TrustError>());
    assert_eq!(
        innermost(&e).downcast_ref::<io::Error>().unwrap().kind(),
        io::ErrorKind::PermissionDenied
    );
}

#[test]
fn seal_errors_lead_to_the_input_volume_and_age_errors() {
    let e = SealError::Input(InputError::Read {
        path: PathBuf::from("/x/a.csv"),
        error: denied(),
    });
    assert!(chain(&e)[1].is::<InputError>());
    assert!(innermost(&e).is::<io::Error>());

    let e = SealError::Volume(crate::media::volume::VolumeError::Unusable(
        PathBuf::from("/m"),
        denied(),
    ));
    assert_eq!(chain(&e).len(), 3);
    assert!(innermost(&e).is::<io::Error>());

    // Encryption: isou's error, age's, and age's I/O error under it.
    let e = SealError::Encrypt(EncryptError::Wrap(age::EncryptError::Io(denied())));
    let links = chain(&e);
    assert!(links[1].is::<EncryptError>());
    assert!(links[2].is::<age::EncryptError>());
    assert!(innermost(&e).is::<io::Error>());

    assert!(SealError::Io(denied()).source().unwrap().is::<io::Error>());
    assert!(SealError::ReadBack(vec![]).source().is_none());
}

#[test]
fn a_ledger_error_from_sqlite_keeps_sqlites_error() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.sqlite");
    std::fs::write(&junk, vec![0x5a; 8192]).unwrap();
    let e = match crate::records::Ledger::open(&junk) {
        Err(e) => e,
        Ok(_) => panic!("a file of junk opened as a ledger"),
    };
    assert!(
        matches!(e, crate::records::LedgerError::Corrupt { .. }),
        "{e:?}"
    );
    let sqlite = e.source().unwrap().downcast_ref::<rusqlite::Error>();
    assert_eq!(
        sqlite.unwrap().sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase)
    );
    // And the message still quotes SQLite's words.
    assert!(e.to_string().contains(&sqlite.unwrap().to_string()), "{e}");
}

#[test]
fn a_ledger_error_of_a_value_leads_to_the_value_error() {
    let e = crate::records::LedgerError::Value(crate::records::RecordValueError::Empty {
        field: "handler".into(),
    });
    assert!(e.source().unwrap().is::<crate::records::RecordValueError>());
}

#[test]
fn typed_in_finds_the_error_an_io_error_carries() {
    let e = PayloadError::NoChunks.into_io();
    assert_eq!(typed_in::<PayloadError>(&e), Some(&PayloadError::NoChunks));
    // Not there: a plain I/O error, or an error of another type.
    assert!(typed_in::<PayloadError>(&denied()).is_none());
    assert!(typed_in::<KeyError>(&e).is_none());
    assert!(typed_in::<PayloadError>(&io::Error::other("words only")).is_none());
}

#[test]
fn typed_in_looks_through_io_errors_and_sources() {
    // An io::Error in an io::Error (its own source() would skip the payload).
    let e = io::Error::new(io::ErrorKind::InvalidData, PayloadError::NoChunks.into_io());
    assert_eq!(typed_in::<PayloadError>(&e), Some(&PayloadError::NoChunks));
    // Behind another error's source(): a payload error met reading an input.
    let e = io::Error::other(SealError::Input(InputError::Read {
        path: PathBuf::from("/x/a.csv"),
        error: PayloadError::Truncated { chunk: 3 }.into_io(),
    }));
    assert_eq!(
        typed_in::<PayloadError>(&e),
        Some(&PayloadError::Truncated { chunk: 3 })
    );
    assert!(typed_in::<InputError>(&e).is_some());
    // The outermost of two.
    let e = io::Error::other(InputError::Io {
        path: PathBuf::from("/outer"),
        error: io::Error::other(InputError::Io {
            path: PathBuf::from("/inner"),
            error: denied(),
        }),
    });
    match typed_in::<InputError>(&e) {
        Some(InputError::Io { path, .. }) => assert_eq!(path, &PathBuf::from("/outer")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn into_typed_takes_the_error_or_gives_the_io_error_back() {
    let e = io::Error::new(io::ErrorKind::InvalidData, PayloadError::NoChunks.into_io());
    assert_eq!(
        into_typed::<PayloadError>(e).unwrap(),
        PayloadError::NoChunks
    );

    // Behind a source() it is only lent: the io::Error comes back as it was.
    let e = io::Error::other(SealError::Encrypt(EncryptError::NoRecipients));
    let shown = e.to_string();
    let back = into_typed::<EncryptError>(e).unwrap_err();
    assert_eq!(back.kind(), io::ErrorKind::Other);
    assert_eq!(back.to_string(), shown);
    assert!(typed_in::<EncryptError>(&back).is_some());

    let back = into_typed::<PayloadError>(denied()).unwrap_err();
    assert_eq!(back.kind(), io::ErrorKind::PermissionDenied);
    assert_eq!(back.to_string(), "denied by test");
}
