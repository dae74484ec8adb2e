"""Figures: images, locator maps and charts, read and checked from an outline, then resolved
into the model's `Figure` blocks.

`spec` holds what the loader read (with positions), `images` checks picture files, `maps`
the shipped country outlines and the projection, `charts` holds chart points to their quotes.
"""
