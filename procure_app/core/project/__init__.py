"""Projects: the project file (store) and the evaluation panel that works in it."""
