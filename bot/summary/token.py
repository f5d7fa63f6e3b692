"""Summary links' tokens: unguessable, expiring, opaque, and dead once the
conversation is deleted. A token is one urlsafe base64 string: a random
12-byte IV and the AES-256-GCM encryption of the conversation's id, the
expiry (Unix seconds) and the conversation's nonce (slot `summary_nonce`),
with a key derived from the server's secret. Encrypted, not only signed:
the conversation id (a socket.io session, a Slack user) lets whoever holds
it write as the person, so a link must not show it. The server that serves
the page checks the tag (any change to the token fails it), the expiry, and
that the conversation still holds that nonce: "delete my data" deletes the
conversation and its nonce, so every earlier link dies, even after the
person writes again (a new conversation, a new nonce).

The secret: TWITCH_SUMMARY_SECRET, or else one generated once into
var/summary-secret (mode 0600), which the action server (that makes links)
and Rasa (that serves them) both read, running from the same checkout.
Both check it, and TWITCH_SUMMARY_DAYS, when they start (`check_settings`).
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

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_SLOT = "summary_nonce"  # the conversation's nonce (domain.yml)
SECRET = "TWITCH_SUMMARY_SECRET"
SECRET_FILE = "TWITCH_SUMMARY_SECRET_FILE"
DEFAULT_SECRET_FILE = "var/summary-secret"
DAYS = "TWITCH_SUMMARY_DAYS"  # how long a link works
DEFAULT_DAYS = 7
MAX_TOKEN_CHARS = 2048  # longer is not ours: refused before any work
MIN_SECRET_BYTES = 16
DAY_S = 86400
IV_BYTES = 12  # AES-GCM's nonce; random, never reused in practice (96 bits)
CONTEXT = b"twitch-summary-v2"  # binds tokens to this use of the secret


class SummarySettingsError(ValueError):
    """A setting of the summary links that cannot work; names the setting."""


@dataclass(frozen=True)
class Grant:
    """What a valid token lets one read."""

    conversation_id: str
    nonce: str
    expires: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _key(secret: bytes) -> bytes:
    return hmac.new(secret, CONTEXT, hashlib.sha256).digest()


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def mint(conversation_id: str, nonce: str, secret: bytes, expires: int) -> str:
    """A token for one conversation's summary, valid until `expires`."""
    fields = json.dumps({"c": conversation_id, "n": nonce, "e": int(expires)}, separators=(",", ":")).encode()
    iv = secrets.token_bytes(IV_BYTES)
    return _b64(iv + AESGCM(_key(secret)).encrypt(iv, fields, CONTEXT))


def verify(token: str, secret: bytes, now: float) -> Grant | None:
    """The grant of a token made with `secret` and not expired; None for
    anything else (whatever is wrong with it: the caller answers 404)."""
    if len(token) > MAX_TOKEN_CHARS:
        return None
    try:
        sealed = base64.urlsafe_b64decode(token.encode("ascii") + b"=" * (-len(token) % 4))
        if len(sealed) <= IV_BYTES:
            return None
        fields = json.loads(AESGCM(_key(secret)).decrypt(sealed[:IV_BYTES], sealed[IV_BYTES:], CONTEXT))
    except (ValueError, UnicodeError, binascii.Error, InvalidTag):  # not ascii, not base64, altered, not JSON
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
    given = os.environ.get(DAYS) or str(DEFAULT_DAYS)
    try:
        days = float(given)
    except ValueError:
        days = 0.0
    if not 0 < days < 3650:
        raise SummarySettingsError(f"{DAYS}={given!r}: expected a number of days above 0 (and below 3650)")
    return days


def check_settings() -> None:
    """At a server's start: the secret and the link lifetime work, or an
    error naming the setting stops it there, not a person's turn later."""
    configured_secret()
    link_days()


@functools.cache
def configured_secret() -> bytes:
    """The secret both servers sign and check with (read once per process)."""
    given = os.environ.get(SECRET)
    if given:
        if len(given.encode()) < MIN_SECRET_BYTES:
            raise SummarySettingsError(f"{SECRET} is shorter than {MIN_SECRET_BYTES} characters")
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
    secret = path.read_text(encoding="ascii").strip().encode()
    if len(secret) < MIN_SECRET_BYTES:
        raise SummarySettingsError(f"{path}: the summary secret is shorter than {MIN_SECRET_BYTES} characters")
    return secret
