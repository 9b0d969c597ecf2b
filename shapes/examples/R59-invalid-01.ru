# Invalid: a SHA-256 that is not 64 lower-case hex digits.
# expect: R59 unres:sha256 <https://w3id.org/unres/source/e05791eb2f24e166c367cdde115ea17c5a58084a036dcc228f423258901025ed>
DELETE WHERE { <https://w3id.org/unres/source/e05791eb2f24e166c367cdde115ea17c5a58084a036dcc228f423258901025ed> unres:sha256 ?h } ;
INSERT DATA { <https://w3id.org/unres/source/e05791eb2f24e166c367cdde115ea17c5a58084a036dcc228f423258901025ed> unres:sha256 "E05791EB2F24" }
