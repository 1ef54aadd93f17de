# isou メッセージカタログ（日本語）: media。決まりは common.ftl を参照。

## バッグの検証（verify の問題:「<ファイル>: <内容>」）

bag-path-empty = パスが空です
bag-path-absolute = 絶対パスです
bag-path-nul = パスに NUL 文字があります
bag-path-component = パスに空・「.」・「..」の部分があります（バッグの外を指すおそれがあります）
bag-manifest-line-form = { $line } 行目: 「チェックサム パス」の形ではありません
bag-manifest-line-checksum = { $line } 行目: { $sum } は { $algorithm } のチェックサムではありません
bag-manifest-line-path = { $line } 行目: { $why }: { $path }
bag-manifest-outside-data = { $line } 行目: ペイロードのマニフェストに data/ の外の項目があります: { $path }
bag-tagmanifest-inside-data = { $line } 行目: タグのマニフェストに data/ の中の項目があります: { $path }
bag-manifest-line-twice = { $line } 行目: { $path } が２回記載されています
bag-manifests-too-large = マニフェスト・タグのマニフェスト・fetch.txt の合計が { $limit } MiB を超えるため、これ以上読んでいません
bag-manifest-too-many-lines = 項目が { $most } を超えています。isou が読むペイロードのファイル数を超えるため、これ以上読んでいません
bag-payload-too-deep = フォルダーの入れ子が { $depth } 段を超えています。これより先は調べていません
bag-payload-missing = ペイロードのフォルダー（data/）がありません
bag-payload-too-many = ペイロードの項目が { $entries } を超えています。これより先は調べていません
bag-name-not-utf8 = ファイル名が正しい UTF-8 ではありません
bag-name-normalization = 電子媒体上のファイル名と Unicode の正規化形式（NFC・NFD）が違う形で記載されています。bagit.py と同じく同じファイルとして照合しました
bag-name-normalization-collision = { $other } と Unicode の正規化後に同じ名前になります。マニフェストがどちらを指すか判断できません
bag-payload-symlink = ペイロードにシンボリックリンクがあります（どこでも指せるため拒否しました）
bag-payload-not-regular = 通常のファイルではありません
bag-version-form = BagIt-Version { $version } が M.N の形ではありません
bag-encoding-unsupported = タグファイルの文字コード { $encoding } は読めません（WHATWG Encoding Standard の文字コード: UTF-8、UTF-16、ISO-8859-x、Shift_JIS、EUC-JP など を読めます）
bag-bagit-txt-form = 「BagIt-Version: M.N」と「Tag-File-Character-Encoding: ENCODING」の２行だけを、この順に含む必要があります（RFC 8493 §2.1.1）
bag-bagit-txt-missing = ありません。バッグではないか、書き込みが中断されています
bag-info-secret = 秘密鍵らしいもの（鍵ファイル？）を含むため、読まず、表示もしません

bag-algorithm-unsupported = チェックサムの方式 { $algorithm } は isou では計算できないため、このマニフェストは確認していません
bag-no-payload-manifest = バッグにペイロードのマニフェストがありません
bag-weak-checksum = { $algorithm } は弱いチェックサムです。偶然の破損しか検出できません
bag-not-listed = ペイロードにありますが、{ $manifest } に記載されていません
bag-listed-missing = { $manifest } に記載されていますが、ありません
bag-tag-file-too-large = { $manifest } に記載されていますが、{ $size } バイトあり、タグファイルの上限（{ $limit } MiB）を超えるため読んでいません
bag-listed-not-regular = { $manifest } に記載されていますが、通常のファイルではありません
bag-oxum-differs = Payload-Oxum では { $files } ファイル { $bytes } バイトですが、ペイロードは { $found_files } ファイル { $found_bytes } バイトです
bag-oxum-larger = Payload-Oxum では { $files } ファイル { $bytes } バイトですが、ペイロードは { $found_files } ファイル { $found_bytes } バイトです（記載より大きいため、ハッシュを計算していません）
bag-oxum-form = Payload-Oxum { $oxum } が OCTETS.FILES の形ではありません
bag-cannot-be-read = 読み取れません: { $error }
bag-refused = 拒否しました: { $error }
bag-checksum-differs = { $algorithm } のチェックサムがマニフェストと一致しません。ファイルが改ざんまたは破損しています
bag-tag-file-bom = 先頭にバイト順マーク（BOM）があります。RFC 8493 ではこの文字コードのタグファイルに付けません（除いて読みました）
bag-tag-file-undecodable = bagit.txt が宣言する文字コード { $encoding } のテキストとして正しくありません
bag-bagit-txt-bom = 先頭にバイト順マーク（BOM）があります。RFC 8493 §2.1.1 では bagit.txt は BOM なしの UTF-8 です
bag-version-unsupported = BagIt-Version { $version } は isou が読める版（0.93～1.x）ではありません
bag-no-checkable-manifest = isou が計算できる方式のペイロードのマニフェストがありません（{ $manifests }）。ペイロードを確認できません
bag-manifest-binary-mode = { $count } 行がパスの前に「*」（md5sum/sha256sum のバイナリモード）を付けています。BagIt の形ではないため、「*」を除いたパスとして読みました
bag-manifest-comments = 「#」で始まる { $count } 行を読み飛ばしました（BagIt の形ではありません。bagit.py も読み飛ばします）
bag-path-home = 「~」で始まるパスです（シェルでは読む人のホームフォルダーを指します）
bag-fetch-line-form = { $line } 行目: 「URL 長さ パス」の形ではありません
bag-fetch-url = { $line } 行目: { $url } はスキームとホストのある URL ではありません
bag-fetch-length = { $line } 行目: 長さ { $length } がバイト数でも「-」でもありません
bag-fetch-line-path = { $line } 行目: { $why }: { $path }
bag-fetch-outside-data = { $line } 行目: ペイロード（data/）の外の { $path } を記載しています。fetch.txt にはペイロードのファイルしか記載できません
bag-fetch-not-in-manifest = { $line } 行目: { $manifest } に記載されていない { $path } を記載しています（RFC 8493 §2.2.3: fetch.txt のファイルはすべてのペイロードのマニフェストに記載されます）

