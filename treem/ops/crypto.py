"""Streaming encryption of backup files with AES-256-GCM.

The key is derived from BACKUP_KEY (a passphrase of any length) with scrypt
and a random salt. The plaintext is cut into 1 MiB chunks, each sealed with
its own nonce: a 7-byte random prefix, the chunk's number, and a flag on the
last chunk (the STREAM construction), with the file's header as associated
data. Reordered, truncated or altered chunks, or a wrong key, fail
authentication; nothing is returned from a chunk that does not authenticate.

    header: MAGIC (8) | salt (16) | nonce prefix (7)
    chunk:  length of the sealed chunk (4, big-endian) | sealed chunk
"""

import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"TREEMBK1"
CHUNK = 1 << 20
_SALT, _PREFIX, _TAG = 16, 7, 16
HEADER_SIZE = len(MAGIC) + _SALT + _PREFIX


class DecryptionError(Exception):
    """Wrong key, or a file that is not a treem backup or was altered."""


def derive_key(passphrase, salt):
    if not passphrase:
        raise ValueError("empty key")
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode())


def _nonce(prefix, counter, last):
    return prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """A file-like object: what is written goes encrypted to `raw`."""

    def __init__(self, raw, passphrase):
        salt, self._prefix = os.urandom(_SALT), os.urandom(_PREFIX)
        self._header = MAGIC + salt + self._prefix
        self._aead = AESGCM(derive_key(passphrase, salt))
        self._raw = raw
        self._buffer = bytearray()
        self._counter = 0
        raw.write(self._header)

    def write(self, data):
        self._buffer += data
        # Strictly more than a chunk: the last chunk, flagged, is written on close.
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _emit(self, plain, last):
        sealed = self._aead.encrypt(_nonce(self._prefix, self._counter, last), plain, self._header)
        self._raw.write(struct.pack(">I", len(sealed)) + sealed)
        self._counter += 1

    def close(self):
        self._emit(bytes(self._buffer), last=True)
        self._buffer.clear()


class DecryptingReader:
    """A file-like object reading the plaintext of an encrypted stream."""

    def __init__(self, raw, passphrase):
        self._raw = raw
        self._header = raw.read(HEADER_SIZE)
        if len(self._header) != HEADER_SIZE or not self._header.startswith(MAGIC):
            raise DecryptionError("not a treem backup")
        salt = self._header[len(MAGIC) : len(MAGIC) + _SALT]
        self._prefix = self._header[len(MAGIC) + _SALT :]
        self._aead = AESGCM(derive_key(passphrase, salt))
        self._counter = 0
        self._buffer = bytearray()
        self._next = self._read_sealed()
        self._done = False

    def _read_sealed(self):
        size = self._raw.read(4)
        if not size:
            return None
        if len(size) != 4:
            raise DecryptionError("truncated")
        (length,) = struct.unpack(">I", size)
        if length > CHUNK + _TAG:
            raise DecryptionError("chunk too long")
        sealed = self._raw.read(length)
        if len(sealed) != length:
            raise DecryptionError("truncated")
        return sealed

    def _fill(self):
        current = self._next
        if current is None:
            raise DecryptionError("truncated")
        self._next = self._read_sealed()
        last = self._next is None
        try:
            plain = self._aead.decrypt(
                _nonce(self._prefix, self._counter, last), current, self._header
            )
        except InvalidTag:
            raise DecryptionError("authentication failed") from None
        self._counter += 1
        self._buffer += plain
        self._done = last

    def read(self, size=-1):
        while not self._done and (size < 0 or len(self._buffer) < size):
            self._fill()
        if size < 0:
            size = len(self._buffer)
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data
