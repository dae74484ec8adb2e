"""Write the benchmark's synthetic brief at sizes S, M and L as a briefgen project, Pandoc Markdown and Typst.

Usage:  python bench/generate.py [S|M|L|all] [OUTDIR] [--copies N]

Size S is one "unit": 6 sections, 25 body paragraphs, 42 citations of 30 facts quoting 10 sources,
a bullet list, a timeline and 5 rows of the actors table ("Who's who"; the policymakers audience
expects one), about 4 pages of text before the notes. M is 10 units, L is 100 units, each unit with
its own region, sources and facts, so nothing is merely repeated. Every fact's quote is a verbatim
passage of its source. The same text goes into three equivalent inputs:

    OUTDIR/<size>/briefgen/briefs/brief.yaml, seeds/facts.yaml, seeds/sources.yaml, seeds/*.txt
    OUTDIR/<size>/pandoc/brief.md + refs.json          (CSL-JSON; `[@source]` citations)
    OUTDIR/<size>/typst/brief.typ + refs.yml           (Hayagriva YAML; `@source` citations)

Pandoc and Typst cite the first source of each fact (they have no notion of a fact); briefgen cites
the fact, verifies its quotes and prints them in its notes. Size S also gets `--copies` extra outlines
(briefgen/many/brief-NN.yaml, same facts) for the many-outlines run. Output is deterministic: the same
arguments write the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

UNITS = {"S": 1, "M": 10, "L": 100}
TITLE = "Water, Power and Roads"
SUBTITLE = "A review of regional infrastructure resilience"
BRIEF_DATE = (2025, 6, 1)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

_PREFIX = ("Vel", "Ast", "Kel", "Mor", "Tal", "Bren", "Cor", "Dun", "Est", "Fal")
_SUFFIX = ("oria", "rand", "mar", "wick", "aven", "holm", "ara", "mere", "ton", "vale")
TOPICS = ("drinking water", "the power grid", "rural roads", "flood defences", "school buildings",
          "district clinics", "irrigation canals", "bus services", "broadband links", "grain storage")
ORGS = ("the Ministry of Public Works", "the regional development bank", "the provincial water board",
        "the national grid operator", "the Ministry of Finance", "the roads agency",
        "the association of mayors", "the statistics office", "the audit court", "the energy regulator")
ROLES = ("director", "chief engineer", "spokesperson", "chair", "deputy minister")
GIVEN = ("Ana", "Jonas", "Mira", "Tomas", "Lena", "Piotr", "Sara", "Elif", "Nuno", "Ines", "Karel", "Dana")
FAMILY = ("Ruiz", "Berg", "Novak", "Halden", "Okafor", "Lindqvist", "Marin", "Costa", "Varga", "Demir",
          "Keller", "Aalto")
OUTLETS = ("The Northern Courier", "Provincial Ledger", "Harbour Times", "Civic Review", "The Valley Post",
           "Daily Observer", "Infrastructure Weekly", "Regional Herald", "The Plains Gazette", "Town & Country")
PROJECTS = ("pumping station", "substation", "bypass", "reservoir", "treatment plant", "ring road",
            "flood barrier", "bridge", "solar park", "water tower")
FILLER = (
    "Officials describe the work as routine maintenance that had been postponed for years.",
    "A spokesperson for {org} declined to give a date for the next tender.",
    "The last comparable programme in {region} ended in {year}.",
    "Trade unions in {region} say staffing is the bigger problem.",
    "Figures for {year} have not yet been published.",
    "{org_cap} did not respond to a request for comment.",
    "Some of the money comes from a loan agreed in {year}.",
    "Residents interviewed at the market said they had heard little about the plans.",
    "The weather this spring was unusually dry across most of the province.",
    "Several contractors have bid for similar work in neighbouring districts.",
    "The council meets again after the summer recess to review progress.",
    "Local newspapers have covered the debate in detail since the winter.",
    "Engineers say older equipment is harder to repair because spare parts are scarce.",
    "Opposition councillors asked for a full list of contracts to be published.",
)
CONNECT = (
    "This matters because {topic} shapes how quickly {region} recovers after a storm.",
    "The figures suggest that public investment has not kept pace with accumulated maintenance needs.",
    "Taken together, these decisions point to a considerable shift in political priorities.",
    "It is too early to say whether the allocated money will be spent within the planned period.",
    "The gap between announcements and delivery is a recurring theme.",
    "Neighbouring regions face similar choices with smaller budgets.",
    "Much depends on whether qualified contractors can be found at the prices assumed in the budget.",
    "Households will judge the programme by what changes on the ground.",
)


@dataclass
class Fact:
    id: str
    claim: str
    quotes: list[tuple[str, str]]          # (source id, verbatim quote)
    date: tuple[int, ...] | None = None    # (y,), (y, m) or (y, m, d)
    attributed_to: str | None = None
    short: str = ""                        # a shorter wording for bullets and table cells
    actor: tuple[str, str] | None = None   # (name, role and organisation) for the actors table


@dataclass
class SourceText:
    id: str
    title: str
    outlet: str
    author: str
    published: tuple[int, int, int]
    sentences: list[str] = field(default_factory=list)


@dataclass
class Unit:
    region: str
    sources: list[SourceText]
    facts: list[Fact]
    sections: list[dict]                   # {"heading", "paras"|"bullets"|"timeline", ...}


# ---------------------------------------------------------------- content


def region_name(u: int) -> str:
    return _PREFIX[u % 10] + _SUFFIX[(u // 10 + u) % 10]


def _date_text(d: tuple[int, ...]) -> str:
    if len(d) == 3:
        return f"{d[2]} {MONTHS[d[1] - 1]} {d[0]}"
    if len(d) == 2:
        return f"{MONTHS[d[1] - 1]} {d[0]}"
    return str(d[0])


def _fact_templates(rng: random.Random, region: str, i: int) -> tuple[str, str, str, tuple[int, ...] | None, str | None]:
    """Return (source sentence, claim, short wording, date, attribution) for fact number `i` of a unit."""
    topic = TOPICS[rng.randrange(len(TOPICS))]
    org = ORGS[rng.randrange(len(ORGS))]
    year = rng.randint(2019, 2024)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    kind = i % 6
    if kind == 0:
        org = ORGS[rng.randrange(5)]  # the spending bodies
        n = rng.randint(12, 480)
        s = (f"On {day} {MONTHS[month - 1]} {year}, {org} announced that it would spend {n} million euros "
             f"on {topic} in {region} over the next five years.")
        c = f"{org[0].upper() + org[1:]} announced on {day} {MONTHS[month - 1]} {year} that it would spend {n} million euros on {topic} in {region}."
        return s, c, f"€{n} million for {topic}", (year, month, day), None
    if kind == 1:
        a, b = rng.randint(20, 90), rng.randint(91, 240)
        y1 = year - rng.randint(3, 6)
        s = (f"The number of households in {region} connected to {topic} rose from {a},000 in {y1} "
             f"to {b},000 in {year}, according to {org}.")
        c = f"Households in {region} connected to {topic} rose from {a},000 in {y1} to {b},000 in {year}."
        return s, c, f"{a},000 to {b},000 households", (year,), None
    if kind == 2:
        name = f"{GIVEN[rng.randrange(len(GIVEN))]} {FAMILY[rng.randrange(len(FAMILY))]}"
        role = ROLES[rng.randrange(len(ROLES))]
        s = (f"\u201cUnless {topic} can be relied on every day, nothing else we plan for {region} will last,\u201d "
             f"said {name}, {role} of {org}.")
        c = f"{name} said that unless {topic} can be relied on every day, nothing else planned for {region} will last."
        return s, c, f"{topic} as a precondition", None, f"{name}, {role} of {org}"
    if kind == 3:
        project = PROJECTS[rng.randrange(len(PROJECTS))]
        s = (f"Work on the new {project} outside {region} began in {MONTHS[month - 1]} {year} and is "
             f"expected to take about {rng.randint(14, 40)} months.")
        c = f"Work on a new {project} outside {region} began in {MONTHS[month - 1]} {year}."
        return s, c, f"new {project} under way", (year, month), None
    if kind == 4:
        p = rng.randint(8, 61)
        s = (f"A survey by {org} found that {p} per cent of households in {region} had no reliable access "
             f"to {topic} during the winter.")
        c = f"A survey found that {p} per cent of households in {region} lacked reliable access to {topic} in winter."
        return s, c, f"{p}% lack reliable {topic}", None, None
    overrun = rng.randint(11, 75)
    s = (f"Auditors reported that the cost of {topic} projects in {region} ran {overrun} per cent "
         f"over budget between {year - 2} and {year}.")
    c = f"Auditors found that {topic} projects in {region} ran {overrun} per cent over budget between {year - 2} and {year}."
    return s, c, f"{overrun}% cost overrun", None, "the audit court"


def make_unit(u: int) -> Unit:
    """Return unit `u`: 10 sources, 30 facts and 6 sections, all derived from one seeded RNG."""
    rng = random.Random(f"briefgen-bench-{u}")
    region = region_name(u)
    pre = f"u{u:03d}"
    sources = []
    for j in range(10):
        author = f"{GIVEN[rng.randrange(len(GIVEN))]} {FAMILY[rng.randrange(len(FAMILY))]}"
        year = rng.randint(2024, 2025)
        pub = (year, rng.randint(1, 12 if year == 2024 else 5), rng.randint(1, 28))
        title = f"{region}: {TOPICS[(j + u) % len(TOPICS)].capitalize()} under pressure ({j + 1})"
        sources.append(SourceText(f"{pre}-src{j:02d}", title, OUTLETS[(j + u) % len(OUTLETS)], author, pub))
    facts: list[Fact] = []
    for i in range(30):
        sentence, claim, short, date, attributed = _fact_templates(rng, region, i)
        src = sources[i % 10]
        src.sentences.append(sentence)
        quotes = [(src.id, sentence.rstrip("."))]
        if i % 3 == 2:  # every third fact is corroborated by a second, independent source
            other = sources[(i + 3) % 10]
            confirm = f"{other.outlet} has reported the same: {claim}"
            other.sentences.append(confirm)
            quotes.append((other.id, confirm.rstrip(".")))
        actor = tuple(attributed.split(", ", 1)) if attributed and ", " in attributed else None
        facts.append(Fact(f"{pre}-f{i:02d}", claim, quotes, date, attributed, short, actor))  # type: ignore[arg-type]
    for src in sources:  # pad each article with filler so quotes sit in a realistic amount of text
        org = ORGS[rng.randrange(len(ORGS))]
        for line in rng.sample(FILLER, 12):
            text = line.format(org=org, org_cap=org[0].upper() + org[1:], region=region, year=rng.randint(2009, 2018))
            src.sentences.insert(rng.randrange(len(src.sentences) + 1), text)

    def cite(*idx: int) -> str:
        return "[" + "; ".join(f"@{facts[k].id}" for k in idx) + "]"

    order = iter(range(30))

    def paragraph(n_cites: int) -> str:
        parts = []
        for _ in range(n_cites):
            k = next(order)
            parts.append(facts[k].claim[:-1] + f" {cite(k)}.")
        parts.append(CONNECT[rng.randrange(len(CONNECT))].format(topic=TOPICS[rng.randrange(10)], region=region))
        return " ".join(parts)

    first = u == 0
    sections: list[dict] = []
    sections.append({"heading": "Key takeaways" if first else f"{region} at a glance",
                     "bullets": [f"{facts[k].claim[:-1]} {cite(k)}." for k in (0, 7, 15, 20, 26)]})
    # 25 paragraphs citing facts 0..27 once each (28 keys); with 5 takeaways, 4 keys in the list
    # (one of them a two-fact citation) and 5 actors that makes 42 citations of 30 facts.
    plan = [[1, 1, 2, 1, 1, 1], [1, 1, 1, 1, 2, 1], [1, 1, 1, 1, 1, 1], [2, 1, 1, 1, 1, 1, 1]]
    heads = (f"Water and power in {region}", f"Budgets and delivery in {region}",
             f"Who does what in {region}", f"Implications for {region}")
    subs = (("Supply", "Demand"), ("Spending", "Overruns"), ("Agencies", "Contractors"), ("Assessment", "What to watch"))
    for s, counts in enumerate(plan):
        paras = [paragraph(c) for c in counts]
        sec: dict = {"heading": heads[s], "subs": subs[s], "paras": paras}
        if s == 1:
            sec["list"] = [f"{facts[k].short.capitalize()} {cite(*ks)}" for k, *ks in ((28, 28), (29, 29), (1, 1, 10))]
        if s == 3:
            sec["analysis"] = True
            sec["slide"] = [f"{facts[k].short.capitalize()} {cite(k)}" for k in (4, 16, 22)]
        sections.append(sec)
    dated = [f for f in facts if f.date is not None][:6]
    sections.append({"heading": "Timeline" if first else f"Timeline: {region}", "timeline": dated})
    return Unit(region, sources, facts, sections)


# ---------------------------------------------------------------- writers


def _q(s: str) -> str:
    """Return `s` as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def _block(text: str, indent: int) -> str:
    pad = " " * indent
    return "|\n" + "\n".join(pad + line if line else "" for line in text.split("\n")) + "\n"


