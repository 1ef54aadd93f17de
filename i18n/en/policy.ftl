# isou message catalogue, English: policy. See common.ftl for the conventions.
# The transport policy (isou.toml) and its refusals. Every refusal cites the clause of
# the manual (別添２ §2.2…): keep the citations as they are in both languages.

## Classes as named in messages

policy-class-identifiable = identifiable (非匿名化)
policy-class-anonymized = anonymized (匿名化)

## A refusal: isou: error: the transport policy forbids this: …

policy-refusal = the transport policy forbids this: { $rule }
policy-hint-and = { $first }; { $second }
policy-use-one-of = use one of: { $carriers }
policy-keys = key { $keys }
policy-keys-signing = key { $keys } (signing { $signing })
policy-known-more = and { $count } more

## §2.2 本文: an unused medium

policy-nonempty = identifiable (非匿名化) data goes only on an empty medium, new or known clean: --allow-nonempty is not allowed for it (§2.2 本文 未使用品)
policy-nonempty-hint = use an unused or cleaned medium; --allow-nonempty is for data declared --class anonymized only

## §2.2① designated transport handlers

policy-handler-not-designated = the OS account { $account } is not a designated transport handler (§2.2① 移送担当者の指定)
policy-handler-not-designated-hint = ask the 利用責任者 to designate your account in isou.toml (handlers = [{ "{" } name = "…", account = "…" { "}" }]), or let a designated handler seal it under their own account
policy-handler-not-you = --handler { $handler } is not you: you are logged in as { $account } (name { $name }) (§2.2① 移送担当者の指定)
policy-handler-not-you-hint = leave out --handler (your name is taken from the policy), or have the named handler seal it under their own account

## §2.2② destinations

policy-dest-unknown = { $name } is not a destination in the policy (§2.2② 移送先ごとの手順); known: { $known }
policy-dest-unknown-hint = use a contact name from isou.toml ('isou policy check' lists them)
policy-dest-two = --to names two contacts, { $first } and { $second }: a shipment has one destination (§2.2② 移送先)
policy-dest-two-hint = seal one medium for each destination
policy-dest-not-to = --to { $name } is not the destination { $destination } (§2.2② 移送先): every recipient of a shipment must be its destination
policy-dest-not-to-hint = give --to { $name } (its card in the policy) and --destination { $name }, or leave out --destination
policy-dest-wrong-card = --to { $name } is not the card of the destination { $destination } (§2.2② 移送先): the card given has { $given }; { $destination }'s card in the policy has { $expected }
policy-dest-wrong-card-hint = give --to { $destination } to use the card in the policy; if the partner's keys changed, have the 利用責任者 update isou.toml
policy-dest-needed = identifiable (非匿名化) data needs a destination: the 移送記録簿 must say where it went (§2.2② 移送先)
policy-dest-needed-hint = add --destination NAME (the receiving organisation)
policy-dest-needed-contacts-hint = give --to NAME of a contact in isou.toml (it sets the destination), or add --destination NAME
policy-carrier-not-allowed = the carrier { $carrier } is not allowed for { $class } data (§2.2② 移送の手続き)

## §2.2⑤ envelope, §2.2⑥ tracked carriers, §2.2⑧⑨ hand-carrying

policy-envelope = the envelope must be marked 親展・取扱注意 in red and this confirmed (§2.2⑤)
policy-envelope-hint = mark the envelope, then confirm at the prompt or add --envelope-confirmed
policy-carrier-needed = { $class } data needs its carrier named when it is sealed (§2.2⑥ 追跡サービス付きの手段)
policy-carrier-needed-hint = add --carrier, one of: { $carriers }
policy-untracked = { $class } data may travel only by a service with tracking or by hand (§2.2⑥ 追跡サービス付きの手段), and { $carrier } has no tracking
policy-untracked-identifiable-hint = use one of: { $carriers }; only anonymized (匿名化) data may go untracked, declared when sealing with --class anonymized
policy-untracked-anonymized-hint = use one of: { $carriers } (the policy requires tracking for anonymized data too)
policy-hand-carry = carrying { $class } data by hand needs the attendance rule acknowledged (§2.2⑧⑨)
policy-hand-carry-hint = confirm that two persons accompany the medium and it is never left unattended, then add --attendance-acknowledged

## Names typed where a recipient or signer belongs (--to, --signer)

policy-party-ambiguous = { $name } is both a contact in the policy and a file in this folder
policy-party-ambiguous-hint = write ./{ $name } for the file, or run isou from a folder without that file for the contact; check who put the file there
policy-party-no-file = there is no file { $name }
policy-party-no-policy = no contact named { $name }: no policy file is in use, and contact names come from one; nor is it a key, a contact card or a file
policy-party-no-contacts = no contact named { $name }: the policy file { $policy } lists no contacts; nor is it a key, a contact card or a file
policy-party-not-listed = no contact named { $name } in { $policy }; known: { $known }
policy-party-no-file-hint = check the file's name and folder (ls); a contact card file is the one the partner sent
policy-party-no-policy-hint = a contact name needs a policy: name it with --policy FILE or ISOU_POLICY, or keep it at { $path }; or give the partner's contact card line (isou-card-v1 …) or the card file they sent
policy-party-no-contacts-hint = ask the 利用責任者 to add the partner under [[contacts]] in isou.toml; or give the partner's contact card line (isou-card-v1 …) or the card file they sent
policy-party-not-listed-hint = type the name as the policy lists it ('isou policy check' lists them; spaces, width and case do not matter), or give the partner's contact card line (isou-card-v1 …) or the card file they sent
policy-party-card-file-hint = the file { $file } is in this folder: for it, give { $file }

