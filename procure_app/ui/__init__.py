"""The PySide6 desktop application: thin adapters over :mod:`procure_app.core`."""
