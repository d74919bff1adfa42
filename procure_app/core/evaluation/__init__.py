"""Evaluations: the evaluation file, the engine, a run with its sensitivity analysis, and its
records (the workbook, the report and the letters).
"""
