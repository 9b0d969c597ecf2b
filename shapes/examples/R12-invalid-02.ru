# Invalid: a built draft whose graph has no provenance.
# expect: R12 - <56-163>
DELETE DATA { <56-163> a unres:Resolution } ;
INSERT DATA { <56-163> a unres:DraftResolution } ;
DELETE WHERE { <https://w3id.org/unres/graph/unga/2001-12-19/56-163> ?p ?o }
