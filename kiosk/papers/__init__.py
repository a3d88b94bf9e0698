"""Paper for the family and the office: the page writer, slips, statements, printing."""
