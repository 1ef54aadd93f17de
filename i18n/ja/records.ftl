# isou メッセージカタログ（日本語）: records。決まりは common.ftl を参照。

## 台帳（LedgerError）。$why は SQLite またはシステムの言葉

rec-ledger-corrupt = 台帳 { $path } は壊れているか、台帳ではありません: { $why }
rec-ledger-corrupt-hint = 台帳をバックアップから復元してください。isou はこのファイルを変更していません。
rec-ledger-newer-schema = 台帳 { $path } のスキーマ版 { $found } は、この isou（{ $ours }）より新しいものです
rec-ledger-newer-schema-hint = この端末の isou を更新してください。台帳は変更していません。
rec-ledger-locked = 台帳 { $path } は別のプロセスが使用中（ロック中）です
rec-ledger-locked-hint = 別の isou コマンドが終わるのを待ってから、もう一度実行してください。
rec-ledger-foreign = { $path } は isou の台帳ではありません（{ $why }）
rec-ledger-foreign-hint = isou の台帳を --ledger または ISOU_LEDGER で指定してください。ファイルは変更していません。
rec-ledger-read-only = 台帳 { $path } に書き込めません: { $why }
rec-ledger-read-only-hint = 台帳とそのフォルダーをこのユーザーが書き込めるようにするか、--ledger で別の台帳を指定してください。何も書き込んでいません。
rec-ledger-key = 台帳の鍵 { $path } を使えません: { $why }
rec-ledger-key-hint = 鍵は台帳と同じフォルダー（このユーザーが書き込めるフォルダー）にある 32 バイトの通常ファイル（モード 0600）でなければなりません。台帳のバックアップから復元してください。
rec-ledger-not-own = 台帳 { $path } には安全に書き込めません: { $why }
rec-ledger-not-own-hint = 台帳はこのユーザー自身のものでなければなりません。自分で作ったファイルでなければ使わず、別の場所へ移すか、--ledger で自分の台帳を指定してください。自分のファイルであれば、`chown` でこのユーザーの所有にし、`chmod 600` としてください（フォルダーは `chmod 700` または `chmod +t`）。何も書き込んでいません。
rec-ledger-backup-exists = 台帳 { $path } はスキーマ { $schema } への更新が必要ですが、そのバックアップ { $backup } が既にあり、台帳の完全な複製ではありません
rec-ledger-backup-exists-hint = そのファイルは台帳の完全な複製ではない（古い isou の更新が中断されたか、誰かが置いた）ため、台帳のバックアップではありません。内容を確認して別の場所へ移し、もう一度実行してください。台帳は変更していません。
rec-ledger-wal-unreadable = 台帳 { $path } は、このユーザーが書き込めないフォルダーでは読めません。-wal ファイル { $wal } に未反映のデータがあり、SQLite はその横に -shm ファイルを作らないと読めないためです
rec-ledger-wal-unreadable-hint = 台帳を -wal ファイルと一緒に書き込めるフォルダーへ複製して、その複製を読んでください（または所有者に書き込む isou コマンドを実行してもらうと -wal が反映されます）。何も書き込んでいません。
rec-ledger-bad-event = この記録は台帳に記録できません: { $why }
rec-ledger-bad-event-hint = 指定した値を確認してください。何も記録していません。
rec-ledger-sql = 台帳のエラー: { $why }
rec-ledger-sql-hint = 台帳のあるディスク（空き容量、権限）を確認するか、--ledger で別の台帳を指定してください。
rec-ledger-backup-failed = バックアップ { $path } を作成できません: { $error }
rec-ledger-backup-incomplete = スキーマ { $schema } への更新の前に作った { $path } の複製が完全ではありません。台帳は変更していません
rec-ledger-foreign-app-id = アプリケーション ID が { $found } で、isou の { $ours } ではありません
rec-ledger-foreign-tables = テーブル { $tables } があり、isou のアプリケーション ID がありません

## 記録の値（RecordValueError）。$field は記録の項目名

rec-value-empty = 「{ $field }」が空です
rec-value-empty-hint = 値を指定してください。
rec-value-unsafe = 「{ $field }」の値 { $value } に改行、制御文字、双方向制御文字または不可視文字が含まれています
rec-value-unsafe-hint = 値は１行の普通の文字で指定してください（制御文字や文字方向の指定は使えません）。
rec-value-too-long = 「{ $field }」が { $chars } 文字あり、記録できる { $max } 文字を超えています
rec-value-too-long-hint = { $max } 文字以内にしてください。
rec-value-not-a-date = 「{ $field }」の値 { $value } は日付ではありません
rec-value-not-a-date-hint = 日付は YYYY-MM-DD の形で指定してください。
rec-value-bad-shipment-id = { $value } は移送IDではありません
rec-value-not-an-event-id = { $value } は記録番号ではありません（'isou record show' が示す番号を指定してください）
# 値の検査で項目を名前で示すとき（記録のキーではなく、人が読む名前）
rec-value-name-use-until = 利用期間終了日
rec-value-name-approver = 利用責任者
rec-value-name-application = 申出番号・応諾番号
rec-value-name-label = ラベル
rec-value-name-value = 値
rec-value-name-key = 項目名

