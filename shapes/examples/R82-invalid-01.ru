# Invalid: an earlier resolution of the series that is not a resolution.
# expect: R82 unres:earlierInSeries <56-163>
INSERT DATA { <56-163> unres:earlierInSeries <https://w3id.org/unres/symbol/A/55/98> .
              <https://w3id.org/unres/symbol/A/55/98> a unres:Document ;
                  dcterms:identifier "A/55/98" . }
