# isou メッセージカタログ（日本語）: policy。決まりは common.ftl を参照。
# 移送のポリシー（isou.toml）と、ポリシーによる拒否。拒否には必ずマニュアル（別添２
# §2.2…）の該当箇所を示す。§番号はそのまま残すこと。

## メッセージ中の情報の区分

policy-class-identifiable = 非匿名化
policy-class-anonymized = 匿名化

## 拒否: isou: エラー: 移送のポリシーにより、この操作はできません: …

policy-refusal = 移送のポリシーにより、この操作はできません: { $rule }
policy-hint-and = { $first }。{ $second }
policy-use-one-of = 次のいずれかを使ってください: { $carriers }
policy-keys = 鍵 { $keys }
policy-keys-signing = 鍵 { $keys }（署名 { $signing }）
policy-known-more = ほか { $count } 件

## §2.2 本文: 未使用の電子媒体

policy-nonempty = 非匿名化情報は、空の電子媒体（未使用品、またはウイルス混入対策がされたもの）にしか書き込めません。非匿名化情報には --allow-nonempty を使えません（§2.2 本文 未使用品）
policy-nonempty-hint = 未使用の電子媒体か、消去済みの電子媒体を使ってください。--allow-nonempty は --class 匿名化 と宣言した情報にだけ使えます

## §2.2① 移送の担当者

policy-handler-not-designated = OS のアカウント { $account } は、指定された移送の担当者ではありません（§2.2① 移送担当者の指定）
policy-handler-not-designated-hint = 利用責任者に依頼して、isou.toml であなたのアカウントを指定してもらってください（handlers = [{ "{" } name = "…", account = "…" { "}" }]）。または、指定された担当者が自分のアカウントで封入してください
policy-handler-not-you = --handler { $handler } はあなたではありません。ログインしているのは { $account }（氏名 { $name }）です（§2.2① 移送担当者の指定）
policy-handler-not-you-hint = --handler を省いてください（氏名はポリシーから取られます）。または、その担当者が自分のアカウントで封入してください

## §2.2② 移送先

policy-dest-unknown = { $name } はポリシーにある移送先ではありません（§2.2② 移送先ごとの手順）。登録済み: { $known }
policy-dest-unknown-hint = isou.toml にある連絡先の名前を指定してください（'isou policy check' で一覧できます）
policy-dest-two = --to で２つの連絡先 { $first } と { $second } が指定されています。１回の移送の移送先は１つです（§2.2② 移送先）
policy-dest-two-hint = 移送先ごとに電子媒体を１つずつ封入してください
policy-dest-not-to = --to { $name } は移送先 { $destination } ではありません（§2.2② 移送先）。移送の宛先はすべて移送先と同じでなければなりません
policy-dest-not-to-hint = --to { $name }（ポリシーにある連絡先カード）と --destination { $name } を指定するか、--destination を省いてください
policy-dest-wrong-card = --to { $name } は移送先 { $destination } の連絡先カードではありません（§2.2② 移送先）。指定されたカードは { $given }、ポリシーにある { $destination } のカードは { $expected } です
policy-dest-wrong-card-hint = ポリシーにあるカードを使うには --to { $destination } を指定してください。相手の鍵が変わった場合は、利用責任者に isou.toml を更新してもらってください
policy-dest-needed = 非匿名化情報には移送先が必要です。移送記録簿に移送先を記録しなければなりません（§2.2② 移送先）
policy-dest-needed-hint = --destination 名前（受け取る機関）を指定してください
policy-dest-needed-contacts-hint = isou.toml にある連絡先を --to 名前 で指定するか（移送先も決まります）、--destination 名前 を指定してください
policy-carrier-not-allowed = 配送業者 { $carrier } は{ $class }情報には使えません（§2.2② 移送の手続き）

## §2.2⑤ 封筒、§2.2⑥ 追跡サービス、§2.2⑧⑨ 持参

