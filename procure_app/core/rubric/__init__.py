"""Scoring rubrics: the model and its loading, and the registry of award formulas."""
