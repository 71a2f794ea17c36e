"""Issue 30: the built month sent to 企业微信 and 钉钉 group robots and by mail, once per build.

Everything is sent to servers on 127.0.0.1 only: a robot speaking the two platforms' JSON (an
http.server thread) and aiosmtpd for mail. The month is the session's build of the sample
month, copied aside and printed once.
"""

import base64
import email
import hashlib
import hmac
import json
import re
import shutil
import socket
import threading
import time
from datetime import date
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from conftest import CHROMIUM, MONTH, require_chromium
from opsreview import cli
from opsreview.contract.catalog import DATASETS
from opsreview.delivery import robots, summary
from opsreview.delivery.send import Sender, missing_exports, send_month
from opsreview.ingest import combine as ingest
from opsreview.ingest.inventory import inventory
from opsreview.month.months import Month
from opsreview.paths import CONFIG_DIR
from opsreview.printing import browser as browsers
from opsreview.printing.pdf import make_pdf, pdf_name

KEY = "wecomKey7f3a9c21"
DING_TOKEN = "dingToken5b8e0d44"
DING_SECRET = "SEC0a1b2c3d4e5f60718293a4b5c6d7e8f9"
SMTP_USER = "opsmailer"
SMTP_PASSWORD = "pa ss:w0rd/Secret#1"
SECRETS = (KEY, DING_TOKEN, DING_SECRET, SMTP_PASSWORD)


class Robot(ThreadingHTTPServer):
    """A fake group robot: records every request; replies from `script` first (status,
    body), then success (an upload gives a media_id)."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict] = []
        self.script: list[tuple[int, dict]] = []
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def messages(self) -> list[dict]:
        return [r["json"] for r in self.requests if r["json"] is not None]


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = urlsplit(self.path)
        try:
            payload = json.loads(body)
        except ValueError:
            payload = None
        robot = self.server
        robot.requests.append({"path": parts.path, "query": parse_qs(parts.query),
                               "raw_query": parts.query, "json": payload, "body": body,
                               "type": self.headers.get("Content-Type", ""),
                               "at": time.monotonic()})
        if robot.script:
            status, reply = robot.script.pop(0)
        elif parts.path.endswith("upload_media"):
            status, reply = 200, {"errcode": 0, "errmsg": "ok", "type": "file",
                                  "media_id": "media-42"}
        else:
            status, reply = 200, {"errcode": 0, "errmsg": "ok"}
        data = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def _smtp_url(port: int) -> str:
    return f"smtp://{SMTP_USER}:{quote(SMTP_PASSWORD, safe='')}@127.0.0.1:{port}?starttls=no"


class Mailbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def robot():
    server = Robot()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def mailbox():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    box = Mailbox()

    def login(server, session, envelope, mechanism, data):
        box.logins.append((data.login, data.password))
        return AuthResult(success=data.password == SMTP_PASSWORD.encode())

    controller = Controller(box, hostname="127.0.0.1", port=port, authenticator=login,
                            auth_require_tls=False)
    controller.start()
    box.url = _smtp_url(port)
    yield box
    controller.stop()


@pytest.fixture(scope="module")
def printed_month(built, tmp_path_factory):
    """The session's build copied aside with its PDF printed (once for the module)."""
    require_chromium()
    out = tmp_path_factory.mktemp("delivery-src") / MONTH
    shutil.copytree(built["out"], out)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(browsers.ENV, CHROMIUM)
        assert make_pdf(out, "zh", echo=lambda line: None) == 0
    return out


@pytest.fixture
def month(printed_month, built, tmp_path, monkeypatch):
    """A copy of the printed month of this test's own, and where its data are."""
    monkeypatch.setenv(browsers.ENV, CHROMIUM)
    outputs = tmp_path / "outputs"
    shutil.copytree(printed_month, outputs / MONTH)
    return {"outputs": outputs, "out": outputs / MONTH, "raw": built["raw"],
            "processed": built["root"] / "processed", "config": tmp_path / "delivery.yml"}


def _config(path: Path, *targets: str) -> Path:
    path.write_text("targets:\n" + "".join(targets), encoding="utf-8")
    return path


WECOM = """  - name: 运营群
    kind: wecom
    webhook_env: T_WECOM
    analyst: true
"""
DINGTALK = """  - name: 管理层
    kind: dingtalk
    webhook_env: T_DING
    secret_env: T_DING_SECRET
    pdf_url: https://files.example.com/opsreview/{month}/{file}
"""
MAIL = """  - name: 老板邮箱
    kind: mail
    smtp_env: T_SMTP
    from: ops@example.com
    to: [boss@example.com]
"""


