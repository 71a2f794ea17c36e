"""`make send` / `opsreview send`: the built month to every target of config/delivery.yml.

Each target is sent to on its own: one that is not configured or fails (after its retries)
is reported and the others still go; the exit status is 1 when any target was not sent.
A send is recorded in the month's manifest.json (`sent`: target, kind, time, the hash of
what was sent); the same content is not sent to the same target twice unless FORCE=1, and a
rebuilt month whose summary or PDF changed is new content. While the month's exports are
not all there (one the month before had is missing), only the analyst's own targets
(`analyst: true`) hear of it, one validate line per missing export; the others get nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import httpx

from opsreview.build.lock import MonthLock
from opsreview.contract.catalog import DATASETS
from opsreview.contract.languages import month_dir
from opsreview.delivery import mail, robots, summary
from opsreview.delivery.targets import Target, TargetError, load
from opsreview.digest import sha256_path
from opsreview.files import atomic_write
from opsreview.ingest import validate
from opsreview.ingest.inventory import inventory
from opsreview.month.months import Month, folders
from opsreview.pages import html as h
from opsreview.pages.outputs import read_json
from opsreview.printing import pdf as pdfs

RETRY_DELAYS = (2.0, 10.0, 30.0)  # seconds before each retry of a failed attempt


@dataclass(frozen=True)
class Built:
    """One language of the built month, as the messages need it."""
    lang: str
    out_dir: Path
    summary: summary.Summary
    pdf: Path
    index: Path


@dataclass
class Sender:
    """What a run shares across targets: the retries' delays and the robots' rate limits."""
    delays: tuple[float, ...] = RETRY_DELAYS
    sleep: Callable[[float], None] = time.sleep
    per_minute: int = robots.PER_MINUTE
    period: float = 60.0
    limits: dict[str, robots.RateLimit] = field(default_factory=dict)

    def limit(self, robot: str) -> robots.RateLimit:
        """One rate limit per robot (two targets on the same webhook share it)."""
        return self.limits.setdefault(robot, robots.RateLimit(self.per_minute, self.period,
                                                              self.sleep))

    def attempt(self, action):
        """ACTION, tried again after each delay while it raises SendError."""
        for delay in (*self.delays, None):
            try:
                return action()
            except robots.SendError as exc:
                if delay is None:
                    raise robots.SendError(
                        f"{exc} (after {len(self.delays) + 1} tries)") from None
                self.sleep(delay)


def scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def missing_exports(raw_root: Path, month: Month, processed_root: Path) -> list[str]:
    """validate's line for each export the month lacks that the latest month before it had
    (every export when there is no month before, or no folder for this one yet)."""
    def present(m: Month) -> set[str]:
        if not (Path(raw_root) / str(m)).is_dir():
            return set()
        lacking = {d.name for d in validate.absent(inventory(raw_root, m, processed_root))}
        return {d.name for d in DATASETS} - lacking

    earlier = [m for m in folders(raw_root, month) if m < month]
    expected = present(earlier[-1]) if earlier else {d.name for d in DATASETS}
    have = present(month)
    return [validate.missing_line(d) for d in DATASETS if d.name in expected - have]


def _built(outputs_root: Path, month: Month, lang: str, echo) -> Built:
    """LANG's built month with its PDF, printed first when missing or stale."""
    out_dir = month_dir(outputs_root, str(month), lang)
    manifest = read_json(out_dir / "manifest.json")
    if not manifest or not (out_dir / "index.html").is_file():
        raise robots.SendError(f"{out_dir} is not built: run make report MONTH={month}"
                               + (" REPORT_LANG=en" if lang != "zh" else "") + " first")
    if not pdfs.is_current(out_dir, manifest, lang):
        if pdfs.make_pdf(out_dir, lang, echo=echo) != 0:
            raise robots.SendError("the PDF could not be made (see above)")
    try:
        said = summary.read(out_dir / "index.html")
    except summary.SummaryError as exc:
        raise robots.SendError(str(exc)) from None
    return Built(lang, out_dir, said, out_dir / pdfs.pdf_name(str(month), lang),
                  out_dir / "index.html")


