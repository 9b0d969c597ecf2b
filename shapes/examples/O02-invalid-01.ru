# Invalid: an ontology property without a comment.
# base: ontology
# expect: O02 rdfs:comment unres:position
DELETE WHERE { unres:position rdfs:comment ?c }
