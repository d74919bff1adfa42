"""The Project workspace: a project file's envelopes, panel progress, score and consensus grids,
declarations, and the panel's workflow.
"""
