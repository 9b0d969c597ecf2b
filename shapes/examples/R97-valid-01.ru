# Valid: a UNBIS Thesaurus concept and a Sustainable Development Goal as subjects.
# expect: nothing
INSERT DATA { <56-163> dcterms:subject <http://metadata.un.org/thesaurus/1006319> , <http://metadata.un.org/sdg/16> }
