"""Village files in: CSV and spreadsheets, checked row by row."""
