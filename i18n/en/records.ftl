# isou message catalogue, English: records. See common.ftl for the conventions.
