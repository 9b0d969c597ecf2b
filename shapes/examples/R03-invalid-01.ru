# Invalid: the resolution has no adoption date.
# expect: R03 eli:date_document <56-163>
DELETE WHERE { <56-163> eli:date_document ?date }
