"""Shared test setup: puts tests/ on sys.path so `builders` imports everywhere."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
