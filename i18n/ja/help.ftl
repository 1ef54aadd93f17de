# isou のコマンドラインヘルプ（日本語）。英語の原文は src/bin/isou/cli.rs の /// コメント。
# ID: help-<コマンドの道筋> と help-<コマンドの道筋>--<引数の ID>（例: help-seal, help-seal--to）。
# isou 自身とその共通オプションは help-isou、help-isou--lang。clap が自分で書く部分
# （見出し、-h / -V、help サブコマンド、既定値）は help-heading-*, help-builtin-*,
# help-spec-*、終了コードの表は help-exit-codes（src/bin/isou/help.rs の FIXED_IDS）。
# 終了コードの表は 1 つのコードを 1 行に書きます（折り返しと字下げは isou が入れます）。
# 改行は isou が端末の幅に合わせて入れるので、段落は 1 行に書いてください。
# 用語は docs/GLOSSARY.md と別添２（移送、電子媒体、追跡番号、封入、受領、廃棄 …）に従います。

## 共通の言い回し（-で始まる「項」。ID ではありません）

-passphrase-file = パスフレーズを FILE の 1 行目から読みます（スクリプト用。FILE の権限は 0600 にしてください）。
-passphrase-fd = パスフレーズを開いているファイル記述子 N の 1 行目から読みます（例: 3<FILE）。
-threads = ワーカースレッドの数（既定: すべてのコア）。
-identity-default = 既定: keygen と同じ
-force-out = OUT が既にあれば置き換えます。

## clap が書く部分

help-heading-usage = 使い方
help-heading-commands = コマンド
help-heading-arguments = 引数
help-heading-options = オプション
help-builtin-help = ヘルプを表示します。
help-builtin-help-short = ヘルプを表示します（詳しくは --help）。
help-builtin-help-long = ヘルプを表示します（要約は -h）。
help-builtin-version = バージョンを表示します。
help-builtin-help-command = このヘルプ、または指定したサブコマンドのヘルプを表示します。
help-builtin-help-subcommand = ヘルプを表示するサブコマンド。
help-spec-default = （既定: { $value }）
help-spec-possible = （指定できる値: { $values }）
help-exit-codes =
    終了コード:
      0    成功
      1    データを拒否しました: age ファイルでない、破損、改ざん、途中で切れている。検証で異常となった電子媒体、指定した送付元の署名がない電子媒体、危険な・壊れたアーカイブを含む電子媒体。--signer（または --any-sender）なしの open。この台帳で封入した移送について宛先が署名した受領書ではないもの（record receipt）
      2    使い方・設定・入出力のエラー（引数の誤り、ファイルがない、ディスクが一杯、読み取りエラー）
      3    鍵の問題: 合う秘密鍵がない、パスフレーズが違う、秘密鍵ファイルが使えない
      4    未完（verify）: 渡されたものは正常ですが、すべてではありません。一部の巻が渡されていない、または fetch.txt に記載のペイロードがない
      130  中断されました（Ctrl-C、SIGTERM、SIGHUP）。一時的な出力は削除しました

## isou と共通オプション

help-isou = がん登録の機微な抽出データを電子媒体で移送します: age で暗号化し、署名した BagIt バッグとして封入し、移送を記録します。
help-isou--quiet = 標準エラー出力にエラー以外は何も表示しません。
help-isou--policy = 組織のポリシーファイル（既定: $ISOU_POLICY、なければ ~/.config/isou/isou.toml があればそれ、なければ組み込みの規則）。
help-isou--ledger = 移送記録の台帳（既定: $ISOU_LEDGER、なければ ~/.local/share/isou/ledger.sqlite）。
help-isou--lang = メッセージとヘルプの言語: ja（日本語）または en（英語）。既定は $ISOU_LANG、なければポリシーの `language`、なければロケール（LC_ALL、LC_MESSAGES、LANG）です。

## 鍵と連絡先カード

