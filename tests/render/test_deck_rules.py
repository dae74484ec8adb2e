"""The deck follows its editing rules, read back with python-pptx: on the three examples, a new topic
made with `briefgen new`, a brief three times as long and (from test_deck_editing) generated
sections; LibreOffice renders every word of every slide.

`problems` lists every way a deck breaks a rule, each naming its slide so a failure says where to look.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from dataclasses import dataclass, field

import pytest

from briefgen.load.project import Options
from briefgen.model import Brief, Section
from briefgen.pipeline import check
from briefgen.render.pptx.edit import balanced
from briefgen.render.pptx.plan import deck_sections, section_mode
from briefgen.render.pptx.write import render

pytest.importorskip("pptx")

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
CONT = re.compile(r" \(cont\.(?: \d+)?\)$")
MAX_ITEMS, MAX_WORDS, MAX_VISUAL_WORDS, MIN_CONTINUED, MIN_BODY_PT, MIN_TABLE_PT = 6, 50, 80, 2, 20, 14


@dataclass
class SlideText:
    """What one slide shows, as read back from its XML."""

    number: int
    title: str
    kind: str                      # cover, bullets, takeaways, table, timeline, sources, agenda, divider
    paras: list[tuple[str, bool, bool]] = field(default_factory=list)  # (text without numbers, cited, heading)
    words: int = 0
    items: int = 0
    numbers: set[int] = field(default_factory=set)
    foot: str = ""
    frames: list[str] = field(default_factory=list)
    body_sizes: set[float] = field(default_factory=set)
    table_sizes: set[float] = field(default_factory=set)
    timeline_sizes: set[float] = field(default_factory=set)
    sizes: set[float] = field(default_factory=set)
    notes: str = ""
    xml_text: str = ""
    label: str = ""


def _runs(element):
    for r in element.iter(f"{A}r"):
        rpr = r.find(f"{A}rPr")
        sup = rpr is not None and rpr.get("baseline") is not None
        size = int(rpr.get("sz")) / 100 if rpr is not None and rpr.get("sz") else None
        bold = rpr is not None and rpr.get("b") == "1"
        yield r.find(f"{A}t").text or "", sup, size, bold


def _numbers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\d+", text)}


def read_slide(number: int, slide) -> SlideText:
    title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
    st = SlideText(number, title, "divider")
    names = [sh.name for sh in slide.shapes]
    if number == 1:
        st.kind = "cover"
    elif any(sh.has_table for sh in slide.shapes):
        st.kind = "table"
    elif any(n.startswith("Timeline Entry") for n in names):
        st.kind = "timeline"
    elif "Takeaways" in names:
        st.kind = "takeaways"
    elif CONT.sub("", title) == "Sources":
        st.kind = "sources"
    elif CONT.sub("", title) == "Agenda":
        st.kind = "agenda"
    elif any(sh.is_placeholder and sh.placeholder_format.idx == 1 for sh in slide.shapes):
        st.kind = "bullets"
    texts = []
    for sh in slide.shapes:
        for text, _, size, _ in _runs(sh._element):
            texts.append(text)
            if size:
                st.sizes.add(size)
        if sh.name == "Source Line":
            st.foot = sh.text_frame.text
            continue
        if sh.name == "Slide Label":
            st.label = sh.text_frame.text
        if sh.has_text_frame and sh != slide.shapes.title:
            st.frames.append(sh.text_frame.text)
        body = (sh.is_placeholder and sh.placeholder_format.idx in (1, 2)) or sh.name == "Takeaways"
        if body and number > 1:
            for p in sh._element.iter(f"{A}p"):
                runs = list(_runs(p))
                if not runs:
                    continue
                heading = p.find(f"{A}pPr/{A}buNone") is not None and st.kind in ("bullets", "takeaways")
                shown = "".join(t for t, sup, _, _ in runs if not sup)
                cited = any(sup for _, sup, _, _ in runs)
                st.paras.append((shown, cited, heading))
                st.words += len(shown.split())
                st.items += 0 if heading else 1
                for t, sup, size, _ in runs:
                    if size:
                        st.body_sizes.add(size)
                    if sup:
                        st.numbers |= _numbers(t)
        if sh.has_table:
            rows = list(sh.table.rows)
            st.items = len(rows) - 1
            for row in rows:
                for cell in row.cells:
                    st.frames.append(cell.text)
                    for t, sup, size, _ in _runs(cell._tc):
                        if size:
                            st.table_sizes.add(size)
                        if sup:
                            st.numbers |= _numbers(t)
                        else:
                            st.words += len(t.split())
        if sh.name.startswith("Timeline Entry") or sh.name == "Timeline Caption":
            st.items += sh.name.startswith("Timeline Entry")
            for t, sup, size, _ in _runs(sh._element):
                if size and sh.name.startswith("Timeline Entry"):
                    st.timeline_sizes.add(size)
                if sup:
                    st.numbers |= _numbers(t)
                else:
                    st.words += len(t.split())
    st.xml_text = " ".join(texts)
    if slide.has_notes_slide:
        st.notes = slide.notes_slide.notes_text_frame.text
    return st


def read_deck(data: bytes) -> list[SlideText]:
    import pptx

    deck = pptx.Presentation(io.BytesIO(data))
    return [read_slide(k, s) for k, s in enumerate(deck.slides, start=1)]


def foot_numbers(foot: str) -> set[int]:
    """Return the note numbers a foot line lists ("Analysis · Sources: 1–3, 5" gives 1, 2, 3, 5)."""
    out: set[int] = set()
    if "Sources:" not in foot:
        return out
    for part in foot.split("Sources:", 1)[1].split(","):
        part = part.strip()
        if "\u2013" in part:
            a, b = part.split("\u2013")
            out |= set(range(int(a), int(b) + 1))
        elif part:
            out.add(int(part))
    return out


def _section_of(title: str, brief: Brief) -> Section | None:
    base = CONT.sub("", title)
    for s in deck_sections(brief):
        if s.heading == base:
            return s
    return None


def problems(data: bytes, brief: Brief) -> list[str]:
    """Return every rule the deck `data` of `brief` breaks, one line each."""
    slides = read_deck(data)
    out: list[str] = []
    body_sizes: set[float] = set()
    table_sizes: set[float] = set()
    timeline_sizes: set[float] = set()
    for st in slides:
        where = f"slide {st.number} `{st.title}`"
        section = _section_of(st.title, brief)
        override = section is not None and section.slide is not None and bool(section.slide.bullets)
        if st.kind != "cover":
            body_sizes |= st.body_sizes
        table_sizes |= st.table_sizes
        timeline_sizes |= st.timeline_sizes
        if st.kind in ("bullets", "takeaways") and not override:
            if st.items > MAX_ITEMS:
                out.append(f"{where}: {st.items} items")
            if st.words > MAX_WORDS:
                out.append(f"{where}: {st.words} words")
        if st.kind in ("table", "timeline") and st.words > MAX_VISUAL_WORDS:
            out.append(f"{where}: {st.words} words")
        if st.kind != "cover" and len(st.sizes) > 3:
            out.append(f"{where}: {len(st.sizes)} text sizes {sorted(st.sizes)}")
        for frame in st.frames:
            if not balanced(frame):
                out.append(f"{where}: unbalanced quotation marks in {frame[:60]!r}")
        if st.kind in ("bullets", "takeaways", "table", "timeline"):
            if foot_numbers(st.foot) != st.numbers:
                out.append(f"{where}: foot {st.foot!r} but the slide shows notes {sorted(st.numbers)}")
            for n in st.numbers:
                if f"[{n}] " not in st.notes:
                    out.append(f"{where}: note {n} is shown but not quoted in the speaker notes")
        if section is not None and st.kind in ("bullets", "takeaways"):
            mode = section_mode(section)
            if mode == "report" and not override:
                for text, cited, heading in st.paras:
                    if not heading and not cited and not text.rstrip().endswith("?"):
                        out.append(f"{where}: uncited bullet {text[:60]!r}")
            if section.analysis and not (st.foot.startswith("Analysis") and st.label == "Analysis"):
                out.append(f"{where}: an analysis slide not labelled as analysis")
        if CONT.search(st.title) and st.kind in ("bullets", "takeaways", "table", "timeline") \
                and st.items < MIN_CONTINUED:
            out.append(f"{where}: a continuation slide with {st.items} item(s)")
        if st.kind == "bullets" and st.title == "What to decide" and st.label != "Analysis":
            out.append(f"{where}: recommendations not labelled as analysis")
    if len(body_sizes) > 1:
        out.append(f"body text in {len(body_sizes)} sizes: {sorted(body_sizes)}")
    if body_sizes and min(body_sizes) < MIN_BODY_PT:
        out.append(f"body text below {MIN_BODY_PT} pt: {sorted(body_sizes)}")
    if len(table_sizes) > 1 or (table_sizes and min(table_sizes) < MIN_TABLE_PT):
        out.append(f"tables in sizes {sorted(table_sizes)}")
    if len(timeline_sizes) > 1:
        out.append(f"timeline entries in sizes {sorted(timeline_sizes)}")
    out += _notes_problems(slides)
    if slides and slides[-1].kind != "sources":
        out.append("the deck does not end with its Sources slides")
    if any(CONT.sub("", st.title) == "Evidence appendix" for st in slides):
        out.append("the evidence appendix is a deck section")
    return out


def _notes_problems(slides: list[SlideText]) -> list[str]:
    """Nothing but evidence lines repeats between the slides of one section."""
    out = []
    seen: dict[str, set[str]] = {}
    for st in slides:
        if st.kind in ("cover", "agenda", "sources"):
            continue
        base = CONT.sub("", st.title)
        lines = {ln for ln in st.notes.split("\n") if ln.strip() and not re.match(r"\[\d+\] ", ln)
                 and ln != "Evidence:"}
        again = lines & seen.setdefault(base, set())
        if again:
            out.append(f"slide {st.number} `{st.title}`: notes repeat {sorted(again)[0][:60]!r}")
        seen[base] |= lines
    return out


# ---------------------------------------------------------------- the decks the tests read back


NEW_TOPIC_FACTS = """
  - id: farm-on-quarry
    claim: The solar farm stands on the site of an old quarry east of the town.
    tags: [energy, brenmoor]
    evidence:
      - source: brenmoor-solar-farm
        quote: It stands on the site of an old quarry east of the town.

  - id: second-site-studied
    claim: A second site is being studied, but no decision has been taken.
    date: 2024-09-02
    tags: [energy, brenmoor]
    evidence:
      - source: brenmoor-solar-farm
        quote: A second site is being studied, but no decision has been taken.
