# isou のメッセージカタログ（日本語）: seal・verify・open の表示（結果の要約、検証の報告、
# 進捗の表示、次に行うこと）。i18n/en/commands.ftl と同じ ID・同じ差し込み。

## 次に行うこと（各コマンドの後に１行、prefix-next）

next-after-seal = 発送したら移送記録簿に記録してください: isou record ship { $shipment } --carrier … --tracking-number …
next-after-seal-passphrase = パスフレーズは電子媒体と別の経路で送付し、記録してください: isou record key-sent { $shipment } --method …
next-after-verify = 電子媒体は正当で、改ざんはありません。開封は権限のある者が行ってください: isou open { $medium } --signer … --out …
next-after-verify-own = 移送前の自組織の電子媒体です。配送業者に引き渡したら移送記録簿に記録してください: isou record ship { $shipment } --carrier … --tracking-number …
next-after-verify-invalid = 電子媒体を開封しないでください。送付元に連絡し（小包によらず電話で）、電子媒体は調査のため保管してください
next-after-open = 復号したデータは { $path } にあります。{ $date } までに廃棄し、廃棄記録を残してください: { $command } --method …
next-after-open-no-date = 復号したデータは { $path } にあります。不要になったら廃棄し、廃棄記録を残してください: { $command } --method …

## seal・verify・open で共通

count-segments = { $count } セグメント
medium-signer-not-a-key = --signer { $signer } は連絡先カードでも ssh-ed25519 公開鍵でもありません: { $error }
medium-signer-not-a-key-hint = 送付元の連絡先カードの行（isou-card-v1 …）、ssh-ed25519 公開鍵、またはそれを保存したファイルを指定してください
medium-signer-bad-card = --signer { $signer } の連絡先カードが壊れています: { $why }
medium-signer-bad-card-hint = 送付元に連絡先カードをもう一度送ってもらうか（'isou card' で表示できます）、送付元の ssh-ed25519 公開鍵を指定してください
medium-not-a-local-path = { $path } はこのコンピューター上のパスではありません。フォルダーまたはイメージをもう一度入力するか、ドラッグしてください
medium-part-of-medium = { $path } は{ $what }で、電子媒体そのものではありません
medium-part-of-medium-hint = 電子媒体のフォルダー（bagit.txt があるフォルダー）を指定してください: { $medium }

## verify（検証）