help-keygen = 秘密鍵ファイル（受け取り用の鍵と署名用の鍵）を作成し、取引先に渡す連絡先カードを表示します。
help-keygen--output = 秘密鍵ファイルをここに書き込みます（既定: $ISOU_IDENTITY、なければ ~/.config/isou/identity.txt）。既存のファイルは上書きしません。
help-keygen--unprotected = パスフレーズで保護せずに鍵を書き込みます（保護されたハードウェア上の鍵やスクリプト用）。ファイルは age CLI がそのまま読める age の秘密鍵ファイルになります。
help-keygen--label = 連絡先カードのラベル。例: 組織名と担当の係。
help-keygen--passphrase-file = { -passphrase-file }
help-keygen--passphrase-fd = { -passphrase-fd }

help-card = 秘密鍵ファイルの連絡先カードを表示します。
help-card--identity = 秘密鍵ファイル（{ -identity-default }）。
help-card--label = 連絡先カードのラベル（既定: keygen で指定したラベル）。
help-card--passphrase-file = { -passphrase-file }（不要です。連絡先カードは公開鍵だけなので、秘密鍵ファイルを開かずに表示します。）
help-card--passphrase-fd = { -passphrase-fd }（不要です。以前のスクリプトのために受け付けます。）

## ファイル 1 つの暗号化と復号

help-encrypt = ファイルを 1 つ age v1 形式で暗号化します（age と rage で読めます）。
help-encrypt--recipients = この宛先に暗号化します: age1… の公開鍵または isou の連絡先カード（繰り返し指定できます）。
help-encrypt--recipients-files = FILE に 1 行ずつ書かれたすべての宛先に暗号化します（繰り返し指定できます）。
help-encrypt--passphrase = 鍵ではなくパスフレーズで暗号化します。端末で空のまま入力すると、強いパスフレーズを作って端末に一度だけ表示します（リダイレクトした出力やログには出しません）。
help-encrypt--passphrase-file = { -passphrase-file }
help-encrypt--passphrase-fd = { -passphrase-fd }
help-encrypt--armor = バイナリではなく PEM 形式の ASCII アーマーで書き込みます。
help-encrypt--output = 暗号化したファイルをここに書き込みます（一時ファイルに書き、最後に名前を変えます。既定: 標準出力）。
help-encrypt--force = { -force-out }
help-encrypt--threads = { -threads }
help-encrypt--input = 暗号化するファイル。'-' または指定なしで標準入力を読みます。

help-decrypt = age ファイルを 1 つ復号します（バイナリまたはアーマー）。
help-decrypt--identities = この秘密鍵ファイルで復号します（繰り返し指定できます。{ -identity-default }）。
help-decrypt--passphrase = パスフレーズで暗号化されたファイルです（指定しなくても判別します。これはパスフレーズでの復号を必須にするだけです）。
help-decrypt--passphrase-file = { -passphrase-file }
help-decrypt--passphrase-fd = { -passphrase-fd }
help-decrypt--output = 平文をここに書き込みます。すべてのチャンクの認証が済んでから現れます（既定: 標準出力。認証できたチャンクから順に出力します）。
help-decrypt--force = { -force-out }
help-decrypt--threads = { -threads }
help-decrypt--input = age ファイル。'-' または指定なしで標準入力を読みます。

## 封入・検証・開封

