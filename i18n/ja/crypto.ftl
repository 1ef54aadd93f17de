# isou メッセージカタログ（日本語）: crypto。決まりは common.ftl を参照。
# 暗号化・復号・鍵・パスフレーズ・署名（src/error.rs, src/engine, src/keys,
# src/signature.rs, isou encrypt/decrypt/keygen/card）。i18n/en/crypto.ftl と同じ ID・同じ差し込み。
# 用語: identity（file）= 秘密鍵（ファイル）、recipient = 公開鍵（age1…）・宛先、
# contact card = 連絡先カード、signing key = 署名鍵。

## 復号の失敗（DecryptError）

crypto-not-age-file = 入力は age で暗号化されたファイルではありません
crypto-not-age-file-hint = 暗号化されたファイルを指定したか確認してください（先頭は 'age-encryption.org/v1' または '-----BEGIN AGE ENCRYPTED FILE-----' です）
crypto-unsupported-version = このファイルは age 形式のバージョン「{ $version }」で、isou では読めません
crypto-unsupported-version-hint = 新しいツールで作られたファイルです。どのプログラムで作ったか送付元に確認してください
crypto-invalid-header = age のヘッダーが正しくありません: { $why }
crypto-header-too-large = age のヘッダーが大きすぎるため受け付けません: { $why }
crypto-armor-invalid = ASCII アーマーが正しくありません: { $why }
crypto-damaged-hint = ファイルが壊れているか、age 互換のツールで作られていません。送付元に送り直しを依頼してください
crypto-excessive-work = このパスフレーズには scrypt の作業係数 2^{ $required } が必要で、上限 2^{ $max } を超えています
crypto-excessive-work-hint = 正規の送付元はずっと小さい値を使います。不審なファイルとして扱い、送付元に暗号化のやり直しを依頼してください
crypto-insufficient-memory = パスフレーズの scrypt 作業係数 2^{ $factor } には { $required } MiB のメモリーが必要ですが、使えるのは { $available } MiB だけです
crypto-insufficient-memory-hint = 他のプログラムを終了するか、メモリーの多いパソコンを使ってください。これほど大きな作業係数は普通ではありません（isou と age は約 2^18）。送付元が作ったものか確認してください
crypto-no-matching-identity = 指定した秘密鍵のどれでもこのファイルを復号できません
crypto-no-matching-identity-hint = 送付元が暗号化に使った公開鍵（age1…）に対応する秘密鍵を指定してください（-i FILE）。別の宛先向けのファイルかもしれません
crypto-wrong-passphrase = このファイルのパスフレーズが違います
crypto-wrong-passphrase-hint = 別送されたパスフレーズの用紙を確認して、もう一度入力してください
crypto-passphrase-required = このファイルは鍵ではなくパスフレーズで暗号化されています
crypto-passphrase-required-hint = --passphrase を付けて復号してください
crypto-not-passphrase-encrypted = このファイルはパスフレーズではなく宛先の公開鍵で暗号化されています
crypto-not-passphrase-encrypted-hint = --passphrase ではなく、自分の秘密鍵ファイル（-i FILE）で復号してください
crypto-header-mac = age のヘッダーの認証に失敗しました。暗号化の後に改ざんされています
crypto-altered-hint = このファイルは使わないでください。送付元に送り直しを依頼してください（何も保存していません）
crypto-read-failed = 暗号化された入力を読めません: { $error }

## 暗号化の失敗（EncryptError）

crypto-no-recipients = 宛先が指定されていません
crypto-no-recipients-hint = -r age1… または -R FILE で宛先を１つ以上指定するか、--passphrase を使ってください
crypto-incompatible-recipients = これらの宛先は１つのファイルにまとめられません
crypto-incompatible-recipients-hint = パスフレーズは単独で使います。鍵で暗号化するか、パスフレーズで暗号化するか、どちらかにしてください
crypto-wrap-failed = 宛先の１つがファイル鍵を暗号化できません: { $error }

## 鍵の失敗（KeyError）

