"""Loaded once by the server that the render processes are forked from (parts.py), and by nothing else: WeasyPrint
imported and warmed by a small document with what the long ones hold (fonts, a table, a chart), so that a process
forked from it finds the fonts and stylesheets loaded and renders its part at once."""

from . import parts  # noqa: F401 (what each process runs, parts._render_into, is then loaded too)
from .render import html_to_pdf

CHART = (
    "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='60' height='20'>"
    "<path d='M0 10h60' stroke='%23000'/><text x='0' y='18'>2023</text></svg>"
)
html_to_pdf(
    '<!doctype html><html lang="sv"><head><title>Uppvärmning</title><style>body { font-family: "DejaVu Sans" }'
    "</style></head><body><h1>Södertörn</h1><p>Text, <b>fet</b> och <i>kursiv</i>.</p>"
    f'<img src="{CHART}" alt="Diagram"><table><tr><th scope="row">Botkyrka</th><td>37,40</td></tr></table>'
    "</body></html>"
)
