# Valid: sponsors, a Member State among them, and the agenda item.
# expect: nothing
INSERT DATA { <56-163> unres:sponsorName "FRANCE" , "SUBMITTED BY THE PRESIDENT OF THE GENERAL ASSEMBLY" ; unres:sponsoredBy <https://w3id.org/unres/akn/ontology/organization/un/member-state/fra> ; unres:agendaItem "Agenda item 74" }
