"""From PDF user space to the page as displayed: /Rotate and a MediaBox not at the origin.

A landscape table is often stored on a portrait page turned with /Rotate 90 or 270. PDFium
gives character boxes and path points in user space; everything after the reader works in
display space with y growing upwards (as for an unrotated page), so the frame maps points and
boxes there and says how far the page turns text (`angle`, clockwise, as PDFium measures it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Frame:
    rotation: int  # quarter turns clockwise: 0..3
    x0: float  # MediaBox origin
    y0: float
    width: float  # MediaBox size, unrotated
    height: float

    @classmethod
    def of(cls, page) -> Frame:
        left, bottom, right, top = page.get_mediabox()
        return cls((page.get_rotation() // 90) % 4, left, bottom, right - left, top - bottom)

    @property
    def angle(self) -> float:
        return self.rotation * math.pi / 2

    @property
    def display_height(self) -> float:
        return self.width if self.rotation % 2 else self.height

    def point(self, x: float, y: float) -> tuple[float, float]:
        u, v = x - self.x0, y - self.y0
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
