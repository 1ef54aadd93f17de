# isou message catalogue, English: media. See common.ftl for the conventions.

## Validating a bag (verify's problems: "<file>: <message>")

bag-path-empty = an empty path
bag-path-absolute = an absolute path
bag-path-nul = a NUL character in the path
bag-path-component = a path with an empty, '.' or '..' component (it could point outside the bag)
bag-manifest-line-form = line { $line }: not 'checksum path'
bag-manifest-line-checksum = line { $line }: { $sum } is not a { $algorithm } checksum
bag-manifest-line-path = line { $line }: { $why }: { $path }
bag-manifest-outside-data = line { $line }: a payload manifest entry outside data/: { $path }
bag-tagmanifest-inside-data = line { $line }: a tag manifest entry inside data/: { $path }
bag-manifest-line-twice = line { $line }: { $path } is listed twice
bag-manifests-too-large = the manifests, tag manifests and fetch.txt together exceed { $limit } MiB: not read further
bag-manifest-too-many-lines = more than { $most } entries, more files than any payload isou reads: not read further
bag-payload-too-deep = folders nested more than { $depth } deep: not walked further
bag-payload-missing = the payload directory is missing
bag-payload-too-many = more than { $entries } entries in the payload: not walked further
bag-name-not-utf8 = a file name that is not valid UTF-8
bag-name-normalization = listed in another Unicode normalisation form than the file's name on the medium (NFC and NFD): matched as the same file, as bagit.py matches them
bag-name-normalization-collision = { $other } is the same name after Unicode normalisation: which file a manifest means cannot be told
bag-payload-symlink = a symbolic link in the payload (refused: it could point anywhere)
bag-payload-not-regular = not a regular file
bag-version-form = BagIt-Version { $version } is not M.N
bag-encoding-unsupported = tag files in { $encoding } cannot be decoded here (isou reads the encodings of the WHATWG Encoding Standard: UTF-8, UTF-16, ISO-8859-x, Shift_JIS, EUC-JP …)
bag-bagit-txt-form = must hold exactly the lines 'BagIt-Version: M.N' and 'Tag-File-Character-Encoding: ENCODING', in this order (RFC 8493 §2.1.1)
bag-bagit-txt-missing = missing: this is not a bag, or its writing was interrupted
bag-info-secret = holds what looks like a secret key (an identity file?): not read, not shown

