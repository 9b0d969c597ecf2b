# Invalid: a node typed both draft and resolution (the classes are disjoint).
# expect: R52 - <56-163>
INSERT DATA { <56-163> a unres:DraftResolution }
