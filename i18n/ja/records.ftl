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
rec-ledger-read-only-hint = 台帳とそのフォルダをこのユーザーが書き込めるようにするか、--ledger で別の台帳を指定してください。何も書き込んでいません。
rec-ledger-key = 台帳の鍵 { $path } を使えません: { $why }
rec-ledger-key-hint = 鍵は台帳と同じフォルダ（このユーザーが書き込めるフォルダ）にある 32 バイトの通常ファイル（モード 0600）でなければなりません。台帳のバックアップから復元してください。
rec-ledger-not-own = 台帳 { $path } には安全に書き込めません: { $why }
rec-ledger-not-own-hint = 台帳はこのユーザー自身のものでなければなりません。自分で作ったファイルでなければ使わず、別の場所へ移すか、--ledger で自分の台帳を指定してください。自分のファイルであれば、`chown` でこのユーザーの所有にし、`chmod 600` としてください（フォルダは `chmod 700` または `chmod +t`）。何も書き込んでいません。
rec-ledger-backup-exists = 台帳 { $path } はスキーマ { $schema } への更新が必要ですが、そのバックアップ { $backup } が既にあり、台帳の完全な複製ではありません
rec-ledger-backup-exists-hint = そのファイルは台帳の完全な複製ではない（古い isou の更新が中断されたか、誰かが置いた）ため、台帳のバックアップではありません。内容を確認して別の場所へ移し、もう一度実行してください。台帳は変更していません。
rec-ledger-wal-unreadable = 台帳 { $path } は、このユーザーが書き込めないフォルダでは読めません。-wal ファイル { $wal } に未反映のデータがあり、SQLite はその横に -shm ファイルを作らないと読めないためです
rec-ledger-wal-unreadable-hint = 台帳を -wal ファイルと一緒に書き込めるフォルダへ複製して、その複製を読んでください（または所有者に書き込む isou コマンドを実行してもらうと -wal が反映されます）。何も書き込んでいません。
rec-ledger-bad-event = この記録は台帳に記録できません: { $why }
rec-ledger-bad-event-hint = 指定した値を確認してください。何も記録していません。
rec-ledger-sql = 台帳のエラー: { $why }
rec-ledger-sql-hint = 台帳のあるディスク（空き容量、権限）を確認するか、--ledger で別の台帳を指定してください。

## 記録の値（RecordValueError）。$field は記録の項目名

rec-value-empty = { $field } が空です
rec-value-empty-hint = 値を指定してください。
rec-value-unsafe = { $field } の値 { $value } に改行、制御文字、双方向制御文字または不可視文字が含まれています
rec-value-unsafe-hint = 値は１行の普通の文字で指定してください（制御文字や文字方向の指定は使えません）。
rec-value-too-long = { $field } が { $chars } 文字あり、記録できる { $max } 文字を超えています
rec-value-too-long-hint = { $max } 文字以内にしてください。
rec-value-not-a-date = { $field } の値 { $value } は日付ではありません
rec-value-not-a-date-hint = 日付は YYYY-MM-DD の形で指定してください。
rec-value-bad-shipment-id = { $value } は移送IDではありません

## isou record …（src/bin/isou/record.rs）

