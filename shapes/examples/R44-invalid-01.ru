# Invalid: a sponsor name that is blank.
# expect: R44 unres:sponsorName <56-163>
INSERT DATA { <56-163> unres:sponsorName "FRANCE" , " " }
