"""Mail through apprise's email plugin: one multipart message, the summary as HTML with its
plain-text alternative (apprise derives it), the PDF and the index attached.

The target's variable is an SMTP URL: `smtps://user:password@host:465` (TLS from the start),
`smtp://user:password@host:587` (STARTTLS), `smtp://host:25?starttls=no` (a local relay
without TLS). User and password are percent-encoded as in any URL.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import apprise
from apprise import NotifyFormat
from apprise.plugins.email import NotifyEmail

from opsreview.delivery.robots import SendError


class MailURLError(ValueError):
    """The SMTP variable is not an smtp:// or smtps:// URL with a host."""


def mailer(url: str, sender: str, to: tuple[str, ...]) -> NotifyEmail:
    """One apprise email notifier for the SMTP URL (raises MailURLError, naming no value).
    Reused across retries: apprise skips a recipient that already accepted the message."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise MailURLError("not a URL") from None
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise MailURLError("expected smtp://user:password@host:port or smtps://…")
    plain = parse_qs(parts.query).get("starttls", [""])[0].lower() in ("no", "0", "false")
    mode = "ssl" if parts.scheme == "smtps" else "insecure" if plain else "starttls"
    notifier = NotifyEmail(
        host=parts.hostname, port=port, smtp_host=parts.hostname,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        secure=mode != "insecure", secure_mode=mode, from_addr=sender, targets=list(to),
        format=NotifyFormat.HTML)
    notifier.request_rate_per_sec = 0  # the pause between tries is the sender's backoff
    return notifier


def send(notifier: NotifyEmail, subject: str, html: str, files: list[Path]) -> None:
    """One attempt; SendError with apprise's last warning (the caller scrubs it)."""
    attach = apprise.AppriseAttachment()
    for path in files:
        attach.add(str(path))
    with apprise.LogCapture(level=logging.WARNING) as log:
        ok = notifier.send(body=html, title=subject, attach=attach)
        said = [line.strip() for line in log.getvalue().splitlines() if line.strip()]
    if not ok:
        why = said[-1].split(" - ")[-1] if said else "the mail server did not take the message"
        raise SendError(why[:160])