## bag-info.txt

bag-info-field = bag-info の項目 { $label }: { $why }
bag-info-label-form = 項目名は「:」・空白・制御文字を含まない１語にしてください
bag-info-value-control = 値に改行または制御文字があります
bag-info-continuation = { $line } 行目: 前に項目のない継続行です
bag-info-line-form = { $line } 行目: 「項目名: 値」の形ではありません

## バッグの中のファイルの読み取り

bag-source-too-large = { $limit } KiB を超えています
bag-source-refused = { $path }: { $why }
bag-source-not-plain = バッグの中の単純なパスではありません
bag-source-root = バッグの最上位のフォルダーで、ファイルではありません
bag-source-link-or-not-folder = シンボリックリンクか、フォルダーではありません（どこでも指せるため拒否しました）
bag-source-symlink = シンボリックリンクです（どこでも指せるため拒否しました）
bag-source-folder = フォルダーで、ファイルではありません
bag-source-not-regular = 通常のファイルではありません（FIFO・デバイス・ソケットは読みません）
bag-source-medium-root = 媒体の最上位
bag-source-too-many = 項目が { $entries } を超えています

## 封入（SealError）とその対処

media-class-unknown = { $class } は情報の区分ではありません。identifiable（非匿名化）または anonymized（匿名化）を指定してください
media-seal-no-medium = 電子媒体 { $medium } がマウントされたフォルダーではありません
media-seal-not-empty = 電子媒体 { $medium } が空ではありません（{ $found } があります）
media-seal-empty-extract = 抽出データ { $extract } に封入するファイルがありません
media-seal-swapped = 電子媒体と抽出データが逆になっているようです。電子媒体 { $medium } にファイルがあり、抽出データ { $extract } にはありません
media-seal-overlap = 電子媒体 { $medium } と抽出データ { $extract } が重なっています（一方が他方そのもの、またはその中にあります）。バッグが平文の隣に書き込まれてしまいます
media-seal-plaintext-beside = 電子媒体 { $medium } にデータらしいファイル { $file }（表・テキスト・文書・アーカイブ、または抽出データ自体）があるため、その隣にバッグを書き込みません
media-seal-too-small = 電子媒体の空き容量は { $available } MB で、ペイロードには少なくとも { $needed } MB 必要です
media-seal-io = 電子媒体への書き込みに失敗しました: { $error }
media-seal-read-back = 電子媒体を読み戻したところ、相違がありました: { $differences }
media-seal-no-medium-hint = 電子媒体を挿入してマウントし、そのフォルダーを --medium で指定してください
media-seal-not-empty-unfinished-hint = 中断された封入の残り（暗号文のみで bagit.txt がなく、正常なバッグではありません）があります。すべて削除してから、もう一度封入してください
media-seal-not-empty-allow-hint = 未使用または消去済みの電子媒体を使ってください（§2.2）。--allow-nonempty を付けると他のファイルは残りますが、署名されたバッグの外にあるため 'isou verify' が問題として報告します
media-seal-not-empty-hint = 新品または消去済みの電子媒体を使ってください（§2.2 本文）。このフォルダーが抽出データなら、それを最後に、電子媒体を --medium で指定してください
media-seal-empty-extract-hint = 抽出データのフォルダーまたはファイルを、オプションの後、最後に指定してください。何も書き込んでいません
media-seal-swapped-hint = 電子媒体を --medium で、抽出データを最後に指定してください: isou seal … --medium { $medium } { $extract }。何も書き込んでいません
media-seal-overlap-hint = 抽出データのフォルダーの外にある別の電子媒体（新品または消去済み、§2.2 本文）を使ってください。何も書き込んでいません
media-seal-plaintext-beside-hint = 新品または消去済みの電子媒体を使ってください（§2.2 本文）。--allow-nonempty で残せるのは、データ・テキスト・文書・アーカイブ以外のファイルだけです。何も書き込んでいません
media-seal-too-small-hint = より大きい電子媒体を使うか、抽出データを分けてください
media-seal-field-hint = 値は制御文字を含めず１行で指定してください
media-seal-io-full-hint = 電子媒体がいっぱいです。より大きいものを使ってください（使えるものは何も残っていません）
media-seal-io-hint = 電子媒体が書き込み可能で、取り外されていないことを確認してください（使えるものは何も残っていません）
media-seal-read-back-hint = 電子媒体に不具合があるおそれがあります。別の電子媒体を使ってください
media-volume-too-small-hint = より大きい --volume-size を指定するか、省略して媒体の種類の容量を使ってください
media-volume-unusable-hint = どの巻にも未使用または消去済みの電子媒体を使ってください
media-volume-overlap-hint = 抽出データのフォルダーの外にある別の電子媒体（新品または消去済み、§2.2 本文）を使い、封入中はどちらにも手を触れないでください。isou が書き込んだものは削除し、何も記録していません
media-volume-changed-hint = 封入中は電子媒体のフォルダーに手を触れず、もう一度封入してください。書き込んだものは削除し、何も記録していません
media-volume-need-more-hint = 続きの巻ごとに --medium をもう１つ指定するか、--volume-size を指定して端末で実行し、電子媒体を１枚ずつ求めに応じて入れてください

