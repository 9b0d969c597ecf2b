# Invalid: abstentions in words.
# expect: R68 unres:abstentions <56-163>
INSERT DATA { <56-163> unres:abstentions "forty-one" }
