"""Validate a certificate PDF's PAdES signature with pyHanko, against the federation's signing certificate."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alatau.education import pades


class Command(BaseCommand):
    help = (
        "Validate the PAdES signature of a certificate PDF against the federation's signing certificate "
        "(a PEM file; default: this site's). Exit 1 unless intact, trusted and covering the file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pdf", help="The certificate PDF.")
        parser.add_argument("--cert", help="The trusted signing certificate (PEM).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = Path(options["pdf"]).read_bytes()
            trusted = Path(options["cert"]).read_bytes() if options["cert"] else pades.signing_cert_pem()
            check = pades.check_pdf(data, trusted)
        except (OSError, ValueError) as error:
            raise CommandError(f"{options['pdf']}: {error}") from error
        facts = f"signed={check.signed} intact={check.intact} trusted={check.trusted}"
        self.stdout.write(f"{facts} whole_file={check.covers_whole_file} signer={check.signer}")
        if not check.valid:
            raise CommandError("the PDF's signature is not valid", returncode=1)
