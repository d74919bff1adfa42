"""The clause library: clauses and their loading, cross-checks, placeholders, variables, the
guidelines model and the pinning of the clauses a tender uses.
"""
