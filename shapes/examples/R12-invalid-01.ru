# Invalid: no provenance at all (neither the graph nor its source file is described).
# expect: R12 - <56-163>
DELETE WHERE { <https://w3id.org/unres/graph/unga/2001-12-19/56-163> ?p ?o } ;
DELETE WHERE { <https://w3id.org/unres/source/e05791eb2f24e166c367cdde115ea17c5a58084a036dcc228f423258901025ed> ?p ?o }