## 電子媒体の検証（isou の形式）と複数巻の検証

media-field-missing = isou の項目 { $label } がありません
media-tracking-not-isou = 追跡番号（Tracking-Number）が isou の書く形ではありません（seal はすべての追跡番号を検査します）: { $why }
media-bagit-txt-not-isou = isou が書く bagit.txt（「BagIt-Version: 1.0」と「Tag-File-Character-Encoding: UTF-8」）ではありません。ほかの版や文字コードを宣言する isou の電子媒体は、isou とほかのツールとで読み方が変わってしまいます
media-os-entry = 電子媒体をマウントした OS が作ったものです。移送物の一部ではなく、検証していません
media-os-entry-on-image = ディスクイメージは OS がマウントして書き込むことがないため、意図して置かれたものです。isou seal が書いたものではなく、署名の対象外です
media-os-entry-unreadable = OS のフォルダー（{ $path }）を読めないため、中身を確認できません
media-os-entry-too-large = OS のフォルダーに isou が確認する上限（10,000 項目、16 段）を超える中身があります。OS のものではありません
media-os-entry-deleted-files = 電子媒体のごみ箱に削除済みのファイルがあります（{ $path }）。署名の対象外のまま電子媒体と一緒に移送されます。封入の前に空にしてください
media-os-entry-program = OS のフォルダーの中にプログラム・スクリプト・ショートカット・autorun.inf があります（{ $path }）。isou seal が書いたものではなく、署名の対象外です
media-os-entry-not-regular = OS のフォルダーの中にリンクまたは特殊ファイルがあります（{ $path }）
media-os-entry-unknown = OS がそのフォルダーに書くものではありません（{ $path }）。isou seal が書いたものではなく、署名の対象外です
media-foreign-entry = isou seal が書いたものではなく、署名されたバッグの外にあります（開いたり実行したりせず、報告してください）
media-foreign-more = ほかに isou seal が書いたものではない項目が { $count } 個あります
media-segments-not-contiguous = ここには data/{ $expected } があるはずです。セグメントが連続していません
media-no-segment = ペイロードのセグメントがありません
media-set-segments-not-continuing = { $medium }: 第{ $volume }巻が { $first } から始まっていますが、前の巻は { $expected } の前で終わっています
media-set-other-signer = { $medium } の署名者は { $signer } ですが、{ $other } の署名者は { $other_signer } です
media-set-count-changed = { $medium }: 署名された Bag-Count または Bag-Group-Identifier が、最初に読んだときの電子媒体の記載と異なります
media-set-other-shipment = { $medium } は移送ID { $shipment } のもので、他の巻は { $other } のものです

## 電子媒体のタグファイルの真正性の確認（TrustError）

media-trust-no-signature = 電子媒体に署名がありません（{ $file } がありません）。作成者を確認できません
media-trust-missing = { $file } がありません
media-trust-unreadable = { $file } を読み取れません: { $error }
media-trust-file-problem = { $file }: { $why }
media-trust-altered = { $file } が署名されたタグマニフェストと一致しません。署名の後に改ざんされています
media-trust-altered-missing = { $file }（ありません）
media-trust-not-covered = 署名されたタグマニフェストが { $file } を含まないため、その真正性を確認できません
media-trust-read-error-hint = ディスクを清掃するか USB メモリを挿し直して（別の装置なら読めることがあります）、もう一度実行してください
media-trust-no-signature-hint = 開封しないでください。isou の電子媒体には必ず署名があります。送付元に（荷物の中の情報ではなく電話で）確認し、この電子媒体のことを報告してください
media-trust-hint = 開封しないでください。送付元に報告し、調査のために保管してください
media-class-not-stated = { $class }（送付元の記載がありません）
media-class-not-known = { $class }（送付元の区分 { $claimed } は isou が知らないものです）
media-manifest-line = { $line } 行目: { $why }
media-manifest-line-form-name = 「チェックサム  名前」の形ではありません
media-manifest-line-form-path = 「チェックサム  パス」の形ではありません
media-manifest-no-sha256 = SHA-256 のチェックサムがありません
media-manifest-not-tag-file = { $name } を記載していますが、バッグの最上位にあるタグファイルではありません
media-manifest-not-segment = { $name } を記載していますが、ペイロードのセグメント（data/payload.NNN）ではありません
media-manifest-twice = { $name } を２回記載しています
media-manifest-too-many-files = { $count } を超えるファイルを記載しています
media-manifest-too-many-segments = { $count } を超えるセグメントを記載しています
media-manifest-no-segment = ペイロードのセグメントを記載していません
media-signature-not-text = 署名ファイルがテキストではありません
media-not-utf8 = UTF-8 のテキストではありません
media-info-secret = 秘密鍵らしいものを含むため、読まず、表示もしません
media-info-repeated = { $label } を { $count } 回記載しています
media-info-date = Bagging-Date { $date } が日付（YYYY-MM-DD）ではありません
media-info-lacks = isou の項目 { $label } がありません
media-info-other-signer = Signer-Key に { $claimed } と記載されていますが、電子媒体の署名者は { $signer } です
media-info-bag-count = Bag-Count { $count } が「k of n」（1 ≤ k ≤ n ≤ { $most }）の形ではありません
media-info-oxum-form = Payload-Oxum { $oxum } が OCTETS.FILES の形ではありません
media-info-oxum-count = Payload-Oxum では { $files } ファイルですが、署名されたマニフェストには { $segments } 個のセグメントが記載されています

