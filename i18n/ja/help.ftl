# isou のコマンドラインヘルプ（日本語）。英語の原文は src/bin/isou/cli.rs の /// コメント。
# ID: help-<コマンドの道筋> と help-<コマンドの道筋>--<引数の ID>（例: help-seal, help-seal--to）。
