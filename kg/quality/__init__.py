"""What a user reads to judge a corpus and a parse: `kg report` and `kg parse`."""
