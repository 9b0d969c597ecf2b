# Invalid: two English texts for one paragraph (each official language gives one text).
# expect: R21 unres:text <56-163/!main~para_1>
INSERT DATA { <56-163/!main~para_1> unres:text "Takes note of the reports;"@en }
