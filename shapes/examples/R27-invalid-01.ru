# Invalid: a citation to nothing (an IRI that nothing describes).
# expect: R27 eli:cites <56-163/!main~preamble__p_1>
INSERT DATA { <56-163/!main~preamble__p_1> eli:cites <https://w3id.org/unres/symbol/A/99/999> }
