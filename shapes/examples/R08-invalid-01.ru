# Invalid: eli:passed_by points at an addressee, not an organ.
# expect: R08 eli:passed_by <56-163>
DELETE WHERE { <56-163> eli:passed_by ?o } ;
INSERT DATA { <56-163> eli:passed_by concept:states }