key-not-found = 秘密鍵ファイル { $path } がありません
key-not-found-hint = 'isou keygen' で作成するか、-i FILE で自分の秘密鍵ファイルを指定してください
key-insecure-permissions = 秘密鍵ファイル { $path } は他のユーザーが読めます（モード { $mode }）
key-insecure-permissions-hint = 'chmod 600 { $path }' で本人だけが読めるようにしてください（誰かが複製していないかも確認してください）
key-public-key-given = { $path } は{ $kind }で、あなたの秘密鍵ファイルではありません
key-public-key-given-ssh-hint = -i には 'isou keygen' が書いた自分の秘密鍵ファイル（既定は { $default }）を指定してください。SSH の鍵は isou の秘密鍵ではありません
key-public-key-given-card-hint = -i には 'isou keygen' が書いた自分の秘密鍵ファイル（既定は { $default }）を指定してください。相手の連絡先カードは --to（seal）か --signer（verify、open）に指定します
key-already-exists = { $path } はすでにあります
key-already-exists-hint = isou は鍵を上書きしません。-o で別のファイルを指定するか、古いファイルを先に移動してください
key-wrong-passphrase = 秘密鍵ファイル { $path } のパスフレーズが違います
key-wrong-passphrase-hint = 秘密鍵ファイルのパスフレーズをもう一度入力してください
key-wrong-passphrase-or-altered = 秘密鍵ファイル { $path } のパスフレーズが違うか、ファイルが改ざんされています（チェックサムは一致するので、壊れてはいません）
key-wrong-passphrase-or-altered-hint = パスフレーズをもう一度入力してください。パスフレーズに間違いがなければ、ファイルが改ざんされています。バックアップから戻し、誰が書き込めたかを調べてください
key-kdf-below-minimum = 秘密鍵ファイル { $path } が求める Argon2id の設定（{ $asked }）は Argon2id の最小値（1 レーン、1 パス、レーンあたり 8 KiB）を下回り、isou が書くことはありません。改ざんされたか、別のツールで作られたファイルです
key-kdf-too-costly = 秘密鍵ファイル { $path } が求める Argon2id の設定（{ $asked }）は isou が書く値（最大 { $most }）を超えています。改ざんされたか、別のツールで作られたファイルです
key-kdf-out-of-bounds-hint = 秘密鍵ファイルをバックアップから戻してください。パスフレーズは尋ねていません。どのパスフレーズでも開けません
key-not-regular = { $path } は{ $kind }で、秘密鍵ファイル（通常のファイル）ではありません
key-not-regular-hint = -i FILE で秘密鍵ファイルそのものを指定してください（isou は通常のファイルからだけ秘密鍵を読みます）
key-corrupted = 秘密鍵ファイル { $path } が壊れています: { $why }
key-corrupted-hint = 秘密鍵ファイルをバックアップから戻してください。パスフレーズでは直せません
key-unknown-format = { $path } は isou が読める秘密鍵ファイルではありません: { $why }
key-unknown-format-hint = isou の秘密鍵ファイル（isou keygen）か age の秘密鍵ファイル（age-keygen）を指定してください
key-invalid-recipient = 宛先「{ $text }」が正しくありません: { $why }
key-invalid-recipient-hint = 宛先は 'age1…' の公開鍵か isou の連絡先カードの行です。相手から受け取ったものをもう一度写してください
key-secret-file-given = { $path } は{ $noun }のファイル（{ $kind }）で、{ $expected }ではありません
key-secret-text-given = 指定した{ $expected }は公開鍵ではなく{ $noun }（{ $kind }）です
key-secret-key-given-hint = 相手の公開鍵（連絡先カード isou-card-v1 …、age1… の宛先、ssh-ed25519 の鍵）を指定してください。公開鍵の代わりに自分の秘密鍵ファイルを渡さないでください（誰かに送ってしまった場合は、新しい鍵を作ってください）
key-expected-contact-card = 連絡先カード
key-expected-recipient = 宛先
key-expected-recipients-file = 宛先ファイル
key-expected-public-key-file = 公開鍵ファイル
key-expected-signer = 署名者
key-no-signing-key = 秘密鍵ファイル { $path } には署名鍵がありません（age だけの秘密鍵です）
key-no-signing-key-hint = 送るものに署名するには 'isou keygen' で isou の秘密鍵を作成してください
key-passphrase-unread = パスフレーズを読み取れません: { $why }
key-passphrase-unread-hint = 端末で実行するか、--passphrase-file FILE / --passphrase-fd N で指定してください
key-passphrase-too-short = 新しいパスフレーズが { $min } 文字より短いです
key-passphrase-too-short-hint = { $min } 文字以上のパスフレーズにしてください（ファイルでも端末での入力でも同じです）
key-passphrase-mismatch = 2 回入力したパスフレーズが一致しません
key-passphrase-mismatch-hint = もう一度実行し、同じパスフレーズを 2 回入力してください
key-file-unfit = 鍵ファイル { $path } は使えません: { $why }
key-file-unfit-hint = 鍵そのもののファイルを指定してください。連絡先カードや公開鍵のファイルは数百バイト、宛先ファイルは最大 1 MiB です