## Contact names the policy refuses

policy-name-empty = a contact name must not be empty
policy-name-unsafe = a contact name must not hold control or invisible characters
policy-name-key = a contact name must not be, or start like, a key or a contact card (age1…, isou-card-v1 …, ssh-…)
policy-name-slash = a contact name must not contain / or \ (it would read as a file path)
policy-name-dot = a contact name must not start with . or ~ (it would read as a file path)
policy-name-extension = a contact name must not end in .card, .pub, .txt or .key (it would read as a key file)

## The policy file itself: isou: error: policy file PATH: …

policy-error = policy file { $path }: { $why }
policy-error-hint = fix isou.toml ('isou policy check' validates it); the sample is docs/isou.sample.toml
policy-error-secret-hint = put the partner's contact card (isou-card-v1 …) there, never a secret key; the policy file is shared, so if anyone else saw it, make a new identity with 'isou keygen'
policy-env-missing = does not exist (named by ISOU_POLICY)
policy-env-missing-hint = set ISOU_POLICY to the policy file, or unset it to use { $path }
policy-env-missing-builtin-hint = set ISOU_POLICY to the policy file, or unset it to use the built-in rules
policy-file-not-regular = is { $kind }, not a regular file (a policy is a plain text file)
policy-file-too-large = is at least { $size } bytes, more than the { $max } bytes a policy file may have
policy-file-not-utf8 = is not UTF-8 text
policy-file-not-found = { $error }
policy-file-io = { $error }
policy-file-not-found-hint = check the path of the policy file (--policy, ISOU_POLICY); the sample is docs/isou.sample.toml
policy-toml = { $message }
policy-toml-line = line { $line }: { $message }
policy-toml-bare = the text is not valid TOML
policy-toml-line-bare = line { $line }: the text is not valid TOML
policy-control-char = line { $line } holds a control character ({ $code }), which a policy file may not hold
policy-control-char-hint = delete that character in a text editor (it may have come with pasted text, in a comment too); write a tab or a line break as they are
policy-toml-unknown-field = unknown field { $field }, expected one of { $expected }
policy-toml-unknown-value = unknown variant { $value }, expected { $expected }
policy-toml-invalid-type = { $message }
policy-toml-missing-field = missing field { $field }
policy-toml-duplicate-key = duplicate key { $key }
policy-toml-syntax = { $message }
policy-secret-line = line { $line } holds a secret { $noun }, not a public key: it is { $kind }
policy-value-hint = { $hint }, in isou.toml
policy-terms-hint = { $hint }, in isou.toml's [terms]
policy-contact-card = contact { $name }: { $error }
policy-contact-name-refused = contact name { $name } is refused: { $rule }
policy-contact-name-hint = rename the contact, for example to the institution's name (国立がん研究センター): a key, a card or a key file typed on the command line is always taken as it is, never looked up by name
policy-contact-twice = contact { $name } is listed twice
policy-contacts-same = contacts { $first } and { $second } are the same name after normalisation
policy-contact-twice-hint = keep one of them: names are compared after Unicode NFKC normalisation, so these two are the same contact
policy-handler-twice = handler { $name } is listed twice
policy-handlers-same = handlers { $first } and { $second } are the same name after normalisation
policy-handler-twice-hint = keep one of them: names are compared after Unicode NFKC normalisation, so these two are the same handler
policy-handler-empty = a handler's name and account must not be empty
policy-handler-entry = a handler: an OS account ("yamada") or { "{" } name = "山田 太郎", account = "yamada" { "}" } and nothing else
policy-account-twice = the account { $account } is listed for two handlers
policy-class-unknown = unknown class { $class }: use identifiable (非匿名化) or anonymized (匿名化)
policy-class-twice = the rules for { $class } data are given twice (under its English and its Japanese name)
policy-class-false = classes.{ $table }.{ $field } = false is not allowed ({ $clause })
policy-class-false-hint = remove { $field } = false from [classes.{ $table }]: the manual requires it for identifiable data
policy-carriers-unknown = allowed_carriers: { $error }
policy-carriers-unknown-hint = use names from the carrier table in classes.{ $table }.allowed_carriers: { $carriers }
policy-carriers-untracked = classes.{ $table }.allowed_carriers names { $carrier }, which is not tracked (§2.2⑥ 追跡サービス付きの手段)
policy-carriers-untracked-hint = allow only tracked services for identifiable data: { $carriers }
policy-zone-unknown = time_zone { $zone } is not a time zone of the IANA database
policy-zone-hint = write an IANA time zone name in isou.toml, such as time_zone = "{ $zone }" (Japan) or "UTC"; abbreviations such as JST are not names
policy-language = language: { $error }
policy-default-class = default_class: { $error }

## The policy's fields as named in messages about their values

policy-field-organization = organization
policy-field-contact-name = contact name
policy-field-contact-address = contact address
policy-field-handler-name = handler name
policy-field-handler-account = handler account
policy-field-allowed-carrier = allowed carrier
