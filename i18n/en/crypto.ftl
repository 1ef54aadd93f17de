# isou message catalogue, English: crypto. See common.ftl for the conventions.
# Encryption, decryption, keys, passphrases and signatures (src/error.rs,
# src/engine, src/keys, src/signature.rs, isou encrypt/decrypt/keygen/card).
# Same ids and placeholders in i18n/ja/crypto.ftl.

## Decryption errors (DecryptError)

crypto-not-age-file = the input is not an age-encrypted file
crypto-not-age-file-hint = check that you passed the encrypted file (it starts with 'age-encryption.org/v1' or '-----BEGIN AGE ENCRYPTED FILE-----')
crypto-unsupported-version = the file uses age format version "{ $version }", which isou does not read
crypto-unsupported-version-hint = the file was made by a newer tool; ask the sender which program made it
crypto-invalid-header = the age header is invalid: { $why }
crypto-header-too-large = the age header is refused as unreasonably large: { $why }
crypto-armor-invalid = the ASCII armor is invalid: { $why }
crypto-damaged-hint = the file is damaged or was not made by an age-compatible tool; ask the sender for a new copy
crypto-excessive-work = the passphrase would need scrypt work factor 2^{ $required }, more than the limit 2^{ $max }
crypto-excessive-work-hint = a legitimate sender uses far less; treat the file as suspicious and ask the sender to re-encrypt it
crypto-insufficient-memory = the passphrase's scrypt work factor 2^{ $factor } needs { $required } MiB of memory, and only { $available } MiB are available
crypto-insufficient-memory-hint = close other programs or use a machine with more memory; a work factor this high is unusual (isou and age use about 2^18), so ask the sender whether it is theirs
crypto-no-matching-identity = none of the given identities can decrypt this file
crypto-no-matching-identity-hint = use the identity whose recipient (age1…) the sender encrypted to (-i FILE); the file may be meant for someone else
crypto-wrong-passphrase = wrong passphrase for this file
crypto-wrong-passphrase-hint = check the passphrase sheet sent separately and type it again
crypto-passphrase-required = this file is encrypted with a passphrase, not to a key
crypto-passphrase-required-hint = decrypt it with --passphrase
crypto-not-passphrase-encrypted = this file is encrypted to recipient keys, not with a passphrase
crypto-not-passphrase-encrypted-hint = decrypt it with your identity file (-i FILE) instead of --passphrase
crypto-header-mac = the age header failed authentication: it was altered after encryption
crypto-altered-hint = do not use this file; ask the sender for a new copy (nothing was kept)
crypto-read-failed = reading the encrypted input failed: { $error }

## Encryption errors (EncryptError)

crypto-no-recipients = no recipient given
crypto-no-recipients-hint = name at least one recipient with -r age1… or -R FILE, or use --passphrase
crypto-incompatible-recipients = these recipients cannot be combined in one file
crypto-incompatible-recipients-hint = a passphrase must be used alone; encrypt either to keys or with a passphrase
crypto-wrap-failed = a recipient failed to wrap the file key: { $error }

## Key errors (KeyError)

