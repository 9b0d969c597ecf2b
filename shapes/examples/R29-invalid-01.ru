# Invalid: unres:footnote points at a paragraph.
# expect: R29 unres:footnote <56-163/!main~para_2>
INSERT DATA { <56-163/!main~para_2> unres:footnote <56-163/!main~preamble__p_2> }