## 抽出データの読み取り（InputError）

pipeline-io = { $path }: { $error }
pipeline-not-regular = { $path } はシンボリックリンクまたは特殊なファイルです。isou が封入するのは通常のファイルとフォルダーだけです
pipeline-not-utf8 = { $path } の名前が正しい UTF-8 ではありません
pipeline-duplicate = ２つの入力が同じ名前 { $name } で格納されてしまいます
pipeline-collides = { $first } と { $second } は、名前の違いが大文字・小文字またはアクセント付き文字の表し方（Unicode の正規化）だけです。受領側のディスクでは同じファイルになるため、open はこの電子媒体を開封しません
pipeline-collides-encoding = { $first } と { $second } は、同じ名前が異なる文字で書かれています（結合文字または互換文字。コードポイント U+XXXX で示しています。Unicode の正規化で同じ名前になります）。受領側のディスクでは同じファイルになるため、open はこの電子媒体を開封しません
pipeline-unsafe-name = { $path }: この名前は受領側の open で展開できません: { $why }
pipeline-read = { $path } の読み取りに失敗しました: { $error }
pipeline-changed = { $path } が封入中に変更されました
pipeline-replaced = { $path } が封入中に変わりました。一覧にしたファイルやフォルダーではなくなっています（シンボリックリンクや別のファイルに置き換えられたか、削除されました）。読んでいません
pipeline-special-fs = { $path } は通常のファイルではありません。特殊なファイルシステム { $fs } 上にあり、ファイルの大きさと読み取れる量が一致しません
pipeline-not-ordinary-more = { $path } は通常のファイルではありません。大きさは { $size } バイトですが、それより多く読み取れます
pipeline-not-ordinary = { $path } は通常のファイルではありません。大きさは { $size } バイトですが、読み取れたのは { $read } バイトです
pipeline-io-hint = パスと、読み取る権限があることを確認してください
pipeline-not-regular-hint = 通常のファイルとフォルダーを封入してください。リンクの指す先は、先に抽出データへコピーしてください
pipeline-not-utf8-hint = 名前が正しい UTF-8 になるよう、ファイル名を変更してください
pipeline-duplicate-hint = 名前の異なる入力を指定するか、１つのフォルダーにまとめてください
pipeline-collides-hint = どちらかの名前を変えるか別のフォルダーに移してから、もう一度封入してください。電子媒体には何も書き込んでいません
pipeline-unsafe-name-hint = 名前を変えるか（バックスラッシュを使わず、２文字目を「:」にしない）、フォルダーに入れてから、もう一度封入してください。電子媒体には何も書き込んでいません
pipeline-path-too-long-hint = フォルダー名とファイル名を短くするか（日本語は１文字３バイトです）、ファイルを上の階層に移してから、もう一度封入してください。電子媒体には何も書き込んでいません
pipeline-read-hint = 抽出データのあるディスクや装置を確認してください。電子媒体に使えるものは何も残っていません
pipeline-changed-hint = 書き込みが終わってから（出力の完了を待って）、もう一度封入してください
pipeline-replaced-hint = 抽出データを自分だけが書き込めるフォルダーに置いて、もう一度封入してください。電子媒体に使えるものは何も残っていません
pipeline-not-ordinary-hint = 先に通常のファイルへコピーし（cp で抽出データのフォルダーへ）、そのコピーを封入してください

## 巻と複数巻の組

