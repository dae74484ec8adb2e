"""Month names, in English (the language of the note templates until briefgen speaks others)."""

from __future__ import annotations

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
MONTHS_SHORT = tuple(m[:3] for m in MONTHS)  # Jan, Feb, … as in "26 Jul 2023"
