# Invalid: a vote cast that does not say who cast it.
# expect: R73 unres:memberState <56-163/vote/france>
INSERT DATA { <56-163> unres:recordedVote <56-163/vote/france> . <56-163/vote/france> a unres:VoteCast ; unres:voter <https://w3id.org/unres/akn/ontology/organization/un/member-state/fra> ; unres:voteValue <https://w3id.org/unres/akn/ontology/concept/un/vote/yes> }
