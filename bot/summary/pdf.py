"""The summary as a PDF: the same sections and words as the web page, on
A4, in Helvetica (a base-14 font every PDF reader has, so nothing is
embedded) with WinAnsi (cp1252) text; a character outside it prints as "?".
Lines are wrapped by the font's widths. A small writer of its own, so no
PDF library is needed."""

from __future__ import annotations

import time
import unicodedata
import zlib
from dataclasses import dataclass

from .build import Summary, advice_line, made_line, sections
from .page import TITLE

PAGE_W, PAGE_H, MARGIN = 595.0, 842.0, 56.0  # A4 in points, 2 cm margins
REGULAR, BOLD = "F1", "F2"
FONTS = {REGULAR: "Helvetica", BOLD: "Helvetica-Bold"}
# Advance widths (1/1000 em) of ASCII 32-126, from Adobe's AFM metrics of the base-14 fonts.
ASCII_WIDTHS = {
    REGULAR: (
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
        556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778,
        722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278,
        278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    ),
    BOLD: (
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
        556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778,
        722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333,
        278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    ),
}  # fmt: skip
# The punctuation of the summary's own words (regular, bold); accented letters take their base letter's.
PUNCTUATION = {"‘": (222, 278), "’": (222, 278), "“": (333, 500), "”": (333, 500), "–": (556, 556), "—": (1000, 1000)}
PUNCTUATION |= {"•": (350, 350), "…": (1000, 1000)}
WIDEST = 1015  # anything else: never narrower than it prints
BULLET_INDENT = 12.0


@dataclass(frozen=True)
class Style:
    font: str
    size: float
    before: float = 0.0  # space above

    @property
    def leading(self) -> float:
        return self.size * 1.3


TITLE_STYLE, NOTE, LEVEL = Style(BOLD, 16), Style(REGULAR, 9, 4), Style(BOLD, 11, 6)
HEADING, BODY = Style(BOLD, 12, 12), Style(REGULAR, 10, 3)
Word = tuple[str, str]  # (font, text)


def _char_width(char: str, font: str) -> float:
    if " " <= char <= "~":
        return ASCII_WIDTHS[font][ord(char) - 32]
    if char in PUNCTUATION:
        return PUNCTUATION[char][font == BOLD]
    base = unicodedata.normalize("NFKD", char)[:1]
    return ASCII_WIDTHS[font][ord(base) - 32] if " " <= base <= "~" else WIDEST


def width(text: str, font: str, size: float) -> float:
    return sum(_char_width(c, font) for c in text) * size / 1000


def _split_long(word: Word, room: float, size: float) -> list[Word]:
    """A word wider than the line (a link) in pieces that fit."""
    font, text, pieces, piece = word[0], word[1], [], ""
    for char in text:
        if piece and width(piece + char, font, size) > room:
            pieces.append((font, piece))
            piece = ""
        piece += char
    return pieces + [(font, piece)]


def wrap(words: list[Word], room: float, size: float) -> list[list[Word]]:
    """Words in lines no wider than `room` points."""
    lines: list[list[Word]] = [[]]
    used = 0.0
    for word in (piece for w in words for piece in _split_long(w, room, size)):
        space = width(" ", word[0], size) if lines[-1] else 0.0
        wide = width(word[1], word[0], size)
        if lines[-1] and used + space + wide > room:
            lines.append([])
            used, space = 0.0, 0.0
        lines[-1].append(word)
        used += space + wide
    return lines


def _words(text: str, font: str) -> list[Word]:
    return [(font, w) for w in text.split()]


def _literal(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


class _Pages:
    """Lines laid out top to bottom, a new page when one is full."""

    def __init__(self) -> None:
        self.pages: list[list[bytes]] = []
        self.y = 0.0
        self._new_page()

    def _new_page(self) -> None:
        self.pages.append([])
        self.y = PAGE_H - MARGIN

    def line(self, words: list[Word], style: Style, x: float) -> None:
        if self.y - style.leading < MARGIN:
            self._new_page()
        self.y -= style.leading
        runs = []
        for i, (font, text) in enumerate(words):
            runs.append(b"/%s %.1f Tf " % (font.encode(), style.size) + _literal((" " if i else "") + text) + b" Tj")
        self.pages[-1].append(b"BT %.2f %.2f Td " % (x, self.y) + b" ".join(runs) + b" ET")

    def block(self, words: list[Word], style: Style, indent: float = 0.0, bullet: bool = False) -> None:
        self.y -= style.before
        lines = wrap(words, PAGE_W - 2 * MARGIN - indent, style.size)
        for number, line in enumerate(lines):
            if bullet and number == 0:
                self.line([(REGULAR, "•")], Style(REGULAR, style.size), MARGIN + indent - BULLET_INDENT)
                self.y += style.leading  # the bullet shares the line
            self.line(line, style, MARGIN + indent)


def _layout(summary: Summary) -> list[list[bytes]]:
    pages = _Pages()
    pages.block(_words(TITLE, BOLD), TITLE_STYLE)
    pages.block(_words(made_line(summary), REGULAR), NOTE)
    advice = advice_line(summary)
    if advice:
        pages.block(_words(advice, BOLD), LEVEL)
    for section in sections(summary):
        pages.block(_words(section.title, BOLD), HEADING)
        for paragraph in section.paragraphs:
            pages.block(_words(paragraph, REGULAR), BODY)
        for item in section.items:
            pages.block(_words(item.lead, BOLD) + _words(item.text, REGULAR), BODY, BULLET_INDENT, bullet=True)
    return pages.pages


def summary_pdf(summary: Summary) -> bytes:
    """The summary as a complete PDF file."""
    pages = _layout(summary)
    first_page = 6  # objects 1-5: catalog, page tree, two fonts, document info
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(len(pages))), len(pages)),
        *(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>" % FONTS[f].encode()
            for f in (REGULAR, BOLD)
        ),
        b"<< /Title %s /Producer (twitch assistant) /CreationDate (D:%s) >>"
        % (_literal(TITLE), time.strftime("%Y%m%d%H%M%SZ", time.gmtime(summary.made)).encode()),
    ]
    for number, lines in enumerate(pages, start=1):
        footer = f"{TITLE} - page {number} of {len(pages)}"
        footer_line = b"BT /F1 8 Tf %.2f %.2f Td %s Tj ET" % (MARGIN, MARGIN / 2, _literal(footer))
        stream = zlib.compress(b"\n".join([*lines, footer_line]))
        content = len(objects) + 2
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>" % (PAGE_W, PAGE_H, content)
        )
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
