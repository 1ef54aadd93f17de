# isou メッセージカタログ（日本語）: crypto。決まりは common.ftl を参照。
