# Valid: the French text of a paragraph beside its English one.
# expect: nothing
INSERT DATA { <56-163/!main~para_1> unres:text "Prend note avec satisfaction des rapports ;"@fr }