help-seal = 抽出データを電子媒体に封入します: 圧縮し、暗号化し、署名して、BagIt バッグにします。
help-seal--to = この宛先に暗号化します: 連絡先カードまたは age1… の公開鍵（繰り返し指定できます）。
help-seal--passphrase = 鍵ではなくパスフレーズで暗号化します（パスフレーズは電子媒体とは別に送ります）。
help-seal--passphrase-file = { -passphrase-file }
help-seal--passphrase-fd = { -passphrase-fd }
help-seal--identity = あなたの秘密鍵ファイル。その Ed25519 の鍵で電子媒体に署名します（{ -identity-default }）。
help-seal--medium = 電子媒体のフォルダー（マウントした USB メモリ）。空でなければなりません。大きな抽出データを複数の電子媒体に分けるときは繰り返し指定します（この順に第1巻、第2巻 …）。
help-seal--iso = 代わりに ISO 9660 イメージ（ディスク 1 枚につき 1 つ）をこのフォルダーに書き込みます。CD-R、DVD-R、BD-R に書き込むためのもので、ディスクの種類は --medium-type で指定します。
help-seal--volume-size = 1 巻（バッグまたはイメージ）の最大バイト数。例: 700M、4G。これより大きな抽出データは複数の巻に分けます（既定: ディスクの容量の 99%。フォルダーではその空き容量）。
help-seal--retain-until = この日（YYYY-MM-DD）まで電子媒体を保管します。この日を過ぎると `isou record due` に表示されます（既定: ポリシーに retention_days があれば、今日からその日数後）。
help-seal--allow-past-retention = 既に過ぎた --retain-until を受け付けます（利用期間の終了後に返却するデータなど、すぐに廃棄すべき移送のため）。備考に記録します。
help-seal--approver = 応諾で指名された利用責任者。bag-info.txt（Approver）に署名して書き込みます（既定: ポリシーの [terms] の approver）。
help-seal--application = 申出番号・応諾番号。bag-info.txt（Application-Number）に署名して書き込みます（既定: ポリシーの [terms] の application）。
help-seal--use-until = 応諾された利用期間の最終日（YYYY-MM-DD、今日以降）。bag-info.txt（Use-Until）に署名して書き込み、その日を過ぎると受け取った側の `record due` に電子媒体と復号したフォルダーが表示されます。非匿名化データでは必須です（既定: ポリシーの [terms] の use_until）。
help-seal--no-use-until = 利用期間なしで非匿名化データを封入します（応諾に終わりの定めがない場合）。備考に記録します。
help-seal--tracking-number = 配送業者の形式の追跡番号（書留・特定記録は 11 桁、ゆうパック・レターパック・宅急便・飛脚宅配便は 12 桁、国際郵便は EF123456785JP のような形）。形式を確認します。後から `record ship` で追加することもできます。
help-seal--carrier = 配送業者（配送業者の表から。例: 簡易書留、書留、ゆうパック、ヤマト運輸 宅急便、持参）。非匿名化データは追跡できる配送業者だけです（§2.2⑥）。表にない名前は拒否します。
help-seal--handler = 指定された移送の担当者（移送担当者）。
help-seal--destination = 移送先の組織。
help-seal--source-organization = あなたの組織（移送元）。
help-seal--class = 情報の区分: identifiable（非匿名化）または anonymized（匿名化）。bag-info.txt に書き込みます（既定: ポリシーの default_class、なければ identifiable）。
help-seal--medium-type = 電子媒体の種類: usb、cd-r（700 MB）、dvd-r（4.7 GB）、bd-r（25 GB）。bag-info.txt と移送記録に記録します（既定: usb、--iso では cd-r）。
help-seal--compression = none、zstd、zstd:LEVEL（1〜19）のいずれか。
help-seal--segment-size = セグメントファイルの最大の大きさ。例: 256M、1G（FAT32 と ISO 9660 では 4 GiB 未満）。
help-seal--allow-nonempty = 電子媒体にほかのファイルがあっても封入します（オペレーティングシステムのファイルは常に許します）。ほかのファイルは署名したバッグに含まれず、`verify` が問題として報告します。できる限り空の電子媒体を使ってください（§2.2）。
help-seal--envelope-confirmed = 封筒に赤字で「親展・取扱注意」と表示したことを確認します（§2.2⑤。スクリプト用。端末では、ポリシーが求めるときに isou が尋ねます）。
help-seal--attendance-acknowledged = 持参で移送するときの立会いの規則（§2.2⑧⑨）を確認したことを示します。
help-seal--threads = { -threads }
help-seal--json = 結果を JSON で表示します。
help-seal--inputs = 封入するファイルとフォルダー。それぞれ自分の名前で格納します。'.' は現在のフォルダーの中身です。

help-verify = 受領した電子媒体を、秘密鍵なしで検証します: 欠けていないか、変わっていないか、想定した送付元の署名があるか。
help-verify--signer = 想定する送付元: 連絡先カード、ssh-ed25519 の公開鍵、またはそれを書いたファイル（繰り返し指定できます）。すべての巻に、そのいずれかによる正しい署名が必要です。指定しないと、isou の電子媒体は正常と判定されません。
help-verify--tracking-number = 封筒や伝票に書かれた追跡番号。送付元が電子媒体に署名した番号と一致しなければなりません。
help-verify--json = 検証結果を JSON で表示します。
help-verify--threads = ハッシュ計算のワーカースレッドの数（既定: すべてのコア）。
help-verify--medium = 電子媒体: そのフォルダー（マウントした USB メモリやディスク、または任意の BagIt バッグ）か ISO イメージ。組の場合はすべての巻を指定してください。

