# Valid: sub-paragraphs of different paragraphs may share a letter.
# expect: nothing
INSERT DATA {
    <56-163/!main~para_1> eli:has_part <56-163/!main~para_1__list_1__point_a> .
    <56-163/!main~para_1__list_1__point_a> a unres:SubParagraph , unres:Paragraph ;
        eli:is_part_of <56-163/!main~para_1> ; eli:id_local "para_1__list_1__point_a" ; eli:number "a" ;
        unres:text "In their work;"@en .
}
