# Invalid: a cited document whose symbol ends with sentence punctuation.
# expect: R18 dcterms:identifier <https://w3id.org/unres/symbol/A/56/341>
DELETE WHERE { <https://w3id.org/unres/symbol/A/56/341> dcterms:identifier ?s } ;
INSERT DATA { <https://w3id.org/unres/symbol/A/56/341> dcterms:identifier "A/56/341." }
