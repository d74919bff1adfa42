"""The audit log's model: the hash-chained entries of a project file and the trail as the
evaluation records show it.
"""
