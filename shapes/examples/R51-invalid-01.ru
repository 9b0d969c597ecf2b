# Invalid: an annex that is part of nothing.
# expect: R51 eli:is_part_of <56-163/!annex>
INSERT DATA { <56-163/!annex> a unres:Annex ; eli:id_local "annex" }
