# Valid: France's recorded vote on the resolution.
# expect: nothing
INSERT DATA { <56-163> unres:recordedVote <56-163/vote/france> . <56-163/vote/france> a unres:VoteCast ; unres:voter <https://w3id.org/unres/akn/ontology/organization/un/member-state/fra> ; unres:memberState "France" ; unres:voteValue <https://w3id.org/unres/akn/ontology/concept/un/vote/yes> }
