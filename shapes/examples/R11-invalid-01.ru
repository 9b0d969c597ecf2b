# Invalid: a footnote listed as a part of the resolution.
# expect: R11 eli:has_part <56-163>
INSERT DATA { <56-163> eli:has_part <56-163/!main~para_1__authorialNote_1> }
