# Invalid (warning): a Human Rights Council resolution without its session.
# expect: W02 unres:session <56-163>
DELETE WHERE { <56-163> dcterms:identifier ?s } ;
DELETE WHERE { <56-163> unres:session ?n } ;
INSERT DATA { <56-163> dcterms:identifier "A/HRC/RES/59/25" }
