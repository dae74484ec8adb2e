"""Small builders for model objects, so renderer tests read like the documents they describe."""

from __future__ import annotations

from briefgen.model import (
    Brief,
    BulletList,
    Cite,
    Evidence,
    Inline,
    Note,
    Paragraph,
    PartialDate,
    Ref,
    Section,
    SlideOverride,
    Source,
    Subheading,
    Table,
    Text,
    Timeline,
    TimelineEntry,
)


def t(text: str, **kw: object) -> Text:
    return Text(text, **kw)  # type: ignore[arg-type]


def cite(*numbers: int, first: bool = False) -> Cite:
    return Cite(tuple(Ref(n, first) for n in numbers))


def para(*parts: "str | Inline") -> Paragraph:
    return Paragraph(tuple(Text(p) if isinstance(p, str) else p for p in parts))


def line(*parts: "str | Inline") -> tuple[Inline, ...]:
    return tuple(Text(p) if isinstance(p, str) else p for p in parts)


def sample_sources() -> tuple[Source, ...]:
    return (
        Source("alpha", "West Africa: Russia sends military trainers to Niger",
               published=PartialDate(2024, 4, 12), language="en",
               entry=(Text("West Africa: Russia sends military trainers to Niger", italic=True),
                      Text(". 12 April 2024."))),
        Source("beta", "Niger-Russia: the military partnership that displeases the West",
               language="en",
               entry=(Text("Niger-Russia: the military partnership that displeases the West", italic=True),
                      Text(". Undated."))),
    )


def note(n: int, quote: str, source: str = "alpha", *, attributed: str | None = None) -> Note:
    title = {"alpha": "West Africa: Russia sends military trainers to Niger",
             "beta": "Niger-Russia: the military partnership that displeases the West"}[source]
    body: list[Inline] = [Text("\u201c" + quote + "\u201d "), Text(title, italic=True), Text(", 12 April 2024.")]
    if attributed:
        body.append(Text(f" Attributed to {attributed}."))
    return Note(number=n, fact_id=f"fact-{n}", claim=f"Claim {n}.",
                evidence=(Evidence(source, quote),), body=tuple(body), attributed_to=attributed)


def sample_brief(*, sections: int = 1) -> Brief:
    """Return a brief that exercises every block type, hostile text and non-Latin scripts."""
    secs = [
        Section("key-takeaways", "Key takeaways", (
            BulletList((
                line("Niger ended military cooperation with the US ", cite(1, first=True), "."),
                line("Russia sent ", t("100", bold=True), " trainers ", cite(2, first=True), "."),
            )),
        ), role="takeaways"),
        Section("background", "Background", (
            para("Plain text with ", t("emphasis", italic=True), ", ", t("strong", bold=True),
                 " and a ", t("link", href="https://example.org/a?b=1&c=2"), " ", cite(1), "."),
            para("Markup must print literally: <b>bold</b> <font name=x>f</font> "
                 "<a href=\"javascript:alert(1)\">x</a> & &amp; ]]> < >."),
            para("Cyrillic: Москва, Нигер. Greek: Αθήνα, Σαχέλ. Accents: Abdourahamane Tiani, Niamey. ",
                 cite(3, first=True)),
            para("https://example.org/" + "x" * 480),
            Subheading("A subheading"),
            BulletList((line("First point"), line("Second point ", cite(2, 3))), ordered=True),
        ), slide=SlideOverride(bullets=(line("Coup of July 2023 ", cite(1)),), notes="Presenter notes.")),
        Section("partners", "New partners", (
            Table(header=(line("Country"), line("Partner")),
                  rows=(
                      (line("Niger"), line("Russia ", cite(2))),
                      (line("Mali"), line("Wagner Group")),
                  ), align=("left", "left")),
            Timeline((
                TimelineEntry(PartialDate(2021), "Wagner Group arrives in Mali", Ref(3), "fact-3"),
                TimelineEntry(PartialDate(2023, 7, 26), "Military seizes power in Niger", Ref(1), "fact-1"),
                TimelineEntry(PartialDate(2023, 9), "AES founded", Ref(2), "fact-2"),
                TimelineEntry(PartialDate(2024, 3), "Niger ends US cooperation", Ref(1), "fact-1"),
                TimelineEntry(PartialDate(2024, 4, 10), "Russian instructors arrive in Niamey", Ref(2), "fact-2"),
                TimelineEntry(PartialDate(2024, 4, 12), "RTN reports air-defence delivery", Ref(2), "fact-2"),
            ), caption="Timeline of the realignment"),
        )),
    ]
    for i in range(sections - 1):
        secs.append(Section(f"extra-{i}", f"Extra section {i + 1}", tuple(
            para(f"Extra paragraph {j + 1} of section {i + 1}, long enough to wrap across the line "
                 "several times so that the layout has to break it into lines and pages. ", cite(1))
            for j in range(6))))
    notes = (
        note(1, "In March, the junta ended its military cooperation with the USA in the fight against terrorism."),
        note(2, "Russia has sent an anti-aircraft system and 100 military trainers to Niger",
             attributed="Niger's state broadcaster RTN"),
        note(3, "On April 10, Russian military instructors arrived in Niamey aboard a plane loaded with military equipment", "beta"),
    )
    return Brief(
        title="Sahel Security Realignment <b>&amp;</b>",
        subtitle="Niger turns from the West to Russia",
        audience="policymakers",
        author="briefgen example",
        date=PartialDate(2024, 5, 1),
        language="en",
        keywords=("niger", "russia"),
        sections=tuple(secs),
        notes=notes,
        sources=sample_sources(),
        generator="briefgen 0.1.0",
        stem="sample",
    )
