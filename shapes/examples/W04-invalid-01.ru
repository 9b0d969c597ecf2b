# Invalid (warning): distributed before it was adopted.
# expect: W04 eli:date_document <56-163>
DELETE WHERE { <56-163> eli:date_publication ?d } ;
INSERT DATA { <56-163> eli:date_publication "2001-12-01"^^xsd:date }
