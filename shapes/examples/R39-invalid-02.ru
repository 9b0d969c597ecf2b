# Invalid: an operative number with the printed dot ("1.").
# expect: R39 eli:number <56-163/!main~para_1>
DELETE WHERE { <56-163/!main~para_1> eli:number ?n } ;
INSERT DATA { <56-163/!main~para_1> eli:number "1." }
