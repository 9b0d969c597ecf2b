# Invalid: a footnote listed as a part of a paragraph.
# expect: R30 eli:has_part <56-163/!main~para_2>
INSERT DATA { <56-163/!main~para_2> eli:has_part <56-163/!main~para_1__authorialNote_1> }
