# Invalid: a title without a language tag.
# expect: R05 eli:title <56-163>
DELETE WHERE { <56-163> eli:title ?title } ;
INSERT DATA { <56-163> eli:title "Human rights defenders" }