def _send(month, env, config=None, force=False, sender=None, raw=None):
    lines: list[str] = []
    code = send_month(Month.parse(MONTH), config or month["config"], month["outputs"],
                      raw or month["raw"], month["processed"], force, lines.append, env,
                      sender or Sender(delays=(0.01, 0.01, 0.01)))
    return code, "\n".join(lines)


def _wecom_env(robot):
    return {"T_WECOM": f"{robot.base}/cgi-bin/webhook/send?key={KEY}"}


def _ding_env(robot):
    return {"T_DING": f"{robot.base}/robot/send?access_token={DING_TOKEN}",
            "T_DING_SECRET": DING_SECRET}


def test_a_fresh_clone_names_each_unset_variable_and_fails(month, capsys, monkeypatch):
    for var in ("OPSREVIEW_WECOM_WEBHOOK", "OPSREVIEW_DINGTALK_WEBHOOK",
                "OPSREVIEW_DINGTALK_SECRET", "OPSREVIEW_SMTP_URL"):
        monkeypatch.delenv(var, raising=False)
    code = cli.main(["send", "--month", MONTH, "--config", str(CONFIG_DIR / "delivery.yml"),
                     "--outputs", str(month["outputs"]), "--raw", str(month["raw"]),
                     "--processed", str(month["processed"])])
    out = capsys.readouterr()
    assert code == 1
    for name, var in (("运营群", "OPSREVIEW_WECOM_WEBHOOK"),
                      ("管理层", "OPSREVIEW_DINGTALK_WEBHOOK"),
                      ("老板邮箱", "OPSREVIEW_SMTP_URL")):
        assert f"{name} " in out.out and f"{var} is not set" in out.out
    assert "Traceback" not in out.out + out.err
    assert "not sent: 运营群, 管理层, 老板邮箱" in out.out


def test_the_sample_config_sends_one_markdown_and_one_file_to_wecom(month, robot):
    env = {"OPSREVIEW_WECOM_WEBHOOK": f"{robot.base}/cgi-bin/webhook/send?key=test"}
    code, out = _send(month, env, config=CONFIG_DIR / "delivery.yml")
    assert code == 1  # the other two targets are not configured
    assert "> 运营群 (wecom): sent" in out and "OPSREVIEW_SMTP_URL is not set" in out
    send, upload, file_msg = robot.requests
    assert send["path"] == "/cgi-bin/webhook/send" and send["query"]["key"] == ["test"]
    text = send["json"]["markdown"]["content"]
    assert send["json"]["msgtype"] == "markdown"
    said = summary.read(month["out"] / "index.html")
    assert text.startswith(f"# {said.title}\n\n**{said.scorecard}**\n")
    assert f"**{said.overview_heading}**" in text and f"**{said.points_heading}**" in text
    assert len(text.encode()) <= robots.WECOM_MARKDOWN_BYTES
    assert upload["path"] == "/cgi-bin/webhook/upload_media"
    assert upload["query"] == {"key": ["test"], "type": ["file"]}
    assert upload["type"].startswith("multipart/form-data")
    pdf = (month["out"] / pdf_name(MONTH, "zh")).read_bytes()
    assert pdf in upload["body"] and b'filename="opsreview-2024-02.pdf"' in upload["body"]
    assert file_msg["json"] == {"msgtype": "file", "file": {"media_id": "media-42"}}
    sent = json.loads((month["out"] / "manifest.json").read_text())["sent"]
    assert [(s["target"], s["kind"]) for s in sent] == [("运营群", "wecom")]
    assert len(sent[0]["sha256"]) == 64 and sent[0]["sent_at"].startswith("20")


def test_the_message_is_the_indexs_title_story_key_points_and_scorecard(month):
    said = summary.read(month["out"] / "index.html")
    page = (month["out"] / "index.html").read_text(encoding="utf-8")
    # the index's own words, found by its markup (the wording is the review's to change)
    assert said.title == re.search(r"<h1>([^<]+)</h1>", page).group(1)
    assert "2024" in said.title
    assert said.overview_heading == re.search(r'id="s-month-notes">([^<]+)<', page).group(1)
    assert said.points_heading == re.search(r'id="s-key-points">([^<]+)<', page).group(1)
    assert said.scorecard == re.search(r'class="scorecard-total"><strong>([^<]+)<',
                                       page).group(1)
    assert len(said.overview) >= 2 and len(said.points) >= 5
    for text in (*said.overview, *said.points):
        assert text in page
    assert "数据说明" not in "\n".join(said.lines())


