# Invalid (warning): an operative paragraph without its number.
# expect: W14 eli:number <56-163/!main~para_1>
DELETE WHERE { <56-163/!main~para_1> eli:number ?n }