## isou record …（src/bin/isou/record.rs）

rec-no-data-dir = このシステムには台帳を置くユーザーごとのデータフォルダーがありません
rec-no-data-dir-hint = 台帳を --ledger PATH または ISOU_LEDGER で指定してください。
rec-unrecorded-shown = 台帳に記録できなかった記録:
rec-not-recorded = 移送 { $shipment } の { $kind } を台帳に記録できませんでした: { $error }
rec-not-recorded-kept-hint = 作業そのものは完了しています。記録は { $file } に保管しました。台帳 { $ledger } を直してから 'isou record recover' を実行してください。
rec-not-recorded-hint = 作業そのものは完了しています。上に表示した記録を手書きで移送記録簿に写し、台帳 { $ledger } を直してください。
rec-reading = { $path } の読み込み
rec-writing = { $path } への書き込み
rec-creating = { $path } の作成
rec-writing-export = 出力の書き込み
rec-writing-list = 一覧の書き込み
rec-recovered = 台帳に追加しました: 記録 { $id }、移送 { $shipment } の { $kind }（発生 { $happened }、遅れて記録）
rec-recover-refused = { $file } を拒否しました: { $why }（そのまま残しています）
rec-recover-refused-moved = { $file } を拒否しました: { $why }（{ $moved } へ移動しました）
rec-recover-refused-summary = { $dir } の { $count } 個のファイルは、isou がこの台帳のために保管した記録ではありません。いずれも記録していません
rec-recover-refused-summary-hint = ファイルは { $dir } にあります。誰が置いたかを確認し、実際にあった作業は手で記録し（'isou record …'）、残りは報告してください。
rec-recover-none = 記録待ちの記録はありません
rec-unknown-shipment = この台帳に移送 { $shipment } はありません
rec-unknown-shipment-hint = 'isou seal' が表示した移送IDを指定してください（'isou record list' で確認できます）。
rec-tracking-reused = 追跡番号 { $number } は移送 { $shipment } に既に記録されています（{ $when }）
rec-tracking-reused-to = 追跡番号 { $number } は移送 { $shipment }（移送先 { $there }）に既に記録されています（{ $when }）
rec-tracking-reused-elsewhere = 追跡番号 { $number } は移送 { $shipment } に既に記録されています（{ $when }）。その移送先は { $there }、この移送の移送先は { $here } です。１つの荷物の移送先は１つなので、どちらかの番号が誤っています
rec-tracking-reused-fix = 誤っている方を 'isou record ship SHIPMENT --carrier … --tracking-number N' で訂正してください。
rec-tracking-reused-one-parcel = 両方を１つの荷物で送るのであれば問題ありません。そうでなければ、誤っている方を 'isou record ship SHIPMENT --carrier … --tracking-number N' で訂正してください。
rec-key-not-sent = 移送 { $shipment } のパスフレーズを別の経路で送付した記録がありません（§2.2 本文・⑦ 鍵は別経路）。移送記録簿では未完了（鍵未送付）と表示されます
rec-key-not-sent-hint = 鍵の用紙を追跡できる別の郵便物で送付し、'isou record key-sent { $shipment } --method … --tracking-number N' を実行してください。
rec-export-over-ledger = { $path } は{ $what }です。出力で置き換えることはできません
rec-export-over-ledger-hint = -o で別のファイルを指定してください（台帳は移送記録を保管しています。'isou record check' で異常がないことを確認できます）。
rec-export-unrecorded = { $dir } の { $count } 件の記録は発生時に記録できなかったもので、この出力には含まれていません
rec-export-unrecorded-hint = 'isou record recover' で台帳に追加してから、もう一度出力してください。
rec-xlsx-stdout = Excel ブックは標準出力には書き出せません
rec-xlsx-stdout-hint = ファイル名を指定してください: isou record export --format xlsx -o 移送記録簿.xlsx
rec-no-ledger = { $path } に台帳がないため、そこで封入された移送はありません
rec-no-ledger-hint = その移送を封入したときの台帳を指定して実行してください（--ledger PATH）。
rec-check-loose = { $what }（ファイルは chmod 600、フォルダーは chmod 700 としてください）
rec-check-intact = 台帳 { $path }: { $count } 件、記録の連鎖は正常です
rec-check-head = 最新: 記録 { $id } { $hash }
rec-check-rejected = 'isou record recover' が拒否した { $count } 個のファイルが { $dir } にあります
rec-check-unreadable = 台帳の { $count } 件の記録が読めません（記録簿には載りません）
rec-check-waiting = { $count } 件の記録が発生時に記録できず、{ $dir } にあります
rec-check-waiting-hint = 'isou record recover' で台帳に追加してください（遅れて記録した旨が付きます）。
rec-chain-break = 台帳の記録の連鎖が記録 { $id } で途切れています: { $why }
rec-chain-break-hint = 台帳が isou 以外で編集されています。バックアップから復元し、報告してください。
rec-list-none-open = 未完了の移送はありません（すべて受領、復号、到着確認または廃棄済みです）
rec-list-none = 該当する記録はありません
rec-unknown-event = この台帳に記録 { $id } はありません
rec-unknown-event-hint = 'isou record list' に表示される ID を指定してください。
rec-corrected = 記録しました: 記録 { $id } の訂正（移送 { $shipment } の { $kind }、{ $when } 記録）
rec-due-none = 保管期限を過ぎた電子媒体はありません
rec-key-sent = 記録しました: 移送 { $shipment } の鍵またはパスフレーズを { $method } で送付
rec-hand-carried = 記録しました: 移送 { $shipment } を持参、同行者 { $attendant }
rec-ship-carrier-changed = 移送 { $shipment } は配送業者 { $before } で記録されていましたが、{ $carrier } による発送として記録します（変更は記録に残り、移送記録簿の備考に表示されます）
rec-ship-number-changed = 移送 { $shipment } は追跡番号 { $before } で記録されていましたが、{ $number } に変わります（変更は記録に残り、移送記録簿の備考に表示されます）
rec-ship-number-removed = 移送 { $shipment } は追跡番号 { $before } で記録されていましたが、追跡番号なしになります（変更は記録に残り、移送記録簿の備考に表示されます）
rec-ship-untracked = この移送には追跡できる { $before } が記録されていましたが、追跡のない { $carrier } で発送します（匿名化されたデータ: 明示的な選択として記録します）
rec-ship-differs-from-sealed = 電子媒体は追跡番号 { $number } で封入されており、この番号とは異なります。移送先で封筒と電子媒体を照合すると、その旨が報告されます
rec-shipped = 記録しました: 移送 { $shipment } を { $carrier } で発送
rec-shipped-tracked = 記録しました: 移送 { $shipment } を { $carrier } で発送、追跡番号 { $number }
rec-disposed-medium = 記録しました: 移送 { $id } の電子媒体を廃棄（{ $how }）
rec-disposed-decrypted = 記録しました: 復号したフォルダー { $id } を廃棄（{ $how }）
rec-disposed-how = { $method }、立会人なし
rec-disposed-how-witness = { $method }、立会人 { $witness }
rec-disposed-how-contractor = { $method }（受託者 { $contractor }、証明書 { $certificate }）、立会人なし
rec-disposed-how-contractor-witness = { $method }（受託者 { $contractor }、証明書 { $certificate }）、立会人 { $witness }
rec-receipt-exists = { $path } は既にあります
rec-receipt-exists-hint = -o で新しいファイル名を指定してください（受領書は既存のファイルを上書きしません）。
rec-receipt-file = 受領書:  { $path }
rec-receipt-shipment = 移送ID:  { $shipment }
rec-receipt-verified = 検証:    正常（{ $when } { $zone }）
rec-receipt-signed = あなたの鍵 { $key } で署名しました
rec-receipt-file-hint = 移送先から送られてきた受領書のファイルを指定してください。
rec-already-delivered = 移送 { $shipment } は既に到着確認が記録されています（記録 { $id }、{ $when } { $zone }）。何も記録していません
rec-delivered = 記録しました: 移送 { $shipment } の到着確認。移送先が { $when } { $zone } に検証し正常、受領書の署名は { $key }

