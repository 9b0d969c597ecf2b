# Invalid (warning): emphasis asterisks left in the text.
# expect: W12 unres:text <56-163/!main~para_2>
DELETE WHERE { <56-163/!main~para_2> unres:text ?t } ;
INSERT DATA { <56-163/!main~para_2> unres:text "*Calls upon* all States:"@en }