## 秘密鍵の種類と、秘密鍵ファイルを読めない理由（keys/mod.rs）

key-noun-key = 秘密鍵
key-noun-identity = 秘密鍵
key-kind-isou-identity = isou の秘密鍵
key-kind-age-identity = age の秘密鍵
key-kind-age-plugin-identity = age プラグインの秘密鍵
key-kind-private-key = 秘密鍵（private key）
key-kdf-params = メモリー { $memory }、{ $passes } パス、{ $lanes } レーン
key-why-signing-not-base64 = 署名鍵が base64 ではありません
key-why-signing-not-32-bytes = 署名鍵が 32 バイトではありません
key-why-signing-invalid = 署名鍵が正しくありません: { $error }
key-why-not-utf8 = UTF-8 のテキストではありません
key-why-recipient-field = recipient の欄が age の公開鍵ではありません: { $error }
key-why-signing-field = signing-key の欄が SSH の鍵ではありません: { $error }
key-why-label = ラベルが200文字以内の１行の文字列ではありません
key-why-too-large = 秘密鍵ファイルとしては大きすぎます
key-why-ssh-private-key = SSH の秘密鍵で、age や isou の秘密鍵ではありません
key-why-line = { $line } 行目: { $error }
key-why-unknown-line = { $line } 行目はコメントでも age の秘密鍵の行でもありません
key-why-no-age-line = age の秘密鍵の行がありません
key-why-many-signing-keys = 署名鍵の行が { $count } 行あります。isou の秘密鍵では１行だけで、どれがあなたのものかを isou は推測しません
key-why-many-age-lines = 署名鍵と age の秘密鍵の行 { $count } 行があります。isou の秘密鍵ではどちらも１行だけです
key-why-end-missing = END の行がありません
key-why-checksum-missing = チェックサムの行がありません
key-why-checksum-mismatch = チェックサムが内容と一致しません
key-why-field-malformed = 欄の行の形式が正しくありません
key-why-unknown-field = isou が書かない欄（{ $field }）があります。改ざんされたか、別のツールで作られています
key-why-field-twice = { $field } の欄が２回あります。改ざんされたか、別のツールで作られています
key-why-field-missing = { $field } の欄がありません
key-why-newer-version = 秘密鍵ファイルの形式のバージョン { $version } は、この isou より新しいものです
key-why-unknown-kdf = 鍵導出または暗号の方式が不明です
key-why-not-number = { $field } が数値ではありません
key-why-not-base64 = { $field } が base64 ではありません
key-why-nonce = nonce が 24 バイトではありません
key-why-salt = salt が 16 バイトより短いです
key-why-sealed-not-text = 封入された鍵がテキストではありません
key-why-sealed-mismatch = 封入された鍵がファイル内の公開鍵と一致しません（パスフレーズを知る誰かが改ざんしたか、別のツールで作られています）
key-why-decrypted-not-text = 復号した秘密鍵がテキストではありません

## age のヘッダー・本体を受け付けない理由（engine）

