# isou message catalogue, English: records. See common.ftl for the conventions.

## The ledger (LedgerError); $why is SQLite's or the system's words

rec-ledger-corrupt = the ledger { $path } is damaged or not a ledger: { $why }
rec-ledger-corrupt-hint = restore the ledger from its backup; isou did not change the file
rec-ledger-newer-schema = the ledger { $path } has schema version { $found }, newer than this isou ({ $ours })
rec-ledger-newer-schema-hint = update isou on this machine; the ledger was not changed
rec-ledger-locked = the ledger { $path } is locked by another process
rec-ledger-locked-hint = wait for the other isou command to finish, then run this one again
rec-ledger-foreign = { $path } is not an isou ledger ({ $why })
rec-ledger-foreign-hint = name the isou ledger with --ledger or ISOU_LEDGER; the file was not changed
rec-ledger-read-only = the ledger { $path } cannot be written: { $why }
rec-ledger-read-only-hint = make the ledger and its folder writable for this user (or name another with --ledger); nothing was written
rec-ledger-key = the ledger key { $path } cannot be used: { $why }
rec-ledger-key-hint = the key must be a regular file of 32 bytes, mode 0600, beside the ledger, in a folder this user can write; restore it from the ledger's backup
rec-ledger-not-own = the ledger { $path } is not safe to write: { $why }
rec-ledger-not-own-hint = a ledger must be this user's own: if you did not make these files, do not adopt them — move them aside or name your own ledger with --ledger; if they are yours, `chown` them to this user and `chmod 600` them (`chmod 700` or `chmod +t` the folder); nothing was written
rec-ledger-backup-exists = the ledger { $path } must be upgraded to schema { $schema }, and its backup { $backup } exists already but is not a complete copy of it
rec-ledger-backup-exists-hint = that file is not a whole copy of the ledger (an upgrade by an older isou was interrupted, or someone put it there), so it is not the ledger's backup: look at it, move it out of the way, then run the command again; the ledger was not changed
rec-ledger-wal-unreadable = the ledger { $path } cannot be read in a folder this user cannot write: its -wal file { $wal } holds data not yet merged into it, which SQLite reads only through a -shm file it must create beside it
rec-ledger-wal-unreadable-hint = copy the ledger together with its -wal file into a folder this user can write and read the copy (or let its owner run any writing isou command, which merges the -wal); nothing was written
rec-ledger-bad-event = the event cannot be recorded: { $why }
rec-ledger-bad-event-hint = check the values given; nothing was recorded
rec-ledger-sql = ledger error: { $why }
rec-ledger-sql-hint = check the disk that holds the ledger (free space, permissions), or name another with --ledger

## Record values (RecordValueError); $field is the field's name in the record

rec-value-empty = the { $field } is empty
rec-value-empty-hint = give a value
rec-value-unsafe = the { $field } { $value } holds a line break, a control, bidi or invisible character
rec-value-unsafe-hint = give the value on one line, as plain text (no control or direction characters)
rec-value-too-long = the { $field } is { $chars } characters long, more than the { $max } a record value may have
rec-value-too-long-hint = shorten it to at most { $max } characters
rec-value-not-a-date = the { $field } { $value } is not a date
rec-value-not-a-date-hint = write dates as YYYY-MM-DD
rec-value-bad-shipment-id = { $value } is not a shipment id

## isou record … (src/bin/isou/record.rs)

