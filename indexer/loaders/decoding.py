"""Turning bytes into text: encoding detection, binary detection."""

from __future__ import annotations

from charset_normalizer import from_bytes


def looks_binary(data: bytes) -> bool:
    """True for data that is clearly not text (NUL bytes or many control characters early on)."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control / len(head) > 0.1


def decode_bytes(data: bytes, origin: str) -> tuple[str, list[str]]:
    """Decode ``data`` as UTF-8, else the detected encoding, else UTF-8 with replacement.

    Returns the text and warnings (one line each, naming ``origin``).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            text = data.decode(best.encoding)
            return text, [f"{origin}: not UTF-8, decoded as {best.encoding}"]
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("utf-8", errors="replace"), [
        f"{origin}: undecodable bytes replaced (encoding unknown)"
    ]
