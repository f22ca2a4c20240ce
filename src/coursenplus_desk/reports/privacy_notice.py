"""The privacy notice as PDF and as plain HTML, from one `Notice` structure."""

from __future__ import annotations

from html import escape
from typing import Any

from coursenplus_desk.domain.notice import Notice
from coursenplus_desk.reports.base import DocumentContext, heading, paragraph, render, styles

_HTML_STYLE = (
    "body{font-family:sans-serif;max-width:46em;margin:2em auto;padding:0 1em;"
    "line-height:1.5;color:#222}h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em}"
)


def notice_pdf(context: DocumentContext, notice: Notice) -> bytes:
    story: list[Any] = [paragraph(notice.title, styles().title), paragraph(notice.version)]
    for section in notice.sections:
        story.append(heading(section.heading))
        story.extend(paragraph(text) for text in section.paragraphs)
        story.extend(paragraph(f"• {item}") for item in section.items)
        story.extend(paragraph(text) for text in section.after)
    return render(context, notice.title, story)


def notice_html(notice: Notice) -> bytes:
    """A standalone page; every text is escaped (names and addresses are typed by people)."""
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(notice.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(notice.title)}</title>",
        f"<style>{_HTML_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(notice.title)}</h1>",
        f'<p class="version">{escape(notice.version)}</p>',
    ]
    for section in notice.sections:
        lines.append("<section>")
        lines.append(f"<h2>{escape(section.heading)}</h2>")
        lines.extend(f"<p>{escape(text)}</p>" for text in section.paragraphs)
        if section.items:
            lines.append("<ul>")
            lines.extend(f"<li>{escape(item)}</li>" for item in section.items)
            lines.append("</ul>")
        lines.extend(f"<p>{escape(text)}</p>" for text in section.after)
        lines.append("</section>")
    lines += ["</body>", "</html>", ""]
    return "\n".join(lines).encode("utf-8")
