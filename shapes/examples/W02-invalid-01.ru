# Invalid (warning): the resolution has no session.
# expect: W02 unres:session <56-163>
DELETE WHERE { <56-163> unres:session ?s }