def test_a_long_message_is_cut_at_a_whole_line_within_4096_bytes():
    point = "渔业信息网运营的要点，索引量从 431 页降到 1 页。"
    lines = ["# 2024年2月运营工作总结"] + [f"- 第{i}条：{point}" for i in range(200)]
    text = summary.cut(lines, 4096)
    size = len(text.encode())
    assert 4000 < size <= 4096 and text.endswith("\n…")
    kept = text.split("\n")[:-1]
    assert kept == lines[:len(kept)]  # whole lines, in order, none cut
    one = summary.cut(["渔" * 3000], 4096)  # one line longer than the limit: whole characters
    assert len(one.encode()) <= 4096 and one.endswith("…") and set(one[:-1]) == {"渔"}
    short = summary.cut(lines[:3], 4096)
    assert short == "\n".join(lines[:3])


def test_dingtalk_is_signed_with_the_secret_and_gets_the_pdf_as_a_link(month, robot):
    _config(month["config"], DINGTALK)
    code, out = _send(month, _ding_env(robot))
    assert code == 0, out
    markdown, link = robot.requests
    for req in robot.requests:
        assert req["path"] == "/robot/send" and req["query"]["access_token"] == [DING_TOKEN]
        stamp = req["query"]["timestamp"][0]
        assert abs(int(stamp) / 1000 - time.time()) < 60
        wanted = base64.b64encode(hmac.new(DING_SECRET.encode(), f"{stamp}\n{DING_SECRET}"
                                           .encode(), hashlib.sha256).digest()).decode()
        assert req["query"]["sign"][0] == wanted
        assert "sign=" + quote(wanted, safe="") in req["raw_query"]
    assert markdown["json"]["msgtype"] == "markdown"
    assert markdown["json"]["markdown"]["title"] == summary.read(month["out"] / "index.html").title
    assert link["json"]["link"]["messageUrl"] == \
        "https://files.example.com/opsreview/2024-02/opsreview-2024-02.pdf"


def test_mail_is_html_and_text_with_the_pdf_and_index_attached(month, mailbox):
    _config(month["config"], MAIL)
    code, out = _send(month, {"T_SMTP": mailbox.url})
    assert code == 0, out
    assert mailbox.logins == [(SMTP_USER.encode(), SMTP_PASSWORD.encode())]
    (msg,) = mailbox.messages
    said = summary.read(month["out"] / "index.html")
    assert msg["Subject"] == said.title and msg["To"] == "boss@example.com"
    assert msg.get_content_type() == "multipart/mixed"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert said.points_heading in text and said.scorecard in text and said.points[0] in text
    assert f"<h2>{said.overview_heading}</h2>" in html
    files = {part.get_filename(): part for part in msg.iter_attachments()}
    assert set(files) == {"opsreview-2024-02.pdf", "index.html"}
    assert files["opsreview-2024-02.pdf"].get_content_type() == "application/pdf"
    assert files["opsreview-2024-02.pdf"].get_content() == \
        (month["out"] / "opsreview-2024-02.pdf").read_bytes()


def test_a_500_and_an_errcode_are_retried_then_the_message_goes(month, robot):
    _config(month["config"], WECOM)
    robot.script = [(500, {"error": "busy"}), (200, {"errcode": 45009, "errmsg": "freq"})]
    code, out = _send(month, _wecom_env(robot))
    assert code == 0, out
    assert [r["path"].rsplit("/", 1)[1] for r in robot.requests] == \
        ["send", "send", "send", "upload_media", "send"]
    assert robot.requests[2]["json"] == robot.requests[0]["json"]


def test_a_failing_target_is_reported_and_the_others_still_go(month, robot, mailbox):
    _config(month["config"], WECOM, MAIL)
    robot.script = [(500, {})] * 4
    code, out = _send(month, {**_wecom_env(robot), "T_SMTP": mailbox.url})
    assert code == 1
    assert "! 运营群 (wecom): HTTP 500 (after 4 tries)" in out
    assert "not sent: 运营群" in out and len(mailbox.messages) == 1
    sent = json.loads((month["out"] / "manifest.json").read_text())["sent"]
    assert [s["target"] for s in sent] == ["老板邮箱"]


