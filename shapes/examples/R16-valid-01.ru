# Valid: symbols of other shapes (lettered, Roman session, year in parentheses).
# expect: nothing
INSERT DATA {
    <56-163/!main~preamble__p_1> eli:cites <https://w3id.org/unres/symbol/A/RES/2200A(XXI)> , <https://w3id.org/unres/symbol/S/RES/1325(2000)> ,
        <https://w3id.org/unres/symbol/A/RES/217(III)> , <https://w3id.org/unres/symbol/E/CN.4/RES/2000/61> .
    <https://w3id.org/unres/symbol/A/RES/2200A(XXI)> a unres:Resolution ; dcterms:identifier "A/RES/2200 A (XXI)" .
    <https://w3id.org/unres/symbol/S/RES/1325(2000)> a unres:Resolution ; dcterms:identifier "S/RES/1325 (2000)" .
    <https://w3id.org/unres/symbol/A/RES/217(III)> a unres:Resolution ; dcterms:identifier "A/RES/217(III)" .
    <https://w3id.org/unres/symbol/E/CN.4/RES/2000/61> a unres:Resolution ; dcterms:identifier "E/CN.4/RES/2000/61" .
}
