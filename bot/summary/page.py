"""The summary as a web page: one complete, accessible HTML document
(language, title, headings, lists), readable on a phone, with a print
stylesheet that drops the links and keeps the words. Everything from the
conversation is escaped."""

from __future__ import annotations

from html import escape

from .build import Item, Summary, advice_line, made_line, sections

TITLE = "Muscle twitching: a summary for the doctor"
STYLE = """
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 46rem; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; }
p, li { overflow-wrap: anywhere; }
ul { padding-left: 1.25rem; }
.made, .actions { color: #444; font-size: .9rem; }
.level { font-weight: bold; }
a { color: #0b57d0; }
@media print {
  body { font: 11pt/1.35 Helvetica, Arial, sans-serif; max-width: none; padding: 0; color: #000; }
  .actions { display: none; }
  h2 { break-after: avoid; border-color: #000; }
  li { break-inside: avoid; }
  @page { margin: 18mm; }
}
"""


def _item(item: Item) -> str:
    lead = f"<strong>{escape(item.lead)}</strong> " if item.lead else ""
    return f"<li>{lead}{escape(item.text)}</li>"


def summary_html(summary: Summary, pdf_href: str) -> str:
    """The page; `pdf_href` links to the same summary as a PDF."""
    body = []
    for section in sections(summary):
        body.append(f"<section><h2>{escape(section.title)}</h2>")
        body += [f"<p>{escape(p)}</p>" for p in section.paragraphs]
        if section.items:
            body.append("<ul>" + "".join(_item(i) for i in section.items) + "</ul>")
        body.append("</section>")
    advice = advice_line(summary)
    level = f'<p class="level">{escape(advice)}</p>' if advice else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>{escape(TITLE)}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<h1>{escape(TITLE)}</h1>
<p class="made">{escape(made_line(summary))}</p>
{level}
<p class="actions"><a href="{escape(pdf_href)}">Download this summary as a PDF</a>, or print this page.</p>
{"".join(body)}
</main>
</body>
</html>
"""
