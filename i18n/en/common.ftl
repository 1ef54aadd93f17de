# isou's message catalogue, English. One file per area; the Japanese file of the same
# name holds the same ids with the same placeholders ($name). Guide for translators:
# docs/TRANSLATING.md. Terms: docs/GLOSSARY.md.

## Shared words and units

size-bytes = { $n ->
    [one] { $n } byte
   *[other] { $n } bytes
}
count-files = { $count ->
    [one] { $count } file
   *[other] { $count } files
}

## Language selection

lang-unknown = "{ $name }" is not a language isou speaks: ja (日本語) or en (English)
lang-unknown-hint = use ja (日本語) or en (English)

## How every failure is printed: isou: error: … / isou: hint: …

prefix-error = error
prefix-hint = hint
prefix-warning = warning
prefix-next = next
