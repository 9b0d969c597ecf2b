# Invalid: a paragraph with two official eIds in one language (which would the UN's eId IRI name?).
# expect: R78 unres:eId <56-163/!main~para_1>
INSERT DATA { <56-163/!main~para_1> unres:eId "para_30"@en , "para_31"@en }