bag-algorithm-unsupported = checksum algorithm { $algorithm } is not one isou can compute; this manifest was not checked
bag-no-payload-manifest = the bag has no payload manifest
bag-weak-checksum = { $algorithm } is a weak checksum; only accidental damage is detected
bag-not-listed = present in the payload but not listed in { $manifest }
bag-listed-missing = listed in { $manifest } but missing
bag-tag-file-too-large = listed in { $manifest } but { $size } bytes, more than a tag file may hold ({ $limit } MiB); not read
bag-listed-not-regular = listed in { $manifest } but not a regular file
bag-oxum-differs = Payload-Oxum says { $bytes } bytes in { $files } files, the payload has { $found_bytes } bytes in { $found_files } files
bag-oxum-larger = Payload-Oxum says { $bytes } bytes in { $files } files, the payload has { $found_bytes } bytes in { $found_files } files (larger than stated: not hashed)
bag-oxum-form = Payload-Oxum { $oxum } is not OCTETS.FILES
bag-cannot-be-read = cannot be read: { $error }
bag-refused = refused: { $error }
bag-checksum-differs = { $algorithm } checksum differs from the manifest: the file was altered or damaged
bag-tag-file-bom = begins with a byte-order mark, which RFC 8493 does not want in tag files of this encoding (read without it)
bag-tag-file-undecodable = not valid { $encoding } text, the encoding bagit.txt declares
bag-bagit-txt-bom = begins with a byte-order mark; RFC 8493 §2.1.1 wants bagit.txt in UTF-8 without one
bag-version-unsupported = BagIt-Version { $version } is not one isou reads (0.93 to 1.x)
bag-no-checkable-manifest = no payload manifest with an algorithm isou can compute ({ $manifests }): the payload cannot be checked
bag-manifest-binary-mode = { $count ->
    [one] { $count } line marks its path with '*' (md5sum/sha256sum binary mode), which is not BagIt; read as the path without it
   *[other] { $count } lines mark their paths with '*' (md5sum/sha256sum binary mode), which is not BagIt; read as the paths without it
}
bag-manifest-comments = { $count ->
    [one] { $count } line starting with '#' was skipped (not BagIt; bagit.py skips it too)
   *[other] { $count } lines starting with '#' were skipped (not BagIt; bagit.py skips them too)
}
bag-path-home = a path starting with '~' (the reader's home folder to a shell)
bag-fetch-line-form = line { $line }: not 'URL LENGTH PATH'
bag-fetch-url = line { $line }: { $url } is not a URL with a scheme and a host
bag-fetch-length = line { $line }: the length { $length } is neither a number of bytes nor '-'
bag-fetch-line-path = line { $line }: { $why }: { $path }
bag-fetch-outside-data = line { $line }: lists { $path }, outside the payload (data/); fetch.txt may list payload files only
bag-fetch-not-in-manifest = line { $line }: lists { $path }, which { $manifest } does not list (RFC 8493 §2.2.3: every file in fetch.txt is in every payload manifest)

## bag-info.txt

bag-info-field = bag-info field { $label }: { $why }
bag-info-label-form = a label is one word without ':', spaces or control characters
bag-info-value-control = the value contains a line break or control character
bag-info-continuation = line { $line }: a continuation line with no field before it
bag-info-line-form = line { $line }: not a 'Label: value' line

## Reading a file inside a bag

bag-source-too-large = larger than { $limit } KiB
bag-source-refused = { $path }: { $why }
bag-source-not-plain = not a plain path inside the bag
bag-source-root = is the bag's root folder, not a file
bag-source-link-or-not-folder = is a symbolic link or not a folder (refused: it could point anywhere)
bag-source-symlink = is a symbolic link (refused: it could point anywhere)
bag-source-folder = is a folder, not a file
bag-source-not-regular = is not a regular file (a FIFO, device or socket is never read)
bag-source-medium-root = the medium's root
bag-source-too-many = holds more than { $entries } entries

## Sealing (SealError) and its hints

media-class-unknown = { $class } is not an information class: use identifiable (非匿名化) or anonymized (匿名化)
media-seal-no-medium = medium { $medium } is not a mounted folder
media-seal-not-empty = medium { $medium } is not empty (it holds { $found })
media-seal-empty-extract = the extract { $extract } holds no file to seal
media-seal-swapped = the medium and the extract look swapped: the medium { $medium } holds files, the extract { $extract } holds none
media-seal-overlap = the medium { $medium } and the extract { $extract } overlap (one is, or lies inside, the other): the bag would be written beside the plaintext
media-seal-plaintext-beside = the medium { $medium } holds { $file }, which looks like data (a table, text, document or archive, or the extract's own file): the bag is not written beside it
media-seal-too-small = the medium has { $available } MB free, the payload needs at least { $needed } MB
media-seal-io = writing the medium failed: { $error }
media-seal-read-back = reading the medium back found differences: { $differences }
media-seal-no-medium-hint = insert and mount the medium, then give its folder with --medium
media-seal-not-empty-unfinished-hint = it holds what an interrupted seal left (ciphertext, no bagit.txt: never a valid bag); delete everything on it and seal again
media-seal-not-empty-allow-hint = use an unused or cleaned medium (§2.2); --allow-nonempty would keep the other files, but they are outside the signed bag and 'isou verify' reports them as problems
media-seal-not-empty-hint = use a new or cleaned medium (§2.2 本文); if this folder is the extract, give it last and the medium with --medium
media-seal-empty-extract-hint = give the folder or files of the extract (抽出データ) last, after the options; nothing was written
media-seal-swapped-hint = give the medium with --medium and the extract last: isou seal … --medium { $medium } { $extract }; nothing was written
media-seal-overlap-hint = use a separate medium (a new or cleaned one, §2.2 本文) outside the extract's folder; nothing was written
media-seal-plaintext-beside-hint = use a new or cleaned medium (§2.2 本文): --allow-nonempty keeps only files that are not data, text, documents or archives; nothing was written
media-seal-too-small-hint = use a larger medium, or split the extract
media-seal-field-hint = give the value on one line without control characters
media-seal-io-full-hint = the medium is full: use a larger one (nothing usable was left on it)
media-seal-io-hint = check the medium is writable and not removed; nothing usable was left on it
media-seal-read-back-hint = the medium may be faulty: use another one
media-volume-too-small-hint = give a larger --volume-size, or leave it out to use the medium type's capacity
media-volume-unusable-hint = use an unused or cleaned medium for every volume
media-volume-overlap-hint = use a separate medium (a new or cleaned one, §2.2 本文) outside the extract's folder, and leave both as they are while sealing; what isou wrote there was removed and nothing is recorded
media-volume-changed-hint = leave the medium's folder as it is while sealing, and seal again; what was written was removed and nothing is recorded
media-volume-need-more-hint = give one more --medium for each further volume, or give --volume-size and run at a terminal to be asked for each medium in turn

## Verifying a medium (the isou profile) and a set of volumes

media-field-missing = the isou field { $label } is missing
media-tracking-not-isou = its Tracking-Number is not one isou writes (seal checks every tracking number): { $why }
media-bagit-txt-not-isou = not the bagit.txt isou writes ('BagIt-Version: 1.0' and 'Tag-File-Character-Encoding: UTF-8'): an isou medium declaring another version or encoding would be read one way by isou and another by other tools
media-os-entry = made by an operating system that mounted the medium: not part of the shipment, not checked
media-os-entry-on-image = a disc image is never mounted by an operating system, so this was put here on purpose: not written by isou seal and not covered by the signature
media-os-entry-unreadable = an operating system's folder that cannot be read ({ $path }): what it holds cannot be checked
media-os-entry-too-large = an operating system's folder holding more than isou checks (10,000 entries, 16 levels): not the system's own
media-os-entry-deleted-files = deleted files in the medium's recycle bin or trash ({ $path }): they travel with the medium, outside the signature; empty it before sealing
media-os-entry-program = a program, script, shortcut or autorun.inf inside an operating system's folder ({ $path }): not written by isou seal and not covered by the signature
media-os-entry-not-regular = a link or special file inside an operating system's folder ({ $path })
media-os-entry-unknown = not what an operating system writes in its folder ({ $path }): not written by isou seal and not covered by the signature
media-foreign-entry = not written by isou seal: it is outside the signed bag (do not open or run it; report it)
media-foreign-more = { $count ->
    [one] and { $count } more entry not written by isou seal
   *[other] and { $count } more entries not written by isou seal
}
media-segments-not-contiguous = expected data/{ $expected } here: the segments are not contiguous
media-no-segment = no payload segment
media-set-segments-not-continuing = { $medium }: volume { $volume } starts at { $first } but the volume before ended before { $expected }
media-set-other-signer = { $medium } is signed by { $signer } but { $other } by { $other_signer }
media-set-count-changed = { $medium }: the signed Bag-Count or Bag-Group-Identifier differs from what the medium said when first read
media-set-other-shipment = { $medium } belongs to shipment { $shipment }, the other volumes to { $other }

## Authenticating a medium's tag files (TrustError)

media-trust-no-signature = the medium carries no signature ({ $file } is missing), so who made it cannot be checked
media-trust-missing = { $file } is missing
media-trust-unreadable = { $file } cannot be read: { $error }
media-trust-file-problem = { $file } { $why }
media-trust-altered = { $file } does not match the signed tag manifest: it was altered after signing
media-trust-altered-missing = { $file } (missing)
media-trust-not-covered = the signed tag manifest does not cover { $file }, so it is not authenticated
media-trust-read-error-hint = clean the disc or re-insert the stick (another drive may read it) and try again
media-trust-no-signature-hint = do not open it: an isou medium is always signed; ask the sender (by phone, not through the parcel) and report the medium
media-trust-hint = do not open it; report it to the sender and keep it for inspection
media-class-not-stated = { $class } — not stated by the sender
media-class-not-known = { $class } — the sender's class { $claimed } is not one isou knows
media-manifest-line = line { $line }: { $why }
media-manifest-line-form-name = is not 'checksum  name'
media-manifest-line-form-path = is not 'checksum  path'
media-manifest-no-sha256 = has no SHA-256 checksum
media-manifest-not-tag-file = lists { $name }, which is not a tag file in the bag's root
media-manifest-not-segment = lists { $name }, which is not a payload segment (data/payload.NNN)
media-manifest-twice = lists { $name } twice
media-manifest-too-many-files = lists more than { $count } files
media-manifest-too-many-segments = lists more than { $count } segments
media-manifest-no-segment = lists no payload segment
media-signature-not-text = the signature file is not text
media-not-utf8 = is not UTF-8 text
media-info-secret = holds what looks like a secret key: not read, not shown
media-info-repeated = gives { $label } { $count } times
media-info-date = Bagging-Date { $date } is not a date (YYYY-MM-DD)
media-info-lacks = lacks the isou field { $label }
media-info-other-signer = names Signer-Key { $claimed }, but the medium was signed by { $signer }
media-info-bag-count = Bag-Count { $count } is not 'k of n' with 1 ≤ k ≤ n ≤ { $most }
media-info-oxum-form = Payload-Oxum { $oxum } is not OCTETS.FILES
media-info-oxum-count = Payload-Oxum counts { $files } files, the signed manifest lists { $segments } segments

## Reading the extract (InputError)

pipeline-io = { $path }: { $error }
pipeline-not-regular = { $path } is a symbolic link or special file; isou seals regular files and folders only
pipeline-not-utf8 = { $path } has a name that is not valid UTF-8
pipeline-duplicate = two inputs would both be stored as { $name }
pipeline-collides = { $first } and { $second } have names that differ only in upper/lower case or in how accented letters are encoded (Unicode normalisation); they would be one file on the recipient's disk, so open refuses such a medium
pipeline-collides-encoding = { $first } and { $second } have the same name written with different characters (a combining mark or a compatibility character, shown as its code point U+XXXX; Unicode normalisation makes them equal); they would be one file on the recipient's disk, so open refuses such a medium
pipeline-unsafe-name = { $path }: the recipient's open would refuse this name: { $why }
pipeline-read = reading { $path } failed: { $error }
pipeline-changed = { $path } changed while it was being sealed
pipeline-replaced = { $path } changed while sealing: it is no longer the file or folder that was listed (replaced by a symbolic link or another file, or removed); it was not read
pipeline-special-fs = { $path } is not an ordinary file: it is on the special file system { $fs }, where a file's size is not what reading it gives
pipeline-not-ordinary-more = { $path } is not an ordinary file: its size says { $size } bytes but reading gives more
pipeline-not-ordinary = { $path } is not an ordinary file: its size says { $size } bytes but reading gives { $read }
pipeline-io-hint = check the path, and that you may read it
pipeline-not-regular-hint = seal regular files and folders; copy links' targets into the extract first
pipeline-not-utf8-hint = rename the file so its name is valid UTF-8
pipeline-duplicate-hint = give inputs with different names, or put them into one folder
pipeline-collides-hint = rename one of them (or move it into another folder) and seal again; nothing was written to the medium
pipeline-unsafe-name-hint = rename it (no backslash, no ":" as its second character) or put it into a folder, and seal again; nothing was written to the medium
pipeline-path-too-long-hint = shorten the folder and file names (a Japanese character takes 3 bytes) or move the file up, and seal again; nothing was written to the medium
pipeline-read-hint = check the disk or drive that holds the extract; nothing usable was left on the medium
pipeline-changed-hint = seal again when nothing writes to it (wait until the export has finished)
pipeline-replaced-hint = seal again, with the extract in a folder only you can write to; nothing usable was left on the medium
pipeline-not-ordinary-hint = copy it to a normal file first (cp FILE into the extract's folder) and seal that copy

## Volumes and sets of volumes

media-type-unknown = { $name } is not a medium type: use usb, cd-r, dvd-r or bd-r
media-neither-folder-nor-iso = neither a folder nor an ISO image
media-volume-too-small = a volume of { $size } bytes cannot hold a bag: the bag's own files need room too, the smallest volume is { $minimum } bytes
media-volume-unusable = medium { $medium }: { $why }
media-volume-overlap = the medium { $medium } and the extract { $extract } overlap (one is, or lies inside, the other) while sealing (the folder changed after the first check): the bag would be written beside the plaintext
media-volume-changed = the medium { $medium } changed while sealing: its path no longer leads to the folder being written
media-volume-need-more = the extract does not fit: medium { $volume } is needed and none was given
media-read-back-problem = { $file }: { $why }
media-read-back-unreadable = cannot be read back: { $error }
media-read-back-differs = reads back differently from what was written
media-volume-full = volume { $full } is full; writing volume { $next }
media-volume-full-on = volume { $full } is full; writing volume { $next } on { $medium }
media-volume-complete = volume { $volume } is complete and was read back; it may be removed
media-volume-handed-back = volume { $volume } ({ $medium }) was already completed and handed back: it belongs to an unfinished set; dispose of it or reuse it after deleting its files
media-image-exists = { $path } already exists
media-member-unreadable = { $medium }: { $error }
media-member-bag-count = { $medium }: Bag-Count { $count } is not 'k of n' with 1 ≤ k ≤ n ≤ { $most }
media-set-missing = { $count ->
    [one] volume { $volumes } of { $total } is missing
   *[other] volumes { $volumes } of { $total } are missing
}
media-set-missing-last = the last volume is missing (no volume given says how many there are)
media-set-missing-and-last = volumes { $volumes } and the last volume are missing
media-set-different-sets = { $first } and { $other } belong to different sets ({ $first_group } and { $other_group })
media-set-twice = volume { $volume } is given twice ({ $first } and { $other })
media-set-totals-disagree = the volumes disagree on how many there are ({ $totals })
media-set-beyond-total = { $medium } says it is volume { $volume } of { $total }
media-set-last-unknown = { $medium } says volume { $volume } of ?, but { $volume } is the last

## Opening a medium (OpenError) and its hints

open-output-exists = output folder { $out } already exists and is not an empty folder
open-output-parent-not-folder = cannot make the output folder { $out }: { $missing } is not a folder
open-output-parent-missing = cannot make the output folder { $out }: { $missing } does not exist
open-output-unsafe = the output folder { $out } is refused: { $why }
open-output-on-medium = output folder { $out } is on the medium itself
open-medium = the medium cannot be opened: { $why }
open-not-authentic = the medium { $medium } failed verification: { $error }
open-foreign = the medium { $medium } carries files outside the signed bag: { $files }
open-other-structures = the disc image { $medium } holds more than the signed bag isou checks: { $what }
open-archive = the archive on the medium is damaged or hostile: { $why }
open-archive-after-end = it holds data after the archive's end (no extraction would show it; isou writes none)
open-archive-after-frame = it holds data after its compressed frame (another frame or bytes no extraction would show; isou writes one frame)
open-unsafe-entry = the archive entry { $name } is refused: { $why }
open-contents-mismatch = the extracted files do not match ISOU-CONTENTS.json: { $problems }
open-unreadable = reading the medium failed: { $why }
open-io = writing the output failed: { $error }
open-output-exists-hint = choose a new folder for --out, or an empty one of yours; isou never writes beside existing files
open-output-parent-missing-hint = create { $missing } first (mkdir -p), or give --out inside a folder that exists; isou makes only the --out folder itself
open-output-parent-not-folder-hint = { $missing } is a file: give --out inside a folder
open-output-unsafe-hint = give --out a new folder (isou makes it, private to you), or an empty folder you own that only you may write to (chmod go-w)
open-output-on-medium-hint = extract to a folder on the protected machine, not onto the medium
open-medium-hint = run 'isou verify' on the medium to see every problem
open-not-authentic-hint = { $hint } (nothing was decrypted)
open-foreign-hint = do not use it: they are not from the sender; 'isou verify' lists every problem; report the medium (nothing was decrypted)
open-other-structures-hint = do not use it: another computer would show or run what was not checked; 'isou verify' lists every problem; report the medium (nothing was decrypted)
open-bad-medium-hint = do not use this medium; report it and ask the sender for a new one (nothing was extracted)
open-missing-volume-hint = give every volume of the set (folders or ISO images, in any order), or run at a terminal to be asked for each; nothing was extracted
open-io-full-hint = the output disk is full: free space and open again (nothing was kept)
open-unreadable-hint = clean the disc or re-insert the stick (another drive may read it) and open again; nothing was extracted
open-io-hint = check the disk that holds the output folder; nothing was kept

## Opening: the volumes, the output folder, the archive's entries

open-segments-not-contiguous = the payload segments are not contiguous from payload.000
open-segments-not-continuing = the payload segments do not continue from { $segment } of the volume before
open-volume-problem = { $medium }: { $why }
open-segment-missing = is missing
open-segment-refused = { $medium }: { $path } { $why }
open-segments-size = { $medium }: the segments hold { $bytes } bytes, the signed Payload-Oxum says { $signed }: nothing of them was read
open-volume-missing-of = volume { $volume } of { $total } is missing
open-volume-missing = volume { $volume } is missing
open-volume-other-set = { $medium } belongs to another set ({ $set }), not { $expected }
open-volume-no-set = { $medium } belongs to no set of volumes, not to { $expected }
open-volume-other-number = { $medium } is volume { $volume }, not volume { $expected }
open-volume-other-total = { $medium } says the set has { $total } volumes, the others { $others }
open-volume-count-changed = { $medium }: the signed Bag-Count ({ $count }) is not what the medium said when first read
open-volume-other-signer = { $medium } is signed by { $signer }, the volumes before by { $before }
open-volume-other-shipment = { $medium } belongs to shipment { $shipment } (set { $set }), the volumes before to { $before } (set { $before_set })
open-entry-not-utf8 = the name is not valid UTF-8
open-entry-windows = a Windows drive path, backslash or NUL in the name
open-entry-windows-name = the name “{ $name }” cannot be written on Windows as itself: { $why }
open-entry-windows-colon = a colon names a drive or an NTFS stream there (the file would be written outside the output folder or hidden in a stream)
open-entry-windows-device = it is a device name there (CON, PRN, AUX, NUL, COM1–9, LPT1–9, with any extension): the data would go to the device
open-entry-windows-trailing = Windows drops a trailing dot or space, so it would become another name
open-entry-windows-character = it holds a character Windows does not allow in names (< > " | ? * or a control character)
open-entry-parent = '..' would climb out of the output folder
open-entry-empty = an empty name
open-entry-too-long = a path of { $bytes } bytes, longer than the { $most } bytes open writes below its output folder (the system limits a whole path to 4096 bytes)
open-entry-component-too-long = a file or folder name longer than { $most } bytes, more than file systems allow
open-no-volume-read = no volume was read
open-contents-other-shipment = { $contents } names shipment { $shipment }, but the signed bag-info.txt says { $signed }
open-output-symlink = it is a symbolic link (it could lead anywhere; isou writes only into a real folder)
open-output-other-owner = it belongs to another user (who could read or replace what is extracted)
open-output-writable-all = every user may write to it (mode { $mode }) and could swap or add files beside the plaintext
open-output-writable-group = its group may write to it (mode { $mode }) and could swap or add files beside the plaintext
open-entry-after-contents = an entry after { $contents }
open-entry-too-many = more than { $most } entries (a registry extract has far fewer; the names kept to detect duplicates would grow without bound)
open-entry-same-name-folded = a second entry with the same name (after Unicode normalisation and case folding)
open-entry-contents-invalid = not a valid contents manifest: { $error }
open-entry-through-non-folder = a path through something that is not a folder
open-entry-folder-over-file = a folder over an existing file
open-entry-same-name = a second entry with the same name
open-entry-bomb = a decompression bomb: { $written } bytes came out of { $read } bytes of the medium (more than { $ratio }×); extraction stopped
open-entry-type = its type ({ $kind }) is not a regular file or folder (links and devices are never extracted)
open-entry-kind-symlink = symbolic link
open-entry-kind-hard-link = hard link
open-entry-kind-fifo = named pipe (FIFO)
open-entry-kind-char-device = character device
open-entry-kind-block-device = block device
open-entry-kind-other = tar type { $code }
open-contents-missing = { $contents } is missing
open-contents-twice = { $contents } lists { $path } twice
open-contents-not-listed = { $path } is not listed
open-contents-differs = { $path } differs from its listed size or SHA-256
open-contents-listed-missing = { $path } is listed but missing

## The archive inside the payload (tar headers checked before they are read)

media-archive-refused = the archive on the medium is refused: { $why }
media-tar-checksum-field = a header's checksum field is not an octal number
media-tar-checksum = a header's checksum does not match it (a damaged or forged header)
media-tar-size-field = a header's size field is not a number
media-tar-entry-too-large = an entry of { $size } bytes, more than a stream can frame
media-tar-meta-too-large = { $what } of { $size } bytes (at most { $limit } are accepted: tar-rs holds it in memory whole)
media-tar-meta-total = more than { $most } bytes of long-name and PAX headers before one entry
media-tar-gnu-long-name = a GNU long name
media-tar-gnu-long-link = a GNU long link name
media-tar-pax-header = a PAX extended header
media-tar-pax-global = a PAX global header (type g), which isou never writes
media-tar-gnu-sparse = a GNU sparse entry (type S), which isou never writes
media-pax-malformed = a malformed PAX record ({ $what })
media-pax-no-length = no decimal length before a space
media-pax-length-not-decimal = its length is not a decimal number
media-pax-length-overflows = its length overflows
media-pax-length-does-not-fit = its length { $length } does not fit the { $left } bytes left
media-pax-end = it does not end where its length says
media-pax-line-break = a line break inside it
media-pax-no-equals = no '=' in it
media-pax-empty-key = an empty key
media-pax-size = a PAX size record (isou never writes one; tar-rs would take it over the header's size, so the archive would be framed in two ways)
media-pax-path-too-long = a PAX { $key } of { $size } bytes (at most { $most })
media-pax-sparse = a PAX key { $key } for a GNU sparse file, which isou never writes

## ISO 9660 images (seal --iso writes them, verify and open read them)

media-iso-already = { $path } is already in the image
media-iso-file-too-large = { $path } would reach 4 GiB, more than an ISO 9660 file can hold
media-iso-joliet-too-long = { $name } is longer than the 64 characters a Joliet name can hold
media-iso-cannot-store = { $path } cannot be stored in ISO 9660
media-iso-clash = { $path } clashes with another entry
media-iso-damaged = damaged ISO 9660 image: { $what }
media-iso-too-short = not an ISO 9660 image: only { $size } bytes
media-iso-descriptors-past-end = the volume descriptors run past the end
media-iso-not-iso = not an ISO 9660 image (no CD001 volume descriptor at sector 16)
media-iso-descriptor-lacks-cd001 = volume descriptor { $number } lacks CD001
media-iso-no-primary = no primary volume descriptor
media-iso-trees-differ = its ISO 9660 names and its Joliet names list different files: a file is hidden from the systems that read one of them (an image isou writes lists the same files in both)
media-iso-system-area = the image's system area (sectors 0–15) is not empty: boot code, a partition table or a Mac HFS volume that some computers read instead of the files checked here (an image isou writes has zeros there)
media-iso-boot-record = the image has an El Torito boot record: a computer started from the disc would run a program no check here covers (an image isou writes has none)
media-iso-other-descriptor = the image has a volume descriptor of type { $kind } at sector { $number } besides its primary and Joliet ones: another tree of names some system may show instead (an image isou writes has none)
media-iso-udf = the image is also a UDF volume (a UDF bridge disc): Windows and macOS show its UDF files, which are not the ones checked here (an image isou writes is ISO 9660 and Joliet only)
media-iso-rock-ridge-entries = the image's Rock Ridge data make { $path } something other than what is checked here ({ $entries }): a link, a device, a moved, hidden or compressed entry, or a name systems read differently (an image isou writes has no Rock Ridge)
media-iso-joliet-system-use = the image's Joliet directory records carry system-use data ({ $path }), which isou never writes
media-iso-associated = the image holds an associated file { $path } (ISO 9660's resource forks), which tools such as bsdtar extract over the file of the same name (an image isou writes has none)
media-iso-record-unusual = the image marks { $path } with flags { $flags } (volume sequence number { $volume }): hidden, protected or reserved bits isou never writes (Windows hides a hidden file)
media-iso-extended-attributes = { $path } has an extended attribute record, so its data start after it: something isou never writes
media-iso-record-interleaved = is an interleaved file (file unit size or gap set), which systems read differently and isou does not write
media-iso-past-volume = the image holds { $bytes } bytes of data after the end of its volume, outside every file (a copy or burn of the volume loses them)
media-iso-descriptor-order = the image's first volume descriptor is not the primary one (ECMA-119 puts it first; isou does)
media-iso-rock-ridge-names-differ = the image's Rock Ridge names (what Linux and macOS show) are not its Joliet names (what Windows shows and isou reads): a file opens under another name on another system (an image isou writes has no Rock Ridge; a copy made with genisoimage -R -J keeps the names)
media-iso-trees-differ-empty = its ISO 9660 names and its Joliet names list different empty files or folders ({ $primary_files } empty files and { $primary_dirs } folders against { $joliet_files } and { $joliet_dirs }): something is hidden from the systems that read one of them
media-iso-block-size = the logical block size is not 2048
media-iso-truncated = the ISO image is truncated: it holds { $size } of the { $announced } bytes its volume descriptor announces
media-iso-too-deep = { $dir } is nested too deeply
media-iso-loop = directory { $dir } loops back
media-iso-dir-outside = directory { $dir } lies outside the image (truncated?)
media-iso-dirs-too-large = its directories claim more bytes than the image holds
media-iso-record = a directory record in { $dir } { $why }
media-iso-record-length = has an impossible length ({ $size } bytes)
media-iso-record-name-length = has a name longer than the record
media-iso-record-endian = has inconsistent both-endian fields
media-iso-record-multi-extent = is a multi-extent file, which isou does not write
media-iso-record-joliet-odd = has a Joliet name of odd length
media-iso-record-joliet-invalid = has an invalid Joliet name
media-iso-record-forbidden-name = has a forbidden name { $name }
media-iso-record-repeated = repeats the name { $name }
media-iso-too-many = more than { $most } entries
media-iso-file-beyond-end = the ISO image is truncated: { $path } ends beyond its end
media-iso-ended-early = the ISO image ended early (truncated?)
media-iso-is-dir = { $path } is a directory
media-iso-not-in-image = { $path } is not in the image

## A part of a medium given as the medium

media-inside-data-folder = the data/ folder inside a medium
media-inside-folder = a folder inside a medium
media-inside-tag-file = a file inside a medium
media-inside-payload-file = a payload file inside a medium's data/ folder

## Payload segments and writing the medium

pipeline-too-many-segments = the payload would need more than { $most } segments; choose a larger segment size
pipeline-segment-changed = segment { $segment } read differently the second time: the medium or its drive does not return the same data twice
pipeline-segment-mismatch = segment { $segment } does not match its manifest checksum: it was altered or damaged
pipeline-segment-unreadable = { $path } cannot be read: { $error }
pipeline-fsync-failed = fsync failed
pipeline-writer-panicked = the writer thread panicked
pipeline-writer-stopped = the medium writer has stopped

## Interrupted (Ctrl-C): what was removed

cleanup-interrupted-removed = isou: interrupted; the unfinished output was removed
cleanup-interrupted-recorded = isou: interrupted after the work was finished and recorded; nothing was removed
cleanup-interrupted-nothing = isou: interrupted; nothing had been written

## Local files that must be regular files (policy, identities, cards)

localfile-not-regular = is { $kind }, not a regular file
localfile-too-large = is at least { $size } bytes, more than the { $max } bytes allowed
localfile-kind-fifo = a FIFO (named pipe)
localfile-kind-device = a device
localfile-kind-socket = a socket
localfile-kind-directory = a directory
localfile-kind-symlink = a symbolic link
localfile-kind-dangling = a symbolic link to nothing
localfile-kind-other = not a regular file

## --compression (pipeline)
pipeline-compression-unknown = { $value } is not a compression: use none, zstd or zstd:LEVEL with LEVEL 1-19
