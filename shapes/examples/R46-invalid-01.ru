# Invalid: a footnote without text.
# expect: R46 unres:text <56-163/!main~para_1__authorialNote_1>
DELETE WHERE { <56-163/!main~para_1__authorialNote_1> unres:text ?t }
