"""Bidders' returned response forms: reading them and importing them into a project."""
