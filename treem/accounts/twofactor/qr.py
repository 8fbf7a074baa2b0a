"""The enrolment QR code, drawn on the server as SVG (an <img> with a data:
URI, which the Content-Security-Policy allows): no script, nothing fetched."""

from base64 import b32encode

import segno


def qr_data_uri(text):
    return segno.make(text, error="m").svg_data_uri(scale=5, border=4)


def manual_key(device):
    """The secret as an authenticator app asks for it when typed: base32, in
    groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
