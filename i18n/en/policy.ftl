# isou message catalogue, English: policy. See common.ftl for the conventions.