## 次に行うこと（prefix-next）

next-after-ship = 移送先から受領書が届いたら記録してください: isou record receipt FILE
next-after-receipt = このファイルを送付元に送ってください（個人情報を含まないため電子メールで送れます）。送付元は 'isou record receipt FILE' で記録します

## 配送業者と追跡番号（src/carriers.rs、src/tracking.rs、§2.2⑥）

tracking-format-registered = 11 桁（XXX-XX-XXXXX-X、最後の桁は先頭 10 桁を 7 で割った余り）
tracking-format-parcel = 12 桁（XXXX-XXXX-XXXX、最後の桁は先頭 11 桁を 7 で割った余り）
tracking-format-international = 13 文字（AA123456785JP、UPU S10。チェック数字は重み 8 6 4 2 3 5 9 7 で 11 の剰余）
tracking-not-a-number = { $input } は追跡番号ではありません（空白とハイフンを除いて { $chars } 文字）
tracking-not-a-number-hint = 控えから番号を写してください。書留・特定記録は 11 桁、ゆうパック・レターパック・宅急便・飛脚宅配便は 12 桁、国際郵便は EF123456785JP のような 13 文字です。
tracking-check-digit = 追跡番号 { $number }（{ $service }）の最後の桁は { $found } ですが、ほかの桁から計算すると { $expected } になるはずです
tracking-check-digit-hint = 打ち間違いの可能性があります。すべての桁を控えと照らし合わせてください。
carrier-unknown = { $name } は isou が知っている配送業者ではありません（§2.2⑥ 追跡サービス付きの手段）
carrier-unknown-hint = --carrier には次のいずれかを指定してください: { $list }
carrier-no-numbers = { $carrier } には追跡番号がありませんが、追跡番号が指定されました
carrier-no-numbers-hint = --tracking-number を外すか、その番号のサービスを --carrier で指定してください。
carrier-number-other-format = { $number } は { $service } の番号（{ $format }）で、{ $carrier } の番号（{ $expected }）ではありません
carrier-number-other-format-hint = --carrier が控えに書かれたサービスと一致しているか確認し、番号は控えから写してください。
carrier-number-invalid = { $error }。{ $carrier } の番号は { $expected } です
carrier-number-needed = 非匿名化データを { $carrier } で移送するには追跡番号が必要ですが、封入時にも今回も指定されていません（§2.2⑥ 追跡サービス付きの手段）
carrier-number-needed-hint = 控えの番号を --tracking-number で指定してください: { $format }
carrier-date-malformed = 発送日 { $date } は YYYY-MM-DD の形の日付ではありません
carrier-date-malformed-hint = 日付は YYYY-MM-DD の形で指定してください（例: 2026-04-01）。
carrier-date-before-seal = 発送日 { $date } は封入した日（{ $sealed }）より前です。移送記録簿には電子媒体を実際に発送した日を記録します（§2.2③ 移送に関する記録）
carrier-date-future = 発送日 { $date } は今日（{ $today }、{ $zone }）より後です。移送記録簿には配送業者に引き渡した後で記録します（§2.2③ 移送に関する記録）
carrier-date-hint = 電子媒体を配送業者に引き渡した日（控えに記載）を指定するか、--date を外して今日の日付にしてください。