verify-no-such-medium = { $path } はありません
verify-no-such-medium-hint = 電子媒体をマウントしたフォルダー、または ISO イメージのファイルを指定してください
verify-sender-claim = 電子媒体には送付元が { $claimed } と書かれていますが、署名は連絡先 { $contact } の鍵によるものです。送付元は { $contact } として記録します。理由を { $contact } に確認してください
verify-not-authenticated = （以下の電子媒体の記載は認証されていません。信用しないでください）
verify-tracking-number = 追跡番号: { $number }
verify-tracking-number-none = 追跡番号: （なし）
verify-label-shipment = 移送ID
verify-label-identifier = 識別子
verify-label-bagged = 封入日
verify-label-from = 送付元
verify-label-handler = 移送の担当者
verify-label-to = 宛先
verify-label-carrier = 配送業者
verify-label-medium = 電子媒体
verify-label-volume = 巻
verify-label-encryption = 暗号化
verify-label-class = 情報の区分
verify-label-payload = 内容
verify-label-signature = 署名
verify-bag-count = 第{ $volume }巻（全{ $count }巻）
verify-payload = { $files }、{ $size }
verify-signature-none = なし（isou の電子媒体ではない通常の BagIt バッグです）
verify-signature-good = 正常。想定した送付元 { $signer } の署名です
verify-signature-unpinned = 有効。署名者は { $signer } です。想定した送付元とは照合していません
verify-signature-bad = 異常: { $error }
verify-signature-unusable = 署名は名乗る鍵によるものですが、署名された内容が isou の電子媒体のものではありません: { $error }
verify-problem = 問題: { $problem }
verify-id-not-isou = 電子媒体の移送ID { $id } は isou が作る形（封入時の ISOU-YYYYMMDD-XXXXXXXX）ではありません。どの移送も指していません
verify-id-not-isou-typed = 電子媒体の移送ID { $id } は isou が作る形（封入時の ISOU-YYYYMMDD-XXXXXXXX）ではありません。どの移送も指していません（入力すると、この台帳の移送 { $typed } と読めますが、その移送ではありません）
verify-not-our-shipment = 移送 { $shipment } はここで封入し、{ $ours } が署名したものですが、この電子媒体の署名者は { $signer } です。その移送ではありません
verify-contested-key = { $key }（初回記録 { $since }）
verify-contested = 【移送ID競合】 移送 { $shipment } は、以前 { $others } の署名でここに記録されています。この電子媒体の署名者は、指定した送付元 { $signer } です。両方を { $shipment } に移送ID競合として記録します。どちらの送付元がこの移送IDを作ったか isou では判断できません。どちらの移送か、両方の送付元に（小包によらず電話で）確認してください
verify-cannot-read = { $path } を読み取れません: { $error }
verify-tracking-mismatch = 封筒の追跡番号（{ $envelope }）が、送付元が電子媒体に署名した追跡番号（{ $signed }）と一致しません。送付された電子媒体ではない可能性があります
verify-no-tracking-number = 電子媒体に追跡番号がありません（封入後に付けられたものです）。封筒の追跡番号を送付元の発送連絡と照合してください
verify-seen-opened = この移送は { $when } に { $by } が開封済みです
verify-seen-received = この移送は { $when } に { $by } が受領済みです
verify-class-unknown = 電子媒体の Information-Class { $class } は isou が扱う区分ではありません。非匿名化情報として扱い、記録します。どちらの区分か送付元に確認してください
verify-use-ended = 承認された利用期間は { $date } に終了しています。データは速やかに廃棄してください（§2.4）。対象は 'isou record due' で確認できます
verify-set-heading = == 全巻 ==
verify-set-shipment = { $group }（全{ $count }巻）
verify-result-valid = 検証結果: 正常
verify-result-invalid = 検証結果: 異常
verify-result-incomplete = 検証結果: 未完（あるものは正常ですが、すべてそろっていません）
verify-to-fetch = 未取得（fetch.txt に記載、媒体にない）: { $path }
verify-to-fetch-more = …ほか { $count } ファイルが未取得です
verify-holey = バッグがそろっていません: fetch.txt に記載のペイロード { $count } ファイルが媒体にありません（isou はネットワークを使わず、取得もしません。§2.2⑪）
verify-holey-hint = 取得する権限のある人にファイルを電子媒体へ入れてもらい、もう一度検証してください
verify-recorded-before-shipping = 移送前の確認として記録しました（{ $shipment }: ここで封入し、未発送です。受領ではありません）
verify-recorded-sender-check = 送付元による確認として記録しました（{ $shipment }: ここで封入し、発送済みです。受領ではなく、移送は完了していません）
verify-recorded-incomplete = 移送 { $shipment } の一部の巻の確認として記録しました（{ $missing }）。全巻を検証した以前の記録はそのまま有効です
verify-recorded-medium-check = 電子媒体 { $medium } の確認として記録しました（記載は認証されていないため、どの移送の記録も変更していません）
verify-nothing-recorded = 何も記録していません: 指定した場所にバッグがありません（bagit.txt、bag-info.txt、タグマニフェストがありません）
open-refusal-recorded = 開封を拒否したことを、移送 { $shipment } の検証（異常）として記録しました
verify-unpinned = 電子媒体に異常はありませんが、--signer の指定がないため、署名者を照合していません
verify-unpinned-hint = 送付元の連絡先カード（小包に同封されたものではなく、事前に入手したもの）を --signer で指定して、もう一度実行してください
verify-set-incomplete = 巻がそろっていません: { $missing }
verify-set-incomplete-hint = すべての巻を一度に指定してください（フォルダーまたは ISO イメージ、順不同）
verify-failed = 電子媒体の検証結果は異常です（問題 { $count } 件）
verify-failed-unreadable-hint = 読み取れませんでした。ディスクを清掃するか USB メモリーを挿し直し（別のドライブなら読める場合があります）、もう一度検証してください
verify-failed-no-bag-hint = パスを確認してください。電子媒体のフォルダー（bagit.txt があるフォルダー）またはディスクイメージを指定してください。届いたものがこれであれば、送付元に連絡してください
verify-failed-hint = 開封しないでください。送付元に連絡し、電子媒体は調査のため保管してください

## open（開封）

