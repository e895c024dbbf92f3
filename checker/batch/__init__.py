"""Checking many files: task.py (a file and its settings), cache.py (results kept between runs,
keyed by content and settings), workers.py (forked processes, results in the order given)."""
