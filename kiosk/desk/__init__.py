"""The desk itself: settings, operators, the audit trail, slip signing, backups."""
