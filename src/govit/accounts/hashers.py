"""Password hashing with the commercial cryptography a 密评 (GB/T 39786-2021) expects: PBKDF2 over
HMAC-SM3 (GB/T 32905), through cryptography's OpenSSL. New and changed passwords are hashed with it;
a hash made with Django's PBKDF2-SHA256 still checks, and is re-hashed with SM3 at the next login."""

import base64

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from django.contrib.auth.hashers import BasePasswordHasher, mask_hash
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_noop as _


class PBKDF2SM3PasswordHasher(BasePasswordHasher):
    """`pbkdf2_sm3$<iterations>$<salt>$<base64 hash>`, 32 bytes; about half a second here."""

    algorithm = "pbkdf2_sm3"
    iterations = 300_000
    digest_size = 32

    def encode(self, password: str, salt: str, iterations: int | None = None) -> str:
        self._check_encode_args(password, salt)
        iterations = iterations or self.iterations
        kdf = PBKDF2HMAC(
            algorithm=hashes.SM3(), length=self.digest_size, salt=salt.encode(), iterations=iterations
        )
        digest = base64.b64encode(kdf.derive(password.encode())).decode("ascii").strip()
        return f"{self.algorithm}${iterations}${salt}${digest}"

    def decode(self, encoded: str) -> dict:
        algorithm, iterations, salt, digest = encoded.split("$", 3)
        assert algorithm == self.algorithm
        return {"algorithm": algorithm, "hash": digest, "iterations": int(iterations), "salt": salt}

    def verify(self, password: str, encoded: str) -> bool:
        decoded = self.decode(encoded)
        return constant_time_compare(encoded, self.encode(password, decoded["salt"], decoded["iterations"]))

    def safe_summary(self, encoded: str) -> dict:
        decoded = self.decode(encoded)
        return {
            _("algorithm"): decoded["algorithm"],
            _("iterations"): decoded["iterations"],
            _("salt"): mask_hash(decoded["salt"]),
            _("hash"): mask_hash(decoded["hash"]),
        }

    def must_update(self, encoded: str) -> bool:
        return self.decode(encoded)["iterations"] != self.iterations

    def harden_runtime(self, password: str, encoded: str) -> None:
        extra = self.iterations - self.decode(encoded)["iterations"]
        if extra > 0:
            self.encode(password, self.salt(), extra)