media-type-unknown = { $name } は電子媒体の種類ではありません。usb・cd-r・dvd-r・bd-r のいずれかを指定してください
media-neither-folder-nor-iso = フォルダーでも ISO イメージでもありません
media-volume-too-small = { $size } バイトの巻にはバッグが入りません。バッグ自体のファイルにも容量が必要で、巻の最小は { $minimum } バイトです
media-volume-unusable = 電子媒体 { $medium }: { $why }
media-volume-overlap = 封入中に電子媒体 { $medium } と抽出データ { $extract } が重なりました（一方が他方そのもの、またはその中にあります。最初の確認の後にフォルダーが変わりました）。バッグが平文の隣に書き込まれてしまいます
media-volume-changed = 封入中に電子媒体 { $medium } が変わりました。そのパスが書き込み中のフォルダーを指していません
media-volume-need-more = 抽出データが入りきりません。第{ $volume }巻の電子媒体が必要ですが、指定されていません
media-read-back-problem = { $file }: { $why }
media-read-back-unreadable = 読み戻せません: { $error }
media-read-back-differs = 読み戻した内容が書き込んだ内容と異なります
media-volume-full = 第{ $full }巻がいっぱいです。第{ $next }巻を書き込みます
media-volume-full-on = 第{ $full }巻がいっぱいです。第{ $next }巻を { $medium } に書き込みます
media-volume-complete = 第{ $volume }巻は完成し、読み戻して確認しました。取り外してかまいません
media-volume-handed-back = 第{ $volume }巻（{ $medium }）は完成して取り外し済みですが、完成しなかった組のものです。廃棄するか、ファイルを削除してから再利用してください
media-image-exists = { $path } は既にあります
media-member-unreadable = { $medium }: { $error }
media-member-bag-count = { $medium }: Bag-Count { $count } が「k of n」（1 ≤ k ≤ n ≤ { $most }）の形ではありません
media-set-missing = { $count ->
   *[other] 全{ $total }巻のうち第{ $volumes }巻がありません
}
media-set-missing-last = 最後の巻がありません（全何巻かを示す巻が指定されていません）
media-set-missing-and-last = 第{ $volumes }巻と最後の巻がありません
media-set-different-sets = { $first } と { $other } は別の組のものです（{ $first_group } と { $other_group }）
media-set-twice = 第{ $volume }巻が２回指定されています（{ $first } と { $other }）
media-set-totals-disagree = 巻によって全巻数が異なります（{ $totals }）
media-set-beyond-total = { $medium } は全{ $total }巻のうち第{ $volume }巻と記載しています
media-set-last-unknown = { $medium } は「第{ $volume }巻（全?巻）」と記載していますが、第{ $volume }巻が最後の巻です

## 開封（OpenError）とその対処

open-output-exists = 出力先フォルダー { $out } は既にあり、空のフォルダーではありません
open-output-parent-not-folder = 出力先フォルダー { $out } を作れません: { $missing } がフォルダーではありません
open-output-parent-missing = 出力先フォルダー { $out } を作れません: { $missing } がありません
open-output-unsafe = 出力先フォルダー { $out } は使えません: { $why }
open-output-on-medium = 出力先フォルダー { $out } が電子媒体そのものの上にあります
open-medium = 電子媒体を開封できません: { $why }
open-not-authentic = 電子媒体 { $medium } の検証結果が異常です: { $error }
open-foreign = 電子媒体 { $medium } に、署名されたバッグの外のファイルがあります: { $files }
open-other-structures = ディスクイメージ { $medium } には、isou が検査する署名されたバッグ以外のものがあります: { $what }
open-archive = 電子媒体のアーカイブが破損しているか、悪意のあるものです: { $why }
open-archive-after-end = アーカイブの終端の後にデータがあります（展開しても表示されないものです。isou は書きません）
open-archive-after-frame = 圧縮フレームの後にデータがあります（別のフレームなど、展開しても表示されないものです。isou はフレームを 1 つだけ書きます）
open-unsafe-entry = アーカイブの項目 { $name } は展開できません: { $why }
open-contents-mismatch = 展開したファイルが ISOU-CONTENTS.json と一致しません: { $problems }
open-unreadable = 電子媒体の読み取りに失敗しました: { $why }
open-io = 出力の書き込みに失敗しました: { $error }
open-output-exists-hint = --out には新しいフォルダーか、自分の空のフォルダーを指定してください。isou は既存のファイルの隣には書き込みません
open-output-parent-missing-hint = 先に { $missing } を作成する（mkdir -p）か、存在するフォルダーの中を --out に指定してください。isou が作るのは --out のフォルダー自体だけです
open-output-parent-not-folder-hint = { $missing } はファイルです。フォルダーの中を --out に指定してください
open-output-unsafe-hint = --out には新しいフォルダー（isou が本人専用で作ります）か、自分が所有し自分だけが書き込める空のフォルダー（chmod go-w）を指定してください
open-output-on-medium-hint = 電子媒体ではなく、保護された端末上のフォルダーに展開してください
open-medium-hint = 電子媒体に対して 'isou verify' を実行し、すべての問題を確認してください
open-not-authentic-hint = { $hint }（何も復号していません）
open-foreign-hint = 使わないでください。送付元のものではありません。'isou verify' ですべての問題を確認できます。この電子媒体のことを報告してください（何も復号していません）
open-other-structures-hint = 使わないでください。検査していないものを別のコンピュータが表示・実行するおそれがあります。'isou verify' ですべての問題を確認できます。この電子媒体のことを報告してください（何も復号していません）
open-bad-medium-hint = この電子媒体は使わないでください。報告し、送付元に新しいものを依頼してください（何も展開していません）
open-missing-volume-hint = 組のすべての巻（フォルダーまたは ISO イメージ、順不同）を指定するか、端末で実行して１巻ずつ求めに応じて指定してください。何も展開していません
open-io-full-hint = 出力先のディスクがいっぱいです。空きを作ってから、もう一度開封してください（何も残していません）
open-unreadable-hint = ディスクを清掃するか USB メモリを挿し直して（別の装置なら読めることがあります）、もう一度開封してください。何も展開していません
open-io-hint = 出力先フォルダーのあるディスクを確認してください。何も残していません

