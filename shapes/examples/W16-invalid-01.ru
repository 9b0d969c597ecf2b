# Invalid (warning): a vote cast by a State the Member States vocabulary does not know by that spelling.
# expect: W16 unres:voter <56-163/vote/france>
INSERT DATA { <56-163> unres:recordedVote <56-163/vote/france> . <56-163/vote/france> a unres:VoteCast ; unres:memberState "France" ; unres:voteValue <https://w3id.org/unres/akn/ontology/concept/un/vote/yes> }
