# Invalid: the opening phrase is a string, not a concept.
# expect: R26 unres:openingPhrase <56-163/!main~para_1>
DELETE WHERE { <56-163/!main~para_1> unres:openingPhrase ?p } ;
INSERT DATA { <56-163/!main~para_1> unres:openingPhrase "takes note with appreciation"@en }
