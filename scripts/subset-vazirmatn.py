"""
Writes sites/src/styles/Vazirmatn-fa.woff2: the vazirmatn package's variable
font (its wght axis whole) cut down to the characters a Persian store site
shows, and prints the unicode-range of that subset and of the rest of the
font, which site.css gives the two @font-face rules (the full font is then
fetched only by a page with a character outside the subset).

Run it again after the vazirmatn package is updated (fontTools and brotli,
from Debian's fonttools and python3-brotli or pip):
    python3 scripts/subset-vazirmatn.py

The subset is a modified version of the font under the SIL Open Font License
1.1, which Vazirmatn names no Reserved Font Name under, so it keeps its name;
the licence goes beside it (sites/src/styles/Vazirmatn-fa.OFL.txt, a copy of
the package's OFL.txt).
"""

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules/vazirmatn/fonts/webfonts/Vazirmatn[wght].woff2"
TARGET = ROOT / "sites/src/styles/Vazirmatn-fa.woff2"

# Basic Latin and Latin-1 (« » × ·), Arabic (Persian letters, marks, Persian
# and Arabic digits), general punctuation (spaces, ZWNJ/ZWJ, the direction
# marks, dashes, quotes, …, ‹ ›), the euro and trade mark signs, the minus
# sign, and the dotted circle a lone mark is shaped on.
RANGES = [
    (0x0020, 0x007E),
    (0x00A0, 0x00FF),
    (0x0600, 0x06FF),
    (0x2000, 0x203A),
    (0x20AC, 0x20AC),
    (0x2122, 0x2122),
    (0x2212, 0x2212),
    (0x25CC, 0x25CC),
]


def css_range(codes: list[int]) -> str:
    """Code points as a CSS unicode-range (runs of consecutive points joined)."""
    runs: list[tuple[int, int]] = []
    for code in sorted(codes):
        if runs and runs[-1][1] == code - 1:
            runs[-1] = (runs[-1][0], code)
        else:
            runs.append((code, code))
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in runs)


def main() -> None:
    font = TTFont(SOURCE)
    cmap = set(font.getBestCmap())
    wanted = {code for a, b in RANGES for code in range(a, b + 1)}
    kept = sorted(cmap & wanted)
    options = subset.Options()
    options.flavor = "woff2"
    # The default layout features: Arabic joining (init, medi, fina, rlig), marks, kerning, ligatures.
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=kept)
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(TARGET)
    print(f"{TARGET.name}: {TARGET.stat().st_size} bytes (from {SOURCE.stat().st_size})")
    print(f"subset unicode-range: {', '.join(f'U+{a:X}' if a == b else f'U+{a:X}-{b:X}' for a, b in RANGES)}")
    print(f"rest unicode-range: {css_range(sorted(c for c in cmap - set(kept) if c >= 0x20))}")


main()
