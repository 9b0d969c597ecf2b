# Invalid: a source file without its file name.
# expect: R60 rdfs:label <https://w3id.org/unres/source/e05791eb2f24e166c367cdde115ea17c5a58084a036dcc228f423258901025ed>
DELETE WHERE { <https://w3id.org/unres/source/e05791eb2f24e166c367cdde115ea17c5a58084a036dcc228f423258901025ed> rdfs:label ?l }
