"""Format readers: each turns the bytes of one kind of file into plain text and metadata.

`sniff` decides the kind from the content, never from the file name, because files downloaded
from the UN Digital Library and its mirrors arrive with arbitrary names and extensions.
"""