def _digest(texts: list[str], files: list[Path]) -> str:
    """The hash of what is sent: the messages' texts and the attached files' bytes."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode() + b"\0")
    for path in files:
        digest.update(sha256_path(path).encode())
    return digest.hexdigest()


def _plan(target: Target, months: list[Built], month: Month):
    """(the texts sent, the files sent, a function sending them) for TARGET."""
    if target.kind == "mail":
        subject = " / ".join(m.summary.title for m in months)
        html = "<hr>".join(m.summary.html() for m in months)
        files = [f for m in months for f in (m.pdf, m.index)]
        return [subject, html], files, lambda env, sender: _mail(target, env, sender, subject,
                                                                 html, files)
    limit = (robots.WECOM_MARKDOWN_BYTES if target.kind == "wecom"
             else robots.DINGTALK_MARKDOWN_BYTES)
    texts = [summary.cut(m.summary.lines(), limit) for m in months]
    files = [m.pdf for m in months]
    return texts, files, lambda env, sender: _robot(target, env, sender, months, texts, month)


class _Robot:
    """One target's robot for a send: each message rate-limited, signed afresh when the
    target has a secret (a signature is valid for an hour), retried on failure."""

    def __init__(self, target: Target, env, sender: Sender, client: httpx.Client) -> None:
        self.webhook = target.value("webhook_env", env)
        self.secret = target.value("secret_env", env)
        self.sender, self.client = sender, client

    def post(self, payload: dict) -> None:
        def once():
            self.sender.limit(self.webhook).wait()
            url = (robots.dingtalk_signed(self.webhook, self.secret) if self.secret
                   else self.webhook)
            robots.post_json(self.client, url, payload)
        self.sender.attempt(once)

    def upload(self, pdf: Path) -> dict:
        return self.sender.attempt(lambda: robots.wecom_file(self.client, self.webhook, pdf))


def _robot(target: Target, env, sender: Sender, months, texts, month: Month) -> str:
    done = []
    with httpx.Client() as client:
        robot = _Robot(target, env, sender, client)
        for m, text in zip(months, texts, strict=True):
            if target.kind == "wecom":
                robot.post(robots.wecom_markdown(text))
                robot.post(robot.upload(m.pdf))
                done += [f"markdown ({m.lang})", f"file {m.pdf.name}"]
                continue
            robot.post(robots.dingtalk_markdown(m.summary.title, text))
            done.append(f"markdown ({m.lang})")
            if target.pdf_url:
                url = target.pdf_url.format(month=month, file=m.pdf.name)
                robot.post(robots.dingtalk_link(m.summary.title, m.summary.scorecard, url))
                done.append(f"link to {m.pdf.name}")
    return " + ".join(done)


def _mailer(target: Target, env):
    try:
        return mail.mailer(target.value("smtp_env", env), target.sender, target.to)
    except mail.MailURLError as exc:
        raise TargetError(f"{target.name}: {target.env['smtp_env']}: {exc}") from None


def _mail(target: Target, env, sender: Sender, subject: str, html: str, files) -> str:
    notifier = _mailer(target, env)
    sender.attempt(lambda: mail.send(notifier, subject, html, files))
    return f"mail to {len(target.to)} with {', '.join(f.name for f in files)}"


def _notice(target: Target, env, sender: Sender, month: Month, lines: list[str]) -> str:
    """The analyst's message while exports are missing: validate's line for each."""
    head = f"opsreview {month}: {len(lines)} export(s) missing; the month is not sent yet"
    if target.kind == "mail":
        body = h.tag("pre", h.esc("\n".join([head, *lines])))
        notifier = _mailer(target, env)
        sender.attempt(lambda: mail.send(notifier, head, body, []))
        return f"> {target.name} ({target.kind}): sent the missing exports"
    text = summary.cut([f"**{head}**", *[f"- {line}" for line in lines]],
                       robots.WECOM_MARKDOWN_BYTES)
    with httpx.Client() as client:
        _Robot(target, env, sender, client).post(
            robots.wecom_markdown(text) if target.kind == "wecom"
            else robots.dingtalk_markdown(head, text))
    return f"> {target.name} ({target.kind}): sent the missing exports"


def _record(out_dir: Path, entry: dict, echo) -> None:
    with MonthLock(out_dir, echo=echo):
        manifest = read_json(out_dir / "manifest.json")
        manifest.setdefault("sent", []).append(entry)
        atomic_write(out_dir / "manifest.json",
                     json.dumps(manifest, ensure_ascii=False, indent=2))


def _already(out_dir: Path, target: Target, digest: str) -> dict | None:
    for entry in read_json(out_dir / "manifest.json").get("sent", []):
        if entry.get("target") == target.name and entry.get("sha256") == digest:
            return entry
    return None


def _deliver(target: Target, env, sender: Sender, month: Month, outputs_root: Path,
             built: dict, force: bool, echo) -> str:
    """The built month to TARGET unless it had this very content; the line saying so.
    BUILT keeps each language's month (or why it cannot be sent) for the other targets."""
    months = []
    for lang in target.langs:
        if lang not in built:
            try:
                built[lang] = _built(outputs_root, month, lang, echo)
            except robots.SendError as exc:
                built[lang] = str(exc)
        if isinstance(built[lang], str):
            raise robots.SendError(built[lang])
        months.append(built[lang])
    texts, files, go = _plan(target, months, month)
    digest = _digest(texts, files)
    record_dir = months[0].out_dir
    seen = _already(record_dir, target, digest)
    if seen and not force:
        return (f"= {target.name} ({target.kind}): this build was sent at "
                f"{seen.get('sent_at')}; not again (FORCE=1 sends it again)")
    done = go(env, sender)
    _record(record_dir, {"target": target.name, "kind": target.kind, "lang": target.lang,
                         "sent_at": datetime.now().isoformat(timespec="seconds"),
                         "sha256": digest}, echo)
    return f"> {target.name} ({target.kind}): sent {done}"


