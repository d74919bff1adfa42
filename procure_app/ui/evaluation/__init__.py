"""The Evaluation workspace: an evaluation's ranking, bids, sensitivity and checks, and exporting its records."""
