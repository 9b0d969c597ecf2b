# Invalid: a vote outcome tagged as English text instead of a plain string.
# expect: R63 unres:voteOutcome <56-163>
INSERT DATA { <56-163> unres:voteOutcome "without a vote"@en }