## 廃棄（src/records/disposal.rs、§2.4⑥⑦⑬）

rec-dispose-unknown-method = { $method } は廃棄の方法ではありません（§2.4⑬ 消去ソフト または 物理破壊、⑦ 外部委託）
rec-dispose-unknown-method-hint = --method には次のいずれかを指定してください: { $list }
rec-dispose-no-contractor = 外部委託による廃棄には受託者の名称が必要です（§2.4⑦ 受託者の作業の確認）
rec-dispose-no-certificate = 外部委託による廃棄には受託者の廃棄証明書の番号が必要です（§2.4⑦ 廃棄証明書）
rec-dispose-no-contractor-hint = 受託者が発行した廃棄証明書のとおりに --contractor NAME と --certificate NO を指定してください。
rec-dispose-not-outsourced = --contractor と --certificate は外部委託による廃棄のためのもので、{ $method } には指定できません
rec-dispose-not-outsourced-hint = これらを外すか、受託者が作業した場合は --method 外部委託 を指定してください。
rec-dispose-no-witness = 電子媒体に非匿名化データが入っているため、廃棄には立会者が必要です（§2.4⑥ 廃棄の作業記録）
rec-dispose-no-witness-hint = 電子媒体の破壊または消去に立ち会った人を --witness NAME で指定してください。
rec-dispose-not-opened = 移送 { $shipment } はここで開封されていないため、廃棄する復号済みのフォルダーがありません
rec-dispose-not-opened-hint = 移送IDを確認してください（'isou record show { $shipment }'）。電子媒体を廃棄する場合は --decrypted を外してください。
rec-dispose-already-medium = 移送 { $item } の電子媒体は既に廃棄が記録されています: 記録 { $event }、{ $at }、{ $by }、方法 { $method }
rec-dispose-already-decrypted = 復号したフォルダー { $item } は既に廃棄が記録されています: 記録 { $event }、{ $at }、{ $by }、方法 { $method }
rec-dispose-already-hint = 廃棄の記録は１回だけです。その記録が誤っている場合は 'isou record correct { $event } --note "…"' で訂正してください。

## 応諾の条件（src/records/terms.rs、§2.4）

