# Invalid: a paragraph that is part of nothing (its parent still lists it).
# expect: R22 eli:is_part_of <56-163/!main~para_1>
# expect: R34 ^eli:has_part <56-163/!main~para_1>
DELETE WHERE { <56-163/!main~para_1> eli:is_part_of ?parent }
