# Valid: a paragraph known only by its French text is not expected to have an (English) phrase.
# expect: nothing
DELETE WHERE { <56-163/!main~para_1> unres:openingPhrase ?p } ;
DELETE WHERE { <56-163/!main~para_1> unres:text ?t } ;
INSERT DATA { <56-163/!main~para_1> unres:text "Prend note avec satisfaction des rapports ;"@fr }
