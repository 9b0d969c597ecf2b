# Invalid: the resolution has no symbol (a PDF without its sidecar).
# expect: R02 dcterms:identifier <56-163>
DELETE WHERE { <56-163> dcterms:identifier ?symbol }
