"""Press releases as they arrive: an email saved from the mail client (``.eml``).

A ministry or a company sends its statement by email, and the editor saves it ("Save as" in
Outlook, Thunderbird or Apple Mail writes the message as it came, RFC 5322). The text is the body
the sender wrote: its plain-text part when it has one (a release is usually sent as both plain text
and HTML, the plain part being what was typed), else its HTML part read as a browser shows it
(:func:`reuse.markup.fragment_text`). The subject is the title and the ``Date`` header the date.

A release is often the attachment, the body saying only "please find attached": the attachments
that are documents (a PDF, a Word or OpenDocument draft, a page, a text) are read too, each a
document of its own (:func:`attachments`), named by the email and the attachment's file name. So is
an email forwarded as an attachment, with its own attachments: a colleague's "Fwd:" of the release.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
from collections.abc import Collection
from email.message import EmailMessage
from pathlib import PurePath

from reuse.extract import Extracted, FormatError

EML_READER = "reuse-eml/1"
"""Recipe for emails: the plain-text body, else the HTML body as a browser shows it; line ends as
``\\n`` (the message's own CRLF are its transport's); subject and date kept."""
HEADERS = ("from", "to", "subject", "date", "message-id", "mime-version", "received")
"""Headers one of which a saved email has; a file with none is not an email."""


def _message(data: bytes) -> EmailMessage:
    """The email in ``data``; raises :class:`FormatError` when it has none of an email's headers."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not any(name in message for name in HEADERS):
        raise FormatError("not an email (none of the headers an email has: From, Subject, Date...)")
    return message


def attachments(data: bytes, suffixes: Collection[str]) -> list[tuple[str, bytes]]:
    """The email's attachments whose file name ends in one of ``suffixes``: (file name, bytes), in order.

    An email forwarded as an attachment (``message/rfc822``: "Forward as attachment", or a saved
    ``.eml`` attached) is one too when ``.eml`` is among ``suffixes``: its bytes, named by its file
    name, else by its subject. Raises :class:`FormatError` as :func:`email_extracted`.
    """
    found = []
    for part in _message(data).iter_attachments():
        name = part.get_filename() or ""
        payload = part.get_payload(decode=True)
        if part.get_content_type() == "message/rfc822":
            inner = part.get_content()
            subject = " ".join(str(inner.get("subject", "")).split()) or "forwarded"
            name = name or f"{subject.replace('/', '-')}.eml"
            payload = inner.as_bytes(policy=email.policy.SMTP)
        if name and PurePath(name).suffix.lower() in suffixes and isinstance(payload, bytes):
            found.append((PurePath(name).name, payload))
    return found


def email_extracted(data: bytes, encoding: str = "utf-8") -> Extracted:
    """An email's body text, its subject and its date (ISO 8601).

    A body that declares no charset is decoded with ``encoding`` (mail clients that send 8-bit text
    without saying so send UTF-8).

    Raises:
        FormatError: Not an email (no headers), or one with neither a text nor an HTML body.

    >>> mail = (b"From: press@ministry.ly\\r\\nSubject: =?utf-8?b?2KjZitin2YY=?=\\r\\n"
    ...         b"Date: Tue, 01 Dec 2026 09:30:00 +0200\\r\\nContent-Type: text/plain; charset=utf-8\\r\\n"
    ...         b"\\r\\nThe port reopens.\\r\\nBoats return.\\r\\n")
    >>> found = email_extracted(mail)
    >>> found.text, found.title, found.date
    ('The port reopens.\\nBoats return.\\n', 'بيان', '2026-12-01T09:30:00+02:00')
    """
    message = _message(data)
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        raise FormatError("an email without a text or HTML body (only attachments?)")
    try:
        if body.get_content_charset() is None:  # undeclared 8-bit text is in practice UTF-8 (--encoding)
            from reuse.io import decode

            raw = body.get_payload(decode=True)
            content = decode(raw if isinstance(raw, bytes) else b"", encoding)
        else:
            content = body.get_content()
    except (LookupError, ValueError) as exc:  # an unknown charset, a damaged encoding
        raise FormatError(f"cannot decode the email's body ({exc})") from None
    if body.get_content_subtype() == "html":
        from reuse.markup import fragment_text

        content = fragment_text(content)
    text = str(content).replace("\r\n", "\n")
    subject = " ".join(str(message.get("subject", "")).split())
    return Extracted(text, subject, _date(message.get("date")))


def _date(value: object) -> str:
    """A ``Date`` header as ISO 8601, or ``""`` when absent or unreadable."""
    if value is None:
        return ""
    try:
        return email.utils.parsedate_to_datetime(str(value)).isoformat()
    except (TypeError, ValueError):
        return ""
