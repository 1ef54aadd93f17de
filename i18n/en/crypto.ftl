# isou message catalogue, English: crypto. See common.ftl for the conventions.
