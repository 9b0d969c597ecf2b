# Invalid: a source file with a property source files do not have (closed shape).
# expect: R58 dcterms:created <https://w3id.org/unres/source/e05791eb2f24e166c367cdde115ea17c5a58084a036dcc228f423258901025ed>
INSERT DATA { <https://w3id.org/unres/source/e05791eb2f24e166c367cdde115ea17c5a58084a036dcc228f423258901025ed> dcterms:created "2024-01-01"^^xsd:date }