crypto-why-no-mac-line = MAC の行より前でヘッダーが終わっています
crypto-why-too-many-stanzas = 宛先のスタンザが { $max } 個を超えています
crypto-why-header-larger = ヘッダーが { $kib } KiB を超えています
crypto-why-stanza-malformed = { $number } 番目の宛先のスタンザの形式が正しくありません
crypto-why-no-stanza = ヘッダーに宛先のスタンザがありません
crypto-why-scrypt-not-alone = パスフレーズ（scrypt）のスタンザはヘッダーの唯一のスタンザでなければなりません
crypto-why-mac-line-malformed = MAC の行の形式が正しくありません
crypto-why-mac-not-canonical = MAC が正規の base64 ではありません
crypto-why-line-too-long = ヘッダーの行が { $max } バイトを超えています
crypto-why-ends-in-header = ヘッダーの途中でファイルが終わっています
crypto-why-armor-begin = ファイルが '-----BEGIN AGE ENCRYPTED FILE-----' で始まっていません
crypto-why-no-nonce = 本体の nonce より前でファイルが終わっています
crypto-why-a-stanza-malformed = 宛先のスタンザの形式が正しくありません
crypto-payload-corrupted = 本体のチャンク { $chunk }（本体の { $offset } バイト目）の認証に失敗しました。ファイルが改ざん・破損しているか、順序が入れ替わっています
crypto-payload-truncated = ファイルが途中で切れています。最後ではないチャンク { $chunk } の後で終わっています
crypto-payload-trailing-data = 最後のチャンク { $chunk } の後に余分なデータがあります
crypto-payload-empty-final-chunk = 最後のチャンク { $chunk } が空です。空になれるのは空のファイルだけです
crypto-payload-short-chunk = ファイルが途中で切れています。最後のチャンク { $chunk } は { $len } バイトしかなく、16 バイトの認証タグより短いです
crypto-payload-no-chunks = ファイルが途中で切れています。本体にチャンクがありません
crypto-writer-failed-earlier = 本体の書き込みは先に失敗しています

## 署名（SignatureError）

sig-malformed = 署名の形式が正しくありません: { $why }
sig-why-too-large = 大きすぎます
sig-wrong-namespace = この署名は「{ $namespace }」用に作られたもので、isou の電子媒体の署名ではありません
sig-unsupported-key = この署名は { $algorithm } の鍵で作られています。isou の署名は Ed25519 です
sig-unsupported-key-hint = isou の秘密鍵で署名するよう送付元に依頼してください
sig-unknown-signer = この電子媒体は鍵 { $fingerprint } で署名されていますが、想定している送付元の鍵ではありません
sig-unknown-signer-hint = 開封しないでください。送付元がどの鍵で署名しているか、送付元に確認してください（荷物に同封の連絡先ではなく、電話で）
sig-invalid = 鍵 { $fingerprint } による署名が電子媒体と一致しません。署名の後に改ざんされています
sig-tampered-hint = 開封しないでください。改ざんされた電子媒体として報告し、送付元に再送を依頼してください
sig-signing-failed = 署名できません: { $why }

## 連絡先カードと宛先（keys/card.rs）

key-why-card-tag = 連絡先カードは '{ $tag }' で始まります
key-why-card-no-recipient = age の公開鍵がありません
key-why-card-bad-recipient = age の公開鍵が正しくありません: { $error }
key-why-card-not-ed25519 = 署名鍵は ssh-ed25519 の鍵でなければなりません
key-why-card-no-signing-key = 署名鍵がありません
key-why-card-bad-signing-key = 署名鍵が正しくありません: { $error }
key-why-card-label-control = ラベルに制御文字が含まれています
key-why-not-a-recipient = 'age1…' の公開鍵か isou の連絡先カードを指定してください
key-why-in-file-line = { $why }（{ $path }、{ $line } 行目）
key-why-no-recipients = 宛先ファイルに宛先が１つもありません
key-why-key-file-not-utf8 = UTF-8 のテキストではありません
key-public-card = 公開用の連絡先カード
key-public-card-labelled = 公開用の連絡先カード（{ $label }）
key-public-recipient = age の公開鍵（age1…）
key-public-ssh = SSH の公開鍵

## パスフレーズ: 入力の促しと、読み取れない理由（keys/passphrase.rs）

prompt-passphrase-for = { $what }のパスフレーズ:
prompt-confirm-passphrase = 確認のため、パスフレーズをもう一度入力してください:
prompt-too-short = パスフレーズが { $min } 文字より短いです
prompt-why-fd-not-open = { $fd } は開いているファイル記述子ではありません
prompt-fd-name = ファイル記述子 { $fd }
prompt-why-fd-unix-only = ファイル記述子 { $fd } の読み取りは Unix でだけ使えます
prompt-why-no-terminal = 入力を求める端末がありません
prompt-why-terminal-unread = 端末から読み取れません: { $error }
prompt-why-not-utf8 = { $what } が UTF-8 のテキストではありません
prompt-why-empty = { $what } のパスフレーズが空です
prompt-generated = 生成したパスフレーズ
prompt-generated-advice = 今すぐ書き留め、保護する電子媒体とは別の経路で送付してください。どこにも保存していません。

