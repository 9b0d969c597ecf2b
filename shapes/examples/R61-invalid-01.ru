# Invalid: a media type that is not a media type.
# expect: R61 dcterms:format <https://w3id.org/unres/source/e05791eb2f24e166c367cdde115ea17c5a58084a036dcc228f423258901025ed>
DELETE WHERE { <https://w3id.org/unres/source/e05791eb2f24e166c367cdde115ea17c5a58084a036dcc228f423258901025ed> dcterms:format ?f } ;
INSERT DATA { <https://w3id.org/unres/source/e05791eb2f24e166c367cdde115ea17c5a58084a036dcc228f423258901025ed> dcterms:format "plain text" }