## 開封: 巻、出力先フォルダー、アーカイブの項目

open-segments-not-contiguous = ペイロードのセグメントが payload.000 から連続していません
open-segments-not-continuing = ペイロードのセグメントが、前の巻の { $segment } から続いていません
open-volume-problem = { $medium }: { $why }
open-segment-missing = がありません
open-segment-refused = { $medium }: { $path } { $why }
open-segments-size = { $medium }: セグメントは { $bytes } バイトですが、署名された Payload-Oxum では { $signed } バイトです。どれも読んでいません
open-volume-missing-of = 全{ $total }巻のうち第{ $volume }巻がありません
open-volume-missing = 第{ $volume }巻がありません
open-volume-other-set = { $medium } は別の組（{ $set }）のもので、{ $expected } のものではありません
open-volume-no-set = { $medium } は巻の組に属しておらず、{ $expected } のものではありません
open-volume-other-number = { $medium } は第{ $volume }巻で、第{ $expected }巻ではありません
open-volume-other-total = { $medium } では全{ $total }巻ですが、他の巻では全{ $others }巻です
open-volume-count-changed = { $medium }: 署名された Bag-Count（{ $count }）が、最初に読んだときの電子媒体の記載と異なります
open-volume-other-signer = { $medium } の署名者は { $signer } ですが、前の巻の署名者は { $before } です
open-volume-other-shipment = { $medium } は移送ID { $shipment }（組 { $set }）のもので、前の巻は { $before }（組 { $before_set }）のものです
open-entry-not-utf8 = 名前が正しい UTF-8 ではありません
open-entry-windows = 名前に Windows のドライブ指定・バックスラッシュ・NUL があります
open-entry-windows-name = 名前「{ $name }」は Windows ではそのまま書き込めません: { $why }
open-entry-windows-colon = コロンはドライブまたは NTFS のストリームを表します（出力フォルダーの外に書き込まれるか、ストリームに隠れます）
open-entry-windows-device = デバイス名です（CON・PRN・AUX・NUL・COM1〜9・LPT1〜9。拡張子があっても同じ）。データはデバイスに送られます
open-entry-windows-trailing = Windows は末尾のピリオドや空白を取り除くため、別の名前になります
open-entry-windows-character = Windows で名前に使えない文字（< > " | ? * または制御文字）があります
open-entry-parent = 「..」で出力先フォルダーの外に出てしまいます
open-entry-empty = 名前が空です
open-entry-too-long = パスが { $bytes } バイトあり、open が出力先フォルダーの下に書き込める { $most } バイトを超えています（システムはパス全体を 4096 バイトまでに制限しています）
open-entry-component-too-long = ファイル名またはフォルダー名が { $most } バイトを超えています（ファイルシステムで作れない長さです）
open-no-volume-read = どの巻も読んでいません
open-contents-other-shipment = { $contents } の移送ID は { $shipment } ですが、署名された bag-info.txt では { $signed } です
open-output-symlink = シンボリックリンクです（どこでも指せるため、isou は実際のフォルダーにしか書き込みません）
open-output-other-owner = 他の利用者のものです（展開したものを読んだり置き換えたりできます）
open-output-writable-all = すべての利用者が書き込めます（モード { $mode }）。平文の隣でファイルを差し替えたり追加したりできます
open-output-writable-group = グループが書き込めます（モード { $mode }）。平文の隣でファイルを差し替えたり追加したりできます
open-entry-after-contents = { $contents } の後に項目があります
open-entry-too-many = 項目が { $most } を超えています（登録データの抽出ならはるかに少なく、重複の検出のために保持する名前が際限なく増えてしまいます）
open-entry-same-name-folded = 同じ名前の項目が２つあります（Unicode の正規化と大文字・小文字の同一視の後）
open-entry-contents-invalid = 内容一覧として正しくありません: { $error }
open-entry-through-non-folder = フォルダーではないものを経由するパスです
open-entry-folder-over-file = 既存のファイルと同じ名前のフォルダーです
open-entry-same-name = 同じ名前の項目が２つあります
open-entry-bomb = 展開爆弾です: 電子媒体の { $read } バイトから { $written } バイトが出てきました（{ $ratio } 倍を超えています）。展開を中止しました
open-entry-type = 種類（{ $kind }）が通常のファイルでもフォルダーでもありません（リンクやデバイスは展開しません）
open-entry-kind-symlink = シンボリックリンク
open-entry-kind-hard-link = ハードリンク
open-entry-kind-fifo = 名前付きパイプ（FIFO）
open-entry-kind-char-device = キャラクタデバイス
open-entry-kind-block-device = ブロックデバイス
open-entry-kind-other = tar の種類 { $code }
open-contents-missing = { $contents } がありません
open-contents-twice = { $contents } に { $path } が２回記載されています
open-contents-not-listed = { $path } が記載されていません
open-contents-differs = { $path } の大きさまたは SHA-256 が記載と異なります
open-contents-listed-missing = { $path } は記載されていますが、ありません

