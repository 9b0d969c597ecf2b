# Invalid: an operative paragraph nested in another paragraph.
# expect: R37 eli:is_part_of <56-163/!main~para_1>
# expect: R30 eli:has_part <56-163/!main~para_2>
DELETE DATA { <56-163> eli:has_part <56-163/!main~para_1> . <56-163/!main~para_1> eli:is_part_of <56-163> } ;
INSERT DATA { <56-163/!main~para_2> eli:has_part <56-163/!main~para_1> . <56-163/!main~para_1> eli:is_part_of <56-163/!main~para_2> }
