"""The certificate PDF: an A4 landscape page with a QR code to the public verification page."""

import io

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from alatau.education.models import Certificate
from alatau.licences.card import BRAND, draw_qr, fonts

PAGE = landscape(A4)
WARNING = HexColor("#b42318")


def certificate_pdf(certificate: Certificate, status: str, verify_url: str, labels: dict[str, str]) -> bytes:
    """The PDF of one certificate.

    Parameters
    ----------
    certificate
        The certificate, with its holder and programme loaded.
    status
        Its status today: ``valid``, ``expired``, ``revoked`` or ``suspended``; other than valid, the page
        says so in large letters across it.
    verify_url
        The absolute URL of its verification page, which the QR code encodes.
    labels
        The captions in the active language: ``federation``, ``title``, ``level``, ``number``, ``issued``,
        ``expires``, ``status`` (the status's name), ``never``, ``scan``.
    """
    regular, bold = fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE)
    canvas.setTitle(f"{labels['title']} {certificate.number}")
    width, height = PAGE
    canvas.setFillColor(BRAND)
    canvas.rect(0, height - 30 * mm, width, 30 * mm, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(bold, 20)
    canvas.drawString(20 * mm, height - 19 * mm, labels["federation"])
    canvas.setFillColorRGB(0.08, 0.13, 0.17)
    canvas.setFont(regular, 16)
    canvas.drawString(20 * mm, height - 50 * mm, labels["title"])
    holder = certificate.holder
    canvas.setFont(bold, 30)
    canvas.drawString(20 * mm, height - 68 * mm, f"{holder.first_name} {holder.last_name.upper()}"[:40])
    canvas.setFont(bold, 18)
    canvas.drawString(20 * mm, height - 85 * mm, certificate.programme.name[:60])
    expires = certificate.expires.strftime("%d.%m.%Y") if certificate.expires else labels["never"]
    programme = certificate.programme
    lines = [
        f"{labels['level']}: {programme.level} · {programme.get_awarding_body_display()}",
        f"{labels['number']}: {certificate.number}",
        f"{labels['issued']}: {certificate.issued:%d.%m.%Y}",
        f"{labels['expires']}: {expires}",
        f"{labels['status_caption']}: {labels['status']}",
    ]
    canvas.setFont(regular, 13)
    for i, line in enumerate(lines):
        canvas.drawString(20 * mm, height - (100 + 9 * i) * mm, line)
    draw_qr(canvas, verify_url, width - 70 * mm, 25 * mm, 50 * mm)
    canvas.setFont(regular, 8)
    canvas.drawString(width - 70 * mm, 20 * mm, labels["scan"])
    canvas.drawString(width - 70 * mm, 16 * mm, verify_url[:70])
    if status != Certificate.Status.VALID:
        _stamp(canvas, labels["status"].upper(), bold, width, height)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _stamp(canvas: Canvas, text: str, bold: str, width: float, height: float) -> None:
    canvas.saveState()
    canvas.setFillColor(WARNING)
    canvas.setFillAlpha(0.35)
    canvas.setFont(bold, 90)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(20)
    canvas.drawCentredString(0, 0, text)
    canvas.restoreState()