def send_month(month: Month, config: Path, outputs_root: Path, raw_root: Path,
               processed_root: Path, force: bool = False, echo=print, environ=None,
               sender: Sender | None = None) -> int:
    """Send MONTH to every target of CONFIG; 0 when every target has it, else 1."""
    env = os.environ if environ is None else environ
    sender = sender or Sender()
    targets = load(config)
    echo(f"opsreview send {month}: {len(targets)} target(s) in {config}")
    failed: list[str] = []

    def fail(target: Target, why: str) -> None:
        failed.append(target.name)
        echo(f"  ! {target.name} ({target.kind}): {scrub(why, target.secrets(env))}")

    usable = []
    for target in targets:
        try:
            for key in target.env:
                target.value(key, env)
            usable.append(target)
        except TargetError as exc:
            fail(target, str(exc).removeprefix(f"{target.name}: "))
    missing = missing_exports(raw_root, month, processed_root) if usable else []
    if missing:
        echo(f"  the month lacks {len(missing)} export(s) the month before had:")
        for line in missing:
            echo(f"    {line}")
    built: dict[str, Built | str] = {}
    for target in usable:
        try:
            if missing and not target.analyst:
                fail(target, "not sent until the month's exports are all there")
                continue
            done = (_notice(target, env, sender, month, missing) if missing else
                    _deliver(target, env, sender, month, outputs_root, built, force, echo))
            echo(f"  {done}")
        except (robots.SendError, TargetError) as exc:
            fail(target, str(exc).removeprefix(f"{target.name}: "))
    sent = len(targets) - len(failed)
    echo(f"opsreview send {month}: {sent} of {len(targets)} target(s) done"
         + (f"; not sent: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0
