"""A summary for the doctor: what the person told the assistant over every
visit, and its advice, as a printable web page and a PDF behind an
unguessable, expiring link (bot.channels.summary serves it). Plain Python,
no Rasa: `build_summary` reads a conversation's stored events,
`summary_html` and `summary_pdf` render it, `token` signs and checks
links, `links` puts them in the replies."""

from .build import Summary, build_summary, sections
from .page import summary_html
from .pdf import summary_pdf

__all__ = ["Summary", "build_summary", "sections", "summary_html", "summary_pdf"]
