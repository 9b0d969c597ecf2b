# Invalid: the graph is derived from something that is not a source file.
# expect: R56 prov:wasDerivedFrom <https://w3id.org/unres/graph/unga/2001-12-19/56-163>
# expect: R12 - <56-163>
DELETE DATA { <https://w3id.org/unres/source/e05791eb2f24e166c367cdde115ea17c5a58084a036dcc228f423258901025ed> a unres:SourceFile }
