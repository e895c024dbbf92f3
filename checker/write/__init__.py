"""Stage 6 (beside output): copies of a checked file. A corrected copy (``--fix``: the fixes written into the text,
or into the runs of a .docx with their formatting kept) and an annotated copy (``--annotate``: a
Word comment on every finding). The input is never changed, except with ``--fix-in-place``, and
then atomically.

This stage reads the input's bytes again and never judges: what to change comes from the
diagnostics the checks gave.
"""
