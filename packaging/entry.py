"""The single-file program's entry point (packaging/reportlint.spec): `reportlint` as installed."""

from checker.main import main

main()
