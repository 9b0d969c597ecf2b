# Invalid: a sub-paragraph directly inside the resolution.
# expect: R43 eli:is_part_of <56-163/!main~para_2__list_1__point_a>
DELETE DATA { <56-163/!main~para_2> eli:has_part <56-163/!main~para_2__list_1__point_a> . <56-163/!main~para_2__list_1__point_a> eli:is_part_of <56-163/!main~para_2> } ;
INSERT DATA { <56-163> eli:has_part <56-163/!main~para_2__list_1__point_a> . <56-163/!main~para_2__list_1__point_a> eli:is_part_of <56-163> }