## 推測されやすいパスフレーズ（WeakPassphrase、推定器の助言）

prompt-weak = パスフレーズが推測されやすすぎます（約 10^{ $log } 回の試行で当たります。10^10 回以上が必要です）
prompt-weak-public-value = 電子媒体や封筒に書かれた値（追跡番号、宛先、組織名）が含まれています。
prompt-zx-straight-rows = キーボードの１列をそのまま並べたものは推測されやすいです。
prompt-zx-short-keyboard = 短いキーボードの並びは推測されやすいです。
prompt-zx-repeats-aaa = "aaa" のような繰り返しは推測されやすいです。
prompt-zx-repeats-abcabc = "abcabcabc" のような繰り返しは "abc" よりわずかに推測しにくいだけです。
prompt-zx-top10 = よく使われるパスワードの上位10位以内です。
prompt-zx-top100 = よく使われるパスワードの上位100位以内です。
prompt-zx-common = 非常によく使われるパスワードです。
prompt-zx-similar-common = よく使われるパスワードに似ています。
prompt-zx-sequences = abc や 6543 のような連続は推測されやすいです。
prompt-zx-recent-years = 最近の年は推測されやすいです。
prompt-zx-word-alone = 単語１つだけでは推測されやすいです。
prompt-zx-dates = 日付は推測されやすいことが多いです。
prompt-zx-names-alone = 名前や名字だけでは推測されやすいです。
prompt-zx-common-names = よくある名前や名字は推測されやすいです。
prompt-zx-use-few-words = 単語をいくつか組み合わせ、よく使われる言い回しは避けてください。
prompt-zx-no-need-symbols = 記号・数字・大文字は必要ありません。
prompt-zx-add-word = 単語をもう１つか２つ加えてください。あまり使われない単語が適しています。
prompt-zx-capitalization = 大文字にしてもあまり効果はありません。
prompt-zx-all-upper = すべて大文字にしても、すべて小文字と同じくらい推測されやすいです。
prompt-zx-reversed = 単語を逆に書いても、推測しにくさはあまり変わりません。
prompt-zx-substitutions = 'a' の代わりに '@' のような予想しやすい置き換えは、あまり効果がありません。
prompt-zx-longer-keyboard = キーボードの並びを使うなら、もっと長く、曲がり角を多くしてください。
prompt-zx-avoid-repeats = 単語や文字の繰り返しは避けてください。
prompt-zx-avoid-sequences = 連続した並びは避けてください。
prompt-zx-avoid-recent-years = 最近の年は避けてください。
prompt-zx-avoid-your-years = 自分に関係のある年は避けてください。
prompt-zx-avoid-your-dates = 自分に関係のある日付や年は避けてください。
prompt-passphrase = パスフレーズ:
prompt-new-passphrase-or-empty = パスフレーズ（空のまま Enter で強固なものを生成します）:
prompt-identity-passphrase = 秘密鍵ファイル { $path } のパスフレーズ:
prompt-what-new-identity = 新しい秘密鍵ファイル

## isou encrypt、isou decrypt（src/bin/isou/crypt.rs）

