# isou's message catalogue, English: what seal, verify and open print (summaries,
# reports, progress labels, the next step). Same ids and placeholders in
# i18n/ja/commands.ftl.

## What comes next, one line after each command (prefix-next)

next-after-seal = when the medium is handed to the carrier, record it: isou record ship { $shipment } --carrier … --tracking-number …
next-after-seal-passphrase = send the passphrase by another route than the medium, then record it: isou record key-sent { $shipment } --method …
next-after-verify = the medium is authentic and intact; have it opened by someone entitled to the data: isou open { $medium } --signer … --out …
next-after-verify-own = this is your own medium, not yet shipped; when it is handed to the carrier, record it: isou record ship { $shipment } --carrier … --tracking-number …
next-after-verify-invalid = do not open the medium; report it to the sender (by phone, not through the parcel) and keep it for inspection
next-after-open = the decrypted data is in { $path }; dispose of it by { $date } and record the disposal: { $command } --method …
next-after-open-no-date = the decrypted data is in { $path }; when it is no longer needed, dispose of it and record the disposal: { $command } --method …

## Shared by seal, verify and open

count-segments = { $count ->
    [one] { $count } segment
   *[other] { $count } segments
}
medium-signer-not-a-key = --signer { $signer } is not a contact card or ssh-ed25519 key: { $error }
medium-signer-not-a-key-hint = give the sender's contact card line (isou-card-v1 …), their ssh-ed25519 key, or a file holding it
medium-signer-bad-card = --signer { $signer }: the contact card is damaged: { $why }
medium-signer-bad-card-hint = ask the sender for their contact card again (they print it with 'isou card'), or give their ssh-ed25519 key
medium-not-a-local-path = { $path } is not a path on this machine; type or drop the folder or image again
medium-part-of-medium = { $path } is { $what }, not the medium itself
medium-part-of-medium-hint = give the medium's folder (the one holding bagit.txt): { $medium }

## verify