rec-no-data-dir = there is no per-user data directory for the ledger on this system
rec-no-data-dir-hint = name the ledger with --ledger PATH or ISOU_LEDGER
rec-unrecorded-shown = the event that could not be recorded:
rec-not-recorded = the { $kind } event of shipment { $shipment } could not be recorded: { $error }
rec-not-recorded-kept-hint = the work itself is done; the event is kept in { $file }: fix the ledger { $ledger }, then run 'isou record recover'
rec-not-recorded-hint = the work itself is done; copy the event shown above into the 移送記録簿 by hand and fix the ledger { $ledger }
rec-reading = reading { $path }
rec-writing = writing { $path }
rec-creating = creating { $path }
rec-writing-export = writing the export
rec-writing-list = writing the list
rec-recovered = recorded event { $id }: { $kind } of { $shipment } (happened { $happened }, recorded late)
rec-recover-refused = refused { $file }: { $why } (left in place)
rec-recover-refused-moved = refused { $file }: { $why } (moved to { $moved })
rec-recover-refused-summary = { $count } file(s) in { $dir } are not events isou kept for this ledger; nothing of them was recorded
rec-recover-refused-summary-hint = they are in { $dir }: find out who put them there; record a real event by hand ('isou record …') and report the rest
rec-recover-none = no events are waiting to be recorded
rec-unknown-shipment = there is no shipment { $shipment } in this ledger
rec-unknown-shipment-hint = use the shipment id that 'isou seal' printed ('isou record list' shows them)
rec-tracking-reused = tracking number { $number } is already recorded for shipment { $shipment } on { $when }
rec-tracking-reused-to = tracking number { $number } is already recorded for shipment { $shipment } on { $when } (to { $there })
rec-tracking-reused-elsewhere = tracking number { $number } is already recorded for shipment { $shipment } on { $when }; it goes to { $there }, this one to { $here }: one parcel has one destination, so one of the two numbers is wrong
rec-tracking-reused-fix = correct the wrong one with 'isou record ship SHIPMENT --carrier … --tracking-number N'
rec-tracking-reused-one-parcel = if both travel in one parcel, nothing is wrong; otherwise correct the wrong one with 'isou record ship SHIPMENT --carrier … --tracking-number N'
rec-key-not-sent = the passphrase of shipment { $shipment } is not recorded as sent by another route (§2.2 本文・⑦ 鍵は別経路); the 移送記録簿 shows it as incomplete (鍵未送付)
rec-key-not-sent-hint = send the key sheet as a separate tracked item, then run 'isou record key-sent { $shipment } --method … --tracking-number N'
rec-export-over-ledger = { $path } is { $what }: an export never replaces it
rec-export-over-ledger-hint = name another file with -o (the ledger keeps the transport records; 'isou record check' shows it is intact)
rec-export-unrecorded = { $count } event(s) in { $dir } could not be recorded when they happened and are not in this export
rec-export-unrecorded-hint = run 'isou record recover' to append them, then export again
rec-xlsx-stdout = an Excel workbook is not written to standard output
rec-xlsx-stdout-hint = name the file: isou record export --format xlsx -o 移送記録簿.xlsx
rec-no-ledger = there is no ledger at { $path }, so no shipment was sealed in it
rec-no-ledger-hint = run this with the ledger that sealed the shipment (--ledger PATH)
rec-check-loose = { $what } (chmod 600 the files, 700 the folder)
rec-check-intact = ledger { $path }: { $count } events, chain intact
rec-check-head = head: event { $id } { $hash }
rec-check-rejected = { $count } file(s) that 'isou record recover' refused are in { $dir }
rec-check-unreadable = { $count } event(s) of the ledger cannot be read (the registers leave them out)
rec-check-waiting = { $count } event(s) could not be recorded when they happened; they are in { $dir }
rec-check-waiting-hint = run 'isou record recover' to append them, marked as recorded late
rec-chain-break = the ledger's chain breaks at event { $id }: { $why }
rec-chain-break-hint = the ledger was edited outside isou; restore it from backup and report it
rec-list-none-open = no open shipments (every shipment is received, opened, delivered or disposed of)
rec-list-none = no events match
rec-unknown-event = there is no event { $id } in this ledger
rec-unknown-event-hint = use an id that 'isou record list' shows
rec-corrected = recorded: correction of event { $id } ({ $kind } of shipment { $shipment }, recorded { $when })
rec-due-none = no medium is past its retention date
rec-key-sent = recorded: key or passphrase for { $shipment } sent by { $method }
rec-hand-carried = recorded: { $shipment } carried by hand, attendant { $attendant }
rec-ship-carrier-changed = shipment { $shipment } was recorded with carrier { $before }; it is now recorded as shipped by { $carrier } (the change is kept in the event and shown in the 移送記録簿's 備考)
rec-ship-number-changed = shipment { $shipment } was recorded with tracking number { $before }; it is now { $number } (the change is kept in the event and shown in the 移送記録簿's 備考)
rec-ship-number-removed = shipment { $shipment } was recorded with tracking number { $before }; it is now none (the change is kept in the event and shown in the 移送記録簿's 備考)
rec-ship-untracked = { $before } was recorded for this shipment, a tracked service; it is now shipped by { $carrier }, which has no tracking (anonymized data: recorded as an explicit choice)
rec-ship-differs-from-sealed = the medium was sealed with tracking number { $number }, not this one: the recipient's check of the envelope against the medium will report it
rec-shipped = recorded: shipment { $shipment } shipped by { $carrier }
rec-shipped-tracked = recorded: shipment { $shipment } shipped by { $carrier }, tracking number { $number }
rec-disposed-medium = recorded: medium of shipment { $id } disposed ({ $how })
rec-disposed-decrypted = recorded: decrypted folder { $id } disposed ({ $how })
rec-disposed-how = { $method }, no witness
rec-disposed-how-witness = { $method }, witness { $witness }
rec-disposed-how-contractor = { $method } by { $contractor }, certificate { $certificate }, no witness
rec-disposed-how-contractor-witness = { $method } by { $contractor }, certificate { $certificate }, witness { $witness }
rec-receipt-exists = { $path } already exists
rec-receipt-exists-hint = name a new file with -o (a receipt never overwrites a file)
rec-receipt-file = receipt:  { $path }
rec-receipt-shipment = shipment: { $shipment }
rec-receipt-verified = verified: VALID on { $when } { $zone }
rec-receipt-signed = signed by your key { $key }
rec-receipt-file-hint = give the receipt file the recipient sent
rec-already-delivered = shipment { $shipment } was already recorded as delivered (event { $id }, { $when } { $zone }); nothing recorded
rec-delivered = recorded: shipment { $shipment } delivered (到着確認): verified VALID by the destination on { $when } { $zone }, receipt signed by { $key }

## What comes next (prefix-next)

next-after-ship = when the destination's receipt (受領書) arrives, record it: isou record receipt FILE
next-after-receipt = send the file to the sender (it holds no personal data, so e-mail is fine); they record it with 'isou record receipt FILE'
