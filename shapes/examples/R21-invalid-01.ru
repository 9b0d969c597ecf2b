# Invalid: a paragraph without text.
# expect: R21 unres:text <56-163/!main~para_1>
DELETE WHERE { <56-163/!main~para_1> unres:text ?t }
