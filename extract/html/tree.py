"""What the HTML readers share about the element tree: which elements are never read, which
break lines, and each element's style (its own <style> rules, then its inline style)."""

from __future__ import annotations

import re

from lxml import etree

from extract.html.css import Stylesheet

# Never read: scripts, styles, embedded and interactive content, and the head (its <title>
# repeats the article's heading). Nothing they point at is ever fetched. Elements that are void
# in HTML5 but that libxml2's HTML 4 parser takes for containers (<embed>, <source>, <track>,
# <wbr>) are not among them: what the parser nests inside them is the page's own text.
SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "iframe", "frame", "frameset", "object", "applet",
     "svg", "math", "select", "option", "textarea", "button", "input", "audio", "video", "canvas", "map", "img",
     "picture", "link", "meta", "base", "param", "datalist"}
)  # fmt: skip
# Elements whose content starts on a new line.
BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
     "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
     "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "ul", "caption", "table", "thead", "tbody",
     "tfoot", "tr", "td", "th", "legend", "body", "html"}
)  # fmt: skip
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Content that refers to something outside the page; counted, never fetched.
EXTERNAL = frozenset({"img", "iframe", "frame", "object", "embed", "picture", "video", "audio", "applet"})
_SPACES = re.compile(r"[ \t\n\r\f]+")


def tag_of(el) -> str | None:
    """The element's tag name (lxml's HTML parser lowercases them); None for comments and
    processing instructions."""
    tag = el.tag
    return tag if isinstance(tag, str) else None


def collapse(text: str) -> str:
    """HTML's white-space collapsing: runs of ASCII white space are one space; a no-break space
    is a space that is not collapsed."""
    return _SPACES.sub(" ", text).replace("\xa0", " ")


_NONE: dict[str, str] = {}


class Styles:
    """Each element's declarations, computed once."""

    def __init__(self, root: etree._Element) -> None:
        css = ["".join(el.itertext()) for el in root.iter("style")]
        self.sheet = Stylesheet(css)
        self._cache: dict[etree._Element, dict[str, str]] = {}

    def of(self, el: etree._Element) -> dict[str, str]:
        get = el.get
        if get("style") is None and get("class") is None and get("id") is None and el.tag not in self.sheet.by_tag:
            return _NONE  # most elements of a page: nothing to look up
        got = self._cache.get(el)
        if got is None:
            tag = tag_of(el) or ""
            classes = (el.get("class") or "").split()
            got = self.sheet.style_of(tag, classes, el.get("id"), el.get("style"))
            self._cache[el] = got
        return got

    def hidden(self, el: etree._Element) -> bool:
        """Not shown: display:none, visibility:hidden, or the `hidden` attribute."""
        if el.get("hidden") is not None:
            return True
        style = self.of(el)
        if not style:
            return False
        hidden = style.get("visibility", "").lower() in ("hidden", "collapse")
        return hidden or style.get("display", "").lower() == "none"
