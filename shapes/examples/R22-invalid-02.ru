# Invalid: a paragraph part of two things, one of which lists it and is a resolution.
# expect: R22 eli:is_part_of <56-163/!main~para_1>
# expect: R34 ^eli:has_part <56-163/!main~para_1>
# expect: R37 eli:is_part_of <56-163/!main~para_1>
INSERT DATA { <56-163/!main~para_1> eli:is_part_of <https://example.org/elsewhere> }
