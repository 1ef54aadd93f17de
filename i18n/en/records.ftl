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
rec-ledger-backup-failed = its backup { $path } cannot be made: { $error }
rec-ledger-backup-incomplete = the copy of { $path } made before its upgrade to schema { $schema } is not a whole copy; the ledger was not changed
rec-ledger-foreign-app-id = its application id is { $found }, not isou's { $ours }
rec-ledger-foreign-tables = it holds the tables { $tables } and no isou application id

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
rec-value-not-an-event-id = { $value } is not an event id (a number that 'isou record show' prints)
# The names a value check gives a field (what a person reads, not the record's key)
rec-value-name-use-until = end of the use period
rec-value-name-approver = approver
rec-value-name-application = application number
rec-value-name-label = label
rec-value-name-value = value
rec-value-name-key = field name

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

## Carriers and tracking numbers (src/carriers.rs, src/tracking.rs, §2.2⑥)

tracking-format-registered = 11 digits (XXX-XX-XXXXX-X), the check digit being the first 10 digits mod 7
tracking-format-parcel = 12 digits (XXXX-XXXX-XXXX), the check digit being the first 11 digits mod 7
tracking-format-international = 13 characters (AA123456785JP, UPU S10), the check digit by weights 8 6 4 2 3 5 9 7 mod 11
tracking-not-a-number = { $input } is not a tracking number ({ $chars } characters after removing spaces and hyphens)
tracking-not-a-number-hint = copy the number from the receipt (控え): 11 digits for 書留/特定記録, 12 for ゆうパック/レターパック/宅急便/飛脚宅配便, or 13 characters like EF123456785JP for international mail
tracking-check-digit = tracking number { $number } ({ $service }) has check digit { $found }, but its other digits call for { $expected }
tracking-check-digit-hint = a digit was probably mistyped; compare every digit with the receipt (控え)
carrier-unknown = { $name } is not a carrier isou knows (§2.2⑥ 追跡サービス付きの手段)
carrier-unknown-hint = give --carrier as one of: { $list }
carrier-no-numbers = { $carrier } has no tracking numbers, but one was given
carrier-no-numbers-hint = leave out --tracking-number, or name the service the number belongs to with --carrier
carrier-number-other-format = { $number } is a { $service } number ({ $format }), not a { $carrier } number ({ $expected })
carrier-number-other-format-hint = check that --carrier names the service on the receipt (控え), and copy its number from there
carrier-number-invalid = { $error }; a { $carrier } number has { $expected }
carrier-number-needed = identifiable (非匿名化) data shipped by { $carrier } needs its tracking number, and none was given when sealing or now (§2.2⑥ 追跡サービス付きの手段)
carrier-number-needed-hint = add --tracking-number from the receipt (控え): { $format }
carrier-date-malformed = shipping date { $date } is not a date YYYY-MM-DD
carrier-date-malformed-hint = write the date as YYYY-MM-DD, e.g. 2026-04-01
carrier-date-before-seal = shipping date { $date } is before the shipment was sealed ({ $sealed }): the 移送記録簿 must record when the medium really left (§2.2③ 移送に関する記録)
carrier-date-future = shipping date { $date } is after today ({ $today }, { $zone }): the 移送記録簿 records a shipment once it is handed over (§2.2③ 移送に関する記録)
carrier-date-hint = give the day the medium was handed to the carrier (on the receipt, 控え), or leave out --date for today

## Disposal (src/records/disposal.rs, §2.4⑥⑦⑬)

rec-dispose-unknown-method = { $method } is not a disposal method (§2.4⑬ 消去ソフト or 物理破壊, ⑦ 外部委託)
rec-dispose-unknown-method-hint = give --method as one of: { $list }
rec-dispose-no-contractor = an outsourced disposal (外部委託) needs the contractor's name (§2.4⑦ 受託者の作業の確認)
rec-dispose-no-certificate = an outsourced disposal (外部委託) needs the number of the contractor's certificate of destruction (§2.4⑦ 廃棄証明書)
rec-dispose-no-contractor-hint = give --contractor NAME and --certificate NO as on the certificate of destruction (廃棄証明書) the contractor issued
rec-dispose-not-outsourced = --contractor and --certificate belong to an outsourced disposal (外部委託), not to { $method }
rec-dispose-not-outsourced-hint = leave them out, or give --method 外部委託 if a contractor did the work
rec-dispose-no-witness = the medium holds identifiable data (非匿名化): its disposal needs a witness (立会者, §2.4⑥ 廃棄の作業記録)
rec-dispose-no-witness-hint = give --witness NAME: the person who saw the medium destroyed or erased
rec-dispose-not-opened = shipment { $shipment } was never opened here: there is no decrypted folder of it to dispose of
rec-dispose-not-opened-hint = check the shipment id ('isou record show { $shipment }'); to dispose of the medium, leave out --decrypted
rec-dispose-already-medium = the medium of shipment { $item } is already recorded as disposed of: event { $event }, { $at } by { $by }, method { $method }
rec-dispose-already-decrypted = the decrypted folder { $item } is already recorded as disposed of: event { $event }, { $at } by { $by }, method { $method }
rec-dispose-already-hint = a medium is disposed of once; if that record is wrong, correct it with 'isou record correct { $event } --note "…"'

