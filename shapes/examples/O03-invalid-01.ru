# Invalid: the ontology header without a licence.
# base: ontology
# expect: O03 dcterms:license <https://w3id.org/unres/ontology>
DELETE WHERE { <https://w3id.org/unres/ontology> dcterms:license ?l }