rec-terms-past-policy = 応諾された利用期間は { $date } に終わっています（ポリシーの [terms] の use_until。今日は { $today }）。データは届く前に廃棄の時期を迎えます（§2.4）
rec-terms-past = 応諾された利用期間は { $date } に終わっています（--use-until。今日は { $today }）。データは届く前に廃棄の時期を迎えます（§2.4）
rec-terms-past-policy-hint = isou.toml の応諾は期間が終わっています。利用責任者に [terms] の use_until を新しい応諾の日付に更新してもらうか、応諾通知のとおりに --use-until を指定してください。
rec-terms-past-hint = 応諾通知に書かれた利用期間の最終日を、今日以降の YYYY-MM-DD で指定してください。
rec-terms-use-until-required = 非匿名化データは、移送先が廃棄の時期を分かるように、応諾された利用期間の終わりとともに封入します（§2.4 応諾された利用期間を過ぎたものは…廃棄）
rec-terms-use-until-required-hint = 応諾通知のとおりに --use-until YYYY-MM-DD を指定してください（または isou.toml の [terms] に use_until を設定してください）。応諾に期間の終わりがない場合に限り --no-use-until を付けてください（その旨が記録されます）。
rec-terms-both = --use-until と --no-use-until は同時に指定できません
rec-terms-both-hint = どちらか一方を指定してください。
rec-terms-signed-unusable = 署名された { $label } は使えないため無視します: { $error }。送付元に確認してください

## 出力（src/records/xlsx.rs、src/records/provenance.rs）

rec-workbook-refused = Excel ブックのシート { $sheet } を作れません: { $why }
rec-workbook-refused-hint = 記録簿を CSV（--format csv）で出力し、この件を報告してください。
rec-export-chain-broken = 台帳の記録の連鎖が記録 { $id } で途切れています: { $why }。検証できない台帳を保証することになるため、出力しません
rec-export-chain-broken-hint = 'isou record check' を実行してください。台帳が isou 以外で編集されています。バックアップから復元し、報告してください（'isou record list' では引き続き記録を表示できます）。

## 受領書（src/records/receipt.rs）

rec-receipt-not-verified = この台帳には、移送 { $shipment } を登録済みの送付元で検証して正常だった記録がありません
rec-receipt-not-verified-hint = 先に 'isou verify --signer SENDER-CARD MEDIUM' を実行してください（送付元のカードは荷物からではなく事前に入手したもの）。受領書は、検証結果が正常だった移送 { $shipment } についてだけ作成できます。
rec-receipt-contested = 移送ID { $shipment } は { $count } の送付元の電子媒体が名乗っています（{ $signers }）。受領書には、どの送付元の電子媒体を確認したかを示す必要があります
rec-receipt-contested-hint = 各送付元に（荷物経由ではなく電話で）どの移送がその送付元のものかを確認し、確認した送付元を 'isou receipt ID --signer SENDER-CARD …' で指定してください。受領書はその送付元の電子媒体だけを証明します。
rec-receipt-not-verified-by = この台帳には、{ $signer } が署名した移送 { $shipment } を検証して正常だった記録がありません
rec-receipt-not-verified-by-others = この台帳には、{ $signer } が署名した移送 { $shipment } を検証して正常だった記録がありません（正常だった署名者: { $verified }）
rec-receipt-not-verified-by-hint = 指定した --signer を確認してください。検証結果が正常だった電子媒体の送付元でなければなりません（すべての検証は 'isou record list --shipment ID' で確認できます）。
rec-receipt-too-large = ファイルが { $size } バイトあります。isou の受領書は最大 { $max } バイトです
# 受領書の何が正しくないか（ReceiptError の理由）
rec-receipt-why-not-utf8 = UTF-8 の文字ではありません（バイナリファイルではありませんか）
rec-receipt-why-control = 制御文字 { $code } が含まれています
rec-receipt-why-carriage-return = 制御文字 U+000D（改行コードの CR）が含まれています。メールの本文に貼り付けず、添付ファイルとして送ってもらってください
rec-receipt-why-no-signature = 署名のブロックがありません
rec-receipt-why-signature-not-at-end = 署名のブロックが、ファイルの末尾にある１つのブロックになっていません
rec-receipt-why-second-line = ２行目が受領書の説明の行ではありません
rec-receipt-why-not-laid-out = isou が書く受領書の形になっていません
rec-receipt-why-not-shipment-id = isou が作る移送IDではありません
rec-receipt-why-not-tracking-number = 追跡番号ではありません
rec-receipt-why-not-sha256 = 64 桁の小文字の16進数ではありません
rec-receipt-why-only-valid = 受領書は検証結果が正常（VALID）のときにだけ作られます
rec-receipt-why-not-utc-time = UTC の RFC 3339 形式の日時ではありません
rec-receipt-why-not-fingerprint = SHA256:… の形の鍵の指紋ではありません
rec-receipt-why-before-seal = この台帳で封入した日時（{ $sealed }）より前です
rec-receipt-why-in-future = 未来の日時です（現在は { $now }）
rec-receipt-why-before-verified = 電子媒体を検証した日時（{ $verified }）より前に受領書を作ったことになります
rec-receipt-not-text = ファイルはテキストの受領書ではありません: { $why }
rec-receipt-too-many-lines = ファイルが { $lines } 行あります。isou の受領書は最大 { $max } 行です
rec-receipt-not-a-receipt = ファイルは isou の受領書ではありません（１行目が { $header } ではありません）
rec-receipt-unknown-version = 受領書の形式 { $version } は、この isou では読めません
rec-receipt-malformed = 受領書の形式が正しくありません: { $why }
rec-receipt-missing = 受領書に { $field } の項目がありません
rec-receipt-duplicate = 受領書に { $field } の項目が２つあります
rec-receipt-extra = 受領書に、受領書の項目ではない行があります: { $line }
rec-receipt-out-of-order = 受領書の項目が決められた順序になっていません
rec-receipt-bad-value = 受領書の { $field } が正しくありません: { $why }
rec-receipt-bad-signature = 受領書の署名の形式が正しくありません: { $why }
rec-receipt-wrong-namespace = 受領書の署名は { $namespace } 用に作られたもので、受領書用（{ $expected }）ではありません
rec-receipt-medium-signature = 受領書の署名は { $namespace } 用に作られたもので、受領書用（{ $expected }）ではありません。電子媒体の署名です
rec-receipt-not-sealed-here = 移送 { $shipment } はこの台帳で封入されていません。別の移送の受領書です
rec-receipt-not-sealed-here-hint = その移送を封入した台帳で実行しているか確認してください（--ledger）。ほかの送付元の移送の受領書は記録できません。
rec-receipt-no-destination-key = 移送 { $shipment } の封入時に移送先の署名用の鍵が記録されていないため（パスフレーズで封入したか、isou が記録する前の封入）、受領書を確認できません
rec-receipt-no-destination-key-hint = 受領者に電話で到着を確認し、'isou record correct' で記録してください。
rec-receipt-unknown-signer = 受領書は鍵 { $fingerprint } で署名されており、封入時に記録した移送先の鍵（{ $expected }）ではありません
rec-receipt-unknown-signer-hint = 記録しないでください。誰が送ったかを移送先に（メールの返信ではなく電話で）確認してください。到着を証明するのは移送先自身の受領書だけです。
rec-receipt-altered = 鍵 { $fingerprint } による受領書の署名が本文と一致しません。署名の後で書き換えられています
rec-receipt-mismatch = 受領書の { $field } { $receipt } は、ここで封入したもの（{ $sealed }）と一致しません。この移送の受領書ではありません
rec-receipt-mismatch-hint = 記録しないでください。どの移送を検証したかを移送先に確認してください。送ったものとは別の電子媒体の可能性があります。
rec-receipt-impossible-time = 受領書の { $field } { $value } はあり得ない値です: { $why }
rec-receipt-impossible-time-hint = 記録しないでください。いつ電子媒体を検証したかを移送先に（メールの返信ではなく電話で）確認し、双方の時計を確認してください。正しい受領書は 'isou receipt' で作り直せます。
rec-receipt-signing = 受領書に署名できませんでした: { $why }
rec-receipt-signing-hint = 秘密鍵のファイル（-i）にあなたの署名用の鍵が入っているか確認してください。
rec-receipt-send-again-hint = 記録しないでください。移送先に、受領書のファイルを変更せずに添付ファイルとしてもう一度送ってもらってください（'isou receipt' が作成します）。

