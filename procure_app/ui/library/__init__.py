"""The Clause library workspace: the library browser, its tree model and the HTML of a clause."""
