# Invalid: a footnote linked from two paragraphs.
# expect: R48 ^unres:footnote <56-163/!main~para_1__authorialNote_1>
INSERT DATA { <56-163/!main~para_2> unres:footnote <56-163/!main~para_1__authorialNote_1> }
