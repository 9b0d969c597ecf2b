# Invalid: the eId does not match the IRI (para_9 at .../!main~para_1).
# expect: R33 eli:id_local <56-163/!main~para_1>
DELETE WHERE { <56-163/!main~para_1> eli:id_local ?e } ;
INSERT DATA { <56-163/!main~para_1> eli:id_local "para_9" }
