"""Entry script for frozen builds (PyInstaller runs it as a script, so imports are absolute)."""

import sys

from procure_app.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
