# Invalid: the committee report is an instrument, not a document.
# expect: R09 unres:onReportOf <56-163>
INSERT DATA { <56-163> unres:onReportOf concept:iccpr }
