"""Figures resolve into numbered Figure blocks whose captions carry their notes (issue 17)."""

from __future__ import annotations

from pathlib import Path

from figproject import make

from briefgen.load.project import Options, load_project
from briefgen.model import Brief, Cite, Figure, Paragraph, cited_numbers, plain
from briefgen.resolve.bind import resolve


def _brief(outline: Path) -> Brief:
    project, diags = load_project(outline, options=Options(outline.parent.parent))
    assert project is not None and not [d for d in diags if d.is_error], diags
    brief, _ = resolve(project)
    return brief


def _figures(brief: Brief) -> list[Figure]:
    return [b for s in brief.sections for b in s.blocks if isinstance(b, Figure)]


CHART = """
- chart:
    kind: column
    title: Russian military personnel reported, by country
    unit: personnel
    data:
      - {label: Niger, value: 240000, fact: restoration-cost}
      - {label: Burkina Faso, value: 135, fact: mayor-quote}
"""


def test_figures_are_numbered_in_document_order_markdown_images_in_place_decorative_unnumbered(tmp_path):
    outline = make(tmp_path, """
- image: img/photo.png
  decorative: true
- image: img/drawing.svg
  alt: A drawing
- map: {highlight: [ESP, PRT]}
""", body_extra='\n![The harbour](img/photo.jpg "The harbour of Port Elin")\n\nAfter the picture.\n')
    brief = _brief(outline)
    blocks = brief.sections[0].blocks
    kinds = [type(b).__name__ if not isinstance(b, Figure) else f"Figure{b.number}:{b.kind}" for b in blocks]
    assert kinds == ["Paragraph", "Figure1:image", "Paragraph", "Figure0:image", "Figure2:image", "Figure3:map"]
    md_image = blocks[1]
    assert isinstance(md_image, Figure) and md_image.alt == "The harbour" and md_image.image is not None
    assert md_image.image.kind == "jpeg" and (md_image.image.width, md_image.image.height) == (8, 6)
    assert plain(md_image.caption) == "The harbour of Port Elin"
    assert [f.id for f in _figures(brief)] == ["figure-1", "image-1", "figure-2", "figure-3"]
    decorative = blocks[3]
    assert isinstance(decorative, Figure) and decorative.decorative and decorative.alt == "" and not decorative.caption
    svg = blocks[4]
    assert isinstance(svg, Figure) and svg.image is not None and (svg.image.width, svg.image.height) == (120, 80)
    assert svg.image.data.startswith(b"<?xml")


def test_a_caption_cites_like_text_and_its_notes_are_numbered_where_the_reader_meets_them(tmp_path):
    outline = make(tmp_path, "- image: img/photo.png\n  alt: x\n  caption: The mayor spoke [@mayor-quote]",
                   body_extra="\nWork starts in May 2022 [@work-starts].\n")
    brief = _brief(outline)
    # body: council-vote 1, work-starts 2; then the figure's caption: mayor-quote 3
    fig = _figures(brief)[0]
    assert cited_numbers(fig.caption) == (3,)
    assert brief.note(3).fact_id == "mayor-quote"
    cite = fig.caption[-1]
    assert isinstance(cite, Cite) and cite.refs[0].first
    assert plain(fig.caption) == "The mayor spoke"  # the space before the marker goes, as in text


def test_a_chart_cites_its_points_in_its_caption_and_writes_its_alt_from_the_data(tmp_path):
    outline = make(tmp_path, CHART)
    brief = _brief(outline)
    fig = _figures(brief)[0]
    assert fig.number == 1 and fig.kind == "chart" and fig.chart is not None
    assert fig.alt == ("Column chart: Russian military personnel reported, by country. "
                       "Niger: 240,000 personnel; Burkina Faso: 135 personnel.")  # grouped as the chart prints it
    # no caption given: the title, then one citation of the points' notes, in point order
    assert plain(fig.caption) == "Russian military personnel reported, by country"
    numbers = cited_numbers(fig.caption)
    assert [brief.note(n).fact_id for n in numbers] == ["restoration-cost", "mayor-quote"]
    points = fig.chart.points
    assert [(p.label, p.value, p.text, p.fact_id) for p in points] == [
        ("Niger", 240000.0, "240,000", "restoration-cost"), ("Burkina Faso", 135.0, "135", "mayor-quote")]
    assert [p.ref.number for p in points] == list(numbers)
    assert not any(p.ref.first for p in points)  # the first use is the caption's marker


def test_a_chart_caption_that_cites_a_point_fact_does_not_cite_it_twice(tmp_path):
    outline = make(tmp_path, CHART.rstrip("\n") + "\n  caption: Two numbers [@mayor-quote]\n  alt: Two bars\n")
    fig = _figures(_brief(outline))[0]
    assert fig.alt == "Two bars"
    cites = [i for i in fig.caption if isinstance(i, Cite)]
    assert len(cites) == 1 and len(cites[0].refs) == 2  # merged into the caption's own citation
    assert len(set(cited_numbers(fig.caption))) == 2


