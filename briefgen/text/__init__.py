"""Plain-text helpers every stage shares: sentences and words, dates and month names, ids."""
