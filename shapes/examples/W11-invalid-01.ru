# Invalid (warning): a paragraph without an opening phrase.
# expect: W11 - <56-163/!main~para_1>
DELETE WHERE { <56-163/!main~para_1> unres:openingPhrase ?p }
