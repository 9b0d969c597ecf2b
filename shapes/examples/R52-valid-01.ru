# Valid: a draft resolution has the paragraphs of a resolution but no adoption date or meeting.
# expect: nothing
DELETE DATA { <56-163> a unres:Resolution } ;
INSERT DATA { <56-163> a unres:DraftResolution } ;
DELETE WHERE { <56-163> eli:date_document ?d } ;
DELETE WHERE { <56-163> unres:adoptedAtMeeting ?m }
