# isou メッセージカタログ（日本語）: policy。決まりは common.ftl を参照。
