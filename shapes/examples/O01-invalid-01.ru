# Invalid: an ontology class without a label.
# base: ontology
# expect: O01 rdfs:label unres:Paragraph
DELETE WHERE { unres:Paragraph rdfs:label ?l }
