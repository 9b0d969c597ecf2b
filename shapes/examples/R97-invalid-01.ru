# Invalid: a subject given as a string instead of the concept's IRI.
# expect: R97 dcterms:subject <56-163>
INSERT DATA { <56-163> dcterms:subject "sustainable_development" }