help-open = 電子媒体を新しいフォルダーに復号します。すべてのファイルを検証します。
help-open--identities = あなたの秘密鍵ファイル（繰り返し指定できます。{ -identity-default }）。
help-open--passphrase-file = { -passphrase-file }
help-open--passphrase-fd = { -passphrase-fd }
help-open--out = 展開先の新しいフォルダー（すべての検証が済んでから作ります。親フォルダーは存在しなければなりません）、またはあなただけが書き込める空のフォルダー。
help-open--signer = 想定する送付元（連絡先カード、ssh-ed25519 の公開鍵、それを書いたファイル、またはポリシーの連絡先）。何かを復号する前に、すべての巻にこの送付元の署名があることを確かめます。--any-sender を指定しない限り必須です。
help-open--any-sender = 送付元を確かめずに開封します（署名自体は正しくなければなりません。署名した者を表示し、「確認していない」と記録します）。ほかの方法で送付元を確認したときだけ使ってください。
help-open--threads = { -threads }
help-open--json = 結果を JSON で表示します。
help-open--medium = 電子媒体: そのフォルダーか ISO イメージ。組の場合はその巻（順不同。指定しなかった巻は端末で尋ねます）。

help-receipt = 検証して正常だった移送の受領書に署名します。送付元に返送するためのものです（個人情報を含まないので電子メールで送れます）。
help-receipt--shipment = 検証したときの移送ID（`isou verify --signer …` で正常と判定されている必要があります）。
help-receipt--signer = 受領書で受領を確認する電子媒体の送付元（連絡先の名前、連絡先カード、または ssh-ed25519 の公開鍵）。移送ID競合のとき（二つの送付元の電子媒体が同じ移送IDを名乗ったとき）は必須です。
help-receipt--identity = あなたの秘密鍵ファイル。その Ed25519 の鍵で受領書に署名します（{ -identity-default }）。
help-receipt--passphrase-file = { -passphrase-file }
help-receipt--passphrase-fd = { -passphrase-fd }
help-receipt--output = 受領書をここに書き込みます（新しいファイル。既存のファイルは上書きしません）。

## 移送記録（isou record）

help-record = 移送記録: 確認、一覧、表示、およびコマンドでは知り得ないこと（発送、廃棄）の記録。
help-record-check = 台帳の記録の連鎖（ハッシュチェーン）をたどり、一致しない最初の記録を示します。
help-record-list = 記録を一覧表示します（すべて、または 1 つの移送のもの）。
help-record-list--shipment = この移送だけ。
help-record-list--open = まだ途中の移送だけ: 封入済みまたは発送済みで、受領・開封・到着確認（署名された受領書の記録）・廃棄のいずれもまだのもの。
help-record-list--since = この日（YYYY-MM-DD）以降の記録だけ。
help-record-list--destination = この移送先への（またはこの移送先から受け取った）移送だけ。
help-record-list--json = JSON で表示します。

help-record-ship = 封入した移送を配送業者に引き渡したことを記録します。
help-record-ship--shipment = 移送ID（`isou seal` が表示したもの）。
help-record-ship--carrier = 配送業者（配送業者の表から: 一般書留または書留、簡易書留、特定記録郵便、レターパックプラス、ゆうパック、ヤマト運輸 宅急便、佐川急便 飛脚宅配便、持参 …）。非匿名化データは追跡できる配送業者だけです（§2.2⑥）。
help-record-ship--tracking-number = 追跡番号。配送業者の形式か確認します。非匿名化データでは、封入時に指定していなければここで必要です。
help-record-ship--date = 発送した日（YYYY-MM-DD、UTC。既定: 今日）。封入した日より前、今日より後は指定できません。
help-record-ship--attendance-acknowledged = 持参で移送するときの立会いの規則（§2.2⑧⑨）を、`seal` と同様に確認したことを示します。非匿名化データを `--carrier 持参` で移送するときに必要です。