"""

NEW_TOPIC_SECTIONS = """
  - heading: Where the farm stands
    body: |
      The farm was built on old ground. It stands on the site of an old quarry east of the town [@farm-on-quarry], so no farmland was lost. The council's energy officer, Mara Lind, said: "This one field does what every roof in Brenmoor could not. It is a start." [@energy-officer-quote]

      ### Who owns it

      - **Local owners.** A cooperative of residents owns the farm, and 640 households have bought shares in it so far [@cooperative-members]; more may join as the cooperative grows and as the farm proves itself over its first winter.
      - **The council.** The town council expects the farm to supply about 1,200 homes with power [@solar-farm-size].

      | Item | What the report says |
      |---|---|
      | Panels | 4,800 solar panels [@solar-farm-size] |
      | Owners | A cooperative of local residents; 640 households hold shares [@cooperative-members] |
      | Site | An old quarry east of the town [@farm-on-quarry] |

  - heading: Timeline
    timeline: [solar-farm-opens, second-site-studied]

  - heading: What comes next
    body: |
      A second site is being studied, but no decision has been taken [@second-site-studied]. Nobody knows yet where it would be.
"""




@pytest.fixture(scope="module")
def new_topic(tmp_path_factory):
    """A project made by `briefgen new`, with a few more facts and sections written for it."""
    from briefgen.authoring.scaffold import scaffold

    root = tmp_path_factory.mktemp("topic") / "solar"
    scaffold(root, topic="Brenmoor's solar farm")
    facts = root / "seeds" / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").rstrip() + "\n" + NEW_TOPIC_FACTS, encoding="utf-8")
    outline = root / "briefs" / "brief.yaml"
    outline.write_text(outline.read_text(encoding="utf-8").rstrip() + "\n" + NEW_TOPIC_SECTIONS, encoding="utf-8")
    report = check([outline], options=Options(root=root))
    assert report.ok, [d.message for d in report.diagnostics if d.is_error]
    return report.checked[0].brief


def tripled(brief):
    """Return `brief` with every section three times (headings made distinct)."""
    sections = []
    for k in range(3):
        for s in brief.sections:
            if s.role == "takeaways" and k:
                continue
            sections.append(dataclasses.replace(s, id=f"{s.id}-{k}", heading=s.heading if not k else f"{s.heading} {k + 1}"))
    return dataclasses.replace(brief, sections=tuple(sections))


@pytest.fixture(scope="module")
def built(example_build, new_topic, theme):
    """The examples' decks as the build wrote them, the new topic's, and a policymakers deck three times as long."""
    out = {stem: (b, example_build.path(stem, ".pptx").read_bytes()) for stem, b in example_build.briefs.items()}
    out["new-topic"] = (new_topic, render(new_topic, theme=theme).data)
    big = tripled(out["policymakers"][0])
    out["policymakers-x3"] = (big, render(big, theme=theme).data)
    return out


# ---------------------------------------------------------------- the rules, on every deck


@pytest.mark.parametrize("name", ["policymakers", "public", "students", "new-topic", "policymakers-x3"])
def test_every_deck_follows_the_editing_rules(built, name):
    brief, data = built[name]
    assert problems(data, brief) == []


def test_the_students_quotation_is_shown_whole_with_its_citation(built):
    brief, data = built["students"]
    slide = next(s for s in read_deck(data) if s.title.startswith("What people in Niger say"))
    quote = next(t for t, cited, _ in slide.paras if "useless" in t)
    assert balanced(quote) and quote.count("\u201c") + quote.count("\u201d") + quote.count('"') >= 2
    assert "humiliation" in quote


def test_an_analysis_disclaimer_is_not_a_bullet_and_lead_ins_are(built):
    brief, data = built["policymakers"]
    slides = [s for s in read_deck(data) if s.title.startswith("Implications for Western partners")]
    shown = [t for s in slides for t, _, _ in s.paras]
    assert not any("author's analysis" in t for t in shown)
    assert "Mission creep" in shown and "Arms purchases" in shown
    assert all(s.foot.startswith("Analysis") for s in slides)


def test_the_policymakers_deck_ends_on_what_to_decide_then_its_sources(built):
    brief, data = built["policymakers"]
    titles = [s.title for s in read_deck(data)]
    assert titles[1] == "Agenda"
    last_content = [t for t in titles if not t.startswith("Sources")][-1]
    assert last_content == "What to decide"
    decide = next(s for s in read_deck(data) if s.title == "What to decide")
    assert [t for t, _, _ in decide.paras][0] == "Negotiate the exit, not only the relationship"
    assert not any(t.startswith("Evidence appendix") for t in titles)


def test_the_students_deck_ends_on_its_discussion_questions_then_its_sources(built):
    brief, data = built["students"]
    titles = [CONT.sub("", s.title) for s in read_deck(data)]
    assert [t for t in titles if t != "Sources"][-1] == "Discussion questions"
    assert titles[-1] == "Sources"


def test_a_deck_of_ten_slides_or_fewer_has_no_agenda_and_a_longer_one_has(built, theme):
    from builders import sample_brief

    short = read_deck(render(sample_brief(sections=1), theme=theme).data)
    assert len(short) <= 10 and "Agenda" not in [s.title for s in short]
    brief, data = built["new-topic"]
    slides = read_deck(data)
    assert len(slides) > 10 and slides[1].title == "Agenda"
    assert [t for t, _, _ in slides[1].paras][:2] == ["Key takeaways", "What happened"]


def test_speaker_notes_start_with_the_authors_notes_and_carry_the_full_text(built):
    brief, data = built["policymakers"]
    slides = read_deck(data)
    first = next(s for s in slides if s.title == "The new partnerships")
    assert first.notes.startswith("Stress that the Russian package in Niger")
    assert "Putin and Tiani discussed" in first.notes  # the section's text the slide condenses away
    cont = [s for s in slides if s.title.startswith("The new partnerships (cont.")]
    assert cont and all("Stress that the Russian package" not in s.notes for s in cont)


def test_an_analysis_table_slide_keeps_to_three_text_sizes(theme):
    from builders import sample_brief

    brief = sample_brief()
    partners = dataclasses.replace(brief.sections[2], analysis=True)
    brief = dataclasses.replace(brief, sections=brief.sections[:2] + (partners,))
    data = render(brief, theme=theme).data
    slides = [s for s in read_deck(data) if s.kind in ("table", "timeline")]
    assert slides and all(s.label == "Analysis" and len(s.sizes) <= 3 for s in slides)
    assert problems(data, brief) == []


def test_rendering_an_example_deck_again_gives_the_bytes_the_build_wrote(built, theme):
    brief, data = built["students"]
    assert render(brief, theme=theme).data == data


# ---------------------------------------------------------------- LibreOffice


def _letters(text: str) -> str:
    return re.sub(r"[\W\d_]+", "", text)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["policymakers", "public", "students", "new-topic", "policymakers-x3"])
def test_libreoffice_renders_every_word_of_every_slide(built, name, tmp_path):
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        pytest.skip("soffice or pdftotext is not installed (Debian: libreoffice-impress-nogui poppler-utils)")
    brief, data = built[name]
    src = tmp_path / "deck.pptx"
    src.write_bytes(data)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=300)
    slides = read_deck(data)
    for st in slides:
        page = subprocess.run(["pdftotext", "-f", str(st.number), "-l", str(st.number), str(tmp_path / "deck.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        # Letters only: LibreOffice may break "air-defence" at its hyphen and pdftotext joins the halves.
        letters = _letters(page)
        missing = sorted({w for w in re.findall(r"[^\W\d_]{2,}", st.xml_text) if _letters(w) not in letters
                          and w != "\u2039"})
        assert not missing, f"slide {st.number} `{st.title}`: {missing[:8]}"
