# Invalid: the next session is printed words.
# expect: R13 unres:considerAtSession <56-163>
DELETE WHERE { <56-163> unres:considerAtSession ?s } ;
INSERT DATA { <56-163> unres:considerAtSession "fifty-seventh" }
