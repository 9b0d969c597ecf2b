# Invalid: two agenda items, one of them a number, not the item as printed.
# expect: R69 unres:agendaItem <56-163>
INSERT DATA { <56-163> unres:agendaItem "Agenda item 74" , 74 }
