"""The little CSS a saved page's layout needs: declarations, lengths in points, colours, borders,
and the simple class and id rules of its own <style> blocks (stylesheets it links to are never
fetched).

Lengths come out in PDF points (1px = 0.75pt), the unit the page layout works in.
"""

from __future__ import annotations

import re
from functools import lru_cache

DEFAULT_FONT_PT = 12.0  # a browser's 16px
# CSS's keyword widths of a border (thin 1px, medium 3px, thick 5px), in points.
_BORDER_KEYWORDS = {"thin": 0.75, "medium": 2.25, "thick": 3.75}
_BORDER_STYLES = {"solid", "dashed", "dotted", "double", "groove", "ridge", "inset", "outset", "none", "hidden"}
_UNITS = {"pt": 1.0, "px": 0.75, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "q": 72 / 101.6, "pc": 12.0}
_LENGTH = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)([a-z%]*)$")
_NAMED_LIGHT = {"white", "transparent", "none", "initial", "inherit", "unset", "currentcolor"}
_SIDES = ("top", "right", "bottom", "left")


def declarations(style: str | None) -> dict[str, str]:
    """`prop: value` pairs of an inline style or a rule body, property names lowercased."""
    out: dict[str, str] = {}
    if not style:
        return out
    for decl in style.split(";"):
        name, colon, value = decl.partition(":")
        if colon:
            value = value.replace("!important", "").strip()
            out[name.strip().lower()] = value
    return out


def length(value: str | None, font_size: float = DEFAULT_FONT_PT) -> float | None:
    """A CSS length in points; None for `auto`, percentages and what is not a length."""
    if value is None:
        return None
    parts = _number_and_unit(value)
    if parts is None:
        return None
    number, unit = parts
    if unit in _UNITS:
        return number * _UNITS[unit]
    if unit == "em":
        return number * font_size
    if unit == "rem":
        return number * DEFAULT_FONT_PT
    if unit == "" and number == 0:
        return 0.0
    return None


@lru_cache(maxsize=8192)
def _number_and_unit(value: str) -> tuple[float, str] | None:
    m = _LENGTH.match(value.strip().lower())
    return None if m is None else (float(m.group(1)), m.group(2))


def font_size(style: dict[str, str], inherited: float) -> float:
    """The element's font size in points (em and % relative to the inherited size)."""
    value = style.get("font-size")
    if value is None:
        font = style.get("font")  # shorthand: '... 10.5pt/1.2 宋体'
        sized = re.search(r"(\d[\d.]*(?:pt|px|em|rem|mm|cm|%))(?:/\S+)?", font) if font else None
        value = sized.group(1) if sized else None
    if value is None:
        return inherited
    value = value.strip().lower()
    if value.endswith("%"):
        try:
            return inherited * float(value[:-1]) / 100
        except ValueError:
            return inherited
    size = length(value, inherited)
    return size if size is not None and size > 0 else inherited


def line_height(style: dict[str, str], size: float) -> float:
    """The height of one line box: a length, a multiple of the font size, or 'normal'."""
    value = (style.get("line-height") or "normal").strip().lower()
    if value != "normal":
        try:
            return float(value) * size  # a bare number multiplies the font size
        except ValueError:
            pass
        if value.endswith("%"):
            try:
                return float(value[:-1]) / 100 * size
            except ValueError:
                pass
        got = length(value, size)
        if got is not None and got > 0:
            return got
    return 1.2 * size


def visible_colour(value: str | None) -> bool:
    """Would ink in this colour show on a white page? (white, transparent and unset do not)."""
    if value is None:
        return True  # a border with no colour takes the text's: black
    v = value.strip().lower().replace(" ", "")
    if v in _NAMED_LIGHT or v in ("#fff", "#ffffff", "#ffff", "#ffffffff"):
        return False
    if v.startswith("rgba(") and v.rstrip(")").split(",")[-1] in ("0", "0.0", "0%"):
        return False
    if v.startswith(("rgb(255,255,255", "rgba(255,255,255")):
        return False
    return not (v.startswith("#") and len(v) == 9 and v.endswith("00"))


def borders(style: dict[str, str], size: float) -> dict[str, float]:
    """The drawn width of each side's border (top, right, bottom, left), 0 where none shows."""
    if not any(prop.startswith("border") for prop in style):
        return dict.fromkeys(_SIDES, 0.0)
    sides = {side: [None, None, None] for side in _SIDES}  # width, style, colour
    for prop in ("border", *(f"border-{s}" for s in _SIDES)):
        if prop in style:
            w, st, colour = _border_shorthand(style[prop], size)
            for side in _SIDES if prop == "border" else (prop[7:],):
                sides[side] = [w, st, colour]
    for part, index in (("width", 0), ("style", 1), ("color", 2)):
        if f"border-{part}" in style:
            values = style[f"border-{part}"].split()
            for side, value in zip(_SIDES, _four(values), strict=True):
                sides[side][index] = _border_width(value, size) if index == 0 else value.lower()
        for side in _SIDES:
            if f"border-{side}-{part}" in style:
                value = style[f"border-{side}-{part}"]
                sides[side][index] = _border_width(value, size) if index == 0 else value.lower()
    out: dict[str, float] = {}
    for side, (w, st, colour) in sides.items():
        if st is None or st in ("none", "hidden") or not visible_colour(colour):
            out[side] = 0.0
        else:
            out[side] = _BORDER_KEYWORDS["medium"] if w is None else w
    return out


