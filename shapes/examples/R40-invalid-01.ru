# Invalid: a paragraph typed both preambular and operative.
# expect: R40 - <56-163/!main~preamble__p_1>
# expect: W14 eli:number <56-163/!main~preamble__p_1>
# expect: R41 unres:position <56-163/!main~preamble__p_2>
INSERT DATA { <56-163/!main~preamble__p_1> a unres:OperativeParagraph }
