"""A new topic project: a sample source, a small verified fact library and an outline that builds at once."""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import BriefgenError, error

EXAMPLE = "brenmoor-solar-farm"

# An original sample article, written for this starter project; the town and its people are invented.
_ARTICLE = """\
Brenmoor opens a community solar farm

Published: 2 September 2024

The town of Brenmoor opened a community solar farm on 30 August 2024. It stands on the site of an old quarry east of the town.

The farm has 4,800 solar panels. The town council expects it to supply about 1,200 homes with power.

"This one field does what every roof in Brenmoor could not," said Mara Lind, the council's energy officer.

The farm is owned by a cooperative of local residents. So far, 640 households have bought shares in it.

A second site is being studied, but no decision has been taken.

This sample article was written for briefgen's starter project. The town and its people are invented.
"""

_SOURCES = f"""\
# The sources your facts quote: one entry per text file in this folder.
# Save each article as UTF-8 text, first line the headline. Leave unknown details null: never guess.
sources:
  - id: {EXAMPLE}
    file: {EXAMPLE}.txt
    title: Brenmoor opens a community solar farm
    published: 2024-09-02
    publisher: null                     # a sample article written for briefgen; replace with your own sources
    author: null
    url: null
    language: en
"""

_FACTS = f"""\
# The fact library: each claim says no more than its quotes, and every quote is copied exactly
# from its source (only quote marks, dashes and spacing may differ). `briefgen check` verifies them.
# `briefgen facts suggest {EXAMPLE}` proposes candidate facts from a source.
sources: sources.yaml
facts:

  - id: solar-farm-opens
    claim: Brenmoor opened a community solar farm on 30 August 2024.
    date: 2024-08-30
    tags: [energy, brenmoor]
    evidence:
      - source: {EXAMPLE}
        quote: The town of Brenmoor opened a community solar farm on 30 August 2024.

  - id: solar-farm-size
    claim: The solar farm has 4,800 panels, and the town council expects it to supply about 1,200 homes with power.
    attributed_to: Brenmoor's town council
    tags: [energy, brenmoor]
    evidence:
      - source: {EXAMPLE}
        quote: The farm has 4,800 solar panels.
      - source: {EXAMPLE}
        quote: The town council expects it to supply about 1,200 homes with power.

  - id: energy-officer-quote
    claim: The council's energy officer, Mara Lind, said the farm does what every roof in Brenmoor could not.
    attributed_to: Mara Lind, the council's energy officer
    tags: [energy, brenmoor]
    evidence:
      - source: {EXAMPLE}
        quote: '"This one field does what every roof in Brenmoor could not," said Mara Lind'

  - id: cooperative-members
    claim: A cooperative of local residents owns the solar farm; 640 households have bought shares in it so far.
    tags: [energy, brenmoor, cooperative]
    evidence:
      - source: {EXAMPLE}
        quote: The farm is owned by a cooperative of local residents.
      - source: {EXAMPLE}
        quote: So far, 640 households have bought shares in it.
"""

_OUTLINE = """\
# The outline: what the brief says, section by section. Cite facts with [@fact-id];
# sections marked `analysis: true` hold your own reading and are labelled as such.
title: {title}
subtitle: A starter brief to replace with your own
audience: public                        # policymakers, students or public: sets reading level and teaching blocks
author: Your name
date: {date}
facts: ../seeds/facts.yaml
theme: default

glossary:
  - term: Cooperative
    definition: A business owned and run by the people who use it.

sections:
  - heading: Key takeaways
    bullets:
      - Brenmoor opened a community solar farm on 30 August 2024 [@solar-farm-opens].
      - The council expects it to supply about 1,200 homes with power [@solar-farm-size].
      - Local people own the farm through a cooperative [@cooperative-members].

  - heading: What happened
    body: |
      The town of Brenmoor opened its solar farm at the end of August 2024 [@solar-farm-opens]. The farm has 4,800 panels. The town council expects it to supply about 1,200 homes [@solar-farm-size].

      The farm belongs to the people who live nearby. So far, 640 households have bought shares in the cooperative that owns it [@cooperative-members]. "This one field does what every roof in Brenmoor could not," said the council's energy officer, Mara Lind [@energy-officer-quote].

  - heading: What to watch
    analysis: true
    body: |
      This section is our own reading of the report, not part of it.

      - Will more households buy shares, and will the cooperative keep its members' trust?
      - Will the farm really supply as many homes as the council expects [@solar-farm-size]?
      - Could a second farm follow, and would local people invest in it again?
"""

