# Invalid: an operative paragraph without a position.
# expect: R36 unres:position <56-163/!main~para_1>
DELETE WHERE { <56-163/!main~para_1> unres:position ?p }
