# isou メッセージカタログ（日本語）: cli。決まりは common.ftl を参照。
