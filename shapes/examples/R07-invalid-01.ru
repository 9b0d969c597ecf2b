# Invalid: the meeting is printed words, not a number.
# expect: R07 unres:adoptedAtMeeting <56-163>
DELETE WHERE { <56-163> unres:adoptedAtMeeting ?m } ;
INSERT DATA { <56-163> unres:adoptedAtMeeting "88th plenary meeting" }
