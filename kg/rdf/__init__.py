"""RDF vocabulary shared by every stage after the model: prefixes, namespaces, formats, and the
package's own RDF data (ontology, reference vocabularies, shapes) read as resources."""