def test_a_robot_gets_at_most_n_messages_a_period(month, robot):
    limit = robots.RateLimit(3, 0.4)
    start = time.monotonic()
    stamps = []
    for _ in range(7):
        limit.wait()
        stamps.append(time.monotonic() - start)
    assert all(stamps[i + 3] - stamps[i] >= 0.39 for i in range(4))
    # in a send: two targets on the same robot share its limit (2 messages per 0.5 s here)
    _config(month["config"], WECOM, WECOM.replace("运营群", "运营群2"))
    code, out = _send(month, _wecom_env(robot), sender=Sender(delays=(), per_minute=2,
                                                             period=0.5))
    assert code == 0, out
    sends = [r["at"] for r in robot.requests if r["path"].endswith("/send")]
    assert len(sends) == 4 and sends[2] - sends[0] >= 0.45 and sends[3] - sends[1] >= 0.45


def test_the_same_build_is_sent_once_unless_forced(month, robot):
    _config(month["config"], WECOM)
    assert _send(month, _wecom_env(robot))[0] == 0
    code, out = _send(month, _wecom_env(robot))
    assert code == 0 and len(robot.requests) == 3
    assert "= 运营群 (wecom): this build was sent at" in out and "FORCE=1" in out
    code, out = _send(month, _wecom_env(robot), force=True)
    assert code == 0 and len(robot.requests) == 6
    assert len(json.loads((month["out"] / "manifest.json").read_text())["sent"]) == 2


def test_a_rebuilt_month_with_changed_content_is_printed_and_sent_again(month, robot):
    _config(month["config"], WECOM)
    assert _send(month, _wecom_env(robot))[0] == 0
    index = month["out"] / "index.html"
    pdf = month["out"] / pdf_name(MONTH, "zh")
    before = pdf.read_bytes()
    page = index.read_text(encoding="utf-8")
    story = summary.read(index).overview[0]
    index.write_text(page.replace(story, story + "（重建后）", 1), encoding="utf-8")
    code, out = _send(month, _wecom_env(robot))
    assert code == 0, out
    assert pdf.read_bytes() != before  # the stale PDF was printed again first
    assert story + "（重建后）" in robot.requests[3]["json"]["markdown"]["content"]
    sent = json.loads((month["out"] / "manifest.json").read_text())["sent"]
    assert len(sent) == 2 and sent[0]["sha256"] != sent[1]["sha256"]


def test_no_secret_reaches_an_output_an_error_or_the_manifest(month, robot, mailbox):
    _config(month["config"], WECOM, DINGTALK, MAIL)
    env = {**_wecom_env(robot), **_ding_env(robot), "T_SMTP": mailbox.url}
    robot.script = [(500, {"errmsg": f"bad key {KEY}"})] * 4 + \
        [(200, {"errcode": 310000, "errmsg": f"sign not match {DING_SECRET}"})] * 4
    outs = [_send(month, env)[1]]
    outs.append(_send(month, {**env, "T_SMTP": _smtp_url(9)}, force=True)[1])
    outs.append(_send(month, {**env, "T_SMTP": f"ftp://{SMTP_USER}:{SMTP_PASSWORD}@x"},
                      force=True)[1])
    closed = {**env, "T_WECOM": f"http://127.0.0.1:9/cgi-bin/webhook/send?key={KEY}"}
    outs.append(_send(month, closed, force=True)[1])
    text = "\n".join(outs) + (month["out"] / "manifest.json").read_text()
    assert "errcode 310000" in text and "T_SMTP" in text  # the failures were said
    for secret in SECRETS:
        assert secret not in text


def _pii_values(raw: Path, processed: Path) -> set[str]:
    """Every buyer nickname, phone and message of the sample month (catalog pii columns)."""
    inv = inventory(raw, Month.parse(MONTH), processed)
    found = set()
    for ds in DATASETS:
        cols = [c.name for c in ds.columns if c.pii]
        for entry in inv.files_for(ds.name) if cols else []:
            frame = ingest.load_entry(inv, entry, ds, processed).frame
            for col in cols:
                if col in frame:
                    found |= {str(v) for v in frame[col].dropna() if len(str(v)) >= 4}
    return found


def test_no_buyer_nickname_phone_or_message_is_in_any_payload(month, robot, mailbox):
    _config(month["config"], WECOM, DINGTALK, MAIL)
    env = {**_wecom_env(robot), **_ding_env(robot), "T_SMTP": mailbox.url}
    assert _send(month, env)[0] == 0
    pii = _pii_values(month["raw"], month["processed"])
    assert len(pii) > 1000  # nicknames, phones and messages were read
    (msg,) = mailbox.messages
    payloads = [json.dumps(m, ensure_ascii=False) for m in robot.messages()] + [
        msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content(),
        msg["Subject"], *[part.get_content() for part in msg.iter_attachments()
                          if part.get_filename() == "index.html"]]
    assert len(payloads) == 8  # the PDF prints the pages, whose own tests hold them to it
    for payload in payloads:
        assert not [v for v in pii if v in payload]


