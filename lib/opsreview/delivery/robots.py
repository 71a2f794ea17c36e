"""企业微信 and 钉钉 group robots over HTTP (httpx).

apprise's wecombot and dingtalk plugins post to the platforms' fixed hosts (so a robot cannot
be pointed at a proxy or a test server), send only text to 企业微信 (no markdown, no file),
and count a reply as sent on HTTP 200 even when its `errcode` says it was refused; hence
these few calls, on the full webhook URL taken from the target's variable. Every call is a
`Post` that raises `SendError` on a network error, an HTTP error status or an `errcode`, so
the sender can retry it. The 钉钉 signature is the standard library's HMAC-SHA256, as 钉钉's
documentation gives it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import httpx

# Message size limits, in bytes of UTF-8 (企业微信 markdown.content; 钉钉 rejects a body over
# 20000 bytes: the title and the JSON around the text take the rest).
WECOM_MARKDOWN_BYTES = 4096
DINGTALK_MARKDOWN_BYTES = 19000
# Both platforms allow a robot 20 messages a minute.
PER_MINUTE = 20
TIMEOUT = 30.0


class SendError(Exception):
    """One attempt failed (network, HTTP status, errcode); the message holds no secret
    beyond what the caller scrubs."""


def _json(response: httpx.Response) -> dict:
    if response.status_code >= 400:
        raise SendError(f"HTTP {response.status_code}")
    try:
        body = response.json()
    except ValueError:
        raise SendError(f"HTTP {response.status_code}, not a JSON reply") from None
    code = body.get("errcode", 0) if isinstance(body, dict) else None
    if code != 0:
        msg = str(body.get("errmsg", "")) if isinstance(body, dict) else ""
        raise SendError(f"errcode {code}: {msg[:120]}")
    return body


def post_json(client: httpx.Client, url: str, payload: dict) -> dict:
    try:
        return _json(client.post(url, json=payload, timeout=TIMEOUT))
    except httpx.HTTPError as exc:
        raise SendError(f"network error ({type(exc).__name__})") from None


def with_query(url: str, path: str | None = None, **params: str) -> str:
    """URL with PARAMS added to its query (and its last path part replaced by PATH)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    new_path = parts.path.rsplit("/", 1)[0] + "/" + path if path else parts.path
    return urlunsplit(parts._replace(path=new_path, query=urlencode(query)))


def wecom_markdown(text: str) -> dict:
    return {"msgtype": "markdown", "markdown": {"content": text}}


def wecom_file(client: httpx.Client, webhook: str, pdf: Path) -> dict:
    """upload_media (…/webhook/upload_media?key=…&type=file) then the file message's payload."""
    upload = with_query(webhook, "upload_media", type="file")
    try:
        with open(pdf, "rb") as fh:
            reply = client.post(upload, files={"media": (pdf.name, fh, "application/pdf")},
                                timeout=TIMEOUT)
    except httpx.HTTPError as exc:
        raise SendError(f"network error uploading the PDF ({type(exc).__name__})") from None
    media = _json(reply).get("media_id")
    if not media:
        raise SendError("the upload gave no media_id")
    return {"msgtype": "file", "file": {"media_id": media}}


def dingtalk_markdown(title: str, text: str) -> dict:
    return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


def dingtalk_link(title: str, text: str, url: str) -> dict:
    """钉钉's custom robots take no file: the PDF as a link to where it is published."""
    return {"msgtype": "link", "link": {"title": title, "text": text, "messageUrl": url}}


def dingtalk_signed(webhook: str, secret: str, now_ms: int | None = None) -> str:
    """The webhook URL with 钉钉's `timestamp` and `sign` (base64 of HMAC-SHA256 over
    "timestamp\\nsecret", keyed by the secret), valid for an hour."""
    stamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = quote(base64.b64encode(digest).decode(), safe="")
    sep = "&" if urlsplit(webhook).query else "?"
    return f"{webhook}{sep}timestamp={stamp}&sign={sign}"


class RateLimit:
    """At most N messages in any PER seconds to one robot: waits before one that would
    exceed it."""

    def __init__(self, n: int = PER_MINUTE, per: float = 60.0, sleep=time.sleep,
                 clock=time.monotonic) -> None:
        self.n, self.per, self.sleep, self.clock = n, per, sleep, clock
        self.sent: list[float] = []

    def wait(self) -> None:
        now = self.clock()
        self.sent = [t for t in self.sent if now - t < self.per]
        if len(self.sent) >= self.n:
            self.sleep(self.per - (now - self.sent[0]))
            now = self.clock()
            self.sent = self.sent[1:]
        self.sent.append(now)
