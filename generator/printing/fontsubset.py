"""Makes the fonts `honours print` ships: Noto Serif CJK SC (body) and Noto Sans CJK SC
(regular and bold: titles, posters), cut down to GB2312, the characters of the demo and the
punctuation official documents use, as OpenType files Typst embeds.

A maintainer's tool, not part of a build: it needs fontTools and Debian's fonts-noto-cjk.

    python -m generator.printing.fontsubset

writes `generator/theme/print/fonts/*.otf` and `coverage.txt` (every character the fonts
have, read at run time to warn about a name the fonts cannot show).
"""

from __future__ import annotations

from pathlib import Path

from .fonts import COVERAGE_FILE, FONT_FOLDER

SOURCES = {  # the file written: (Debian's collection, the family inside it)
    "NotoSerifSC-Regular.otf": ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
    "NotoSansSC-Regular.otf": ("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    "NotoSansSC-Bold.otf": ("NotoSansCJK-Bold.ttc", "Noto Sans CJK SC"),
}
DEBIAN_FONTS = Path("/usr/share/fonts/opentype/noto")
EXTRA = "〔〕〖〗【】“”‘’《》〈〉「」『』—…·・★☆●○■□▲△◆◇※№℃←→↑↓①②③④⑤⑥⑦⑧⑨⑩、。，；：？！（）"


def characters(content: Path) -> str:
    """GB2312, printable ASCII, the extra marks and every character of the demo's records."""
    chars = {chr(code) for code in range(0x20, 0x7F)} | set(EXTRA)
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    for path in content.rglob("*"):
        if path.suffix in (".md", ".yml"):
            chars |= set(path.read_text("utf-8"))
    return "".join(sorted(c for c in chars if c.isprintable()))


def main() -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    text = characters(Path(__file__).resolve().parents[2] / "content")
    FONT_FOLDER.mkdir(parents=True, exist_ok=True)
    covered: set[str] = set()
    for name, (collection, family) in SOURCES.items():
        path = DEBIAN_FONTS / collection
        index = next(
            i
            for i in range(10)
            if TTFont(path, fontNumber=i, lazy=True)["name"].getDebugName(1) == family
        )
        font = TTFont(path, fontNumber=index)
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        font.save(FONT_FOLDER / name)
        cmap = {chr(code) for code in font.getBestCmap()}
        covered = cmap if not covered else covered & cmap
        print(f"{name}: {(FONT_FOLDER / name).stat().st_size:,} bytes")
    (FONT_FOLDER / COVERAGE_FILE).write_text("".join(sorted(covered)), encoding="utf-8")


if __name__ == "__main__":
    main()
