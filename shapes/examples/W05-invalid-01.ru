# Invalid (warning): session 57 for symbol A/RES/56/163.
# expect: W05 unres:session <56-163>
DELETE WHERE { <56-163> unres:session ?s } ;
INSERT DATA { <56-163> unres:session "57"^^xsd:positiveInteger }
