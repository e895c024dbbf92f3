"""Stage 7: the command line. It only wires: options are read (options.py), a run is planned and
checked (checker/run), the output is chosen and the exit status set. Heavy modules (python-docx,
lark, rich) are imported only when a command needs them.

- app.py: the typer application, its help, and which module registers each command (imported lazily)
- check.py: `check`, the default command, as typer reads it; checking.py: what it does
- quick.py: the check's plain command lines read without typer (choices.py: the options' values)
- format.py, similar.py: `format`, `similar`
- inspect.py: `outline`, `matrix`, `template check`
- docs.py: `rules`, `explain`, `templates`
- admin.py: `init`, `clean`, `config`, `serve`

Nothing is imported here: the quick path must not import typer (checker.cli.app does).
"""
