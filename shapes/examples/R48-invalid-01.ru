# Invalid: a footnote that no paragraph links to.
# expect: R48 ^unres:footnote <56-163/!main~para_1__authorialNote_1>
DELETE WHERE { <56-163/!main~para_1> unres:footnote ?f }
