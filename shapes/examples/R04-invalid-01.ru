# Invalid: an ill-typed adoption date (month 13, day 45).
# expect: R04 eli:date_document <56-163>
DELETE WHERE { <56-163> eli:date_document ?date } ;
INSERT DATA { <56-163> eli:date_document "2001-13-45"^^xsd:date }
