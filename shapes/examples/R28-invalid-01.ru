# Invalid: a mention of a document (mentions are of mandates, organs, instruments, addressees).
# expect: R28 unres:mentions <56-163/!main~para_1>
INSERT DATA { <56-163/!main~para_1> unres:mentions <https://w3id.org/unres/symbol/A/56/341> }
