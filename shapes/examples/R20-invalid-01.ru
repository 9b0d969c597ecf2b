# Invalid: a paragraph with a property paragraphs do not have (closed shape).
# expect: R20 dcterms:title <56-163/!main~para_1>
INSERT DATA { <56-163/!main~para_1> dcterms:title "Paragraph one"@en }
