# Valid: a Security Council resolution prints no title and has no numbered session.
# expect: nothing
DELETE WHERE { <56-163> dcterms:identifier ?s } ;
DELETE WHERE { <56-163> eli:title ?t } ;
DELETE WHERE { <56-163> unres:session ?n } ;
INSERT DATA { <56-163> dcterms:identifier "S/RES/1325 (2000)" }
