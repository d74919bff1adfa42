"""Exporters: the tender document (DOCX) and the bidder response form (XLSX)."""