crypto-writing-stdout = 標準出力への書き込み
crypto-writing-file = { $path } への書き込み
crypto-reading-input = { $input } の読み取り
crypto-stdin = 標準入力
crypto-passphrase-with-recipients = パスフレーズと宛先は一緒に使えません
crypto-passphrase-with-recipients-hint = 鍵（-r/-R）か --passphrase のどちらか一方で暗号化してください
crypto-weak-identifiable = { $weak }。非匿名化データには強固なパスフレーズが必要です（§2.2⑦ 強固な暗号化方法）
crypto-weak-identifiable-hint = 端末で何も入力せずに Enter を押すと、isou が強固なパスフレーズを生成します（別の経路で送る鍵の用紙に書いてください）。または、あまり使われない単語をいくつも並べた長いパスフレーズにしてください
crypto-generated-no-terminal = 生成したパスフレーズは端末にだけ表示しますが、端末に書き込めません: { $error }
crypto-generated-no-terminal-hint = --passphrase-file FILE または --passphrase-fd N でパスフレーズを指定するか、端末で isou を実行してください
crypto-passphrases-differ-again = ２回入力したパスフレーズが一致しません。パスフレーズと確認をもう一度入力してください（{ $tries } 回中 { $attempt } 回目）
crypto-passphrases-differed = ２回入力したパスフレーズが { $tries } 回とも一致しませんでした。何も暗号化していません
crypto-passphrases-differed-hint = 同じパスフレーズを２回入力するか、空のままにして強固なものを生成させてください
crypto-identities-unused = 注意: このファイルはパスフレーズで暗号化されています。秘密鍵ファイルは使いません
crypto-wrong-passphrase-again = パスフレーズが違います。もう一度入力してください（{ $tries } 回中 { $attempt } 回目）
crypto-stdout-incomplete = 標準出力に書き出した復号済みのデータは不完全です。破棄してください

## isou keygen、isou card（src/bin/isou/keygen.rs）

key-no-config-dir = このシステムにはユーザーごとの設定フォルダーがありません
key-no-config-dir-hint = -i FILE（keygen では -o FILE）で秘密鍵ファイルを指定するか、ISOU_IDENTITY を設定してください
key-wrong-passphrase-again = 秘密鍵ファイル { $path } のパスフレーズが違います。もう一度入力してください（{ $tries } 回中 { $attempt } 回目）
keygen-no-stdout = 秘密鍵ファイルは標準出力には書き出せません
keygen-no-stdout-hint = -o FILE でファイルを指定してください。モード 0600 で作成します
keygen-unprotected-with-passphrase = --unprotected はパスフレーズを使いませんが、パスフレーズの入力元が指定されています
keygen-unprotected-with-passphrase-hint = --unprotected か --passphrase-file/--passphrase-fd のどちらかを外してください
keygen-unprotected-warning = パスフレーズで保護しない秘密鍵ファイルを書き出します。{ $path } を複製した人は誰でも、あなた宛てのものを開封し、あなたとして署名できます。
keygen-written-protected = 秘密鍵を { $path } に書き出しました（Argon2id と XChaCha20-Poly1305 で保護、モード 0600）。
keygen-written-unprotected = 秘密鍵を { $path } に書き出しました（保護なし、モード 0600）。
keygen-hand-card = この連絡先カードを相手に渡してください（公開鍵だけが含まれます）:
keygen-choose-another = { $problem }。別のパスフレーズにしてください（{ $tries } 回中 { $attempt } 回目）
keygen-choose-another-last = { $problem }。別のパスフレーズにしてください
keygen-differ = ２回入力したパスフレーズが一致しません。もう一度決めて２回入力してください（{ $tries } 回中 { $attempt } 回目）
keygen-differ-last = ２回入力したパスフレーズが一致しません。もう一度決めて２回入力してください
keygen-no-passphrase-set = { $tries } 回試してもパスフレーズが決まりませんでした。何も書き出していません
keygen-no-passphrase-set-hint = { $min } 文字以上で推測されにくい（あまり使われない単語をいくつも並べた）パスフレーズを決め、同じように２回入力して、もう一度 isou keygen を実行してください
keygen-label-hint = 200文字以内の１行の文字列にしてください
card-passphrase-unused = 注意: 連絡先カードにパスフレーズは不要です。指定されたものは読みません

## 鍵を読み取れない理由（keys/reason.rs）: 解析ライブラリのよくある理由
key-reason-age-bech32 = age の鍵として完全ではありません（文字が欠けているか誤っています。もう一度写してください）
key-reason-age-prefix = age1 で始まっていません
key-reason-age-length = 鍵の長さが正しくありません
key-reason-ssh-algorithm = 鍵の種類が不明です
key-reason-ssh-format = OpenSSH の鍵または署名の形になっていません
key-reason-ssh-length = 鍵が途中で切れているか長すぎます（もう一度写してください）
key-reason-ssh-characters = 鍵に使われない文字が含まれています（もう一度写してください）
key-reason-ssh-trailing = 鍵の後ろに余分なデータがあります
key-reason-other = 読み取れません（{ $error }）
