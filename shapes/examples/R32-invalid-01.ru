# Invalid: two paragraphs at position 1.
# expect: R32 unres:position <56-163/!main~preamble__p_1>
# expect: R32 unres:position <56-163/!main~preamble__p_2>
DELETE WHERE { <56-163/!main~preamble__p_2> unres:position ?p } ;
INSERT DATA { <56-163/!main~preamble__p_2> unres:position "1"^^xsd:positiveInteger }
