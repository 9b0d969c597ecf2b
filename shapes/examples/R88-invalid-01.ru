# Invalid: a Member State with two M49 codes.
# expect: R88 unres:m49 <https://w3id.org/unres/akn/ontology/organization/un/member-state/fra>
INSERT DATA { <56-163> unres:recordedVote <56-163/vote/france> . <56-163/vote/france> a unres:VoteCast ; unres:memberState "France" ; unres:voteValue <https://w3id.org/unres/akn/ontology/concept/un/vote/yes> ; unres:voter <https://w3id.org/unres/akn/ontology/organization/un/member-state/fra> . <https://w3id.org/unres/akn/ontology/organization/un/member-state/fra> unres:m49 "999" }
