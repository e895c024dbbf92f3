"""`reportlint serve`: a local page to drop reports on, and a JSON API, for people who never open a
terminal. Built on Starlette and uvicorn, imported only by that command. The page and the API
call the same code as the command line (checker.run, checker.output, checker.write)."""
