# Invalid: a vote value outside the vote-values scheme.
# expect: R74 unres:voteValue <56-163/vote/france>
INSERT DATA { <56-163> unres:recordedVote <56-163/vote/france> . <56-163/vote/france> a unres:VoteCast ; unres:voter <https://w3id.org/unres/akn/ontology/organization/un/member-state/fra> ; unres:memberState "France" ; unres:voteValue <https://w3id.org/unres/akn/ontology/concept/un/vote/maybe> }
