# Invalid: paragraph text without a language tag.
# expect: R21 unres:text <56-163/!main~para_1>
DELETE WHERE { <56-163/!main~para_1> unres:text ?t } ;
INSERT DATA { <56-163/!main~para_1> unres:text "Takes note with appreciation of the reports;" }