key-not-found = identity file { $path } does not exist
key-not-found-hint = create one with 'isou keygen', or name yours with -i FILE
key-insecure-permissions = identity file { $path } is readable by other users (mode { $mode })
key-insecure-permissions-hint = make it private with 'chmod 600 { $path }' (and check who may have copied it)
key-public-key-given = { $path } is { $kind }, not your identity file
key-public-key-given-ssh-hint = give your own identity file with -i: the file 'isou keygen' wrote (by default { $default }), which holds your secret keys; an SSH key is no isou identity
key-public-key-given-card-hint = give your own identity file with -i: the file 'isou keygen' wrote (by default { $default }), which holds your secret keys; a partner's contact card goes with --to (seal) or --signer (verify, open)
key-already-exists = { $path } already exists
key-already-exists-hint = isou never overwrites a key; choose another file with -o, or move the old one away first
key-wrong-passphrase = wrong passphrase for identity file { $path }
key-wrong-passphrase-hint = type the identity file's passphrase again
key-wrong-passphrase-or-altered = wrong passphrase for identity file { $path }, or the file was altered (its checksum matches, so it is not damaged)
key-wrong-passphrase-or-altered-hint = type the passphrase again; if you are sure of it, someone altered the file: restore it from your backup and find out who could write to it
key-kdf-below-minimum = identity file { $path } asks for Argon2id with { $asked }, below Argon2id's minimum (1 lane, 1 pass, 8 KiB of memory per lane), which isou never writes; the file was altered or made by another tool
key-kdf-too-costly = identity file { $path } asks for Argon2id with { $asked }, more than isou ever writes (at most { $most }); the file was altered or made by another tool
key-kdf-out-of-bounds-hint = restore the identity file from your backup; no passphrase was asked and none can help
key-not-regular = { $path } is { $kind }, not an identity file (a regular file)
key-not-regular-hint = name the identity file itself with -i FILE (isou reads identities only from regular files)
key-corrupted = identity file { $path } is damaged: { $why }
key-corrupted-hint = restore the identity file from your backup; the passphrase cannot help
key-unknown-format = { $path } is not an identity file isou can read: { $why }
key-unknown-format-hint = pass an isou identity file (isou keygen) or an age identity file (age-keygen)
key-invalid-recipient = invalid recipient "{ $text }": { $why }
key-invalid-recipient-hint = a recipient is an 'age1…' key or an isou contact card line; copy it again from the partner
key-secret-file-given = { $path } is a secret { $noun } file, not a { $expected }: it holds { $kind }
key-secret-text-given = the { $expected } given is a secret { $noun }, not a public key: it is { $kind }
key-secret-key-given-hint = give the partner's public key: their contact card (isou-card-v1 …), age1… recipient or ssh-ed25519 key; never pass your own identity file where a public key is expected (and if you sent it to anyone, make a new one)
key-expected-contact-card = contact card
key-expected-recipient = recipient
key-expected-recipients-file = recipients file
key-expected-public-key-file = public key file
key-expected-signer = signer
key-no-signing-key = identity file { $path } holds no signing key (it is a plain age identity)
key-no-signing-key-hint = create an isou identity with 'isou keygen' to sign what you send
key-passphrase-unread = could not read a passphrase: { $why }
key-passphrase-unread-hint = run in a terminal, or give --passphrase-file FILE / --passphrase-fd N
key-passphrase-too-short = the new passphrase is shorter than { $min } characters
key-passphrase-too-short-hint = choose a passphrase of at least { $min } characters (in the file, or typed at the terminal)
key-passphrase-mismatch = the two passphrases typed differ
key-passphrase-mismatch-hint = run the command again and type the same passphrase twice
key-file-unfit = the key file { $path } { $why }
key-file-unfit-hint = name the file that holds the key itself: a contact card or public key file is a few hundred bytes, a recipients file at most 1 MiB

## What a secret key is, and why an identity file cannot be read (keys/mod.rs)