policy-envelope = 封筒に赤字で「親展・取扱注意」と表示し、そのことを確認する必要があります（§2.2⑤）
policy-envelope-hint = 封筒に表示してから、確認の問いに答えるか、--envelope-confirmed を指定してください
policy-carrier-needed = { $class }情報は、封入するときに配送業者を指定する必要があります（§2.2⑥ 追跡サービス付きの手段）
policy-carrier-needed-hint = --carrier に次のいずれかを指定してください: { $carriers }
policy-untracked = { $class }情報は、追跡サービス付きの手段か持参でしか移送できません（§2.2⑥ 追跡サービス付きの手段）。{ $carrier } には追跡サービスがありません
policy-untracked-identifiable-hint = 次のいずれかを使ってください: { $carriers }。追跡サービスのない手段で送れるのは匿名化情報だけで、封入するときに --class 匿名化 と宣言します
policy-untracked-anonymized-hint = 次のいずれかを使ってください: { $carriers }（このポリシーでは匿名化情報にも追跡サービスが必要です）
policy-hand-carry = { $class }情報を持参するには、立会いの決まりを確認する必要があります（§2.2⑧⑨）
policy-hand-carry-hint = ２名で電子媒体を運び、目を離さないことを確認してから、--attendance-acknowledged を指定してください

## 宛先・署名者として入力された名前（--to、--signer）

policy-party-ambiguous = { $name } は、ポリシーの連絡先であり、このフォルダーのファイルでもあります
policy-party-ambiguous-hint = ファイルを指すなら ./{ $name } と書いてください。連絡先を指すなら、そのファイルのないフォルダーで isou を実行してください。誰がそのファイルを置いたかも確認してください
policy-party-no-file = ファイル { $name } はありません
policy-party-no-policy = { $name } という連絡先はありません。ポリシーファイルが使われていないため、連絡先の名前は使えません。鍵、連絡先カード、ファイルのいずれでもありません
policy-party-no-contacts = { $name } という連絡先はありません。ポリシーファイル { $policy } には連絡先がありません。鍵、連絡先カード、ファイルのいずれでもありません
policy-party-not-listed = { $name } という連絡先は { $policy } にありません。登録済み: { $known }
policy-party-no-file-hint = ファイルの名前とフォルダーを確認してください（ls）。連絡先カードのファイルは、相手から送られてきたものです
policy-party-no-policy-hint = 連絡先の名前を使うにはポリシーが必要です。--policy ファイル か ISOU_POLICY で指定するか、{ $path } に置いてください。または、相手の連絡先カードの行（isou-card-v1 …）か、送られてきたカードのファイルを指定してください
policy-party-no-contacts-hint = 利用責任者に依頼して、isou.toml の [[contacts]] に相手を追加してもらってください。または、相手の連絡先カードの行（isou-card-v1 …）か、送られてきたカードのファイルを指定してください
policy-party-not-listed-hint = ポリシーにあるとおりに名前を入力してください（'isou policy check' で一覧できます。空白・全角半角・大文字小文字は区別しません）。または、相手の連絡先カードの行（isou-card-v1 …）か、送られてきたカードのファイルを指定してください
policy-party-card-file-hint = このフォルダーにファイル { $file } があります。そのファイルを使うなら { $file } と指定してください

## ポリシーが認めない連絡先の名前

policy-name-empty = 連絡先の名前を空にすることはできません
policy-name-unsafe = 連絡先の名前に制御文字や見えない文字は使えません
policy-name-key = 連絡先の名前を、鍵や連絡先カード（age1…、isou-card-v1 …、ssh-…）と同じ形や同じ書き出しにすることはできません
policy-name-slash = 連絡先の名前に / や \ は使えません（ファイルのパスと読まれます）
policy-name-dot = 連絡先の名前を . や ~ で始めることはできません（ファイルのパスと読まれます）
policy-name-extension = 連絡先の名前を .card、.pub、.txt、.key で終えることはできません（鍵のファイルと読まれます）

## ポリシーファイル: isou: エラー: ポリシーファイル パス: …

