# isou のメッセージ（日本語）: `isou man` と `isou completions` が表示するもの。
# ヘルプ本体は i18n/ja/help.ftl。ID とプレースホルダーは i18n/en/docs.ftl と同じ。

man-writing = man ページの書き込み（{ $dir }）
man-written = man ページを { $count } 件 { $dir } に書き込みました。
man-not-a-file = { $path } は通常のファイルではありません（リンク、フォルダー、FIFO またはデバイス）。isou が置き換えるのは通常のファイルの man ページだけなので、何も書き込んでいません
man-not-a-file-hint = それが何で、誰が置いたのかを確認してください。削除するか、自分だけが書き込めるフォルダーに書き込んでください