def test_while_exports_are_missing_only_the_analyst_hears_which(month, robot, tmp_path):
    raw = tmp_path / "raw"
    for m in ("2024-01", MONTH):
        shutil.copytree(month["raw"] / m, raw / m)
    (raw / MONTH / "site_traffic.csv").unlink()
    (raw / MONTH / "team.csv").unlink()
    assert missing_exports(month["raw"], Month.parse(MONTH), month["processed"]) == []
    # site_traffic: 2024-01 had none (the site launched in February), so it is not awaited
    assert missing_exports(raw, Month.parse(MONTH), tmp_path / "processed") == \
        ["team.csv  team  no file this month (no data)"]
    (raw / "2024-01" / "site_traffic.csv").write_bytes(
        (month["raw"] / MONTH / "site_traffic.csv").read_bytes())
    _config(month["config"], WECOM, DINGTALK)
    lines: list[str] = []
    code = send_month(Month.parse(MONTH), month["config"], month["outputs"], raw,
                      tmp_path / "processed", False, lines.append,
                      {**_wecom_env(robot), **_ding_env(robot)}, Sender(delays=()))
    assert code == 1
    (only,) = robot.requests
    assert only["path"] == "/cgi-bin/webhook/send"
    text = only["json"]["markdown"]["content"]
    assert "site_traffic.csv  site_traffic  no file this month (no data)" in text
    assert "team.csv  team  no file this month (no data)" in text
    assert "  ! 管理层 (dingtalk): not sent until the month's exports are all there" in lines
    assert "sent" not in json.loads((month["out"] / "manifest.json").read_text())


def test_run_last_month_before_its_folder_exists_tells_the_analyst(month, robot, tmp_path,
                                                                   monkeypatch, capsys):
    assert cli.last_month(date(2024, 3, 3)) == Month.parse("2024-02")
    assert cli.last_month(date(2024, 1, 3)) == Month.parse("2023-12")
    raw = tmp_path / "raw"
    shutil.copytree(month["raw"] / MONTH, raw / MONTH)
    _config(month["config"], WECOM, MAIL)
    for name, value in {**_wecom_env(robot), "T_SMTP": "smtp://127.0.0.1:9"}.items():
        monkeypatch.setenv(name, value)
    code = cli.main(["run", "--month", "2024-03", "--config", str(month["config"]),
                     "--outputs", str(month["outputs"]), "--raw", str(raw),
                     "--processed", str(tmp_path / "processed")])
    out = capsys.readouterr().out
    assert code == 1 and not (month["outputs"] / "2024-03").exists()
    (only,) = robot.requests
    assert only["json"]["markdown"]["content"].count("no file this month") == len(DATASETS)
    assert "! 老板邮箱 (mail): not sent until the month's exports are all there" in out


@pytest.mark.parametrize("target, said", [
    (WECOM + "    webhook: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + KEY + "\n",
     "unknown key(s) webhook"),
    (WECOM.replace("webhook_env: T_WECOM", "webhook_env: https://x/send?key=" + KEY),
     "webhook_env must name an environment variable"),
    (WECOM.replace("kind: wecom", "kind: slack"), "kind must be one of wecom, dingtalk, mail"),
    (MAIL.replace("    to: [boss@example.com]\n", ""), "a mail target needs `from` and `to`"),
    (WECOM + "    lang: fr\n", "lang must be one of zh, en, both"),
])
def test_a_wrong_delivery_file_is_named_without_its_values(built, tmp_path, capsys, target,
                                                         said):
    config = _config(tmp_path / "delivery.yml", target)
    code = cli.main(["send", "--month", MONTH, "--config", str(config), "--outputs",
                     str(tmp_path), "--raw", str(built["raw"]), "--processed", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and said in err
    assert "target 运营群" in err or "target 老板邮箱" in err
    assert KEY not in err and "Traceback" not in err


def test_run_builds_the_month_then_sends_it(month, robot, monkeypatch, capsys):
    _config(month["config"], WECOM)
    monkeypatch.setenv("T_WECOM", _wecom_env(robot)["T_WECOM"])
    code = cli.main(["run", "--month", MONTH, "--config", str(month["config"]),
                     "--outputs", str(month["outputs"]), "--raw", str(month["raw"]),
                     "--processed", str(month["processed"])])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "7 unchanged" in out and "> 运营群 (wecom): sent" in out
    assert [r["json"]["msgtype"] for r in robot.requests if r["json"]] == ["markdown", "file"]
