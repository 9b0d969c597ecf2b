# Invalid: a sponsor that is an organ, not a Member State.
# expect: R49 unres:sponsoredBy <56-163>
# expect: R99 - <https://w3id.org/unres/akn/ontology/organization/un/un-ga>
# expect: R87 unres:iso3166Alpha3 <https://w3id.org/unres/akn/ontology/organization/un/un-ga>
# expect: R88 unres:m49 <https://w3id.org/unres/akn/ontology/organization/un/un-ga>
INSERT DATA { <56-163> unres:sponsoredBy <https://w3id.org/unres/akn/ontology/organization/un/un-ga> }