## 鍵は別経路（src/records/keyroute.rs、§2.2 本文・⑦）

rec-key-route-same-number = 追跡番号 { $number } は電子媒体と同じ番号です。パスフレーズが電子媒体と一緒に移送されることになります（鍵は別経路、§2.2 本文・⑦）
rec-key-route-same-number-hint = パスフレーズ（鍵の用紙）は、別の追跡番号が付いた別の郵便物で送付し、その番号を記録してください。
rec-key-route-needs-number = 非匿名化データでは、パスフレーズの送付にも電子媒体とは別の追跡番号が必要です（鍵は別経路、§2.2 本文・⑦）
rec-key-route-needs-number-hint = 鍵の用紙を追跡できる別の郵便物（例: 別便 簡易書留）で送付し、--tracking-number N を付けてください。
rec-key-route-same-carrier = { $method } は電子媒体と同じ経路で、別の追跡番号も指定されていません（鍵は別経路、§2.2 本文・⑦）
rec-key-route-same-carrier-hint = 鍵を入れた別の郵便物の追跡番号を --tracking-number N で指定するか、別の経路を指定してください。

## 読み出した記録（src/records/event.rs）

rec-body-unreadable = 記録 { $id } は { $kind } の記録として読めません: { $why }
rec-body-unreadable-hint = この行はこの isou が書いたものではないか、手で変更されています。'isou record check' で記録の連鎖が保たれているか確認し、本来の内容を訂正として記録してください。

## record list / show / due（src/records/export.rs）。出力の列名は日本語で固定

rec-list-col-id = ID
rec-list-col-time = 日時
rec-list-col-kind = 種別
rec-list-col-shipment = 移送ID
rec-list-col-by = 担当者
rec-list-col-result = 結果
rec-list-unreadable = 読めない記録: { $what }
rec-list-outcome-corrects = 記録 { $id } を訂正: { $note }
rec-list-outcome-unreadable = 読めない記録
rec-show-event = 記録 { $id }  { $when }  { $kind }
rec-show-none = （なし）
rec-show-body = （本文）
rec-due-line = { $medium }  { $form }  保管期限 { $until }  （未廃棄）

