# isou message catalogue, English: cli. See common.ftl for the conventions.