open-no-signer = --signer の指定がありません。送付元を照合できないため、開封しません
open-no-signer-hint = 送付元の連絡先カード（小包に同封されたものではなく、事前に入手したもの）を --signer で指定してください。別の方法で送付元を確認済みの場合に限り、--any-sender を付けてください（記録されます）
open-medium-unreadable = 電子媒体 { $path } を読み取れません: { $error }
open-medium-unreadable-hint = 'isou verify' ですべての問題を確認してください。開封しないでください
open-id-not-isou-hint = 開封しないでください。どの移送か送付元に電話で確認してください（isou verify はこの電子媒体の確認として記録します）
open-not-our-shipment-hint = 開封しないでください。両方の送付元に（小包によらず電話で）連絡してください
open-any-sender = --any-sender: 送付元を照合していません。電子媒体の署名者は { $signer } です（送付元の連絡先カードと電話で照合してください）。このことは記録されます
open-signed-by-expected = 想定した送付元 { $signer } の署名を確認しました
open-opened-before = 移送 { $shipment } は { $when } に { $by } が { $into } へ開封済みです。復号したデータの写しがもう一つできます（どちらの開封も記録されます）
open-wrong-passphrase = 電子媒体のパスフレーズが違います。もう一度入力してください（{ $tries } 回中 { $attempt } 回目）
open-passphrase-prompt = 電子媒体のパスフレーズ:
open-ask-volume-of = 移送 { $shipment } の第{ $volume }巻（全{ $count }巻）を挿入し、そのフォルダーまたはイメージを入力してください（空行で終了）:
open-ask-volume = 移送 { $shipment } の第{ $volume }巻を挿入し、そのフォルダーまたはイメージを入力してください（空行で終了）:
open-stale-removed = 以前に中断された開封の残り { $path } を削除しました
open-out-moved = 実行中に --out のフォルダーが移動または置き換えられました。出力先は { $asked } ではなく { $out } です。isou は開始時のフォルダーにだけ書き込みました
open-use-ended = 承認された利用期間は { $date } に終了しています。復号したデータは直ちに廃棄してください（§2.4）。対象は 'isou record due' で確認できます
open-shipment = 移送ID: { $shipment }
open-opened = 開封: { $files }、{ $size }（すべて ISOU-CONTENTS.json と照合済み）
open-into = 保存先: { $path }
open-keep-until = 保管期限: { $date }（その後廃棄してください: { $command }）
open-sender-not-checked = 送付元: 照合していません（--any-sender）。署名者は { $signer } です

## policy check（ポリシーの確認）

policy-check-file = ポリシーファイル: { $path }（正常）
policy-check-no-file = ポリシーファイル: 見つかりません。組み込みの規則を適用します
policy-check-organization = 組織: { $name }
policy-check-organization-unset = 組織: （未設定）
policy-check-default-class = 既定の区分: { $class }（--class を付けずに封入した電子媒体）
policy-check-time-zone = タイムゾーン: { $zone }（本日の日付と移送記録簿の時刻）
policy-check-handlers-any = 移送の担当者: 制限なし（§2.2①: isou.toml で指定してください）
policy-check-handlers = 移送の担当者: { $handlers }
policy-check-handler-account = { $name }（アカウント { $account }）
policy-check-contact = 連絡先: { $name } — { $recipient } — 署名の鍵 { $signer }
policy-check-yes = はい
policy-check-no = いいえ
policy-check-rules-identifiable = 非匿名化情報: 追跡できる配送業者のみ: { $tracked }、封筒表示の確認: { $envelope }、持参の立会い: { $attendance }
policy-check-rules-anonymized = 匿名化情報: 追跡できる配送業者のみ: { $tracked }、封筒表示の確認: { $envelope }、持参の立会い: { $attendance }
policy-check-rules-identifiable-carriers = 非匿名化情報: 追跡できる配送業者のみ: { $tracked }、封筒表示の確認: { $envelope }、持参の立会い: { $attendance }、配送業者: { $carriers }
policy-check-rules-anonymized-carriers = 匿名化情報: 追跡できる配送業者のみ: { $tracked }、封筒表示の確認: { $envelope }、持参の立会い: { $attendance }、配送業者: { $carriers }

## 進捗の表示（端末のバー）

progress-sealing = 封入中
progress-hashing = 検証中
progress-opening = 開封中
progress-eta = 残り
progress-finishing = 圧縮と書き込みの残りを処理中

## seal（封入）

