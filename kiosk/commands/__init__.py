"""The command line's subcommands, one module per concern; `kiosk.cli` parses argv and picks one."""
