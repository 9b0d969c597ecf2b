# Invalid: a vote cast linked to something that is not a Member State of the vocabulary.
# expect: R98 unres:voter <56-163/vote/france>
# expect: R99 - <https://w3id.org/unres/akn/ontology/organization/un/member-state/xxx>
# expect: R87 unres:iso3166Alpha3 <https://w3id.org/unres/akn/ontology/organization/un/member-state/xxx>
# expect: R88 unres:m49 <https://w3id.org/unres/akn/ontology/organization/un/member-state/xxx>
INSERT DATA { <56-163> unres:recordedVote <56-163/vote/france> . <56-163/vote/france> a unres:VoteCast ; unres:memberState "France" ; unres:voteValue <https://w3id.org/unres/akn/ontology/concept/un/vote/yes> ; unres:voter <https://w3id.org/unres/akn/ontology/organization/un/member-state/xxx> }
