# Invalid: two adoption dates.
# expect: R04 eli:date_document <56-163>
INSERT DATA { <56-163> eli:date_document "2001-12-20"^^xsd:date }
