"""Procure: offline people-centred procurement of smart-city technology."""

__all__ = ["__version__"]

__version__ = "0.1.0"
