# Invalid: a footnote cites a document that is typed but has no symbol.
# expect: R27 eli:cites <56-163/!main~para_1__authorialNote_1>
# expect: R18 dcterms:identifier <https://w3id.org/unres/symbol/A/56/999>
INSERT DATA { <56-163/!main~para_1__authorialNote_1> eli:cites <https://w3id.org/unres/symbol/A/56/999> . <https://w3id.org/unres/symbol/A/56/999> a unres:Document }
