# Invalid: a paragraph without its AKN eId.
# expect: R23 eli:id_local <56-163/!main~para_1>
DELETE WHERE { <56-163/!main~para_1> eli:id_local ?e }
