# Invalid: a footnote without its number.
# expect: R47 eli:number <56-163/!main~para_1__authorialNote_1>
DELETE WHERE { <56-163/!main~para_1__authorialNote_1> eli:number ?n }
