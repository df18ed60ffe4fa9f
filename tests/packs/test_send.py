"""python -m packs send against a real SMTP server on loopback (aiosmtpd): each recipient gets
their own areas only; a recipient refused by the server, one with an unknown role, one whose
disk is full and a server that never answers are reported and skipped while the rest are sent;
every pack sent is audited."""

from __future__ import annotations

import email
import errno
import os
import socket
import threading
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from packs import delivery
from packs.__main__ import main
from packs.recipients import Smtp
from packs.send import send
from queries import api, audit
from queries.access import Access
from queries.door import Door
from tests.packs.conftest import keep, pages

ST_ALBANS, STEVENAGE = "E07000240", "E07000243"


class Inbox:
    """An aiosmtpd handler that keeps every message and refuses one address."""

    def __init__(self, refuse: str):
        self.refuse, self.messages = refuse, []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"


@pytest.fixture
def inbox():
    handler = Inbox(refuse="gone@force.example")
    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


def recipients(folder: Path, port: int, full: Path) -> Path:
    path = folder / "recipients.toml"
    path.write_text(
        f"""
[smtp]
host = "127.0.0.1"
port = {port}
sender = "stalking-dashboard@force.example"
timeout = 10

[[recipient]]
name = "St Albans supervisor"
email = "st.albans@force.example"
role = "supervisor"
areas = ["{ST_ALBANS}"]

[[recipient]]
name = "Stevenage supervisor"
email = "stevenage@force.example"
role = "supervisor"
areas = ["{STEVENAGE}"]

[[recipient]]
name = "Left the force"
email = "gone@force.example"
role = "supervisor"
areas = ["{ST_ALBANS}"]

[[recipient]]
name = "Unknown role"
email = "who@force.example"
role = "chief"

[[recipient]]
name = "Full disk"
folder = "{full}"
pack = "npcc"
format = "docx"
role = "board"
"""
    )
    return path


def attachment(raw: bytes) -> tuple[str, bytes, str]:
    message = email.message_from_bytes(raw, policy=policy.default)
    part = next(message.iter_attachments())
    return message["Subject"], part.get_content(), part.get_filename()


def test_each_recipient_gets_their_own_areas(packs_db, tmp_path, monkeypatch, inbox, renderer):
    handler, port = inbox
    full = tmp_path / "full"
    full.mkdir()
    real_fsync = os.fsync

    def fsync(fd):  # the disk of the folder "full" has no space left
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(full)):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(delivery.os, "fsync", fsync)
    monkeypatch.setenv("STALKING_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    outcomes = send(packs_db, recipients(tmp_path, port, full), renderer=renderer)

    assert [o.sent for o in outcomes] == [True, True, False, False, False]
    assert "the mail server refused gone@force.example: 550" in outcomes[2].message
    assert "role 'chief' is unknown" in outcomes[3].message
    assert "no space left on the device" in outcomes[4].message
    assert list(full.iterdir()) == []  # nothing half-written

    store = api.Store(packs_db)
    names = set(api.areas(store)["area_name"])
    got = {tuple(to): attachment(raw) for to, raw in handler.messages}
    assert set(got) == {("st.albans@force.example",), ("stevenage@force.example",)}
    for (to,), area, name in (
        (("st.albans@force.example",), ST_ALBANS, "St Albans"),
        (("stevenage@force.example",), STEVENAGE, "Stevenage"),
    ):
        subject, pdf, file_name = got[(to,)]
        assert subject.startswith("OFFICIAL-SENSITIVE: stalking board pack")
        assert file_name.endswith(f"-supervisor-{area}.pdf")
        keep(pdf, f"sent-{area}.pdf")
        text = " ".join(pages(pdf))
        assert name in text and not [n for n in names - {name} if n in text]
        door = Door(store, Access(to, "supervisor", (area,)))
        scope_period = door(api.measure_totals, *_period(text), [area])
        cases = scope_period.set_index("measure_id").loc["stalking_cases", "value"]
        assert f"Stalking cases recorded {cases:,.0f} " in text

    rows = audit.rows(tmp_path / "audit.sqlite")
    assert sorted((r["user"], r["action"]) for r in rows) == [
        ("st.albans@force.example", "send"),
        ("stevenage@force.example", "send"),
    ]
    assert all('"role": "supervisor"' in r["filters"] for r in rows)


def _period(text: str):
    """The period the pack says it covers ('... reported November 2025 to October 2026')."""
    import re
    from datetime import datetime

    first, last = re.search(r"reported (\w+ \d{4}) to (\w+ \d{4})", text).groups()
    return (api.Period(*(datetime.strptime(m, "%B %Y").date() for m in (first, last))),)


@pytest.fixture
def silent_server():
    """A server that accepts a connection and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()


def test_a_server_that_never_answers_is_reported_and_the_exit_says_so(
    packs_db, tmp_path, monkeypatch, silent_server, capsys
):
    """A DOCX update to a folder is written; the e-mail to the silent server times out; the
    exit status is 4, naming who was missed."""
    out = tmp_path / "out"
    out.mkdir()
    path = tmp_path / "recipients.toml"
    path.write_text(
        f"""
[smtp]
host = "127.0.0.1"
port = {silent_server}
timeout = 1

[[recipient]]
name = "NPCC lead"
email = "npcc@force.example"
pack = "npcc"
format = "docx"
role = "board"

[[recipient]]
name = "Shared drive"
folder = "{out}"
pack = "npcc"
format = "docx"
role = "board"
"""
    )
    monkeypatch.setenv("STALKING_AUDIT_DB", str(tmp_path / "audit.sqlite"))
    assert main(["send", "--db", str(packs_db), "--recipients", str(path)]) == 4
    said = capsys.readouterr()
    assert "did not answer within 1 s" in said.err
    assert "1 of 2 recipient(s) missed: NPCC lead" in said.err
    assert [p.suffix for p in out.iterdir()] == [".docx"]
    assert "Traceback" not in said.err


def test_smtp_credentials_come_from_the_environment(monkeypatch):
    smtp = Smtp("127.0.0.1", username_env="SMTP_USER_T", password_env="SMTP_PASS_T")
    monkeypatch.setenv("SMTP_USER_T", "u")
    monkeypatch.setenv("SMTP_PASS_T", "p")
    assert smtp.credentials() == ("u", "p")
    monkeypatch.delenv("SMTP_PASS_T")
    with pytest.raises(Exception, match="SMTP_PASS_T, which is not set"):
        smtp.credentials()


def test_a_recipients_file_that_cannot_be_read_sends_nothing(packs_db, tmp_path, capsys):
    path = tmp_path / "recipients.toml"
    path.write_text("[[recipient]\nname = 'x'")
    assert main(["send", "--db", str(packs_db), "--recipients", str(path)]) == 1
    assert "not valid TOML" in capsys.readouterr().err
