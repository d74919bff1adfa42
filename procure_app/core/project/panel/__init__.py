"""The offline evaluation panel: evaluator scoresheets, bidders' response forms, and the two envelopes.

- :mod:`.rubric_snapshot` reads the rubric the project keeps as a snapshot;
- :mod:`.scoresheets` writes one XLSX scoresheet per evaluator (no prices anywhere) and checks and
  imports a returned one (see its modules);
- :mod:`.responses` reads bidders' returned response forms and imports them;
- :mod:`.envelopes` locks quality scoring (refusing while scores are missing) and unseals prices;
- :mod:`.status` summarises the panel's progress without ever showing a sealed price, and says
  which actions the envelopes allow now;
- :mod:`.moderation` finds the scores the panel must discuss; :mod:`.example` makes the example
  project; :mod:`.text_bounds` limits the text a returned cell may bring in.

Nothing is imported here: importing one module (the app imports several at start-up) must not
import the spreadsheet writer and openpyxl with it. The workflow is described in
``docs/scoresheets.md``.
"""
