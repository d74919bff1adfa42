"""Tenders: the spec, assembly from the library, coverage, the build, the tender document and
the response form (its writer and the layout its reader shares).
"""
