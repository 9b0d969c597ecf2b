# Invalid: a vote cast linked to a node with State codes that is not a concept of the vocabulary.
# expect: R98 unres:voter <56-163/vote/france>
# expect: R99 - <https://w3id.org/unres/akn/ontology/organization/un/member-state/xxx>
INSERT DATA { <56-163> unres:recordedVote <56-163/vote/france> . <56-163/vote/france> a unres:VoteCast ; unres:memberState "France" ; unres:voteValue <https://w3id.org/unres/akn/ontology/concept/un/vote/yes> ; unres:voter <https://w3id.org/unres/akn/ontology/organization/un/member-state/xxx> . <https://w3id.org/unres/akn/ontology/organization/un/member-state/xxx> unres:iso3166Alpha3 "XXX" ; unres:m49 "999" }
