"""theme.yaml's colours and font applied to an Office template (reference.docx, slides.pptx) as it opens.

A template records the colours it was styled with in its Office theme part (`theme1.xml`, the
colour scheme Word's and PowerPoint's pickers show). briefgen reads the five colour roles from
the slots it writes them to (`ROLE_SLOTS`), then:

- sets those slots (and accent 1 and the hyperlink colour, which follow primary) to theme.yaml's
  colours, and the theme fonts (`a:majorFont`, `a:minorFont` latin typeface) to its office font;
- recolours every colour in the template's styles, masters and layouts that *equals* the old
  colour of a role to the new colour of that role, and renames every explicit use of the old
  theme font.

Colours of the template that are not one of its theme's role colours are its own, and stay.
Nothing changes (not a byte) when theme.yaml agrees with the template.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping

from .names import A, W

if TYPE_CHECKING:
    from ...theme import Theme

# role -> the colour-scheme slot that records it (the same in the DOCX's and the deck's theme)
ROLE_SLOTS = (("text", "dk1"), ("primary", "dk2"), ("light", "lt2"), ("accent", "accent2"), ("muted", "accent3"))
# slots that follow a role without recording it (a template may have set them to anything)
FOLLOWERS = (("accent1", "primary"), ("hlink", "primary"))
_COLOR_ATTRS = {f"{{{A}}}srgbClr": ("val",), f"{{{W}}}color": (f"{{{W}}}val",), f"{{{W}}}shd": (f"{{{W}}}fill",)}
_W_COLOR = f"{{{W}}}color"  # the colour attribute of Word borders (w:top, w:bottom, w:pBdr/...)
_FONT_ATTRS = {f"{{{A}}}latin": ("typeface",),
               f"{{{W}}}rFonts": tuple(f"{{{W}}}{k}" for k in ("ascii", "hAnsi", "cs", "eastAsia"))}


class Retheme:
    """What applying a theme to one template changes: old colour -> new, old font -> new."""

    def __init__(self, colors: Mapping[str, str], fonts: Mapping[str, str]) -> None:
        self.colors = {k.upper(): v.upper() for k, v in colors.items() if k.upper() != v.upper()}
        self.fonts = {k: v for k, v in fonts.items() if k != v}

    def __bool__(self) -> bool:
        return bool(self.colors or self.fonts)

    def apply(self, root: Any) -> bool:
        """Recolour and refont the lxml tree `root` in place; return whether anything changed."""
        changed = False
        if not self:
            return False
        for el in root.iter():
            tag = el.tag
            if not isinstance(tag, str):
                continue
            for name in _COLOR_ATTRS.get(tag, ()) + ((_W_COLOR,) if tag.startswith(f"{{{W}}}") else ()):
                value = el.get(name)
                if value is not None and value.upper() in self.colors:
                    el.set(name, self.colors[value.upper()])
                    changed = True
            for name in _FONT_ATTRS.get(tag, ()):
                value = el.get(name)
                if value is not None and value in self.fonts:
                    el.set(name, self.fonts[value])
                    changed = True
        return changed


def theme_colors(theme: "Theme") -> dict[str, str]:
    """Return theme.yaml's colour for each role (`RRGGBB`, upper case)."""
    return {role: theme.color(role) for role, _ in ROLE_SLOTS}


def apply_to_theme_part(blob: bytes, theme: "Theme") -> tuple[bytes, Retheme]:
    """Return a template's `theme1.xml` set to `theme`'s colours and office font, and the
    `Retheme` that carries the template's other parts along (old role colours and font -> new).

    Returns `blob` itself, unchanged, when the theme agrees with it.
    """
    from lxml import etree

    root = etree.fromstring(blob)
    scheme = root.find(f"{{{A}}}themeElements/{{{A}}}clrScheme")
    fonts = root.find(f"{{{A}}}themeElements/{{{A}}}fontScheme")
    new = theme_colors(theme)
    old_colors: dict[str, str] = {}
    changed = False
    if scheme is not None:
        for role, slot in ROLE_SLOTS + tuple((role, slot) for slot, role in FOLLOWERS):
            el = scheme.find(f"{{{A}}}{slot}")
            if el is None:
                continue
            current = el.find(f"{{{A}}}srgbClr")
            if current is not None and (role, slot) in ROLE_SLOTS:
                old_colors.setdefault(current.get("val", "").upper(), new[role])
            if current is None or current.get("val", "").upper() != new[role] or len(el) != 1:
                for child in list(el):
                    el.remove(child)
                etree.SubElement(el, f"{{{A}}}srgbClr", val=new[role])
                changed = True
    old_fonts: dict[str, str] = {}
    office = theme.font.office_name
    if fonts is not None:
        for which in ("majorFont", "minorFont"):
            latin = fonts.find(f"{{{A}}}{which}/{{{A}}}latin")
            if latin is None:
                continue
            old = latin.get("typeface", "")
            if old and old != office:
                old_fonts[old] = office
                latin.set("typeface", office)
                changed = True
    retheme = Retheme(old_colors, old_fonts)
    if not changed:
        return blob, retheme
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), retheme


def apply_to_elements(retheme: Retheme, elements: Iterable[Any]) -> None:
    """Recolour and refont each lxml element tree (styles, masters, layouts) in place."""
    for root in elements:
        retheme.apply(root)
