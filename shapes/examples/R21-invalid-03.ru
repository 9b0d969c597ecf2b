# Invalid: paragraph text that is only white space.
# expect: R21 unres:text <56-163/!main~para_1>
DELETE WHERE { <56-163/!main~para_1> unres:text ?t } ;
INSERT DATA { <56-163/!main~para_1> unres:text "  "@en }