seal-envelope-question = 封筒に赤字で「親展・取扱注意」と表示しましたか？ [y/N]
seal-class-assumed-hint = 。--class の指定がないため、非匿名化情報として扱いました。抽出データが匿名化されている場合に限り、--class anonymized を付けてください
seal-retain-until-past = --retain-until { $date } は過去の日付です（本日は { $today }）。作成した日から廃棄の対象になります
seal-retain-until-past-hint = 利用規約（申出の応諾）に従い、保管してよい期限を本日以降の日付（YYYY-MM-DD）で指定してください。直ちに廃棄すべきデータに限り、--allow-past-retention を付けてください（記録されます）
seal-compression-hint = 例: --compression zstd:3
seal-segment-size-bad = --segment-size { $value } は 1M 以上 4G 未満ではありません
seal-segment-size-bad-hint = 例: --segment-size 1G（FAT32 は 4 GiB 以上のファイルを保存できません）
seal-medium-type-hint = 例: --medium-type dvd-r
seal-volume-size-bad = --volume-size { $value } は大きさとして読めません
seal-volume-size-bad-hint = 例: --volume-size 700M または --volume-size 4G
seal-iso-needs-size = --iso にはディスクの種類または巻の大きさが必要です
seal-iso-needs-size-hint = --medium-type cd-r、dvd-r、bd-r のいずれか（または --volume-size BYTES）を付けてください
seal-disc-needs-iso = { $medium } には書き込み用の ISO イメージとして作成します
seal-disc-needs-iso-hint = --medium の代わりに --iso OUTDIR を指定し、作成されたイメージをディスクに書き込んでください
seal-creating-folder = { $path } を作成中
seal-volumes-about = 約 { $count } 巻（1 巻あたり最大 { $size }）になります
seal-volumes-at-most = 最大 { $count } 巻（1 巻あたり最大 { $size }。圧縮によりこれより少なくなります）になります
seal-may-not-fit = 電子媒体の空き容量は { $free }、抽出データは圧縮前で { $size } です。収まらない可能性があります
seal-ask-volume = 第{ $volume }巻用の空の電子媒体を挿入し、そのフォルダーを入力してください（空行で終了）:
seal-stale-removed = 以前に中断された封入の残り { $path } を削除しました
seal-shipment = 移送ID: { $shipment }
seal-tracking-number = 追跡番号: { $number }
seal-tracking-number-none = 追跡番号: （未登録。移送記録簿への記録時に追加してください）
seal-sealed = 封入: { $files }、{ $size }
seal-on-medium = 電子媒体上: { $segments }、{ $size }
seal-manifest = マニフェスト SHA-256（tagmanifest-sha256.txt）: { $sha256 }
seal-signed-by = 署名者: { $signer }
seal-volume = 第{ $volume }巻（全{ $count }巻）: { $location }（{ $segments }、{ $size }）
seal-volume-image = 第{ $volume }巻（全{ $count }巻）: { $location }（{ $segments }、{ $size }、イメージ { $image }）
seal-read-back = 電子媒体を読み戻し、マニフェストと一致することを確認しました。
seal-read-back-all = すべての巻を読み戻し、マニフェストと一致することを確認しました。

## コマンドが書き込む・読み込むファイル（encrypt、decrypt、各出力）

output-writing-stdout = 標準出力への書き込み
output-writing = { $path } への書き込み
output-binary-to-terminal = バイナリデータを端末には出力しません
output-binary-to-terminal-hint = 出力をファイル（-o FILE または > FILE）かパイプに切り替えてください
output-exists = { $path } は既にあります
output-exists-hint = 別の出力ファイルを指定するか、置き換える場合は --force を付けてください
output-stale-removed = 以前に中断された encrypt または decrypt の残り { $path } を削除しました
output-cannot-create = { $path } にファイルを作成できません
output-cannot-make-private = { $path } を本人だけが読める設定にできません
output-cannot-check = { $path } を確認できません
output-not-regular = { $path } { $what }: 出力で置き換えられるのは通常のファイルだけです
output-not-regular-hint = -o で新しいファイル（または --force を付けて既存の通常のファイル）を指定してください
output-cannot-open = { $path } を開けません
output-is-directory = { $path } はフォルダーです
output-is-directory-hint = encrypt と decrypt が扱うのは１つのファイルです。フォルダーをまとめるには 'isou seal' を使ってください
