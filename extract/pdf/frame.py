"""From PDF user space to the page as displayed: /Rotate, the page box, /UserUnit.

A landscape table is often stored on a portrait page turned with /Rotate 90 or 270. PDFium
gives character boxes and path points in user space; everything after the reader works in
display space with y growing upwards (as for an unrotated page), so the frame maps points and
boxes there and says how far the page turns text (`angle`, clockwise, as PDFium measures it).

The page box is the one PDFium shows, normalised as the PDF specification says: the CropBox
(the MediaBox if there is none) cut to the MediaBox, its corners given in either order (a
MediaBox `[595 842 0 0]` is the same page as `[0 0 595 842]`). /UserUnit (a unit of user space
in points, PDF 1.6) scales everything to points, since every threshold downstream is in points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Frame:
    rotation: int  # quarter turns clockwise: 0..3
    x0: float  # the page box's lower left corner, user space
    y0: float
    width: float  # the page box's size, unrotated, in points (user units x unit)
    height: float
    unit: float = 1.0  # points per user-space unit (/UserUnit)

    @classmethod
    def of(cls, page, unit: float = 1.0) -> Frame:
        left, bottom, right, top = page.get_bbox()  # PDFium's CropBox ∩ MediaBox, normalised
        left, right = min(left, right), max(left, right)
        bottom, top = min(bottom, top), max(bottom, top)
        rotation = (page.get_rotation() // 90) % 4
        return cls(rotation, left, bottom, (right - left) * unit, (top - bottom) * unit, unit)

    @property
    def identity(self) -> bool:
        """User space is display space already (no turn, origin at 0, one point a unit)."""
        return not (self.rotation or self.x0 or self.y0) and self.unit == 1.0

    @property
    def angle(self) -> float:
        return self.rotation * math.pi / 2

    @property
    def display_width(self) -> float:
        return self.height if self.rotation % 2 else self.width

    @property
    def display_height(self) -> float:
        return self.width if self.rotation % 2 else self.height

    def point(self, x: float, y: float) -> tuple[float, float]:
        u, v = (x - self.x0) * self.unit, (y - self.y0) * self.unit
        if self.rotation == 0:
            return u, v
        if self.rotation == 1:
            return v, self.width - u
        if self.rotation == 2:
            return self.width - u, self.height - v
        return self.height - v, u

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) in display space, y up."""
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)
