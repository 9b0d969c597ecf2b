# Invalid: a resolution "adopted from" an instrument instead of a draft document.
# expect: R62 unres:adoptedFromDraft <56-163>
INSERT DATA { <56-163> unres:adoptedFromDraft concept:iccpr }
