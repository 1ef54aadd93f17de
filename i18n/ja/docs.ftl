# isou のメッセージ（日本語）: `isou man` と `isou completions` が表示するもの。
# ヘルプ本体は i18n/ja/help.ftl。ID とプレースホルダーは i18n/en/docs.ftl と同じ。

man-writing = man ページの書き込み（{ $dir }）
man-written = man ページを { $count } 件 { $dir } に書き込みました。
