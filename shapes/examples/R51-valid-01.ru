# Valid: an annex of the resolution.
# expect: nothing
INSERT DATA { <56-163> eli:has_part <56-163/!annex> . <56-163/!annex> a unres:Annex ; eli:id_local "annex" ; eli:is_part_of <56-163> }
