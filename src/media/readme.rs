//! The short bilingual README.txt on every medium: what it is, and how to verify and
//! open it with isou or with standard tools only (so the recipient is never locked in).

/// The README for shipment `id`; `zstd` says whether the payload is compressed.
pub fn text(id: &str, zstd: bool) -> String {
    let unzstd = if zstd { " | zstd -d" } else { "" };
    format!(
        "\
isou 移送媒体 / isou transport medium — {id}

この媒体には暗号化されたデータのみが入っています。ファイル名や内容は暗号の中にあります。
This medium holds encrypted data only; file names and contents are inside the encryption.

1. 受領確認（鍵は不要）/ Check on receipt (no key needed):
     isou verify --signer 送り主の連絡先カード/SENDER-CARD  <この媒体/THIS-MEDIUM>
   標準ツールのみ / with standard tools only:
     cd <この媒体/THIS-MEDIUM> && sha256sum -c manifest-sha256.txt && sha256sum -c tagmanifest-sha256.txt
     ssh-keygen -Y verify -f allowed_signers -I SENDER -n isou \\
         -s tagmanifest-sha256.txt.sig < tagmanifest-sha256.txt
   (allowed_signers: 'SENDER namespaces=\"isou\" ssh-ed25519 AAAA…' — 送り主の署名鍵 / the sender's key,
    bag-info.txt の Signer-Key 指紋と照合 / compare with the Signer-Key fingerprint)

2. 復号（権限のある方のみ）/ Open (authorised persons only):
     isou open <この媒体/THIS-MEDIUM> -i 鍵ファイル/IDENTITY --out 出力先/OUTPUT-DIR
   標準ツールのみ / with standard tools only:
     cat data/payload.* | age -d -i 鍵ファイル/IDENTITY{unzstd} | tar x
   展開後、ISOU-CONTENTS.json の SHA-256 で各ファイルを確認してください。
   Then check each file against the SHA-256 values in ISOU-CONTENTS.json.

   複数媒体の場合（bag-info.txt の Bag-Count が「1 of 3」など）: isou verify / open に
   全媒体を指定し、標準ツールでは全媒体の data/ を一つのフォルダに集めてから上記を実行。
   A set of several media (Bag-Count \"1 of 3\" …): give every volume to isou verify / open;
   with standard tools, copy every volume's data/ into one folder first.

3. 受領・復号・廃棄は記録してください（移送記録簿）。Record receipt, opening and disposal.
"
    )
}
