# isou のメッセージカタログ（日本語）。領域ごとに１ファイル。同じ名前の英語ファイルと
# 同じ ID・同じ差し込み（$name）を持つこと。翻訳の手引き: docs/TRANSLATING.md
# 用語: docs/GLOSSARY.md（別添２の用語に合わせる）

## 共通の語と単位

size-bytes = { $n } バイト
count-files = { $count } ファイル

## 言語の選択

lang-unknown = 「{ $name }」は isou が扱える言語ではありません（ja: 日本語、en: English）
lang-unknown-hint = ja（日本語）または en（English）を指定してください

## 失敗の表示: isou: エラー: … / isou: 対処: …

prefix-error = エラー
prefix-hint = 対処
prefix-warning = 警告
prefix-next = 次に
