# Invalid: a footnote with a property footnotes do not have (closed shape).
# expect: R45 eli:id_local <56-163/!main~para_1__authorialNote_1>
INSERT DATA { <56-163/!main~para_1__authorialNote_1> eli:id_local "authorialNote_1" }
