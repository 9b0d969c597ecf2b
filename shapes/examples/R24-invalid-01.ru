# Invalid: a position typed xsd:integer, not xsd:positiveInteger.
# expect: R24 unres:position <56-163/!main~para_1>
DELETE WHERE { <56-163/!main~para_1> unres:position ?p } ;
INSERT DATA { <56-163/!main~para_1> unres:position "3"^^xsd:integer }
