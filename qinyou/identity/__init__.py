"""Identity: which mentions and roster rows are one person, as stored judgements."""
