# Invalid: the reporting committee is a mandate, not an organ.
# expect: R14 unres:reportingCommittee <56-163>
DELETE WHERE { <56-163> unres:reportingCommittee ?c } ;
INSERT DATA { <56-163> unres:reportingCommittee role:srsg-human-rights-defenders }
