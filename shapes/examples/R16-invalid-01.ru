# Invalid: a cited resolution whose symbol is the short form printed in the text.
# expect: R16 dcterms:identifier <https://w3id.org/unres/symbol/A/RES/53/144>
DELETE WHERE { <https://w3id.org/unres/symbol/A/RES/53/144> dcterms:identifier ?s } ;
INSERT DATA { <https://w3id.org/unres/symbol/A/RES/53/144> dcterms:identifier "53/144" }
