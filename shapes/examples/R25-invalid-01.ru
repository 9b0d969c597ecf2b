# Invalid: a source line that is not a number.
# expect: R25 unres:sourceLine <56-163/!main~para_1__authorialNote_1>
DELETE WHERE { <56-163/!main~para_1__authorialNote_1> unres:sourceLine ?l } ;
INSERT DATA { <56-163/!main~para_1__authorialNote_1> unres:sourceLine "line 41" }