def _four(values: list[str]) -> list[str]:
    """CSS's one-to-four-value shorthand expanded to top, right, bottom, left."""
    if not values:
        return ["", "", "", ""]
    if len(values) == 1:
        return values * 4
    if len(values) == 2:
        return [values[0], values[1], values[0], values[1]]
    if len(values) == 3:
        return [values[0], values[1], values[2], values[1]]
    return values[:4]


def _border_width(value: str, size: float) -> float | None:
    value = value.strip().lower()
    if value in _BORDER_KEYWORDS:
        return _BORDER_KEYWORDS[value]
    return length(value, size)


@lru_cache(maxsize=1024)
def _border_shorthand(value: str, size: float) -> tuple[float | None, str | None, str | None]:
    width = style = colour = None
    for token in re.findall(r"rgba?\([^)]*\)|\S+", value):
        t = token.lower()
        if t in _BORDER_STYLES:
            style = t
        elif (w := _border_width(t, size)) is not None:
            width = w
        else:
            colour = t
    if value.strip().lower() in ("none", "0", "hidden"):
        style = "none"
    return width, style, colour


def background(style: dict[str, str]) -> bool:
    """Is the element's box filled with a colour that shows (a rule drawn as a thin filled box)?"""
    if "background-color" in style:
        return visible_colour(style["background-color"])
    value = style.get("background")
    if not value:
        return False
    tokens = [t for t in re.findall(r"url\([^)]*\)|rgba?\([^)]*\)|\S+", value) if not t.startswith("url(")]
    colours = [t for t in tokens if t.startswith(("#", "rgb")) or (t.isalpha() and t.lower() not in _NON_COLOURS)]
    return any(visible_colour(c) for c in colours)


_NON_COLOURS = {"none", "repeat", "no-repeat", "repeat-x", "repeat-y", "scroll", "fixed", "local", "center", "top",
                "bottom", "left", "right", "cover", "contain", "auto", "transparent", "initial", "inherit", "unset",
                "border-box", "padding-box", "content-box"}  # fmt: skip


class Stylesheet:
    """Class, id and tag rules of the page's own <style> blocks (simple selectors only: `.a`,
    `#b`, `div`, `div.a`, comma lists); at-rules such as @media and @supports are left out."""

    def __init__(self, css_texts: list[str]) -> None:
        self.by_class: dict[str, dict[str, str]] = {}
        self.by_id: dict[str, dict[str, str]] = {}
        self.by_tag: dict[str, dict[str, str]] = {}
        self.by_tag_class: dict[tuple[str, str], dict[str, str]] = {}
        for css in css_texts:
            for selectors, body in _rules(css):
                decls = declarations(body)
                for selector in selectors.split(","):
                    self._add(selector.strip(), decls)

    def _add(self, selector: str, decls: dict[str, str]) -> None:
        m = re.fullmatch(r"([a-zA-Z][\w-]*)?(?:([.#])([\w-]+))?", selector)
        if m is None or not selector:
            return  # descendant, attribute and pseudo selectors: not used for layout by these pages
        tag, kind, name = m.group(1), m.group(2), m.group(3)
        if kind is None:
            target = self.by_tag.setdefault(tag.lower(), {})
        elif kind == "#":
            target = self.by_id.setdefault(name, {})
        elif tag:
            target = self.by_tag_class.setdefault((tag.lower(), name), {})
        else:
            target = self.by_class.setdefault(name, {})
        target.update(decls)

    def style_of(self, tag: str, classes: list[str], ident: str | None, inline: str | None) -> dict[str, str]:
        """Declarations in cascade order: tag, class, tag.class, id rules, then the inline style."""
        out: dict[str, str] = dict(self.by_tag.get(tag, {}))
        for cls in classes:
            out.update(self.by_class.get(cls, {}))
        for cls in classes:
            out.update(self.by_tag_class.get((tag, cls), {}))
        if ident:
            out.update(self.by_id.get(ident, {}))
        out.update(declarations(inline))
        return out


def _rules(css: str) -> list[tuple[str, str]]:
    """Top-level `selectors { body }` rules; blocks of at-rules skipped whole."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    out: list[tuple[str, str]] = []
    i, n = 0, len(css)
    while i < n:
        open_at = css.find("{", i)
        if open_at < 0:
            break
        selectors = css[i:open_at].strip()
        depth, j = 1, open_at + 1
        while j < n and depth:
            depth += {"{": 1, "}": -1}.get(css[j], 0)
            j += 1
        if not selectors.lstrip(";").lstrip().startswith("@"):
            out.append((selectors.split(";")[-1].strip(), css[open_at + 1 : j - 1]))
        i = j
    return out
