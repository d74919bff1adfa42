"""Foundations every domain uses: YAML and JSON Schema checks, diagnostics, atomic writes,
formatting, untrusted spreadsheets and reproducible Office files.
"""
