# Invalid: a draft without its symbol.
# expect: R53 dcterms:identifier <56-163>
DELETE DATA { <56-163> a unres:Resolution } ;
INSERT DATA { <56-163> a unres:DraftResolution } ;
DELETE WHERE { <56-163> dcterms:identifier ?s }
