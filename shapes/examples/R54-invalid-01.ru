# Invalid: a draft that "became" a document, not a resolution.
# expect: R54 unres:becameResolution <56-163>
DELETE DATA { <56-163> a unres:Resolution } ;
INSERT DATA { <56-163> a unres:DraftResolution ; unres:becameResolution <https://w3id.org/unres/symbol/A/56/341> }
