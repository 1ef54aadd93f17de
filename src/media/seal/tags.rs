//! Each volume's tag files as sealing renders them: `bag-info.txt`, the manifests,
//! the README and the signature.

use std::io;

use ssh_key::PrivateKey;

use super::{today, Protection, SealError, SealRequest};
use crate::bag::{self, BagInfo, TagFiles};
use crate::media::readme;
use crate::media::volume::{BagCount, TagMaker};
use crate::pipeline::{self, Segment};
use crate::signature;

/// Renders each volume's tag files: the shipment's fields, the volume's own
/// Payload-Oxum and Bag-Count, the manifests, the README and the signature.
pub(super) struct BagMaker<'a> {
    /// Fields in order; `None` marks where Payload-Oxum and Bag-Count go.
    fields: Vec<(&'static str, Option<String>)>,
    readme: String,
    key: &'a PrivateKey,
    pub(super) signer: String,
    pub(super) tracking: Option<String>,
}

impl<'a> BagMaker<'a> {
    pub(super) fn new(req: &SealRequest<'a>, shipment_id: &str) -> Result<BagMaker<'a>, SealError> {
        let f = &req.fields;
        let signer = signature::fingerprint(req.signing_key.public_key());
        let mut fields: Vec<(&'static str, Option<String>)> = vec![
            ("Bagging-Date", Some(today())),
            ("Payload-Oxum", None),
            ("External-Identifier", Some(shipment_id.to_string())),
            ("Bag-Count", None),
            ("Bag-Group-Identifier", Some(shipment_id.to_string())),
        ];
        let mut opt = |l: &'static str, v: &Option<String>| {
            if let Some(v) = v {
                fields.push((l, Some(v.clone())));
            }
        };
        opt("Source-Organization", &f.source_organization);
        opt("Contact-Name", &f.handler);
        fields.push((
            "Tracking-Number",
            Some(
                f.tracking
                    .as_ref()
                    .map(|t| t.normalized().to_string())
                    .unwrap_or_default(),
            ),
        ));
        let mut opt = |l: &'static str, v: &Option<String>| {
            if let Some(v) = v {
                fields.push((l, Some(v.clone())));
            }
        };
        opt("Carrier", &f.carrier);
        opt("Destination", &f.destination);
        opt("Information-Class", &Some(f.class.label().to_string()));
        opt("Medium-Type", &f.medium_type);
        for (label, v) in f.terms.fields() {
            fields.push((label, Some(v)));
        }
        let (encryption, recipients) = match &req.protection {
            Protection::Recipients(r) => (
                format!(
                    "age v1, X25519 ({} recipient{}), {}",
                    r.len(),
                    if r.len() == 1 { "" } else { "s" },
                    compression_label(req.options.compression)
                ),
                r.iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            Protection::Passphrase(_) => (
                format!(
                    "age v1, scrypt passphrase, {}",
                    compression_label(req.options.compression)
                ),
                String::new(),
            ),
        };
        fields.push(("Encryption", Some(encryption)));
        if !recipients.is_empty() {
            fields.push(("Recipient-Fingerprint", Some(recipients)));
        }
        fields.push(("Signer-Key", Some(signer.clone())));
        let maker = BagMaker {
            fields,
            readme: readme::text(
                shipment_id,
                req.options.compression != pipeline::Compression::None,
            ),
            key: req.signing_key,
            signer,
            tracking: f.tracking.as_ref().map(|t| t.normalized().to_string()),
        };
        // Every value is checked now, before anything is written.
        maker.info("0.0", "1 of 1").map_err(SealError::Field)?;
        Ok(maker)
    }

    fn info(&self, oxum: &str, count: &str) -> Result<BagInfo, bag::BagInfoError> {
        let mut info = BagInfo::default();
        for (label, value) in &self.fields {
            let v = match (*label, value) {
                (_, Some(v)) => v.as_str(),
                ("Payload-Oxum", None) => oxum,
                (_, None) => count,
            };
            info.push(label, v)?;
        }
        Ok(info)
    }
}

impl TagMaker for BagMaker<'_> {
    fn render(
        &self,
        segments: &[Segment],
        count: BagCount,
    ) -> io::Result<bag::write::RenderedTags> {
        let bytes: u64 = segments.iter().map(|s| s.size).sum();
        let info = self
            .info(&format!("{bytes}.{}", segments.len()), &count.to_string())
            .map_err(io::Error::other)?;
        let payload: Vec<(String, [u8; 32])> = segments
            .iter()
            .map(|s| (format!("data/{}", s.name), s.sha256))
            .collect();
        let key = self.key;
        bag::write::render_tag_files(&TagFiles {
            info: &info,
            payload: &payload,
            extra: &[("README.txt", self.readme.as_bytes())],
            sign: &|m| signature::sign(key, m),
        })
    }

    fn bounds(&self, n: usize) -> Vec<(String, u64)> {
        let line = |name: &str| 64 + 2 + name.len() as u64 + 1;
        let info = self
            .info("18446744073709551615.1000", "1000 of 1000")
            .map(|i| i.to_text().len() as u64)
            .unwrap_or(u64::MAX / 4);
        let names = [
            "bagit.txt",
            "bag-info.txt",
            "manifest-sha256.txt",
            "README.txt",
        ];
        vec![
            ("bag-info.txt".into(), info),
            (
                "manifest-sha256.txt".into(),
                n as u64 * line("data/payload.000"),
            ),
            ("README.txt".into(), self.readme.len() as u64),
            (
                "tagmanifest-sha256.txt".into(),
                names.iter().map(|n| line(n)).sum(),
            ),
            // An armored SSHSIG Ed25519 signature is about 300 bytes.
            (bag::write::SIGNATURE_FILE.into(), 1024),
            ("bagit.txt".into(), bag::BAGIT_TXT.len() as u64),
        ]
    }
}

fn compression_label(c: pipeline::Compression) -> String {
    match c {
        pipeline::Compression::None => "uncompressed".into(),
        pipeline::Compression::Zstd(l) => format!("zstd level {l}"),
    }
}