## Approval terms (src/records/terms.rs, §2.4)

rec-terms-past-policy = the approved use period (利用期間) ended on { $date } (use_until in the policy's [terms]; today is { $today }): the data would be due for disposal before it arrives (§2.4)
rec-terms-past = the approved use period (利用期間) ended on { $date } (--use-until; today is { $today }): the data would be due for disposal before it arrives (§2.4)
rec-terms-past-policy-hint = the approval in isou.toml has ended: ask the 利用責任者 to update [terms] use_until with the new approval's date, or give --use-until as the approval letter says
rec-terms-past-hint = give the last day of the approved use period as the approval letter (応諾通知) says, YYYY-MM-DD, today or later
rec-terms-use-until-required = identifiable data (非匿名化) is sealed with the end of its approved use period (利用期間), so the recipient knows when to dispose of it (§2.4 応諾された利用期間を過ぎたものは…廃棄)
rec-terms-use-until-required-hint = give --use-until YYYY-MM-DD as the approval letter says (or set use_until under [terms] in isou.toml); only if the approval states no end, add --no-use-until (it is recorded)
rec-terms-both = --use-until and --no-use-until contradict each other
rec-terms-both-hint = give one of them
rec-terms-signed-unusable = the signed { $label } is not usable and is ignored: { $error }; ask the sender

## Exports (src/records/xlsx.rs, src/records/provenance.rs)

rec-workbook-refused = cannot make the workbook's sheet { $sheet }: { $why }
rec-workbook-refused-hint = export the register as CSV (--format csv) and report this
rec-export-chain-broken = the ledger's chain breaks at event { $id }: { $why }; an export would vouch for a ledger that does not verify, so none is made
rec-export-chain-broken-hint = run 'isou record check'; the ledger was edited outside isou: restore it from backup and report it ('isou record list' still shows its rows)

## Receipts (src/records/receipt.rs, 受領書)

rec-receipt-not-verified = this ledger records no VALID verification of shipment { $shipment } against a pinned sender
rec-receipt-not-verified-hint = run 'isou verify --signer SENDER-CARD MEDIUM' first (the sender's card obtained beforehand, not from the parcel); a receipt is made only for shipment { $shipment } verified VALID
rec-receipt-contested = shipment id { $shipment } is contested: media of { $count } senders claimed it ({ $signers }); a receipt must say whose medium it confirms
rec-receipt-contested-hint = ask each sender (by phone, not through the parcel) which shipment is theirs, then run 'isou receipt ID --signer SENDER-CARD …' naming the sender whose medium you confirm; the receipt then attests that sender's medium only
rec-receipt-not-verified-by = this ledger records no VALID verification of shipment { $shipment } signed by { $signer }
rec-receipt-not-verified-by-others = this ledger records no VALID verification of shipment { $shipment } signed by { $signer } (verified VALID: { $verified })
rec-receipt-not-verified-by-hint = check the --signer you gave: it must be the sender whose medium you verified VALID ('isou record list --shipment ID' shows every verification)
rec-receipt-too-large = the file is { $size } bytes: an isou receipt is at most { $max }
# What is wrong with a receipt (ReceiptError's reasons)
rec-receipt-why-not-utf8 = it is not UTF-8 (a binary file?)
rec-receipt-why-control = it holds the control character { $code }
rec-receipt-why-carriage-return = it holds the control character U+000D (a carriage return: send it as an attachment, not pasted into a mail)
rec-receipt-why-no-signature = it has no signature block
rec-receipt-why-signature-not-at-end = the signature block is not one block at the end of the file
rec-receipt-why-second-line = its second line is not the receipt's note
rec-receipt-why-not-laid-out = its text is not laid out as isou writes receipts
rec-receipt-why-not-shipment-id = not a shipment id isou makes
rec-receipt-why-not-tracking-number = not a tracking number
rec-receipt-why-not-sha256 = not 64 lower-case hex digits
rec-receipt-why-only-valid = a receipt is made only for VALID
rec-receipt-why-not-utc-time = not an RFC 3339 time in UTC
rec-receipt-why-not-fingerprint = not a SHA256:… key fingerprint
rec-receipt-why-before-seal = it is before the shipment was sealed here ({ $sealed })
rec-receipt-why-in-future = it is in the future (now is { $now })
rec-receipt-why-before-verified = the receipt would be issued before the medium was verified ({ $verified })
rec-receipt-not-text = the file is not a text receipt: { $why }
rec-receipt-too-many-lines = the file has { $lines } lines: an isou receipt has at most { $max }
rec-receipt-not-a-receipt = the file is not an isou receipt (its first line is not { $header })
rec-receipt-unknown-version = the receipt is of format { $version }, which this isou does not read
rec-receipt-malformed = the receipt is malformed: { $why }
rec-receipt-missing = the receipt has no { $field } field
rec-receipt-duplicate = the receipt has the field { $field } twice
rec-receipt-extra = the receipt has a line that is no field of a receipt: { $line }
rec-receipt-out-of-order = the receipt's fields are not in their fixed order
rec-receipt-bad-value = the receipt's { $field } is not valid: { $why }
rec-receipt-bad-signature = the receipt's signature is malformed: { $why }
rec-receipt-wrong-namespace = the receipt's signature was made for { $namespace }, not for a receipt ({ $expected })
rec-receipt-medium-signature = the receipt's signature was made for { $namespace }, not for a receipt ({ $expected }): it is a medium's signature
rec-receipt-not-sealed-here = shipment { $shipment } was not sealed in this ledger: the receipt is for another shipment
rec-receipt-not-sealed-here-hint = check that you run this with the ledger that sealed the shipment (--ledger); a receipt of another sender's shipment is not yours to record
rec-receipt-no-destination-key = the seal of shipment { $shipment } recorded no signing key of the destination (sealed with a passphrase, or before isou recorded it): the receipt cannot be checked
rec-receipt-no-destination-key-hint = confirm the arrival with the recipient by phone and note it with 'isou record correct'
rec-receipt-unknown-signer = the receipt is signed by key { $fingerprint }, not by the destination's key recorded at seal ({ $expected })
rec-receipt-unknown-signer-hint = do not record it: ask the destination (by phone, not by replying to the e-mail) who sent it; only the destination's own receipt confirms the arrival
rec-receipt-altered = the receipt's signature by key { $fingerprint } does not match its text: it was edited after signing
rec-receipt-mismatch = the receipt's { $field } { $receipt } is not the one sealed here ({ $sealed }): it is not the receipt of this shipment
rec-receipt-mismatch-hint = do not record it: ask the destination which shipment it verified; it may be another medium than the one sent
rec-receipt-impossible-time = the receipt's { $field } { $value } cannot be true: { $why }
rec-receipt-impossible-time-hint = do not record it: ask the destination (by phone, not by replying to the e-mail) when they verified the medium, and have both clocks checked; a correct receipt can be made again with 'isou receipt'
rec-receipt-signing = signing the receipt failed: { $why }
rec-receipt-signing-hint = check the identity file (-i) holds your signing key
rec-receipt-send-again-hint = do not record it: ask the destination to send the receipt file again, unchanged, as an attachment ('isou receipt' writes it)

## The key by another route (src/records/keyroute.rs, §2.2 本文・⑦)

rec-key-route-same-number = the tracking number { $number } is the medium's own: the passphrase would travel with the medium (the key by another route, 鍵は別経路 (§2.2 本文・⑦))
rec-key-route-same-number-hint = send the passphrase (key sheet) by a separate item with its own tracking number, then record that number
rec-key-route-needs-number = for identifiable (非匿名化) data the passphrase's route needs a tracking number of its own, different from the medium's (the key by another route, 鍵は別経路 (§2.2 本文・⑦))
rec-key-route-needs-number-hint = send the key sheet as a separate tracked item (e.g. 別便 簡易書留) and add --tracking-number N
rec-key-route-same-carrier = { $method } is the medium's route and no tracking number of its own is given (the key by another route, 鍵は別経路 (§2.2 本文・⑦))
rec-key-route-same-carrier-hint = add --tracking-number N of the separate item the key went in, or name the other route

## Events as read back (src/records/event.rs)

rec-body-unreadable = event { $id } cannot be read as a { $kind } event: { $why }
rec-body-unreadable-hint = the row was not written by this isou (or was changed by hand): `isou record check` says whether the chain still holds; record a correction that says what it should have been

## record list / show / due (src/records/export.rs); the exports keep fixed Japanese columns

rec-list-col-id = ID
rec-list-col-time = 日時
rec-list-col-kind = 種別 kind
rec-list-col-shipment = 移送ID
rec-list-col-by = 担当 by
rec-list-col-result = 結果 result
rec-list-unreadable = UNREADABLE: { $what }
rec-list-outcome-corrects = corrects event { $id }: { $note }
rec-list-outcome-unreadable = 読めない記録 (unreadable)
rec-show-event = event { $id }  { $when }  { $kind }
rec-show-none = (none)
rec-show-body = (body)
rec-due-line = { $medium }  { $form }  保管期限 { $until }  (not yet disposed of)

## The ledger's files, their owners and modes (src/records/ledger.rs); $what is one of rec-file-*

rec-file-the-ledger = the ledger
rec-file-the-file = the file
rec-file-the-folder = the ledger's folder
rec-file-its-key = its key
rec-file-its-wal = its -wal file
rec-file-its-shm = its -shm file
rec-file-ledger-wal = the ledger's -wal file
rec-file-ledger-shm = the ledger's -shm file
rec-file-ledger-journal = the ledger's -journal file
rec-file-ledger-key = the ledger's key
rec-file-ledger-v1-backup = the ledger's v1 backup
rec-file-ledger-unrecorded = the ledger's folder of unrecorded events
rec-ledger-file-not-own = { $what } { $path } belongs to { $account } (uid { $uid }), not to this user
rec-ledger-file-writable = { $what } { $path } has mode { $mode }: group or others may write it
rec-ledger-file-readable = { $what } { $path } has mode { $mode }: group or others may read it
rec-ledger-file-unusable = { $what } { $path } cannot be used: { $error }
rec-ledger-file-is = the file { $error }
rec-ledger-file-read-only-at = the file { $path } is read-only for this user
rec-ledger-folder-read-only = its folder { $path } is read-only for this user
rec-ledger-file-read-only = the file is read-only for this user
rec-ledger-file-replaced = the file was replaced while it was opened
rec-ledger-folder-open = its folder { $path } has mode { $mode }: anyone may replace the ledger in it (no sticky bit)
rec-ledger-folder-group = the ledger's folder { $path } has mode { $mode }: its group may replace the ledger in it (chmod 700 or chmod +t the folder)
rec-ledger-read-not-own = { $why }: it is read as it is, and whoever may write it may have changed it
rec-ledger-triggers-missing = the ledger { $path }'s append-only triggers ({ $triggers }) were missing or altered
rec-ledger-triggers-read = { $why }: its events could have been changed or deleted outside isou (the chain check shows whether they were); the next writing command puts them back
rec-ledger-triggers-restored = { $why }, and were put back: its events could have been changed or deleted outside isou — run `isou record check`

## The chain check (record check) and kept events (record recover)

rec-chain-missing = event { $missing } is missing (the next one is { $next })
rec-chain-link = its link to the previous event does not match
rec-chain-changed = its contents were changed after it was recorded
rec-key-cannot-create = its key cannot be created: { $error }
rec-key-wrong-size = it holds { $size } bytes, not 32
rec-kept-no-envelope = it is not an event kept by isou (no authenticated envelope)
rec-kept-unknown-format = it is not an event kept by isou (unknown format)
rec-kept-no-key = the ledger's key is not loaded
rec-kept-bad-mac = its authenticator does not match the ledger's key: it was not written by isou for this ledger, or was changed
rec-kept-unreadable = its event cannot be read: { $error }
rec-kept-unknown-kind = no known event kind
rec-kept-bad-nonce = its nonce is not 32 hex digits

## The approval terms as verify's report shows them

rec-terms-label-approver = approver
rec-terms-label-application = application
rec-terms-label-use-until = use until

## record show: each fact of an event by name, values as read (src/records/fields.rs); $n is a volume's or list item's number

rec-field-attendance-acknowledged = attendance acknowledged
rec-field-attendant = attendant
rec-field-authenticated = authenticated
rec-field-by = by
rec-field-bytes = bytes
rec-field-carrier = carrier
rec-field-certificate = certificate
rec-field-choices = explicit choices
rec-field-choices-flag = choice { $n }: flag
rec-field-choices-rule = choice { $n }: rule relaxed
rec-field-claimed = claimed
rec-field-claimed-shipment = claimed shipment
rec-field-claimed-from = claimed sender
rec-field-claimed-destination = claimed destination
rec-field-claimed-tracking-number = claimed tracking number
rec-field-claimed-class = claimed class
rec-field-claimed-medium-type = claimed medium type
rec-field-claimed-signer = claimed signer
rec-field-class = class
rec-field-class-claimed = class stated (unknown)
rec-field-class-stated = class stated
rec-field-contested = contested by
rec-field-contested-signer = contested { $n }: signer
rec-field-contested-since = contested { $n }: since
rec-field-contractor = contractor
rec-field-corrects = corrects event
rec-field-corrects-hash = corrects hash
rec-field-date = date
rec-field-decrypted = decrypted folder
rec-field-decrypted-retain-until = decrypted folder: retain until
rec-field-decrypted-basis = decrypted folder: basis
rec-field-destination = destination
rec-field-destination-address = destination address
rec-field-destination-signing-keys = destination signing keys
rec-field-envelope-confirmed = envelope confirmed
rec-field-envelope-tracking-number = envelope tracking number
rec-field-files = files
rec-field-from = from
rec-field-handler = handler
rec-field-issued-at = issued at
rec-field-item = item
rec-field-manifest-sha256 = manifest SHA-256
rec-field-medium-type = medium type
rec-field-method = method
rec-field-missing = missing volumes
rec-field-missing-text = missing
rec-field-note = note
rec-field-open-refused = open refused the archive
rec-field-os-account = OS account
rec-field-out = written to
rec-field-passphrase = passphrase
rec-field-policy = policy
rec-field-problems = problems
rec-field-receipt-sha256 = receipt SHA-256
rec-field-recipient-fingerprints = recipient fingerprints
rec-field-recipient-key = recipient key
rec-field-recipients = recipients
rec-field-replaces-carrier = replaces carrier
rec-field-replaces-tracked-carrier = replaces tracked carrier
rec-field-replaces-tracking-number = replaces tracking number
rec-field-retain-until = retain until
rec-field-sealed-tracking-number = sealed tracking number
rec-field-sender-checked = sender checked
rec-field-sender-contact = sender contact
rec-field-sender-key = sender key
rec-field-set-complete = set complete
rec-field-signer = signer
rec-field-signer-pinned = signer pinned
rec-field-source-organization = source organization
rec-field-summary = summary
rec-field-summary-shipment-id = shipment id
rec-field-summary-files = files sealed
rec-field-summary-bytes = bytes sealed
rec-field-summary-segments = segments
rec-field-summary-payload-bytes = payload bytes
rec-field-summary-manifest-sha256 = manifest SHA-256
rec-field-summary-tracking-number = tracking number
rec-field-summary-signer = signer
rec-field-summary-volumes = volumes
rec-field-summary-volumes-number = volume { $n }: number
rec-field-summary-volumes-id = volume { $n }: id
rec-field-summary-volumes-location = volume { $n }: location
rec-field-summary-volumes-segments = volume { $n }: segments
rec-field-summary-volumes-payload-bytes = volume { $n }: payload bytes
rec-field-summary-volumes-image-bytes = volume { $n }: image bytes
rec-field-summary-volumes-manifest-sha256 = volume { $n }: manifest SHA-256
rec-field-summary-volumes-bag-count = volume { $n }: Bag-Count
rec-field-terms = approval terms
rec-field-terms-approver = terms: approver
rec-field-terms-application = terms: application
rec-field-terms-use-until = terms: use until
rec-field-to-contacts = to contacts
rec-field-tracking-number = tracking number
rec-field-untracked-carrier = untracked carrier
rec-field-valid = result
rec-field-verified-at = verified at
rec-field-verified-event = verified event
rec-field-volumes = volumes
rec-field-witness = witness
rec-value-yes = yes
rec-value-no = no
rec-value-valid = VALID
rec-value-invalid = INVALID
rec-value-bytes = { $size } ({ $bytes } bytes)
rec-value-basis-use-until = the approved use period (use until)
rec-value-basis-retention-days = the policy's retention (retention_days)
rec-value-item-decrypted = the decrypted folder
