# Invalid: the named graph is not said to be a prov:Entity.
# expect: R55 - <https://w3id.org/unres/graph/unga/2001-12-19/56-163>
DELETE DATA { <https://w3id.org/unres/graph/unga/2001-12-19/56-163> a prov:Entity }
