"""A small Markdown subset rendered safely: everything is escaped first, then a few constructs are allowed.

Allowed: paragraphs, ``## headings``, ``- lists``, ``**bold**``, ``*italic*`` and ``[links](https://…)``
(http, https, mailto or site-relative only). No raw HTML survives: ``<script>`` is shown as text.
"""

import html
import re

from django.utils.safestring import SafeString, mark_safe

_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*([^*\n]+)\*(?![*\w])")
_SAFE_URL = re.compile(r"^(https?://|mailto:|/)[^\s\"'<>]*$", re.IGNORECASE)


def _link(match: re.Match[str]) -> str:
    text, url = match.group(1), html.unescape(match.group(2))
    if not _SAFE_URL.match(url):
        return text
    return f'<a href="{html.escape(url, quote=True)}" rel="nofollow noopener">{text}</a>'


def _inline(text: str) -> str:
    text = html.escape(text, quote=True)
    text = _LINK.sub(_link, text)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    return _ITALIC.sub(r"<em>\1</em>", text)


def _block(block: str) -> str:
    lines = block.splitlines()
    if all(line.lstrip().startswith(("- ", "* ")) for line in lines):
        items = "".join(f"<li>{_inline(line.lstrip()[2:])}</li>" for line in lines)
        return f"<ul>{items}</ul>"
    heading = re.match(r"^(#{2,4})\s+(.+)$", block)
    if heading and len(lines) == 1:
        level = len(heading.group(1))
        return f"<h{level}>{_inline(heading.group(2))}</h{level}>"
    return "<p>" + "<br>".join(_inline(line) for line in lines) + "</p>"


def render_markdown(text: str) -> SafeString:
    """Safe HTML for ``text`` in the allowed Markdown subset."""
    blocks = [b.strip("\n") for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    return mark_safe("\n".join(_block(block) for block in blocks))


def plain_text(text: str) -> SafeString:
    """A visitor's comment: escaped, line breaks kept, nothing else."""
    return mark_safe("<br>".join(html.escape(line) for line in text.splitlines()))