def _markdown_body(sec: dict, key) -> str:
    """Return the Markdown of a prose section; `key` maps a fact id to the citation key to print."""
    import re

    def cites(text: str) -> str:
        return re.sub(r"@([a-z0-9-]+)", lambda m: "@" + key(m.group(1)), text)

    paras = sec["paras"]
    half = (len(paras) + 1) // 2
    out = [f"### {sec['subs'][0]}", *paras[:half]]
    if "list" in sec:
        out.append("\n".join(f"- {item}" for item in sec["list"]))
    out += [f"### {sec['subs'][1]}", *paras[half:]]
    if "table" in sec:
        header, *rows = sec["table"]
        lines = ["| " + " | ".join(header) + " |", "|---|---|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        out.append("\n".join(lines))
    return "\n\n".join(cites(p) for p in out)


def write_briefgen(units: list[Unit], root: Path, *, copies: int) -> None:
    seeds = root / "seeds"
    briefs = root / "briefs"
    seeds.mkdir(parents=True)
    briefs.mkdir()
    reg = ["# Synthetic sources for the briefgen benchmark (bench/generate.py).", "sources:"]
    for unit in units:
        for s in unit.sources:
            (seeds / f"{s.id}.txt").write_text(_article(s), encoding="utf-8")
            reg += [f"  - id: {s.id}", f"    file: {s.id}.txt", f"    title: {_q(s.title)}",
                    f"    published: {s.published[0]}-{s.published[1]:02d}-{s.published[2]:02d}",
                    f"    publisher: {_q(s.outlet)}", f"    author: {_q(s.author)}", "    url: null",
                    "    language: en"]
    (seeds / "sources.yaml").write_text("\n".join(reg) + "\n", encoding="utf-8")
    lines = ["# Synthetic facts for the briefgen benchmark; every quote is verbatim in its source.",
             "sources: sources.yaml", "facts:"]
    for unit in units:
        for f in unit.facts:
            lines += [f"  - id: {f.id}", f"    claim: {_q(f.claim)}"]
            if f.date:
                lines.append("    date: " + "-".join([str(f.date[0])] + [f"{x:02d}" for x in f.date[1:]]))
            if f.attributed_to:
                lines.append(f"    attributed_to: {_q(f.attributed_to)}")
            lines.append("    evidence:")
            for sid, quote in f.quotes:
                lines += [f"      - source: {sid}", f"        quote: {_q(quote)}"]
    (seeds / "facts.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    outline = _outline(units)
    (briefs / "brief.yaml").write_text(outline, encoding="utf-8")
    if copies:
        many = root / "many"
        many.mkdir()
        for n in range(1, copies + 1):
            (many / f"brief-{n:02d}.yaml").write_text(outline, encoding="utf-8")


def _article(s: SourceText) -> str:
    paras = [" ".join(s.sentences[k:k + 4]) for k in range(0, len(s.sentences), 4)]
    return f"{s.title}\n\nBy {s.author}, {s.outlet}, published {_date_text(s.published)}\n\n" + "\n\n".join(paras) + "\n"


def _outline(units: list[Unit]) -> str:
    y, m, d = BRIEF_DATE
    out = [f"title: {_q(TITLE)}", f"subtitle: {_q(SUBTITLE)}", "audience: policymakers",
           "author: briefgen benchmark", f"date: {y}-{m:02d}-{d:02d}", "facts: ../seeds/facts.yaml",
           "theme: default", "", "actors:"]
    for actor, fact in _actors(units):
        out += [f"  - name: {_q(actor[0])}", "    kind: person", f"    about: {_q(_actor_about(actor, fact) + f' [@{fact.id}].')}"]
    out += ["", "sections:"]
    for unit in units:
        for sec in unit.sections:
            out.append(f"  - heading: {_q(sec['heading'])}")
            if sec.get("analysis"):
                out.append("    analysis: true")
            if "bullets" in sec:
                out.append("    bullets:")
                out += [f"      - {_q(b)}" for b in sec["bullets"]]
            elif "timeline" in sec:
                out.append("    timeline:")
                out += [f"      - {f.id}" for f in sec["timeline"]]
            else:
                out.append("    body: " + _block(_markdown_body(sec, lambda k: k), 6).rstrip("\n"))
            if "slide" in sec:
                out += ["    slide:", "      bullets:"] + [f"        - {_q(b)}" for b in sec["slide"]]
                out.append(f"      notes: {_q('Stress what is known and what is still announced only.')}")
    return "\n".join(out) + "\n"


def _actors(units: list[Unit]) -> list[tuple[tuple[str, str], Fact]]:
    """Return the actors table's rows: each person once, under the first fact that quotes them.

    Names are drawn at random, so two units can quote people of the same name; one table lists
    a name once (briefgen reports a second row of the same name as the author's mistake).
    """
    rows: dict[str, tuple[tuple[str, str], Fact]] = {}
    for u in units:
        for f in u.facts:
            if f.actor is not None:
                rows.setdefault(f.actor[0], (f.actor, f))
    return list(rows.values())


def _actor_about(actor: tuple[str, str], fact: Fact) -> str:
    """Return the actors-table text for `fact`: "Chair of X; said that ..." (without citation)."""
    role = actor[1][0].upper() + actor[1][1:]
    return f"{role}; {fact.claim[len(actor[0]) + 1:-1]}"


def write_pandoc(units: list[Unit], root: Path) -> None:
    root.mkdir(parents=True)
    first_source = {f.id: f.quotes[0][0] for u in units for f in u.facts}
    refs = []
    for unit in units:
        for s in unit.sources:
            family, given = s.author.split(" ")[1], s.author.split(" ")[0]
            refs.append({"id": s.id, "type": "article-newspaper", "title": s.title,
                         "container-title": s.outlet, "author": [{"family": family, "given": given}],
                         "issued": {"date-parts": [list(s.published)]}})
    (root / "refs.json").write_text(json.dumps(refs, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    y, m, d = BRIEF_DATE
    out = ["---", f"title: {_q(TITLE)}", f"subtitle: {_q(SUBTITLE)}", "author: briefgen benchmark",
           f"date: {y}-{m:02d}-{d:02d}", "bibliography: refs.json", "lang: en-GB", "---", ""]
    key = first_source.__getitem__
    for unit in units:
        for sec in unit.sections:
            out += [f"# {sec['heading']}", ""]
            if "bullets" in sec:
                import re
                out += [re.sub(r"@([a-z0-9-]+)", lambda mm: "@" + key(mm.group(1)), f"- {b}") for b in sec["bullets"]]
            elif "timeline" in sec:
                out += [f"- **{_date_text(f.date)}**: {f.claim[:-1]} [@{key(f.id)}]." for f in sec["timeline"]]
            else:
                out.append(_markdown_body(sec, key))
            out.append("")
    out += ["# Who\u2019s who", "", "| Actor | What the sources say |", "|---|---|"]
    out += [f"| **{a[0]}** | {_actor_about(a, f)} [@{key(f.id)}]. |" for a, f in _actors(units)]
    out += ["", "# Sources", "", "::: {#refs}", ":::", ""]
    (root / "brief.md").write_text("\n".join(out), encoding="utf-8")


def _typ(text: str) -> str:
    """Return plain text escaped for Typst markup."""
    for ch in "\\#*_@<>$[]`~=/":
        text = text.replace(ch, "\\" + ch)
    return text


def _typ_cites(text: str, key) -> str:
    """Return Markdown-ish text (with **bold** and [@a; @b]) as Typst markup with @key citations."""
    import re

    parts = re.split(r"(\[@[^\]]+\])", text)
    out = []
    for p in parts:
        if p.startswith("[@"):
            out.append("".join(f"#cite(<{key(k.strip().lstrip('@'))}>)" for k in p[1:-1].split(";")))
        else:
            out.append(_typ(p))
    return "".join(out)


def write_typst(units: list[Unit], root: Path, *, font_dir: Path | None) -> None:
    root.mkdir(parents=True)
    first_source = {f.id: f.quotes[0][0] for u in units for f in u.facts}
    key = first_source.__getitem__
    bib = []
    for unit in units:
        for s in unit.sources:
            bib += [f"{s.id}:", "  type: article", f"  title: {_q(s.title)}", f"  author: {_q(s.author)}",
                    f"  date: {s.published[0]}-{s.published[1]:02d}-{s.published[2]:02d}",
                    "  parent:", "    type: newspaper", f"    title: {_q(s.outlet)}"]
    (root / "refs.yml").write_text("\n".join(bib) + "\n", encoding="utf-8")
    y, m, d = BRIEF_DATE
    font = '"Carlito", ' if font_dir is not None else ""
    out = [f'#set document(title: {_q(TITLE)}, author: "briefgen benchmark", date: datetime(year: {y}, month: {m}, day: {d}))',
           '#set page(paper: "a4", margin: 2.2cm, numbering: "1")',
           f'#set text(font: ({font}"Libertinus Serif"), size: 10.5pt, lang: "en")',
           "#set par(justify: true)",
           '#show heading.where(level: 1): set text(fill: rgb("#1f3a5f"))',
           "",
           f"#align(center)[#text(22pt, weight: \"bold\")[{_typ(TITLE)}] \\ #text(13pt)[{_typ(SUBTITLE)}] \\ "
           f"#text(9pt)[briefgen benchmark, {_date_text(BRIEF_DATE)}]]", ""]
    for unit in units:
        for sec in unit.sections:
            out += [f"= {_typ(sec['heading'])}", ""]
            if "bullets" in sec:
                out += [f"- {_typ_cites(b, key)}" for b in sec["bullets"]]
            elif "timeline" in sec:
                out.append("#table(columns: (auto, 1fr), stroke: none,")
                out += [f"  [*{_date_text(f.date)}*], [{_typ(f.claim[:-1])} #cite(<{key(f.id)}>)]," for f in sec["timeline"]]
                out.append(")")
            else:
                body = _markdown_body(sec, lambda k: k)
                for block in body.split("\n\n"):
                    if block.startswith("### "):
                        out.append(f"== {_typ(block[4:])}")
                    elif block.startswith("- "):
                        out += [f"- {_typ_cites(line[2:], key)}" for line in block.split("\n")]
                    elif block.startswith("|"):
                        rows = [r.strip("|").split(" | ") for r in block.split("\n") if not r.startswith("|---")]
                        out.append("#table(columns: (auto, 1fr), inset: 5pt,")
                        out += ["  " + " ".join(f"[{_typ_cites(c.strip(), key)}]," for c in row) for row in rows]
                        out.append(")")
                    else:
                        out.append(_typ_cites(block, key))
                    out.append("")
            out.append("")
    out += ["= Who\u2019s who", "", "#table(columns: (auto, 1fr), inset: 5pt,", "  [*Actor*], [*What the sources say*],"]
    out += [f"  [*{_typ(a[0])}*], [{_typ(_actor_about(a, f))} #cite(<{key(f.id)}>).]," for a, f in _actors(units)]
    out += [")", "", '#bibliography("refs.yml", title: "Sources", style: "ieee")', ""]
    (root / "brief.typ").write_text("\n".join(out), encoding="utf-8")


def generate(size: str, outdir: Path, *, copies: int = 8, font_dir: Path | None = None) -> Path:
    """Write size `size` under `outdir/size` (replacing it) and return that folder."""
    units = [make_unit(u) for u in range(UNITS[size])]
    root = outdir / size
    if root.exists():
        shutil.rmtree(root)
    write_briefgen(units, root / "briefgen", copies=copies if size == "S" else 0)
    write_pandoc(units, root / "pandoc")
    write_typst(units, root / "typst", font_dir=font_dir)
    return root


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("size", nargs="?", default="all", help="S, M, L or all (default: all)")
    ap.add_argument("outdir", nargs="?", type=Path, default=Path(__file__).parent / "data",
                    help="output folder (default: bench/data)")
    ap.add_argument("--copies", type=int, default=8, help="extra S outlines for the many-outlines run (default 8)")
    args = ap.parse_args()
    sizes = list(UNITS) if args.size.lower() == "all" else [args.size.upper()]
    fonts = Path(__file__).resolve().parent.parent / "templates" / "default" / "fonts"
    for size in sizes:
        if size not in UNITS:
            ap.error(f"unknown size `{size}`; choose S, M, L or all")
        print(f"wrote {generate(size, args.outdir, copies=args.copies, font_dir=fonts if fonts.is_dir() else None)}")


if __name__ == "__main__":
    main()
