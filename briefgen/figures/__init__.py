"""Figures: images, locator maps and charts, read and checked from an outline, then resolved
into the model's `Figure` blocks.

`load` reads a section's `figures:` and the Markdown images of its `body` (with positions),
`images` checks picture files, `maps` holds the shipped country outlines and the projection,
`charts` holds chart points to their quotes and writes a chart's alt text, `spec` the records
the loader hands to resolve. The rules resolve applies (resolve/bind.py):

- a section's figures follow its text (body, bullets, timeline) in the order listed; a Markdown
  image on a line of its own is a figure where it stands;
- figures other than decorative images are numbered 1..N in document order (`figure-N`), the
  same number in every format; decorative images get number 0 and `image-N`;
- a caption's citations are numbered where the reader meets them, like any text; a chart's
  points cite their facts through the caption: the notes the caption does not cite already are
  appended to it as one citation (a chart without a caption is captioned with its title), so
  a chart's note numbers show wherever its caption does; each point's `ref` is that note;
- a map is credited "Map data: Natural Earth" unless `credit:` says otherwise; a map or chart
  without `alt` gets one written from its data; an image must have `alt` unless decorative.
"""
