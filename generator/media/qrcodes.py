"""QR codes of page addresses, as inline SVG (segno: pure Python, no network)."""

from __future__ import annotations

import segno


def qr_svg(url: str, title: str = "扫码在手机上查看") -> str:
    """An SVG with a viewBox and no fixed size (omitsize), so that CSS sizes it."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(
        scale=4,
        border=2,
        dark="#000",
        light="#fff",
        title=title,
        svgclass="hb-qr__code",
        omitsize=True,
    )
    return str(svg)
