# isou メッセージカタログ（日本語）: records。決まりは common.ftl を参照。
