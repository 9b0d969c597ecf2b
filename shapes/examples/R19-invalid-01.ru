# Invalid: a paragraph number typed as an integer instead of the printed string.
# expect: R19 eli:number <56-163/!main~para_1>
DELETE WHERE { <56-163/!main~para_1> eli:number ?n } ;
INSERT DATA { <56-163/!main~para_1> eli:number 1 }
