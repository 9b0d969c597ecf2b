# Invalid: an official eId without the language of the file it comes from.
# expect: R78 unres:eId <56-163/!main~para_1>
INSERT DATA { <56-163/!main~para_1> unres:eId "para_30" }