## 台帳のファイル、所有者と権限（src/records/ledger.rs）。$what は rec-file-* のいずれか

rec-file-the-ledger = 台帳
rec-file-the-file = ファイル
rec-file-the-folder = 台帳のフォルダー
rec-file-its-key = 台帳の鍵
rec-file-its-wal = 台帳の -wal ファイル
rec-file-its-shm = 台帳の -shm ファイル
rec-file-ledger-wal = 台帳の -wal ファイル
rec-file-ledger-shm = 台帳の -shm ファイル
rec-file-ledger-journal = 台帳の -journal ファイル
rec-file-ledger-key = 台帳の鍵
rec-file-ledger-v1-backup = 台帳の v1 バックアップ
rec-file-ledger-unrecorded = 台帳の未記録の記録のフォルダー
rec-ledger-file-not-own = { $what } { $path } は { $account }（uid { $uid }）のもので、このユーザーのものではありません
rec-ledger-file-writable = { $what } { $path } の権限は { $mode } で、グループまたは他のユーザーが書き込めます
rec-ledger-file-readable = { $what } { $path } の権限は { $mode } で、グループまたは他のユーザーが読めます
rec-ledger-file-unusable = { $what } { $path } を使えません: { $error }
rec-ledger-file-is = ファイル: { $error }
rec-ledger-file-read-only-at = ファイル { $path } はこのユーザーには読み取り専用です
rec-ledger-folder-read-only = フォルダー { $path } はこのユーザーには読み取り専用です
rec-ledger-file-read-only = ファイルはこのユーザーには読み取り専用です
rec-ledger-file-replaced = 開いている間にファイルが置き換えられました
rec-ledger-folder-open = フォルダー { $path } の権限は { $mode } で、誰でも台帳を置き換えられます（スティッキービットなし）
rec-ledger-folder-group = 台帳のフォルダー { $path } の権限は { $mode } で、グループのユーザーが台帳を置き換えられます（フォルダーを chmod 700 または chmod +t としてください）
rec-ledger-read-not-own = { $why }。そのまま読みますが、書き込める人が変更した可能性があります
rec-ledger-triggers-missing = 台帳 { $path } の追記専用のトリガー（{ $triggers }）がないか、変更されています
rec-ledger-triggers-read = { $why }。記録が isou 以外で変更または削除された可能性があります（記録の連鎖の確認で分かります）。次に書き込むコマンドで元に戻ります
rec-ledger-triggers-restored = { $why }。元に戻しました。記録が isou 以外で変更または削除された可能性があります。'isou record check' を実行してください

## 記録の連鎖の確認（record check）と保管した記録（record recover）

rec-chain-missing = 記録 { $missing } がありません（次の記録は { $next }）
rec-chain-link = 直前の記録とのつながりが一致しません
rec-chain-changed = 記録した後で内容が変更されています
rec-key-cannot-create = 鍵を作成できません: { $error }
rec-key-wrong-size = 鍵が { $size } バイトあり、32 バイトではありません
rec-kept-no-envelope = isou が保管した記録ではありません（認証された形式ではありません）
rec-kept-unknown-format = isou が保管した記録ではありません（不明な形式）
rec-kept-no-key = 台帳の鍵が読み込まれていません
rec-kept-bad-mac = 認証コードが台帳の鍵と一致しません。isou がこの台帳のために書いたものではないか、変更されています
rec-kept-unreadable = 記録を読めません: { $error }
rec-kept-unknown-kind = 既知の記録の種別ではありません
rec-kept-bad-nonce = ナンスが 16 進 32 桁ではありません

## verify の報告に示す応諾の条件

rec-terms-label-approver = 利用責任者
rec-terms-label-application = 申出・応諾番号
rec-terms-label-use-until = 利用期間の終了日

## record show: 記録の各項目の名前と値の表し方（src/records/fields.rs）。$n は巻・項目の番号