rec-no-data-dir = このシステムには台帳を置くユーザーごとのデータフォルダがありません
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
rec-recovered = 記録 { $id } を記録しました: { $shipment } の { $kind }（発生 { $happened }、遅れて記録）
rec-recover-refused = { $file } を拒否しました: { $why }（そのまま残しています）
rec-recover-refused-moved = { $file } を拒否しました: { $why }（{ $moved } へ移動しました）
rec-recover-refused-summary = { $dir } の { $count } 個のファイルは、isou がこの台帳のために保管した記録ではありません。いずれも記録していません
rec-recover-refused-summary-hint = ファイルは { $dir } にあります。誰が置いたかを確認し、実際にあった作業は手で記録し（'isou record …'）、残りは報告してください。
rec-recover-none = 記録待ちの記録はありません
rec-unknown-shipment = この台帳に移送 { $shipment } はありません
rec-unknown-shipment-hint = 'isou seal' が表示した移送IDを指定してください（'isou record list' で確認できます）。
rec-tracking-reused = 追跡番号 { $number } は移送 { $shipment } に既に記録されています（{ $when }）
rec-tracking-reused-to = 追跡番号 { $number } は移送 { $shipment }（宛先 { $there }）に既に記録されています（{ $when }）
rec-tracking-reused-elsewhere = 追跡番号 { $number } は移送 { $shipment } に既に記録されています（{ $when }）。その宛先は { $there }、この移送の宛先は { $here } です。１つの荷物の宛先は１つなので、どちらかの番号が誤っています
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
rec-check-loose = { $what }（ファイルは chmod 600、フォルダは chmod 700 としてください）
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
rec-hand-carried = 記録しました: 移送 { $shipment } を持参、立会人 { $attendant }
rec-ship-carrier-changed = 移送 { $shipment } は配送業者 { $before } で記録されていましたが、{ $carrier } による発送として記録します（変更は記録に残り、移送記録簿の備考に表示されます）
rec-ship-number-changed = 移送 { $shipment } は追跡番号 { $before } で記録されていましたが、{ $number } に変わります（変更は記録に残り、移送記録簿の備考に表示されます）
rec-ship-number-removed = 移送 { $shipment } は追跡番号 { $before } で記録されていましたが、追跡番号なしになります（変更は記録に残り、移送記録簿の備考に表示されます）
rec-ship-untracked = この移送には追跡できる { $before } が記録されていましたが、追跡のない { $carrier } で発送します（匿名化されたデータ: 明示的な選択として記録します）
rec-ship-differs-from-sealed = 電子媒体は追跡番号 { $number } で封入されており、この番号とは異なります。宛先で封筒と電子媒体を照合すると、その旨が報告されます
rec-shipped = 記録しました: 移送 { $shipment } を { $carrier } で発送
rec-shipped-tracked = 記録しました: 移送 { $shipment } を { $carrier } で発送、追跡番号 { $number }
rec-disposed-medium = 記録しました: 移送 { $id } の電子媒体を廃棄（{ $how }）
rec-disposed-decrypted = 記録しました: 復号したフォルダ { $id } を廃棄（{ $how }）
rec-disposed-how = { $method }、立会人なし
rec-disposed-how-witness = { $method }、立会人 { $witness }
rec-disposed-how-contractor = { $method }（委託先 { $contractor }、証明書 { $certificate }）、立会人なし
rec-disposed-how-contractor-witness = { $method }（委託先 { $contractor }、証明書 { $certificate }）、立会人 { $witness }
rec-receipt-exists = { $path } は既にあります
rec-receipt-exists-hint = -o で新しいファイル名を指定してください（受領書は既存のファイルを上書きしません）。
rec-receipt-file = 受領書:  { $path }
rec-receipt-shipment = 移送ID:  { $shipment }
rec-receipt-verified = 検証:    正常（{ $when } { $zone }）
rec-receipt-signed = あなたの鍵 { $key } で署名しました
rec-receipt-file-hint = 宛先から送られてきた受領書のファイルを指定してください。
rec-already-delivered = 移送 { $shipment } は既に到着確認が記録されています（記録 { $id }、{ $when } { $zone }）。何も記録していません
rec-delivered = 記録しました: 移送 { $shipment } の到着確認。宛先が { $when } { $zone } に検証し正常、受領書の署名は { $key }

## 次に行うこと（prefix-next）

next-after-ship = 宛先から受領書が届いたら記録してください: isou record receipt FILE
next-after-receipt = このファイルを送付元に送ってください（個人情報を含まないため電子メールで送れます）。送付元は 'isou record receipt FILE' で記録します