## ペイロードの中のアーカイブ（tar のヘッダは読む前に検査）

media-archive-refused = 電子媒体のアーカイブを拒否しました: { $why }
media-tar-checksum-field = ヘッダのチェックサム欄が８進数ではありません
media-tar-checksum = ヘッダのチェックサムが一致しません（破損または偽造されたヘッダです）
media-tar-size-field = ヘッダの大きさ欄が数ではありません
media-tar-entry-too-large = { $size } バイトの項目で、ストリームで扱える大きさを超えています
media-tar-meta-too-large = { $size } バイトの{ $what }です（上限は { $limit } バイト。tar-rs が全体をメモリに保持するため）
media-tar-meta-total = １つの項目の前の長い名前と PAX ヘッダが { $most } バイトを超えています
media-tar-gnu-long-name = GNU の長い名前
media-tar-gnu-long-link = GNU の長いリンク名
media-tar-pax-header = PAX 拡張ヘッダ
media-tar-pax-global = PAX のグローバルヘッダ（type g）です。isou が書くことはありません
media-tar-gnu-sparse = GNU のスパース項目（type S）です。isou が書くことはありません
media-pax-malformed = PAX の記録の形が正しくありません（{ $what }）
media-pax-no-length = 空白の前に10進の長さがありません
media-pax-length-not-decimal = 長さが10進数ではありません
media-pax-length-overflows = 長さが桁あふれしています
media-pax-length-does-not-fit = 長さ { $length } が残りの { $left } バイトに収まりません
media-pax-end = 長さの示す位置で終わっていません
media-pax-line-break = 途中に改行があります
media-pax-no-equals = 「=」がありません
media-pax-empty-key = キーが空です
media-pax-size = PAX の size 記録です（isou は書きません。tar-rs がヘッダの大きさより優先するため、アーカイブの区切りが２通りになってしまいます）
media-pax-path-too-long = { $size } バイトの PAX { $key } です（上限 { $most } バイト）
media-pax-sparse = GNU スパースファイルの PAX キー { $key } です。isou が書くことはありません

## ISO 9660 イメージ（seal --iso が書き、verify と open が読む）

