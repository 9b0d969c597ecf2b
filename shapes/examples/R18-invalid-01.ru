# Invalid: a cited document with two symbols.
# expect: R18 dcterms:identifier <https://w3id.org/unres/symbol/A/56/341>
INSERT DATA { <https://w3id.org/unres/symbol/A/56/341> dcterms:identifier "A/56/342" }
