"""The Tender workspace: the outline of a tender spec, its clauses as the tender words them,
its checks and guidelines coverage, and building it.
"""