media-iso-already = { $path } は既にイメージにあります
media-iso-file-too-large = { $path } が 4 GiB に達し、ISO 9660 のファイルの上限を超えてしまいます
media-iso-joliet-too-long = { $name } は Joliet の名前の上限（64 文字）より長いです
media-iso-cannot-store = { $path } は ISO 9660 に格納できません
media-iso-clash = { $path } が他の項目と衝突します
media-iso-damaged = ISO 9660 イメージが破損しています: { $what }
media-iso-too-short = ISO 9660 イメージではありません（{ $size } バイトしかありません）
media-iso-descriptors-past-end = ボリューム記述子が末尾を越えています
media-iso-not-iso = ISO 9660 イメージではありません（セクタ 16 に CD001 のボリューム記述子がありません）
media-iso-descriptor-lacks-cd001 = ボリューム記述子 { $number } に CD001 がありません
media-iso-no-primary = 基本ボリューム記述子がありません
media-iso-trees-differ = ISO 9660 の名前と Joliet の名前とで、載っているファイルが違います。一方を読むシステムから隠されたファイルがあります（isou が書くイメージは両方に同じファイルを載せます）
media-iso-system-area = ディスクイメージのシステム領域（セクタ 0〜15）が空ではありません。ブートコード、パーティション表、Mac の HFS ボリュームなど、ここで検査したファイルの代わりに一部のコンピュータが読むものがあります（isou が書くイメージでは 0 のみです）
media-iso-boot-record = ディスクイメージに El Torito のブートレコードがあります。このディスクから起動したコンピュータは、ここでの検査の対象外のプログラムを実行します（isou が書くイメージにはありません）
media-iso-other-descriptor = ディスクイメージに、基本と Joliet 以外のボリューム記述子（種別 { $kind }、セクタ { $number }）があります。一部のシステムが代わりに表示する別の名前の木です（isou が書くイメージにはありません）
media-iso-udf = ディスクイメージは UDF ボリュームでもあります（UDF ブリッジ）。Windows と macOS は UDF のファイルを表示し、それはここで検査したファイルではありません（isou が書くイメージは ISO 9660 と Joliet のみです）
media-iso-rock-ridge-entries = ディスクイメージの Rock Ridge のデータにより、{ $path } はここで検査したものとは別のものになります（{ $entries }）。リンク、デバイス、移動・隠し・圧縮されたエントリ、またはシステムによって読み方が違う名前です（isou が書くイメージには Rock Ridge はありません）
media-iso-joliet-system-use = ディスクイメージの Joliet のフォルダー記録にシステム使用領域のデータがあります（{ $path }）。isou は書きません
media-iso-associated = ディスクイメージに関連ファイル { $path }（ISO 9660 のリソースフォーク）があります。bsdtar などは同じ名前のファイルの上に展開します（isou が書くイメージにはありません）
media-iso-record-unusual = ディスクイメージは { $path } にフラグ { $flags }（ボリューム順序番号 { $volume }）を付けています。isou が書かない隠し・保護・予約のビットです（Windows は隠しファイルを表示しません）
media-iso-extended-attributes = { $path } に拡張属性レコードがあり、データはその後ろから始まります。isou は書きません
media-iso-record-interleaved = インターリーブされたファイルです（ファイル単位の大きさまたは間隔が設定されています）。システムによって読む内容が違います
media-iso-past-volume = ディスクイメージのボリュームの終わりより後ろに { $bytes } バイトのデータがあり、どのファイルにも属しません（ボリュームを複製・書き込むと失われます）
media-iso-descriptor-order = ディスクイメージの最初のボリューム記述子が基本ボリューム記述子ではありません（ECMA-119 では最初に置きます。isou もそうします）
media-iso-rock-ridge-names-differ = ディスクイメージの Rock Ridge の名前（Linux と macOS が表示）が Joliet の名前（Windows が表示し isou が読む）と違います。別のシステムでは同じファイルが別の名前で開かれます（isou が書くイメージには Rock Ridge はありません。genisoimage -R -J で作った複製では名前は同じです）
media-iso-trees-differ-empty = ISO 9660 の名前と Joliet の名前とで、空のファイルまたはフォルダーの数が違います（空のファイル { $primary_files } 個・フォルダー { $primary_dirs } 個に対して { $joliet_files } 個・{ $joliet_dirs } 個）。一方を読むシステムから隠されたものがあります
media-iso-block-size = 論理ブロックの大きさが 2048 ではありません
media-iso-truncated = ISO イメージが途中で切れています。ボリューム記述子では { $announced } バイトですが、{ $size } バイトしかありません
media-iso-too-deep = { $dir } の入れ子が深すぎます
media-iso-loop = フォルダー { $dir } が循環しています
media-iso-dir-outside = フォルダー { $dir } がイメージの外にあります（途中で切れている？）
media-iso-dirs-too-large = フォルダーの大きさの合計がイメージより大きくなっています
media-iso-record = { $dir } のフォルダー記録が正しくありません: { $why }
media-iso-record-length = 長さ（{ $size } バイト）があり得ない値です
media-iso-record-name-length = 名前が記録より長いです
media-iso-record-endian = 両エンディアンの欄が一致しません
media-iso-record-multi-extent = 複数エクステントのファイルです（isou は書きません）
media-iso-record-joliet-odd = Joliet の名前の長さが奇数です
media-iso-record-joliet-invalid = Joliet の名前が正しくありません
media-iso-record-forbidden-name = 使えない名前 { $name } です
media-iso-record-repeated = 名前 { $name } が重複しています
media-iso-too-many = 項目が { $most } を超えています
media-iso-file-beyond-end = ISO イメージが途中で切れています。{ $path } が末尾を越えています
media-iso-ended-early = ISO イメージが途中で終わっています（途中で切れている？）
media-iso-is-dir = { $path } はフォルダーです
media-iso-not-in-image = { $path } はイメージにありません

## 電子媒体の一部を電子媒体として指定したとき

media-inside-data-folder = 電子媒体の中の data/ フォルダー
media-inside-folder = 電子媒体の中のフォルダー
media-inside-tag-file = 電子媒体の中のファイル
media-inside-payload-file = 電子媒体の data/ フォルダーの中のペイロードのファイル

## ペイロードのセグメントと電子媒体への書き込み

pipeline-too-many-segments = ペイロードのセグメントが { $most } を超えてしまいます。セグメントの大きさを大きくしてください
pipeline-segment-changed = セグメント { $segment } が２回目に異なる内容で読み取られました。電子媒体またはその装置が同じデータを返しません
pipeline-segment-mismatch = セグメント { $segment } がマニフェストのチェックサムと一致しません。改ざんまたは破損しています
pipeline-segment-unreadable = { $path } を読み取れません: { $error }
pipeline-fsync-failed = fsync に失敗しました
pipeline-writer-panicked = 書き込みのスレッドが異常終了しました
pipeline-writer-stopped = 電子媒体への書き込みが止まっています

## 中断（Ctrl-C）: 何を削除したか

cleanup-interrupted-removed = isou: 中断しました。未完成の出力は削除しました
cleanup-interrupted-recorded = isou: 処理が完了し記録された後に中断しました。何も削除していません
cleanup-interrupted-nothing = isou: 中断しました。まだ何も書き込んでいませんでした

## 通常のファイルでなければならないローカルのファイル（ポリシー、鍵、連絡先カード）

localfile-not-regular = { $kind }で、通常のファイルではありません
localfile-too-large = 少なくとも { $size } バイトあり、上限の { $max } バイトを超えています
localfile-kind-fifo = FIFO（名前付きパイプ）
localfile-kind-device = デバイス
localfile-kind-socket = ソケット
localfile-kind-directory = フォルダー
localfile-kind-symlink = シンボリックリンク
localfile-kind-dangling = 指す先のないシンボリックリンク
localfile-kind-other = 通常のファイルではないもの

## --compression（pipeline）
pipeline-compression-unknown = { $value } は圧縮方式ではありません。none、zstd、または zstd:LEVEL（LEVEL は 1〜19）を指定してください
