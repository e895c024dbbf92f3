"""One run of a command, for the command line and the local web page alike: plan.py finds the
files and gives each its settings; check.py checks them (the cache, the worker processes);
copies.py writes the corrected and annotated copies; format.py the formatted ones; similar.py
finds the reports that share passages; baseline.py keeps only findings new since a baseline.
Nothing here prints: the caller shows what it returns."""