policy-error = ポリシーファイル { $path }: { $why }
policy-error-hint = isou.toml を直してください（'isou policy check' で検証できます）。見本は docs/isou.sample.toml です
policy-error-secret-hint = そこには相手の連絡先カード（isou-card-v1 …）を書き、秘密鍵は決して書かないでください。ポリシーファイルは共有されるため、ほかの人が見た可能性があるなら 'isou keygen' で新しい鍵を作ってください
policy-env-missing = ありません（ISOU_POLICY で指定されたファイル）
policy-env-missing-hint = ISOU_POLICY にポリシーファイルを指定するか、ISOU_POLICY を消して { $path } を使ってください
policy-env-missing-builtin-hint = ISOU_POLICY にポリシーファイルを指定するか、ISOU_POLICY を消して組み込みの規則を使ってください
policy-file-not-regular = 通常のファイルではありません（{ $kind }）。ポリシーはテキストファイルです
policy-file-too-large = 少なくとも { $size } バイトあり、ポリシーファイルの上限 { $max } バイトを超えています
policy-file-not-utf8 = UTF-8 のテキストではありません
policy-file-not-found = ありません（{ $error }）
policy-file-io = 読み取れません（{ $error }）
policy-file-not-found-hint = ポリシーファイルのパス（--policy、ISOU_POLICY）を確認してください。見本は docs/isou.sample.toml です
policy-toml-bare = 記述が正しくありません
policy-toml-line-bare = { $line } 行目: 記述が正しくありません
policy-control-char = { $line } 行目に制御文字（{ $code }）があります。ポリシーファイルには書けません
policy-control-char-hint = テキストエディタでその文字を削除してください（貼り付けた文字に含まれていることがあります。コメントの中でも同じです）。タブと改行はそのまま使えます
policy-toml = { $message }
policy-toml-line = { $line } 行目: { $message }
policy-toml-unknown-field = { $field } という項目はありません（書ける項目: { $expected }）
policy-toml-unknown-value = 値 { $value } は使えません（使える値: { $expected }）
policy-toml-invalid-type = 値の種類が正しくありません（{ $message }）
policy-toml-missing-field = { $field } がありません
policy-toml-duplicate-key = { $key } が２回書かれています
policy-toml-syntax = TOML の書き方が正しくありません（{ $message }）
policy-secret-line = { $line } 行目に、公開鍵ではなく秘密の{ $noun }があります（{ $kind }）
policy-value-hint = isou.toml で、{ $hint }
policy-terms-hint = isou.toml の [terms] で、{ $hint }
policy-contact-card = 連絡先 { $name }: { $error }
policy-contact-name-refused = 連絡先の名前 { $name } は使えません: { $rule }
policy-contact-name-hint = 連絡先の名前を、例えば機関名（国立がん研究センター）に変えてください。コマンドラインで入力した鍵、カード、鍵のファイルは、そのまま使われ、名前としては探されません
policy-contact-twice = 連絡先 { $name } が２回書かれています
policy-contacts-same = 連絡先 { $first } と { $second } は、正規化すると同じ名前です
policy-contact-twice-hint = どちらか一方だけを残してください。名前は Unicode の NFKC 正規化の後で比べるため、この２つは同じ連絡先です
policy-handler-twice = 担当者 { $name } が２回書かれています
policy-handlers-same = 担当者 { $first } と { $second } は、正規化すると同じ名前です
policy-handler-twice-hint = どちらか一方だけを残してください。名前は Unicode の NFKC 正規化の後で比べるため、この２つは同じ担当者です
policy-handler-empty = 担当者の name と account は空にできません
policy-handler-entry = 担当者は OS のアカウント（"yamada"）か { "{" } name = "山田 太郎", account = "yamada" { "}" } の形だけで書いてください
policy-account-twice = アカウント { $account } が２人の担当者に書かれています
policy-class-unknown = 情報の区分 { $class } はありません。identifiable（非匿名化）か anonymized（匿名化）を指定してください
policy-class-twice = { $class }情報の規則が２回書かれています（英語の名前と日本語の名前で）
policy-class-false = classes.{ $table }.{ $field } = false は認められません（{ $clause }）
policy-class-false-hint = [classes.{ $table }] から { $field } = false を削除してください。マニュアルにより、非匿名化情報には必須です
policy-carriers-unknown = allowed_carriers: { $error }
policy-carriers-unknown-hint = classes.{ $table }.allowed_carriers には配送業者の一覧にある名前を使ってください: { $carriers }
policy-carriers-untracked = classes.{ $table }.allowed_carriers にある { $carrier } には追跡サービスがありません（§2.2⑥ 追跡サービス付きの手段）
policy-carriers-untracked-hint = 非匿名化情報には追跡サービス付きの手段だけを認めてください: { $carriers }
policy-zone-unknown = time_zone { $zone } は IANA データベースのタイムゾーンではありません
policy-zone-hint = isou.toml に IANA のタイムゾーン名を書いてください。例: time_zone = "{ $zone }"（日本）または "UTC"。JST のような略称は使えません
policy-language = language: { $error }
policy-default-class = default_class: { $error }

## 値についてのメッセージで示すポリシーの項目名

policy-field-organization = 組織名（organization）
policy-field-contact-name = 連絡先の名前（contacts の name）
policy-field-contact-address = 連絡先の住所（contacts の address）
policy-field-handler-name = 担当者の氏名（handlers の name）
policy-field-handler-account = 担当者のアカウント（handlers の account）
policy-field-allowed-carrier = 認める配送業者（allowed_carriers）