key-noun-key = key
key-noun-identity = identity
key-kind-isou-identity = an isou identity
key-kind-age-identity = an age identity
key-kind-age-plugin-identity = an age plugin identity
key-kind-private-key = a private key
key-kdf-params = { $memory }, { $passes ->
    [one] { $passes } pass
   *[other] { $passes } passes
}, { $lanes ->
    [one] { $lanes } lane
   *[other] { $lanes } lanes
}
key-why-signing-not-base64 = the signing key is not base64
key-why-signing-not-32-bytes = the signing key is not 32 bytes
key-why-signing-invalid = the signing key is invalid: { $error }
key-why-not-utf8 = it is not UTF-8 text
key-why-recipient-field = its recipient field is not an age key: { $error }
key-why-signing-field = its signing-key field is not an SSH key: { $error }
key-why-label = its label is not one line of plain text of at most 200 characters
key-why-too-large = the file is far too large to be an identity file
key-why-ssh-private-key = it is an SSH private key, not an age or isou identity
key-why-line = line { $line }: { $error }
key-why-unknown-line = line { $line } is neither a comment nor an age identity line
key-why-no-age-line = it holds no age identity line
key-why-many-signing-keys = it holds { $count } signing-key lines; an isou identity holds one, and isou will not guess which is yours
key-why-many-age-lines = it holds a signing key and { $count } age identity lines; an isou identity holds one of each
key-why-end-missing = the END line is missing
key-why-checksum-missing = the checksum line is missing
key-why-checksum-mismatch = its checksum does not match its contents
key-why-field-malformed = a field line is malformed
key-why-unknown-field = it has a field isou does not write ({ $field }); it was altered or made by another tool
key-why-field-twice = its { $field } field appears twice; it was altered or made by another tool
key-why-field-missing = the { $field } field is missing
key-why-newer-version = identity format version { $version } is newer than this isou
key-why-unknown-kdf = unknown KDF or cipher
key-why-not-number = { $field } is not a number
key-why-not-base64 = { $field } is not base64
key-why-nonce = the nonce is not 24 bytes
key-why-salt = the salt is shorter than 16 bytes
key-why-sealed-not-text = the sealed keys are not text
key-why-sealed-mismatch = the sealed keys do not match the public keys in the file (it was altered by someone who knew the passphrase, or made by another tool)
key-why-decrypted-not-text = the decrypted identity is not text

## Why an age header or payload is refused (engine)

crypto-why-no-mac-line = the header ends before its MAC line
crypto-why-too-many-stanzas = more than { $max } recipient stanzas
crypto-why-header-larger = the header is larger than { $kib } KiB
crypto-why-stanza-malformed = recipient stanza { $number } is malformed
crypto-why-no-stanza = the header has no recipient stanza
crypto-why-scrypt-not-alone = a passphrase (scrypt) stanza must be the only stanza in the header
crypto-why-mac-line-malformed = the MAC line is malformed
crypto-why-mac-not-canonical = the MAC is not canonical base64
crypto-why-line-too-long = a header line is longer than { $max } bytes
crypto-why-ends-in-header = the file ends in the middle of the header
crypto-why-armor-begin = the file does not start with '-----BEGIN AGE ENCRYPTED FILE-----'
crypto-why-no-nonce = the file ends before the payload nonce
crypto-why-a-stanza-malformed = a recipient stanza is malformed
crypto-payload-corrupted = payload chunk { $chunk } (at payload offset { $offset }) failed authentication: the file was altered, damaged or reordered
crypto-payload-truncated = the file is truncated: it ends after payload chunk { $chunk }, which is not the final chunk
crypto-payload-trailing-data = unexpected data after the final payload chunk { $chunk }
crypto-payload-empty-final-chunk = the final payload chunk { $chunk } is empty, which only an empty file may have
crypto-payload-short-chunk = the file is truncated: final payload chunk { $chunk } has only { $len } bytes, less than its 16-byte tag
crypto-payload-no-chunks = the file is truncated: the payload has no chunks
crypto-writer-failed-earlier = the payload writer failed earlier

## Signatures (SignatureError)

sig-malformed = the signature is malformed: { $why }
sig-why-too-large = far too large
sig-wrong-namespace = the signature was made for "{ $namespace }", not for an isou medium
sig-unsupported-key = the signature uses a { $algorithm } key; isou signatures are Ed25519
sig-unsupported-key-hint = ask the sender to sign with their isou identity
sig-unknown-signer = the medium is signed by key { $fingerprint }, which is not the sender you expect
sig-unknown-signer-hint = do not open it: confirm with the sender (by phone, not by a contact in the parcel) which key they sign with
sig-invalid = the signature by key { $fingerprint } does not match the medium: it was altered after signing
sig-tampered-hint = do not open it; report the medium as tampered and ask the sender to send it again
sig-signing-failed = signing failed: { $why }

## Contact cards and recipients (keys/card.rs)