rec-field-attendance-acknowledged = 立会いの確認
rec-field-attendant = 同行者
rec-field-authenticated = 署名の認証
rec-field-by = 担当者
rec-field-bytes = データ量
rec-field-carrier = 移送手段
rec-field-certificate = 廃棄証明書番号
rec-field-choices = 明示的な選択
rec-field-choices-flag = 明示的な選択{ $n }のフラグ
rec-field-choices-rule = 明示的な選択{ $n }で緩めた規則
rec-field-claimed = 媒体の記載（未認証）
rec-field-claimed-shipment = 記載上の移送ID
rec-field-claimed-from = 記載上の移送元
rec-field-claimed-destination = 記載上の移送先
rec-field-claimed-tracking-number = 記載上の追跡番号
rec-field-claimed-class = 記載上の情報の区分
rec-field-claimed-medium-type = 記載上の資料の形態
rec-field-claimed-signer = 記載上の署名鍵
rec-field-class = 情報の区分
rec-field-class-claimed = 記載上の情報の区分（不明）
rec-field-class-stated = 情報の区分の記載
rec-field-contested = 同じ移送IDを名乗る他の鍵
rec-field-contested-signer = 同じ移送IDを名乗る他の鍵{ $n }
rec-field-contested-since = 同じ移送IDを名乗る他の鍵{ $n }の記録日時
rec-field-contractor = 委託先
rec-field-corrects = 訂正した記録番号
rec-field-corrects-hash = 訂正した記録のハッシュ
rec-field-date = 日付
rec-field-decrypted = 復号したフォルダー
rec-field-decrypted-retain-until = 復号したフォルダーの保管期限
rec-field-decrypted-basis = 復号したフォルダーの保管期限の根拠
rec-field-destination = 移送先
rec-field-destination-address = 移送先の住所
rec-field-destination-signing-keys = 移送先の署名鍵
rec-field-envelope-confirmed = 封筒表示確認
rec-field-envelope-tracking-number = 封筒の追跡番号
rec-field-files = ファイル数
rec-field-from = 移送元
rec-field-handler = 移送担当者
rec-field-issued-at = 受領書の署名日時
rec-field-item = 廃棄の対象
rec-field-manifest-sha256 = マニフェストSHA-256
rec-field-medium-type = 資料の形態
rec-field-method = 方法
rec-field-missing = 不足している巻
rec-field-missing-text = 不足の内容
rec-field-note = 訂正の内容
rec-field-open-refused = 開封を拒否した理由
rec-field-os-account = OSアカウント
rec-field-out = 出力先
rec-field-passphrase = パスフレーズで暗号化
rec-field-policy = ポリシーファイル
rec-field-problems = 検出した問題の数
rec-field-receipt-sha256 = 受領書のSHA-256
rec-field-recipient-fingerprints = 公開鍵の指紋
rec-field-recipient-key = 受領者鍵指紋
rec-field-recipients = 公開鍵（宛先）
rec-field-replaces-carrier = 以前の移送手段
rec-field-replaces-tracked-carrier = 以前の追跡サービス付きの手段
rec-field-replaces-tracking-number = 以前の追跡番号
rec-field-retain-until = 保管期限
rec-field-sealed-tracking-number = 封入時の追跡番号
rec-field-sender-checked = 送付元の確認
rec-field-sender-contact = 送付元（連絡先）
rec-field-sender-key = 送付元の署名鍵
rec-field-set-complete = 全巻そろっている
rec-field-signer = 署名鍵
rec-field-signer-pinned = 署名者を指定して検証
rec-field-source-organization = 移送元
rec-field-summary = 封入の概要
rec-field-summary-shipment-id = 移送ID
rec-field-summary-files = 封入したファイル数
rec-field-summary-bytes = 封入したデータ量
rec-field-summary-segments = セグメント
rec-field-summary-payload-bytes = 媒体上のデータ量
rec-field-summary-manifest-sha256 = マニフェストSHA-256
rec-field-summary-tracking-number = 追跡番号
rec-field-summary-signer = 署名鍵
rec-field-summary-volumes = 巻
rec-field-summary-volumes-number = 第{ $n }巻の巻番号
rec-field-summary-volumes-id = 第{ $n }巻の媒体ID
rec-field-summary-volumes-location = 第{ $n }巻の書き込み先
rec-field-summary-volumes-segments = 第{ $n }巻のセグメント
rec-field-summary-volumes-payload-bytes = 第{ $n }巻のデータ量
rec-field-summary-volumes-image-bytes = 第{ $n }巻のイメージの大きさ
rec-field-summary-volumes-manifest-sha256 = 第{ $n }巻のマニフェストSHA-256
rec-field-summary-volumes-bag-count = 第{ $n }巻のBag-Count
rec-field-terms = 応諾の条件
rec-field-terms-approver = 利用責任者
rec-field-terms-application = 申出番号・応諾番号
rec-field-terms-use-until = 利用期間終了日
rec-field-to-contacts = 宛先（連絡先）
rec-field-tracking-number = 追跡番号
rec-field-untracked-carrier = 追跡のない移送手段
rec-field-valid = 検証結果
rec-field-verified-at = 検証日時
rec-field-verified-event = 検証の記録番号
rec-field-volumes = 検証した巻
rec-field-witness = 立会人
rec-value-yes = はい
rec-value-no = いいえ
rec-value-valid = 正常
rec-value-invalid = 異常
rec-value-bytes = { $size } ({ $bytes } バイト)
rec-value-basis-use-until = 応諾された利用期間
rec-value-basis-retention-days = ポリシーの保管日数（retention_days）
rec-value-item-decrypted = 復号したフォルダー
