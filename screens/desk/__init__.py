"""The desk: login, home, settings, operators, the audit trail, help."""
