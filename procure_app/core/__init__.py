"""The Qt-free core of Procure: data models, loading, validation and exports.

Nothing below this package may import Qt; `tests/test_architecture.py` enforces it.
"""
