"""Command-line interface: ``newsweave <command>``; one module per command group in ``commands/``."""
