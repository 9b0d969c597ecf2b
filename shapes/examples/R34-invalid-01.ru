# Invalid: the resolution does not list one of its paragraphs with eli:has_part.
# expect: R34 ^eli:has_part <56-163/!main~para_1>
DELETE DATA { <56-163> eli:has_part <56-163/!main~para_1> }
