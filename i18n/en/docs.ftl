# isou's message catalogue, English: what `isou man` and `isou completions` print (the
# help itself is the `///` comments of src/bin/isou/cli.rs; its Japanese is
# i18n/ja/help.ftl). Same ids and placeholders in i18n/ja/docs.ftl.

man-writing = writing the man pages into { $dir }
man-written = { $count ->
    [one] wrote { $count } man page into { $dir }
   *[other] wrote { $count } man pages into { $dir }
}
man-not-a-file = { $path } is not a regular file (a link, a folder, a FIFO or a device): isou replaces only man pages that are regular files, and wrote nothing
man-not-a-file-hint = look at what it is and who put it there; remove it, or write the pages into a folder only you can write to
