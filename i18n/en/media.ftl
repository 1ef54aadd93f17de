# isou message catalogue, English: media. See common.ftl for the conventions.
