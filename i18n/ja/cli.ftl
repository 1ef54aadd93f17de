# isou メッセージカタログ（日本語）: cli。決まりは common.ftl を参照。

## 入出力のエラー: 何をしていたか、そしてシステムの文言

cli-io = { $what }: { $error }
cli-io-with-os = { $phrase }（{ $os }）
cli-io-storage-full-hint = 出力先のディスクの空き容量を増やしてから、もう一度コマンドを実行してください
cli-io-permission-hint = 入力を読む権限と、出力を書く権限があるか確認してください
cli-io-not-found-hint = パスを確認してください
# システムの文言は英語のため、日本語ではその前にこの言い方を示す（英語では使わない）。
cli-io-not-found = ファイルまたはフォルダーがありません
cli-io-permission-denied = 権限がありません
cli-io-storage-full = ディスクの空き容量が足りません
cli-io-quota-exceeded = ディスクの割り当て容量を超えています
cli-io-already-exists = すでに存在します
cli-io-is-a-directory = フォルダーです
cli-io-not-a-directory = フォルダーではありません
cli-io-directory-not-empty = フォルダーが空ではありません
cli-io-read-only = 読み取り専用のファイルシステムです
cli-io-busy = 使用中です
cli-io-too-large = ファイルが大きすぎます
cli-io-invalid-data = データが正しくありません
cli-io-unexpected-eof = データが途中で終わっています
cli-io-timed-out = 時間切れです
cli-io-interrupted = 中断されました
cli-io-broken-pipe = 読み取り側が終了しました
cli-io-crosses-devices = 別のファイルシステムへは移動できません
cli-io-invalid-filename = ファイル名が正しくありません
cli-io-unsupported = この環境では使えません

## コマンドラインのエラー（clap）。clap の文言は英語のみのため、日本語ではエラーの種類から
## isou の文言を作る。

cli-hint-and = { $first }。{ $second }
cli-usage-line = 使い方: { $usage }
cli-see-help = '{ $command } --help' を参照してください
cli-clap-invalid = コマンドラインが正しくありません
cli-clap-unknown-argument = 引数 '{ $arg }' は使えません
cli-clap-did-you-mean = 似た引数があります: '{ $suggestion }'
cli-clap-trailing = '{ $arg }' を値として渡すには '-- { $arg }' と書いてください
cli-clap-unknown-command = コマンド '{ $command }' はありません
cli-clap-possible-values = 使える値: { $values }
cli-clap-empty-value = '{ $arg }' には値が必要です
cli-clap-invalid-value = '{ $arg }' の値 '{ $value }' は使えません
cli-clap-value-rejected = '{ $arg }' の値 '{ $value }' は使えません: { $reason }
cli-clap-missing-arguments = 次の引数を指定してください: { $args }
cli-clap-missing-command = コマンドを指定してください
cli-clap-commands = コマンド: { $commands }
cli-clap-no-equals = '{ $arg }' の値は = を付けて指定してください
cli-clap-too-many-values = '{ $arg }' に余分な値 '{ $value }' があります
cli-clap-wrong-number = '{ $arg }' の値の数が正しくありません
cli-clap-conflict = 引数 '{ $arg }' は '{ $other }' と同時に使えません
cli-clap-repeated = 引数 '{ $arg }' は 1 回しか指定できません
cli-clap-invalid-utf8 = 引数に UTF-8 でない文字が含まれています
cli-clap-did-you-mean-command = 似たコマンドがあります: '{ $suggestion }'
cli-clap-not-a-number = '{ $arg }' の値 '{ $value }' は使えません: 整数を指定してください
cli-clap-not-a-class = '{ $arg }' の値 '{ $value }' は情報の区分ではありません。非匿名化（identifiable）か匿名化（anonymized）を指定してください

## --passphrase-fd
cli-passphrase-fd-bad = ファイル記述子の番号ではありません（3 のような小さな整数を指定してください）

## Windows のパス（src/platform/windows.rs check_path）
cli-path-drive-relative = { $path }: ドライブ { $drive } の現在のフォルダーからの相対パスは曖昧です。{ $drive }\フォルダー のように完全に書いてください（ドライブのルートなら { $drive } だけで構いません）
cli-path-windows-name = { $path }: 「{ $name }」は Windows ではそのままファイル名・フォルダー名に使えません（NUL や CON などのデバイス名、ストリームを表す ':'、Windows が取り除く末尾のピリオドや空白、または < > " | ? * のいずれか）。別の名前にしてください
cli-path-device = { $path }: デバイスパス（\\?\、\\.\）は受け付けません。E: のようにドライブ文字で指定してください
cli-path-unc = { $path }: ネットワーク上のパス（\\サーバー\共有）は受け付けません。この PC のローカルドライブか、この PC に挿した USB メモリを使ってください（§1.3⑦: 非匿名化情報はスタンドアロンの PC で扱います）
