"""Evaluator scoresheets: their layout, the writer, and the import of a returned scoresheet."""
