# Invalid: the session is an xsd:integer, not an xsd:positiveInteger.
# expect: R06 unres:session <56-163>
DELETE WHERE { <56-163> unres:session ?s } ;
INSERT DATA { <56-163> unres:session "56"^^xsd:integer }
