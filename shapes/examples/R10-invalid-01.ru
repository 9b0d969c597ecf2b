# Invalid: an ill-typed distribution date (30 February).
# expect: R10 eli:date_publication <56-163>
DELETE WHERE { <56-163> eli:date_publication ?d } ;
INSERT DATA { <56-163> eli:date_publication "2002-02-30"^^xsd:date }
