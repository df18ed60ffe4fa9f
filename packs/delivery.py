"""Where a pack goes: a file written whole or not at all, or an e-mail with the pack attached."""

from __future__ import annotations

import errno
import os
import smtplib
import ssl
import tempfile
from email.message import EmailMessage
from pathlib import Path

from .document import MARKING
from .recipients import Smtp

MIME = {
    "pdf": ("application", "pdf"),
    "docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


class NotDelivered(Exception):
    """A pack did not reach its recipient (the message says why); nothing half-written is left."""


def write_whole(path: Path, content: bytes, mode: int = 0o640) -> Path:
    """Write a file whole or not at all: a private temporary file beside it, synced, then
    renamed over the path (a full disk or a refusal leaves nothing behind)."""
    path = Path(path)
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as e:
        raise NotDelivered(_said(e, path.parent)) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as e:
        Path(temporary).unlink(missing_ok=True)
        raise NotDelivered(_said(e, path)) from None
    return path


def _said(e: OSError, where: Path) -> str:
    if e.errno == errno.ENOSPC:
        return f"no space left on the device writing {where}: nothing was left there"
    return f"{where}: the file system refused: {e.strerror or type(e).__name__}"


def email(
    smtp: Smtp, to: str, subject: str, body: str, content: bytes, file_name: str, kind: str
) -> None:
    """Send one e-mail with the pack attached (STARTTLS and login when the file asks)."""
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = to
    message["Subject"] = f"{MARKING}: {subject}"
    message.set_content(body)
    maintype, subtype = MIME[kind]
    message.add_attachment(content, maintype=maintype, subtype=subtype, filename=file_name)
    credentials = smtp.credentials()
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout) as server:
            if smtp.starttls:
                server.starttls(context=ssl.create_default_context())
            if credentials:
                server.login(*credentials)
            server.send_message(message)
    except smtplib.SMTPRecipientsRefused as e:
        code, reply = next(iter(e.recipients.values()))
        raise NotDelivered(f"the mail server refused {to}: {code} {_text(reply)}") from None
    except smtplib.SMTPResponseException as e:
        raise NotDelivered(
            f"the mail server refused: {e.smtp_code} {_text(e.smtp_error)}"
        ) from None
    except TimeoutError:
        raise NotDelivered(_silent(smtp)) from None
    except smtplib.SMTPServerDisconnected as e:
        if "timed out" in str(e):  # no greeting within the timeout
            raise NotDelivered(_silent(smtp)) from None
        raise NotDelivered(f"the mail server {smtp.host}:{smtp.port}: {e}") from None
    except (smtplib.SMTPException, OSError, ssl.SSLError) as e:
        raise NotDelivered(f"the mail server {smtp.host}:{smtp.port}: {e}") from None


def _silent(smtp: Smtp) -> str:
    return f"the mail server {smtp.host}:{smtp.port} did not answer within {smtp.timeout:g} s"


def _text(reply) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
