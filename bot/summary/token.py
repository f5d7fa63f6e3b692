"""Summary links' tokens: unguessable, expiring, and dead once the
conversation is deleted. A token is `PAYLOAD.SIGNATURE`, both urlsafe
base64: the payload names the conversation, the expiry (Unix seconds) and
the conversation's nonce (slot `summary_nonce`); the signature is
HMAC-SHA256 over the payload with the server's secret. The server that
serves the page checks the signature (constant time), the expiry, and that
the conversation still holds that nonce: "delete my data" deletes the
conversation and its nonce, so every earlier link dies, even after the
person writes again (a new conversation, a new nonce).

The secret: TWITCH_SUMMARY_SECRET, or else one generated once into
var/summary-secret (mode 0600), which the action server (that makes links)
and Rasa (that serves them) both read, running from the same checkout.
Plain Python, no Rasa."""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

NONCE_SLOT = "summary_nonce"  # the conversation's nonce (domain.yml)
SECRET = "TWITCH_SUMMARY_SECRET"
SECRET_FILE = "TWITCH_SUMMARY_SECRET_FILE"
DEFAULT_SECRET_FILE = "var/summary-secret"
DAYS = "TWITCH_SUMMARY_DAYS"  # how long a link works
DEFAULT_DAYS = 7
MAX_TOKEN_CHARS = 2048  # longer is not ours: refused before any work
DAY_S = 86400


@dataclass(frozen=True)
class Grant:
    """What a valid token lets one read."""

    conversation_id: str
    nonce: str
    expires: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(payload: str, secret: bytes) -> str:
    return _b64(hmac.new(secret, b"twitch-summary-v1." + payload.encode("ascii"), hashlib.sha256).digest())


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def mint(conversation_id: str, nonce: str, secret: bytes, expires: int) -> str:
    """A token for one conversation's summary, valid until `expires`."""
    payload = _b64(json.dumps({"c": conversation_id, "n": nonce, "e": int(expires)}, separators=(",", ":")).encode())
    return f"{payload}.{_sign(payload, secret)}"


def verify(token: str, secret: bytes, now: float) -> Grant | None:
    """The grant of a token signed with `secret` and not expired; None for
    anything else (whatever is wrong with it: the caller answers 404)."""
    if len(token) > MAX_TOKEN_CHARS or token.count(".") != 1:
        return None
    payload, signature = token.split(".")
    try:
        if not hmac.compare_digest(_sign(payload, secret), signature):
            return None
        fields = json.loads(_unb64(payload))
    except (ValueError, UnicodeError, binascii.Error):  # not ascii, not base64, not JSON
        return None
    if not isinstance(fields, dict):
        return None
    conversation, nonce, expires = fields.get("c"), fields.get("n"), fields.get("e")
    if not (isinstance(conversation, str) and isinstance(nonce, str) and isinstance(expires, int)):
        return None
    return Grant(conversation, nonce, expires) if now < expires else None


def nonce_matches(grant: Grant, stored: object) -> bool:
    """Whether the conversation still holds the token's nonce."""
    return isinstance(stored, str) and hmac.compare_digest(grant.nonce.encode(), stored.encode())


def link_days() -> float:
    """How long a new link works (TWITCH_SUMMARY_DAYS, default 7)."""
    return float(os.environ.get(DAYS) or DEFAULT_DAYS)


@functools.cache
def configured_secret() -> bytes:
    """The secret both servers sign and check with (read once per process)."""
    given = os.environ.get(SECRET)
    if given:
        return given.encode()
    path = Path(os.environ.get(SECRET_FILE) or DEFAULT_SECRET_FILE)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole under another name, then linked into place: whichever
        # server comes first makes it, and the other reads it complete.
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False) as draft:
            os.chmod(draft.name, 0o600)
            draft.write(secrets.token_urlsafe(32))
        try:
            os.link(draft.name, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(draft.name)
    return path.read_text(encoding="ascii").strip().encode()
