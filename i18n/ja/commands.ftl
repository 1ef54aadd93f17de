# isou のメッセージカタログ（日本語）: seal・verify・open の表示（結果の要約、検証の報告、
# 進捗の表示、次に行うこと）。i18n/en/commands.ftl と同じ ID・同じ差し込み。

## 次に行うこと（各コマンドの後に１行、prefix-next）

next-after-seal = 発送したら移送記録簿に記録してください: isou record ship { $shipment } --carrier … --tracking-number …
next-after-seal-passphrase = パスフレーズは電子媒体と別の経路で送付し、記録してください: isou record key-sent { $shipment } --method …