_README = """\
# {title}

A briefgen project. Check it, then build the brief:

    briefgen check briefs/brief.yaml
    briefgen build briefs/brief.yaml -o build

Then make it yours: put your sources' text in `seeds/` and list them in `seeds/sources.yaml`,
add facts that quote them to `seeds/facts.yaml` (`briefgen facts suggest SOURCE_ID` drafts
some), and write the outline in `briefs/brief.yaml`. The sample article about Brenmoor is
invented; delete it once you have your own.
"""


# The French starter: the same invented story, written in French, for a brief with `language: fr`.
_ARTICLE_FR = """\
Brenmoor inaugure une centrale solaire citoyenne

Publié le 2 septembre 2024

La commune de Brenmoor a inauguré une centrale solaire citoyenne le 30 août 2024. Elle est installée sur le site d'une ancienne carrière, à l'est de la ville.

La centrale compte 4 800 panneaux solaires. Le conseil municipal estime qu'elle alimentera environ 1 200 foyers en électricité.

« Ce seul champ fait ce que tous les toits de Brenmoor ne pouvaient pas faire », a déclaré Mara Lind, chargée de l'énergie à la mairie.

La centrale appartient à une coopérative d'habitants. À ce jour, 640 foyers en ont acheté des parts.

Un second site est à l'étude, mais aucune décision n'a été prise.

Cet article d'exemple a été écrit pour le projet de départ de briefgen. La commune et ses habitants sont inventés.
"""

_SOURCES_FR = f"""\
# Les sources que citent vos faits : une entrée par fichier texte de ce dossier.
# Enregistrez chaque article en texte UTF-8, le titre en première ligne. Laissez null ce que vous
# ne savez pas : ne devinez jamais.
sources:
  - id: {EXAMPLE}
    file: {EXAMPLE}.txt
    title: Brenmoor inaugure une centrale solaire citoyenne
    published: 2024-09-02
    publisher: null                     # un article d'exemple écrit pour briefgen ; remplacez-le par vos sources
    author: null
    url: null
    language: fr
"""

_FACTS_FR = f"""\
# La bibliothèque de faits : chaque affirmation (claim) n'en dit pas plus que ses citations, et
# chaque citation (quote) est copiée mot pour mot de sa source (seuls les guillemets, les tirets
# et les espaces peuvent différer). `briefgen check` les vérifie.
# `briefgen facts suggest {EXAMPLE}` propose des faits tirés d'une source.
sources: sources.yaml
facts:

  - id: solar-farm-opens
    claim: Brenmoor a inauguré une centrale solaire citoyenne le 30 août 2024.
    date: 2024-08-30
    tags: [energie, brenmoor]
    evidence:
      - source: {EXAMPLE}
        quote: La commune de Brenmoor a inauguré une centrale solaire citoyenne le 30 août 2024.

  - id: solar-farm-size
    claim: La centrale compte 4 800 panneaux, et le conseil municipal estime qu'elle alimentera environ 1 200 foyers en électricité.
    attributed_to: le conseil municipal de Brenmoor
    tags: [energie, brenmoor]
    evidence:
      - source: {EXAMPLE}
        quote: La centrale compte 4 800 panneaux solaires.
      - source: {EXAMPLE}
        quote: Le conseil municipal estime qu'elle alimentera environ 1 200 foyers en électricité.

  - id: energy-officer-quote
    claim: Mara Lind, chargée de l'énergie à la mairie, a déclaré que ce seul champ fait ce que tous les toits de Brenmoor ne pouvaient pas faire.
    attributed_to: Mara Lind, chargée de l'énergie à la mairie
    tags: [energie, brenmoor]
    evidence:
      - source: {EXAMPLE}
        quote: « Ce seul champ fait ce que tous les toits de Brenmoor ne pouvaient pas faire », a déclaré Mara Lind

  - id: cooperative-members
    claim: Une coopérative d'habitants possède la centrale ; 640 foyers en ont acheté des parts à ce jour.
    tags: [energie, brenmoor, cooperative]
    evidence:
      - source: {EXAMPLE}
        quote: La centrale appartient à une coopérative d'habitants.
      - source: {EXAMPLE}
        quote: À ce jour, 640 foyers en ont acheté des parts.
"""

