# Invalid (warning): the resolution has no title.
# expect: W01 eli:title <56-163>
DELETE WHERE { <56-163> eli:title ?t }
