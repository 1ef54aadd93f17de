# isou メッセージカタログ（日本語）: media。決まりは common.ftl を参照。
