# isou's message catalogue, English: what seal, verify and open print (summaries,
# reports, progress labels, the next step). Same ids and placeholders in
# i18n/ja/commands.ftl.

## What comes next, one line after each command (prefix-next)

next-after-seal = when the medium is handed to the carrier, record it: isou record ship { $shipment } --carrier … --tracking-number …
next-after-seal-passphrase = send the passphrase by another route than the medium, then record it: isou record key-sent { $shipment } --method …
