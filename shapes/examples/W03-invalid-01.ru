# Invalid (warning): the resolution has no meeting.
# expect: W03 unres:adoptedAtMeeting <56-163>
DELETE WHERE { <56-163> unres:adoptedAtMeeting ?m }