key-why-card-tag = a contact card starts with '{ $tag }'
key-why-card-no-recipient = the age recipient is missing
key-why-card-bad-recipient = bad age recipient: { $error }
key-why-card-not-ed25519 = the signing key must be an ssh-ed25519 key
key-why-card-no-signing-key = the signing key is missing
key-why-card-bad-signing-key = bad signing key: { $error }
key-why-card-label-control = the label holds control characters
key-why-not-a-recipient = expected an 'age1…' recipient or an isou contact card
key-why-in-file-line = { $why } ({ $path }, line { $line })
key-why-no-recipients = the recipients file lists no recipient
key-why-key-file-not-utf8 = stream did not contain valid UTF-8
key-public-card = a public contact card
key-public-card-labelled = a public contact card ({ $label })
key-public-recipient = a public age recipient (age1…)
key-public-ssh = an SSH public key

## Passphrases: prompts and why one could not be read (keys/passphrase.rs)

prompt-passphrase-for = Passphrase for { $what }:
prompt-confirm-passphrase = Confirm passphrase:
prompt-too-short = the passphrase is shorter than { $min } characters
prompt-why-fd-not-open = { $fd } is not an open file descriptor
prompt-fd-name = file descriptor { $fd }
prompt-why-fd-unix-only = reading file descriptor { $fd } is only supported on Unix
prompt-why-no-terminal = there is no terminal to ask on
prompt-why-terminal-unread = the terminal could not be read: { $error }
prompt-why-not-utf8 = { $what } is not UTF-8 text
prompt-why-empty = { $what } holds an empty passphrase
prompt-generated = generated passphrase
prompt-generated-advice = write it down now and send it separately from what it protects; it is stored nowhere.

## A passphrase too easy to guess (WeakPassphrase; the estimator's feedback)

prompt-weak = the passphrase is too easy to guess (about 10^{ $log } guesses, at least 10^10 needed)
prompt-weak-public-value = It contains a value written on the medium or the envelope (the tracking number, the destination, the organisation).
prompt-zx-straight-rows = Straight rows of keys are easy to guess.
prompt-zx-short-keyboard = Short keyboard patterns are easy to guess.
prompt-zx-repeats-aaa = Repeats like "aaa" are easy to guess.
prompt-zx-repeats-abcabc = Repeats like "abcabcabc" are only slightly harder to guess than "abc".
prompt-zx-top10 = This is a top-10 common password.
prompt-zx-top100 = This is a top-100 common password.
prompt-zx-common = This is a very common password.
prompt-zx-similar-common = This is similar to a commonly used password.
prompt-zx-sequences = Sequences like abc or 6543 are easy to guess.
prompt-zx-recent-years = Recent years are easy to guess.
prompt-zx-word-alone = A word by itself is easy to guess.
prompt-zx-dates = Dates are often easy to guess.
prompt-zx-names-alone = Names and surnames by themselves are easy to guess.
prompt-zx-common-names = Common names and surnames are easy to guess.
prompt-zx-use-few-words = Use a few words, avoid common phrases.
prompt-zx-no-need-symbols = No need for symbols, digits, or uppercase letters.
prompt-zx-add-word = Add another word or two. Uncommon words are better.
prompt-zx-capitalization = Capitalization doesn't help very much.
prompt-zx-all-upper = All-uppercase is almost as easy to guess as all-lowercase.
prompt-zx-reversed = Reversed words aren't much harder to guess.
prompt-zx-substitutions = Predictable substitutions like '@' instead of 'a' don't help very much.
prompt-zx-longer-keyboard = Use a longer keyboard pattern with more turns.
prompt-zx-avoid-repeats = Avoid repeated words and characters.
prompt-zx-avoid-sequences = Avoid sequences.
prompt-zx-avoid-recent-years = Avoid recent years.
prompt-zx-avoid-your-years = Avoid years that are associated with you.
prompt-zx-avoid-your-dates = Avoid dates and years that are associated with you.
prompt-passphrase = Passphrase:
prompt-new-passphrase-or-empty = Passphrase (leave empty to generate a strong one):
prompt-identity-passphrase = Passphrase for identity file { $path }:
prompt-what-new-identity = the new identity file

