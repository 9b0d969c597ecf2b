# Invalid: the adoption date is a plain string, not an xsd:date.
# expect: R04 eli:date_document <56-163>
DELETE WHERE { <56-163> eli:date_document ?date } ;
INSERT DATA { <56-163> eli:date_document "19 December 2001" }