help-record-export = 記録簿（既定では移送記録簿。1 移送につき 1 行）を CSV（Excel 用に BOM 付き UTF-8）か JSON で、またはすべての記録簿を Excel ブック（xlsx、記録簿ごとに 1 シート）で出力します。1 つのセルに 1 つの値、訂正は訂正される値の隣に置きます。どの出力にも、いつ、誰が、どの台帳（とその先頭のハッシュ）から作ったかを記載します。
help-record-export--format = csv、json、または xlsx（すべての記録簿。-o が必要です）。
help-record-export--register = transport（移送記録簿）、checks（受領・検証・復号記録: 受領、検証、開封ごとに 1 行）、media（媒体管理簿: ディスクや USB メモリごとに 1 行）、disposal（廃棄記録）のいずれか。xlsx にはすべてを含めます。
help-record-export--output = 標準出力ではなくこのファイルに書き込みます（権限 0600 で作り、完成してから名前を変えます）。xlsx では必須です。
help-record-export--force = 出力ファイルが既にあれば置き換えます。

help-record-due = 保管期限を過ぎ、まだ廃棄していない電子媒体を表示します。
help-record-receipt = 宛先が署名した受領書（`isou receipt` で作ったもの）を検証し、移送を到着確認として記録します。2 通目の受領書では何も記録しません。
help-record-receipt--file = 受領書のファイル。
help-record-recover = 作業のときに台帳に書けなかった記録（作業したコマンドが LEDGER.unrecorded/ に残したもの）を、遅れて記録したことを示して台帳に追加します。
help-record-correct = 以前の記録を訂正します: その記録を指す新しい記録を追加します（記録を変更・削除することはありません）。
help-record-correct--event = 訂正する記録の ID（`isou record list` で表示されます）。
help-record-correct--note = 何が誤りで、何が正しいか。
help-record-show = 1 つの移送の全履歴を表示します。
help-record-show--shipment = 移送ID。

help-record-key-sent = パスフレーズまたは鍵の用紙を電子媒体とは別に送ったことを記録します。
help-record-key-sent--shipment = 移送ID。
help-record-key-sent--method = 送った方法（例: 別便簡易書留、手渡し、電話）。
help-record-key-sent--tracking-number = 郵送した場合は、その追跡番号（形式を確認します）。

help-record-hand-carry = 電子媒体を持参で移送したことを記録します（§2.2⑧⑨）。
help-record-hand-carry--shipment = 移送ID。
help-record-hand-carry--attendant = 同行した者（同行者）。

help-record-dispose = 電子媒体の廃棄を記録します（§2.4⑥⑦⑬）。電子媒体 1 つにつき 1 回です。
help-record-dispose--shipment = その電子媒体の移送ID。
help-record-dispose--method = 廃棄の方法: 物理破壊、消去ソフト（データ消去ソフトウェア）、溶解、または外部委託（--contractor と --certificate が必要）。
help-record-dispose--witness = 立会者。非匿名化データでは必須です。
help-record-dispose--contractor = 廃棄した受託者（外部委託のときだけ。§2.4⑦）。
help-record-dispose--certificate = 受託者の廃棄証明書の番号（外部委託のときだけ）。
help-record-dispose--decrypted = 電子媒体ではなく、`open` が移送を復号したフォルダー（中間生成物）の廃棄を記録します。SHIPMENT/復号 を指定するのと同じです。

## ポリシー（isou policy）

help-policy = 移送のポリシー（isou.toml）。
help-policy-check = ポリシーファイルの内容を確認し、その規定を表示します。

## 補完スクリプトと man ページ

help-completions = bash、zsh、fish、PowerShell の補完スクリプトを表示します（英語）。
help-completions--shell = スクリプトを使うシェル。
help-man = man ページ（英語）を書き込みます: isou.1 とコマンドごとのページ（isou-seal.1、isou-record-ship.1 …）をフォルダーに、または isou.1 を標準出力に。
help-man--output = isou.1 を標準出力に出す代わりに、すべてのページをこのフォルダーに書き込みます（なければ作ります。既にあるページは置き換えます）。
