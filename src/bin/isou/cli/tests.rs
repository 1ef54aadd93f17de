//! The command line's own tests: parsing, values refused, help in either language.

use super::*;
use isou::i18n::{in_lang, Lang};
use isou::media::MediumType;
use isou::pipeline::Compression;

fn parse(lang: Lang, args: &[&str]) -> Result<Cli, clap::Error> {
    in_lang(lang, || {
        Cli::try_parse_from(std::iter::once("isou").chain(args.iter().copied()))
    })
}

fn seal(lang: Lang, extra: &[&str]) -> Result<SealArgs, clap::Error> {
    let mut args = vec!["seal", "--to", "age1x", "--medium", "m"];
    args.extend(extra);
    args.push("extract");
    match parse(lang, &args)?.command {
        Command::Seal(a) => Ok(a),
        c => panic!("not seal: {c:?}"),
    }
}

fn export(extra: &[&str]) -> (ExportFormat, &'static str) {
    let mut args = vec!["record", "export"];
    args.extend(extra);
    match parse(Lang::En, &args).unwrap().command {
        Command::Record(RecordCommand::Export {
            format, register, ..
        }) => (format, register.name),
        c => panic!("not record export: {c:?}"),
    }
}

/// What clap refused, as isou words it (`Refused`, printed by `usage::parse`).
fn refused(e: clap::Error) -> (String, String) {
    assert_eq!(e.kind(), clap::error::ErrorKind::ValueValidation, "{e}");
    let r = std::error::Error::source(&e)
        .and_then(|s| s.downcast_ref::<Refused>())
        .unwrap_or_else(|| panic!("not isou's refusal: {e}"));
    (r.msg.clone(), r.hint.clone())
}

#[test]
fn seal_values_are_typed_by_clap() {
    let a = seal(Lang::En, &[]).unwrap();
    assert_eq!(a.compression, Compression::Zstd(3));
    assert_eq!(a.segment_size, 256 << 20);
    assert_eq!((a.volume_size, a.medium_type), (None, None));
    let a = seal(
        Lang::En,
        &[
            "--compression",
            "zstd:19",
            "--segment-size",
            "4095M",
            "--volume-size",
            "700M",
        ],
    )
    .unwrap();
    assert_eq!(a.compression, Compression::Zstd(19));
    assert_eq!(a.segment_size, 4095 << 20);
    assert_eq!(a.volume_size, Some(700 << 20));
    let a = seal(Lang::En, &["--compression", "none", "--segment-size", "1m"]).unwrap();
    assert_eq!(
        (a.compression, a.segment_size),
        (Compression::None, 1 << 20)
    );
    for (typed, want) in [
        ("usb", MediumType::Usb),
        ("USBメモリ", MediumType::Usb),
        ("folder", MediumType::Usb),
        ("cd-r", MediumType::CdR),
        ("CD", MediumType::CdR),
        ("dvd+r", MediumType::DvdR),
        ("DVD-R", MediumType::DvdR),
        ("bd-r", MediumType::BdR),
        ("bdr", MediumType::BdR),
    ] {
        let a = seal(Lang::En, &["--medium-type", typed]).unwrap();
        assert_eq!(a.medium_type, Some(want), "{typed}");
    }
}

#[test]
fn bad_seal_values_are_refused_by_clap_in_the_language_of_the_run() {
    let cases = [
        (
            "--segment-size",
            "12Q",
            "--segment-size \"12Q\" is not between 1M and 4G minus one byte",
            "--segment-size \"12Q\" は 1M 以上 4G 未満ではありません",
            "for example --segment-size 1G",
        ),
        (
            "--segment-size",
            "1023K",
            "--segment-size \"1023K\" is not between",
            "--segment-size \"1023K\" は 1M 以上",
            "for example --segment-size 1G",
        ),
        (
            "--segment-size",
            "4G",
            "--segment-size \"4G\" is not between",
            "--segment-size \"4G\" は 1M 以上",
            "for example --segment-size 1G",
        ),
        (
            "--compression",
            "zstd:99",
            "\"zstd:99\" is not a compression: use none, zstd or zstd:LEVEL with LEVEL 1-19",
            "\"zstd:99\" は圧縮方式ではありません",
            "for example --compression zstd:3",
        ),
        (
            "--compression",
            "gzip",
            "\"gzip\" is not a compression",
            "\"gzip\" は圧縮方式ではありません",
            "for example --compression zstd:3",
        ),
        (
            "--volume-size",
            "0",
            "--volume-size \"0\" is not a size",
            "--volume-size \"0\" は大きさとして読めません",
            "for example --volume-size 700M or --volume-size 4G",
        ),
        (
            "--volume-size",
            "99999999999G",
            "--volume-size \"99999999999G\" is not a size",
            "--volume-size \"99999999999G\" は大きさとして読めません",
            "for example --volume-size 700M or --volume-size 4G",
        ),
        (
            "--medium-type",
            "floppy",
            "\"floppy\" is not a medium type: use usb, cd-r, dvd-r or bd-r",
            "\"floppy\" は電子媒体の種類ではありません",
            "for example --medium-type dvd-r",
        ),
    ];
    for (flag, value, en, ja, hint) in cases {
        let (msg, h) = refused(seal(Lang::En, &[flag, value]).unwrap_err());
        assert!(msg.contains(en), "{flag} {value}: {msg}");
        assert!(h.starts_with(hint), "{flag} {value}: {h}");
        let (msg, h) = refused(seal(Lang::Ja, &[flag, value]).unwrap_err());
        assert!(msg.contains(ja), "{flag} {value}: {msg}");
        assert!(h.starts_with("例: "), "{flag} {value}: {h}");
    }
}

#[test]
fn export_format_and_register_are_typed_by_clap() {
    assert_eq!(export(&[]), (ExportFormat::Csv, "transport"));
    assert_eq!(
        export(&["--format", "json", "--register", "media"]),
        (ExportFormat::Json, "media")
    );
    assert_eq!(
        export(&["--format", "xlsx", "--register", "disposal"]),
        (ExportFormat::Xlsx, "disposal")
    );
    assert_eq!(export(&["--register", "checks"]).1, "checks");
    for args in [
        ["--register", "nope"],
        ["--format", "pdf"],
        ["--format", "CSV"],
    ] {
        let mut all = vec!["record", "export"];
        all.extend(args);
        let e = parse(Lang::En, &all).unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::InvalidValue, "{args:?}");
    }
}
