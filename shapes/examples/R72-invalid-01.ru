# Invalid: a vote cast on no resolution.
# expect: R72 ^unres:recordedVote <56-163/vote/france>
INSERT DATA { <56-163/vote/france> a unres:VoteCast ; unres:voter <https://w3id.org/unres/akn/ontology/organization/un/member-state/fra> ; unres:memberState "France" ; unres:voteValue <https://w3id.org/unres/akn/ontology/concept/un/vote/yes> }