## isou encrypt, isou decrypt (src/bin/isou/crypt.rs)

crypto-writing-stdout = writing standard output
crypto-writing-file = writing { $path }
crypto-reading-input = reading { $input }
crypto-stdin = standard input
crypto-passphrase-with-recipients = a passphrase cannot be combined with recipients
crypto-passphrase-with-recipients-hint = encrypt either to keys (-r/-R) or with --passphrase, not both
crypto-weak-identifiable = { $weak } — identifiable (非匿名化) data needs a strong passphrase (§2.2⑦ 強固な暗号化方法)
crypto-weak-identifiable-hint = at the terminal, leave the answer empty and isou generates a strong one (write it on the key sheet that travels by another route); or choose a longer passphrase of several uncommon words
crypto-generated-no-terminal = a generated passphrase can be shown on the terminal only, and the terminal could not be written: { $error }
crypto-generated-no-terminal-hint = give the passphrase with --passphrase-file FILE or --passphrase-fd N, or run isou at a terminal
crypto-passphrases-differ-again = the two passphrases differ; type the passphrase and its confirmation again (try { $attempt } of { $tries })
crypto-passphrases-differed = the two passphrases differed { $tries } times; nothing was encrypted
crypto-passphrases-differed-hint = type the same passphrase twice, or leave it empty to have a strong one generated
crypto-identities-unused = note: the file is passphrase-encrypted; the identity files are not used
crypto-wrong-passphrase-again = wrong passphrase; type it again (try { $attempt } of { $tries })
crypto-stdout-incomplete = the plaintext already written to standard output is incomplete; discard it

## isou keygen, isou card (src/bin/isou/keygen.rs)

key-no-config-dir = there is no per-user configuration directory on this system
key-no-config-dir-hint = name the identity file with -i FILE (or -o FILE for keygen), or set ISOU_IDENTITY
key-wrong-passphrase-again = wrong passphrase for identity file { $path }; type it again (try { $attempt } of { $tries })
keygen-no-stdout = an identity file cannot be written to standard output
keygen-no-stdout-hint = give a file with -o FILE; it is created with mode 0600
keygen-unprotected-with-passphrase = --unprotected writes no passphrase, but a passphrase source was given
keygen-unprotected-with-passphrase-hint = drop either --unprotected or --passphrase-file/--passphrase-fd
keygen-unprotected-warning = writing an UNPROTECTED identity file: anyone who copies { $path } can open what is sent to you and sign as you.
keygen-written-protected = identity written to { $path } (protected with Argon2id and XChaCha20-Poly1305, mode 0600).
keygen-written-unprotected = identity written to { $path } (unprotected, mode 0600).
keygen-hand-card = hand this contact card to your partners (it holds only public keys):
keygen-choose-another = { $problem }; choose another (try { $attempt } of { $tries })
keygen-choose-another-last = { $problem }; choose another
keygen-differ = the two passphrases differ; choose it and type it twice again (try { $attempt } of { $tries })
keygen-differ-last = the two passphrases differ; choose it and type it twice again
keygen-no-passphrase-set = no passphrase was set after { $tries } tries; nothing was written
keygen-no-passphrase-set-hint = choose a passphrase of at least { $min } characters that is hard to guess (several uncommon words), type it the same way twice, and run isou keygen again
keygen-label-hint = use plain text of at most 200 characters on one line
card-passphrase-unused = note: a contact card needs no passphrase; the one given is not read

## Why a key did not parse (keys/reason.rs): the parsers' common reasons
key-reason-age-bech32 = it is not a whole age key (a character is missing or wrong: copy it again)
key-reason-age-prefix = it does not start with age1
key-reason-age-length = the key has the wrong length
key-reason-ssh-algorithm = the key type is unknown
key-reason-ssh-format = it is not laid out as an OpenSSH key or signature
key-reason-ssh-length = the key is cut short or too long (copy it again)
key-reason-ssh-characters = it holds characters a key does not have (copy it again)
key-reason-ssh-trailing = there is data after the key
key-reason-other = it cannot be read ({ $error })
