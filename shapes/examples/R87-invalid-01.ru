# Invalid: a Member State whose ISO 3166-1 alpha-3 code is not three capitals.
# expect: R87 unres:iso3166Alpha3 <https://w3id.org/unres/akn/ontology/organization/un/member-state/fra>
INSERT DATA { <56-163> unres:recordedVote <56-163/vote/france> . <56-163/vote/france> a unres:VoteCast ; unres:memberState "France" ; unres:voteValue <https://w3id.org/unres/akn/ontology/concept/un/vote/yes> ; unres:voter <https://w3id.org/unres/akn/ontology/organization/un/member-state/fra> . <https://w3id.org/unres/akn/ontology/organization/un/member-state/fra> unres:iso3166Alpha3 "fr" }
