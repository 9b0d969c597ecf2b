# Invalid: the graph does not say which tool built it.
# expect: R57 unres:toolVersion <https://w3id.org/unres/graph/unga/2001-12-19/56-163>
DELETE WHERE { <https://w3id.org/unres/graph/unga/2001-12-19/56-163> unres:toolVersion ?v }
