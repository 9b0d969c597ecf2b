# Invalid: a preambular paragraph positioned after an operative one.
# expect: R41 unres:position <56-163/!main~preamble__p_2>
DELETE WHERE { <56-163/!main~preamble__p_2> unres:position ?a } ;
DELETE WHERE { <56-163/!main~para_1> unres:position ?b } ;
INSERT DATA { <56-163/!main~preamble__p_2> unres:position "3"^^xsd:positiveInteger . <56-163/!main~para_1> unres:position "2"^^xsd:positiveInteger }