_OUTLINE_FR = """\
# Le plan : ce que dit la note, partie par partie. Citez les faits avec [@id-du-fait] ;
# les parties marquées `analysis: true` sont votre propre lecture, et signalées comme telles.
title: {title}
subtitle: Une note de départ à remplacer par la vôtre
audience: public                        # policymakers, students ou public : niveau de lecture et blocs pédagogiques
author: Votre nom
date: {date}
language: fr
facts: ../seeds/facts.yaml
theme: default

glossary:
  - term: Coopérative
    definition: Une entreprise détenue et dirigée par les personnes qui s'en servent.

sections:
  - heading: L'essentiel
    bullets:
      - Brenmoor a inauguré une centrale solaire citoyenne le 30 août 2024 [@solar-farm-opens].
      - Le conseil municipal estime qu'elle alimentera environ 1 200 foyers [@solar-farm-size].
      - Les habitants possèdent la centrale au sein d'une coopérative [@cooperative-members].

  - heading: Ce qui s'est passé
    body: |
      La commune de Brenmoor a inauguré sa centrale solaire à la fin du mois d'août 2024 [@solar-farm-opens]. La centrale compte 4 800 panneaux. Le conseil municipal estime qu'elle alimentera environ 1 200 foyers [@solar-farm-size].

      La centrale appartient à ceux qui vivent tout près. À ce jour, 640 foyers ont acheté des parts de la coopérative qui la possède [@cooperative-members]. « Ce seul champ fait ce que tous les toits de Brenmoor ne pouvaient pas faire », a déclaré Mara Lind, chargée de l'énergie à la mairie [@energy-officer-quote].

  - heading: Ce qu'il faut surveiller
    analysis: true
    body: |
      Cette partie est notre propre lecture de l'article, pas son contenu.

      - D'autres foyers achèteront-ils des parts, et la coopérative gardera-t-elle la confiance de ses membres ?
      - La centrale alimentera-t-elle vraiment autant de foyers que le conseil l'espère [@solar-farm-size] ?
      - Une seconde centrale pourrait-elle suivre, et les habitants y investiraient-ils à nouveau ?
"""

_README_FR = """\
# {title}

Un projet briefgen. Vérifiez-le, puis fabriquez la note :

    briefgen check briefs/brief.yaml
    briefgen build briefs/brief.yaml -o build

Faites-en ensuite le vôtre : mettez le texte de vos sources dans `seeds/` et déclarez-les dans
`seeds/sources.yaml`, ajoutez à `seeds/facts.yaml` des faits qui les citent (`briefgen facts
suggest ID_SOURCE` en propose) et écrivez le plan dans `briefs/brief.yaml`. L'article d'exemple
sur Brenmoor est inventé : supprimez-le dès que vous avez les vôtres.
"""


@dataclass(frozen=True, slots=True)
class _Starter:
    """One language's starter project: its texts and the title a brief gets without `--topic`."""

    article: str
    sources: str
    facts: str
    outline: str
    readme: str
    title: str


STARTERS = {
    "en": _Starter(_ARTICLE, _SOURCES, _FACTS, _OUTLINE, _README, "Brenmoor's community solar farm"),
    "fr": _Starter(_ARTICLE_FR, _SOURCES_FR, _FACTS_FR, _OUTLINE_FR, _README_FR,
                   "La centrale solaire citoyenne de Brenmoor"),
}


def scaffold(dest: Path, *, topic: str | None = None, today: _dt.date | None = None,
             language: str = "en") -> list[Path]:
    """Write a new project into `dest` and return the files written, in order.

    The project checks clean and builds at once: a sample source, four facts quoting it, and an
    outline (titled `topic` when given, dated `today`) citing them, all written in `language`
    (one of |STARTERS|: `en`, `fr`). Raises |BriefgenError| when `dest` is a file or a folder
    that is not empty: nothing is ever overwritten.
    """
    starter = STARTERS[language]
    if dest.exists() and not dest.is_dir():
        raise BriefgenError([error(f"`{dest}` is a file, not a folder",
                                   help="name a new folder for the project")])
    if dest.is_dir() and any(dest.iterdir()):
        raise BriefgenError([error(f"the folder `{dest}` is not empty",
                                   help="name a new or empty folder; `briefgen new` never overwrites files")])
    title = " ".join((topic or "").split()) or starter.title
    values = {"title": json.dumps(title, ensure_ascii=False),
              "date": (today or _dt.date.today()).isoformat()}
    from ..load.schema import json_schema

    def schema_line(kind: str, depth: int) -> str:
        # read by the YAML extension of VS Code and other editors: completion and checks as you type
        return f"# yaml-language-server: $schema={'../' * depth}.schema/{kind}.json\n"

    files = [
        ("seeds/sources.yaml", schema_line("sources", 1) + starter.sources),
        (f"seeds/{EXAMPLE}.txt", starter.article),
        ("seeds/facts.yaml", schema_line("facts", 1) + starter.facts),
        ("briefs/brief.yaml", schema_line("outline", 1) + starter.outline.format(**values)),
        ("README.md", starter.readme.format(title=title)),
        *((f".schema/{kind}.json", json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n")
          for kind in ("outline", "facts", "sources", "theme", "audience")),
    ]
    written = []
    for relative, text in files:
        path = dest / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as fh:  # "x": never overwrite
            fh.write(text)
        written.append(path)
    return written