def test_a_map_is_credited_to_natural_earth_and_described_when_alt_is_omitted(tmp_path):
    outline = make(tmp_path, """
- map:
    highlight: [NER, MLI, BFA]
    label: Alliance of Sahel States
    places: [{name: Niamey, lon: 2.11, lat: 13.51}]
  caption: The AES [@council-vote]
- map: {highlight: [ESP]}
  credit: "Map: our own"
""")
    first, second = _figures(_brief(outline))
    assert first.credit == "Map data: Natural Earth" and second.credit == "Map: our own"
    assert first.alt == "Locator map highlighting Niger, Mali and Burkina Faso (Alliance of Sahel States), marking Niamey."
    assert first.map is not None and first.map.legend == "Alliance of Sahel States"
    assert [(lb.text, lb.place) for lb in first.map.labels] == [
        ("Niger", False), ("Mali", False), ("Burkina Faso", False), ("Niamey", True)]


def test_a_map_without_a_caption_is_captioned_with_its_legend_and_its_slide_titled_by_it(tmp_path):
    from briefgen.render.pptx.figures import figure_title

    outline = make(tmp_path, """
- map: {highlight: [ESP, PRT], label: Where the ferries sail}
- map: {highlight: [ESP], label: Spain}
  caption: The author's own caption
- map: {highlight: [PRT]}
""")
    brief = _brief(outline)
    legend, captioned, bare = _figures(brief)
    assert plain(legend.caption) == "Where the ferries sail" and not cited_numbers(legend.caption)
    assert plain(captioned.caption) == "The author’s own caption"
    assert not bare.caption  # nothing of the author's to say: the slide is "Figure 3"
    assert [figure_title(f, brief) for f in (legend, captioned, bare)] == [
        "Where the ferries sail", "The author’s own caption", "Figure 3"]


def _in_french(outline: Path) -> Path:
    outline.write_text(outline.read_text(encoding="utf-8").replace("date: 2022-04-01", "date: 2022-04-01\nlanguage: fr-FR"),
                       encoding="utf-8")
    return outline


def test_a_french_brief_names_the_countries_of_its_maps_in_french_and_describes_its_figures_in_french(tmp_path):
    outline = _in_french(make(tmp_path, """
- map:
    highlight: [TCD, DZA, CIV]
    label: Trois pays
    places: [{name: N’Djamena, lon: 15.04, lat: 12.11}]
  caption: Trois pays [@council-vote]
""" + CHART))
    brief = _brief(outline)
    assert brief.language == "fr-FR"
    world_map, chart = _figures(brief)
    assert world_map.map is not None
    # CLDR's French names (Babel), on the map and in its text alternative; neighbours too
    assert [lb.text for lb in world_map.map.labels if not lb.place] == ["Tchad", "Algérie", "Côte d’Ivoire"]
    names = {s.code: s.name for s in world_map.map.shapes}
    assert names["LBY"] == "Libye" and names["NER"] == "Niger" and names["CMR"] == "Cameroun"
    assert world_map.alt == ("Carte de situation\u00a0: Tchad, Algérie et Côte d’Ivoire (Trois pays)\u202f; "
                             "lieux indiqués\u00a0: N’Djamena.")
    # the chart's: the catalogue's words, French numbers and French spacing
    assert chart.alt == ("Histogramme\u00a0: Russian military personnel reported, by country. "
                         "Niger\u00a0: 240\u202f000 personnel\u202f; Burkina Faso\u00a0: 135 personnel.")


def test_an_outlines_labels_reword_the_text_alternatives_briefgen_writes(tmp_path):
    outline = make(tmp_path, "- map: {highlight: [ESP]}\n" + CHART)
    outline.write_text(outline.read_text(encoding="utf-8").replace(
        "date: 2022-04-01", 'date: 2022-04-01\nlabels:\n  map_alt: "Map of {countries}."\n  chart_column: "Columns"'),
        encoding="utf-8")
    world_map, chart = _figures(_brief(outline))
    assert world_map.alt == "Map of Spain."
    assert chart.alt.startswith("Columns: Russian military personnel")


def test_an_english_map_keeps_natural_earths_names():
    from briefgen.figures.maps import name_of, world

    w = world()
    # CLDR's English names are written for lists ("Congo - Kinshasa"); a map prints Natural Earth's
    assert name_of(w.by_code["COD"], "en-GB") == w.by_code["COD"].name
    assert name_of(w.by_code["COD"], "fr") == "Congo-Kinshasa"
    assert name_of(w.by_code["ESP"], "de") == "Spanien"   # any language CLDR has, with no catalogue
    assert name_of(w.by_code["ESP"], "xx") == "Spain"     # none: Natural Earth's


def test_figures_follow_the_sections_text(tmp_path):
    outline = make(tmp_path, "- image: img/photo.png\n  alt: x")
    text = outline.read_text(encoding="utf-8").replace("    figures:", "    bullets: [Restored [@council-vote]]\n    figures:")
    outline.write_text(text, encoding="utf-8")
    blocks = _brief(outline).sections[0].blocks
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "BulletList", "Figure"]
    assert isinstance(blocks[0], Paragraph)


def test_a_picture_keeps_the_path_the_outline_writes_not_where_the_project_is(tmp_path):
    outline = make(tmp_path, "- image: img/photo.png\n  alt: x")
    fig = _figures(_brief(outline))[0]
    assert fig.image is not None and fig.image.path == "img/photo.png"
    assert fig.image.data == (outline.parent / "img" / "photo.png").read_bytes()
