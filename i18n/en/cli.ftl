# isou message catalogue, English: cli. See common.ftl for the conventions.

## I/O errors: what was being done, then the system's own text

cli-io = { $what }: { $error }
cli-io-with-os = { $phrase } ({ $os })
cli-io-storage-full-hint = free space on the output disk and run the command again
cli-io-permission-hint = check that you may read the input and write the output
cli-io-not-found-hint = check the path
# The system's text is English already: these phrases are printed before it only in
# Japanese, but kept here so both files hold the same ids.
cli-io-not-found = not found
cli-io-permission-denied = permission denied
cli-io-storage-full = no space left on the disk
cli-io-quota-exceeded = disk quota exceeded
cli-io-already-exists = already exists
cli-io-is-a-directory = is a folder
cli-io-not-a-directory = is not a folder
cli-io-directory-not-empty = the folder is not empty
cli-io-read-only = the file system is read-only
cli-io-busy = in use
cli-io-too-large = the file is too large
cli-io-invalid-data = the data is not valid
cli-io-unexpected-eof = the data ends too early
cli-io-timed-out = timed out
cli-io-interrupted = interrupted
cli-io-broken-pipe = the reader went away
cli-io-crosses-devices = cannot move across file systems
cli-io-invalid-filename = the file name is not valid
cli-io-unsupported = not supported here

## The command line's own errors (clap). In English, clap's wording is printed as it
## is; these ids word the same errors in Japanese from the error's kind.

cli-hint-and = { $first }; { $second }
cli-usage-line = usage: { $usage }
cli-see-help = see '{ $command } --help'
cli-clap-invalid = the command line is not valid
cli-clap-unknown-argument = unexpected argument '{ $arg }' found
cli-clap-did-you-mean = a similar one exists: '{ $suggestion }'
cli-clap-trailing = to pass '{ $arg }' as a value, use '-- { $arg }'
cli-clap-unknown-command = unrecognized subcommand '{ $command }'
cli-clap-possible-values = possible values: { $values }
cli-clap-empty-value = a value is required for '{ $arg }' but none was supplied
cli-clap-invalid-value = invalid value '{ $value }' for '{ $arg }'
cli-clap-value-rejected = invalid value '{ $value }' for '{ $arg }': { $reason }
cli-clap-missing-arguments = the following required arguments were not provided: { $args }
cli-clap-missing-command = a subcommand is required
cli-clap-commands = subcommands: { $commands }
cli-clap-no-equals = equal sign is needed when assigning values to '{ $arg }'
cli-clap-too-many-values = unexpected value '{ $value }' for '{ $arg }' found; no more were expected
cli-clap-wrong-number = '{ $arg }' takes another number of values
cli-clap-conflict = the argument '{ $arg }' cannot be used with '{ $other }'
cli-clap-repeated = the argument '{ $arg }' cannot be used more than once
cli-clap-invalid-utf8 = invalid UTF-8 was detected in one or more arguments
cli-clap-did-you-mean-command = a similar subcommand exists: '{ $suggestion }'
cli-clap-not-a-number = invalid value '{ $value }' for '{ $arg }': not a whole number
cli-clap-not-a-class = invalid value '{ $value }' for '{ $arg }': not an information class: use identifiable (非匿名化) or anonymized (匿名化)

## --passphrase-fd
cli-passphrase-fd-bad = not a file descriptor number (a small whole number, such as 3)

## Paths on Windows (src/platform/windows.rs check_path)
cli-path-drive-relative = { $path }: a path relative to the current folder of drive { $drive } is ambiguous; write it in full, such as { $drive }\folder (or { $drive } alone for the drive's root)
cli-path-windows-name = { $path }: Windows cannot use “{ $name }” as a file or folder name as written (a device name such as NUL or CON, a ':' naming a stream, a trailing dot or space that Windows drops, or one of < > " | ? *); choose another name
cli-path-device = { $path }: device paths (\\?\, \\.\) are not accepted; give the drive letter, such as E:
cli-path-unc = { $path }: network paths (\\server\share) are not accepted: copy to or from a local drive or a USB stick attached to this PC (§1.3⑦: identifiable data stays on stand-alone PCs)
