# Invalid: two operative paragraphs numbered 1.
# expect: R31 eli:number <56-163/!main~para_1>
# expect: R31 eli:number <56-163/!main~para_2>
DELETE WHERE { <56-163/!main~para_2> eli:number ?n } ;
INSERT DATA { <56-163/!main~para_2> eli:number "1" }
