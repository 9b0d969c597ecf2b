# Invalid: position 0 ("0"^^xsd:positiveInteger is ill-typed; positions start at 1).
# expect: R24 unres:position <56-163/!main~preamble__p_1>
DELETE WHERE { <56-163/!main~preamble__p_1> unres:position ?p } ;
INSERT DATA { <56-163/!main~preamble__p_1> unres:position "0"^^xsd:positiveInteger }
