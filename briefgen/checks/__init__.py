"""Editorial checks: the warnings an editor would give a writer (reading level, uncited or
unsupported statements, unused facts, missing teaching blocks, length budgets)."""