verify-no-such-medium = { $path } does not exist
verify-no-such-medium-hint = give the medium's mounted folder or its ISO image file
verify-sender-claim = the medium says it is from { $claimed }, but it is signed by the key of your contact { $contact }: it is recorded as from { $contact }; ask { $contact } why
verify-not-authenticated = (what the medium claims below is NOT authenticated: do not rely on it)
verify-tracking-number = tracking number: { $number }
verify-tracking-number-none = tracking number: (none)
verify-label-shipment = shipment
verify-label-identifier = identifier
verify-label-bagged = bagged
verify-label-from = from
verify-label-handler = handler
verify-label-to = to
verify-label-carrier = carrier
verify-label-medium = medium
verify-label-volume = volume
verify-label-encryption = encryption
verify-label-class = class
verify-label-payload = payload
verify-label-signature = signature
verify-bag-count = { $volume } of { $count }
verify-payload = { $files }, { $size }
verify-signature-none = none (a plain BagIt bag, not an isou medium)
verify-signature-good = good, by the expected sender { $signer }
verify-signature-unpinned = valid, by { $signer } — NOT CHECKED against an expected sender
verify-signature-bad = BAD: { $error }
verify-signature-unusable = made with the key it names, but what it signs is not an isou medium's: { $error }
verify-problem = problem: { $problem }
verify-id-not-isou = the medium's shipment id { $id } is not one isou makes (ISOU-YYYYMMDD-XXXXXXXX, as sealed): it names no shipment
verify-id-not-isou-typed = the medium's shipment id { $id } is not one isou makes (ISOU-YYYYMMDD-XXXXXXXX, as sealed): it names no shipment (typed, it would read as shipment { $typed } of this ledger, which it is not)
verify-not-our-shipment = shipment { $shipment } was sealed here, signed by { $ours }, but this medium is signed by { $signer }: it is not that shipment
verify-contested-key = { $key } (first recorded { $since })
verify-contested = SHIPMENT ID CONTESTED: shipment { $shipment } was recorded here before as signed by { $others }; this medium is signed by { $signer }, the sender you gave. Both are recorded under { $shipment } as contested: isou cannot tell which sender made the id; ask both senders (by phone, not through the parcel) which shipment is theirs
verify-cannot-read = cannot read { $path }: { $error }
verify-tracking-mismatch = the tracking number on the envelope ({ $envelope }) is not the one the sender signed on the medium ({ $signed }): it may not be the medium that was sent
verify-no-tracking-number = the medium carries no tracking number (it was added after sealing): compare the envelope's with the sender's shipping notice
verify-seen-opened = this shipment was already opened on { $when } by { $by }
verify-seen-received = this shipment was already received on { $when } by { $by }
verify-class-unknown = the medium's Information-Class { $class } is not a class isou knows: it is handled and recorded as identifiable (非匿名化); ask the sender which it is
verify-use-ended = the approved use period (利用期間) ended on { $date }: the data is to be disposed of promptly (§2.4); 'isou record due' lists it
verify-set-heading = == set ==
verify-set-shipment = { $group } ({ $count ->
    [one] { $count } volume
   *[other] { $count } volumes
})
verify-result-valid = result: VALID
verify-result-invalid = result: INVALID
verify-result-incomplete = result: INCOMPLETE (what is there is intact, but not all of it)
verify-to-fetch = to be fetched (listed in fetch.txt, not present): { $path }
verify-to-fetch-more = … and { $count } more to be fetched
verify-holey = the bag is incomplete: { $count ->
    [one] { $count } payload file listed in fetch.txt is
   *[other] { $count } payload files listed in fetch.txt are
} not present (isou never fetches anything: no network, §2.2⑪)
verify-holey-hint = have the files put on the medium by whoever is entitled to fetch them, then verify again
verify-recorded-before-shipping = recorded as checked before shipping ({ $shipment }: sealed here, not yet shipped; not a receipt)
verify-recorded-sender-check = recorded as the sender's check ({ $shipment }: sealed here and shipped; not a receipt, the shipment stays open)
verify-recorded-incomplete = recorded as an incomplete check of shipment { $shipment } ({ $missing }); an earlier verification of the whole set stands
verify-recorded-medium-check = recorded as a check of medium { $medium } (its claims are not authenticated, so no shipment's record changed)
verify-nothing-recorded = nothing recorded: no bag was found there (no bagit.txt, bag-info.txt or tag manifest)
open-refusal-recorded = the refused opening was recorded as a failed verification (異常) of shipment { $shipment }
verify-unpinned = the medium is intact, but no --signer was given, so who signed it was not checked
verify-unpinned-hint = run again with --signer and the sender's contact card (obtained beforehand, not from the parcel)
verify-set-incomplete = the set is incomplete: { $missing }
verify-set-incomplete-hint = give every volume of the set together (folders or ISO images, in any order)
verify-failed = the medium failed verification ({ $count ->
    [one] { $count } problem
   *[other] { $count } problems
})
verify-failed-unreadable-hint = it could not be read: clean the disc or re-insert the stick (another drive may read it) and verify again
verify-failed-no-bag-hint = check the path: give the medium's folder (the one holding bagit.txt) or its disc image; if this is what arrived, report it to the sender
verify-failed-hint = do not open it; report it to the sender and keep it for inspection

## open

open-no-signer = no --signer given: who sent this medium would not be checked, so it is not opened
open-no-signer-hint = give --signer with the sender's contact card (obtained beforehand, not from the parcel); only if you have confirmed the sender another way, add --any-sender (it is recorded)
open-medium-unreadable = the medium { $path } cannot be read: { $error }
open-medium-unreadable-hint = run 'isou verify' to see every problem; do not open it
open-id-not-isou-hint = do not open it; ask the sender by phone which shipment this is (isou verify records it as a check of this medium)
open-not-our-shipment-hint = do not open it; report the medium to both senders (by phone, not through the parcel)
open-any-sender = --any-sender: the sender is NOT checked; the medium is signed by { $signer } (compare it with the sender's card by phone); this is recorded
open-signed-by-expected = signed by the expected sender { $signer }
open-opened-before = shipment { $shipment } was already opened on { $when } by { $by } into { $into }; this makes another plaintext copy (both openings are recorded)
open-wrong-passphrase = wrong passphrase for the medium; type it again (try { $attempt } of { $tries })
open-passphrase-prompt = Passphrase for the medium:
open-ask-volume-of = insert volume { $volume } of { $count } of shipment { $shipment } and type its folder or image (empty line to stop):
open-ask-volume = insert volume { $volume } of shipment { $shipment } and type its folder or image (empty line to stop):
open-stale-removed = removed { $path }, left by an earlier open that was killed
open-out-moved = the folder of --out was moved or replaced while open ran: the output is at { $out }, not at { $asked }; isou wrote only into the folder it held from the start
open-use-ended = the approved use period (利用期間) ended on { $date }: this plaintext is due for disposal at once (§2.4); 'isou record due' lists it
open-shipment = shipment: { $shipment }
open-opened = opened:   { $files }, { $size }, each checked against ISOU-CONTENTS.json
open-into = into:     { $path }
open-keep-until = keep until: { $date } (then dispose of it: { $command })
open-sender-not-checked = sender:   NOT CHECKED (--any-sender); signed by { $signer }

## policy check

policy-check-file = policy file:   { $path } (valid)
policy-check-no-file = policy file:   none found; the built-in rules apply
policy-check-organization = organisation:  { $name }
policy-check-organization-unset = organisation:  (not set)
policy-check-default-class = default class: { $class } (a medium sealed without --class)
policy-check-time-zone = time zone:     { $zone } (today's date and the times in the registers)
policy-check-handlers-any = handlers:      not restricted (§2.2①: designate them in isou.toml)
policy-check-handlers = handlers:      { $handlers }
policy-check-handler-account = { $name } (account { $account })
policy-check-contact = contact:       { $name } — { $recipient } — signs with { $signer }
policy-check-yes = true
policy-check-no = false
policy-check-rules-identifiable = identifiable (非匿名化): tracked carriers only: { $tracked }, envelope confirmation: { $envelope }, hand-carry attendance: { $attendance }
policy-check-rules-anonymized = anonymized (匿名化): tracked carriers only: { $tracked }, envelope confirmation: { $envelope }, hand-carry attendance: { $attendance }
policy-check-rules-identifiable-carriers = identifiable (非匿名化): tracked carriers only: { $tracked }, envelope confirmation: { $envelope }, hand-carry attendance: { $attendance }, carriers: { $carriers }
policy-check-rules-anonymized-carriers = anonymized (匿名化): tracked carriers only: { $tracked }, envelope confirmation: { $envelope }, hand-carry attendance: { $attendance }, carriers: { $carriers }

## Progress labels (a bar on the terminal)

progress-sealing = sealing
progress-hashing = hashing
progress-opening = opening
progress-eta = ETA
progress-finishing = compressing and writing the rest

## seal

seal-envelope-question = Is the envelope marked 親展・取扱注意 in red? [y/N]
seal-class-assumed-hint = ; no --class was given, so the data is taken as identifiable (非匿名化): add --class anonymized only if the extract is anonymized (匿名化)
seal-retain-until-past = --retain-until { $date } is in the past (today is { $today }): the medium would be due for disposal the day it is made
seal-retain-until-past-hint = give the date until which the data may be kept (YYYY-MM-DD, today or later), as the data-use agreement says; only for data that must be disposed of at once, add --allow-past-retention (it is recorded)
seal-compression-hint = for example --compression zstd:3
seal-segment-size-bad = --segment-size { $value } is not between 1M and 4G minus one byte
seal-segment-size-bad-hint = for example --segment-size 1G (FAT32 holds no file of 4 GiB or more)
seal-medium-type-hint = for example --medium-type dvd-r
seal-volume-size-bad = --volume-size { $value } is not a size
seal-volume-size-bad-hint = for example --volume-size 700M or --volume-size 4G
seal-iso-needs-size = --iso needs a disc type or a volume size
seal-iso-needs-size-hint = add --medium-type cd-r, dvd-r or bd-r (or --volume-size BYTES)
seal-disc-needs-iso = a { $medium } is written as ISO images to burn
seal-disc-needs-iso-hint = add --iso OUTDIR (instead of --medium) and burn the images it writes
seal-creating-folder = creating { $path }
seal-volumes-about = about { $count } { $count ->
    [one] volume
   *[other] volumes
} of at most { $size }
seal-volumes-at-most = at most { $count } { $count ->
    [one] volume
   *[other] volumes
} of at most { $size } (fewer after compression)
seal-may-not-fit = the medium has { $free } free and the extract is { $size } before compression; it may not fit
seal-ask-volume = insert an empty medium for volume { $volume } and type its folder (empty line to stop):
seal-stale-removed = removed { $path }, left unfinished by an earlier seal that was killed
seal-shipment = shipment:        { $shipment }
seal-tracking-number = tracking number: { $number }
seal-tracking-number-none = tracking number: (none yet: add it with the transport record)
seal-sealed = sealed:          { $files }, { $size }
seal-on-medium = on the medium:   { $segments }, { $size }
seal-manifest = manifest SHA-256 (tagmanifest-sha256.txt): { $sha256 }
seal-signed-by = signed by:       { $signer }
seal-volume = volume { $volume } of { $count }:   { $location } ({ $segments }, { $size })
seal-volume-image = volume { $volume } of { $count }:   { $location } ({ $segments }, { $size }; image { $image })
seal-read-back = the medium was read back and matches its manifests.
seal-read-back-all = every volume was read back and matches its manifests.

## Files a command writes or reads (encrypt, decrypt, any output)

output-writing-stdout = writing standard output
output-writing = writing { $path }
output-binary-to-terminal = refusing to write binary data to a terminal
output-binary-to-terminal-hint = redirect the output to a file (-o FILE or > FILE) or a pipe
output-exists = { $path } already exists
output-exists-hint = choose another output file, or add --force to replace it
output-stale-removed = removed { $path }, left by an earlier encrypt or decrypt that was killed
output-cannot-create = cannot create a file in { $path }
output-cannot-make-private = cannot make { $path } private
output-cannot-check = cannot check { $path }
output-not-regular = { $path } { $what }: an output replaces only a regular file
output-not-regular-hint = name a new file (or an existing regular file with --force) with -o
output-cannot-open = cannot open { $path }
output-is-directory = { $path } is a directory
output-is-directory-hint = encrypt and decrypt take one file; to package a folder use 'isou seal'
