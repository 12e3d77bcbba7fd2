"""Signing the adjusted minutes digitally: a PAdES signature (PDF Advanced Electronic Signature, baseline B-B)
made with pyHanko by the certificate and key in the PKCS#12 file that MINUTES_SIGNING_PKCS12 names.

The signature seals the PDF as stored when the last adjuster confirmed: any later change to the file breaks it,
which a PDF reader shows. It is the portal's (the secretariat's) seal over the record of who confirmed and when,
not the adjusters' own signatures; without a certificate that record stands alone.
"""

import io
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

FIELD_NAME = "Justering"


class SigningNotPossible(Exception):
    """The configured certificate cannot be used; the message says why."""


def is_configured() -> bool:
    return bool(settings.MINUTES_SIGNING_PKCS12)


@lru_cache(maxsize=4)
def _signer(path: str, password: str, modified: float) -> signers.SimpleSigner:
    try:
        data = Path(path).read_bytes()
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=password.encode() or None)
    except (OSError, ValueError) as error:
        raise SigningNotPossible(f"MINUTES_SIGNING_PKCS12 ({path}) cannot be opened: {error}") from error


def signer() -> signers.SimpleSigner:
    """The signer of the configured PKCS#12 file, loaded once per file version."""
    path = settings.MINUTES_SIGNING_PKCS12
    try:
        modified = Path(path).stat().st_mtime
    except OSError as error:
        raise SigningNotPossible(f"MINUTES_SIGNING_PKCS12 ({path}) cannot be read: {error}") from error
    return _signer(path, settings.MINUTES_SIGNING_PASSWORD, modified)


def signer_name() -> str:
    """Whom the certificate names (its subject's common name), for the minutes to say who sealed them."""
    certificate = signer().signing_cert
    return certificate.subject.native.get("common_name") or certificate.subject.human_friendly


def sign(pdf: bytes, *, reason: str, location: str) -> bytes:
    """`pdf` with a PAdES signature over the whole file, in a signature field of its own."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, reason=reason, location=location, subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    out = signers.sign_pdf(writer, metadata, signer=signer())
    return out.getvalue()
