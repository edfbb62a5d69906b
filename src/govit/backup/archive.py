"""The backup archive: one uncompressed .tar of the database copy, the uploaded documents and the
audit log's checkpoint file, with a manifest of every file's size and SM3 hash.

The manifest (`manifest.json`, the archive's last member) is signed with HMAC-SM3 under the audit
log's key (audit/chain.py), which is never in the archive: whoever edits a file of the archive
and recomputes its hash in the manifest still cannot make the signature hold.
"""

import io
import json
import os
import tarfile
import time
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from cryptography.hazmat.primitives import hashes

from govit.audit import chain
from govit.backup.errors import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class _Hashing:
    """A file read through SM3: tarfile reads it, the hash and the size come out."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream, self.size = stream, 0
        self._hash = hashes.Hash(hashes.SM3())

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self._hash.update(data)
        self.size += len(data)
        return data

    def hexdigest(self) -> str:
        return self._hash.finalize().hex()


def sm3_of(path: Path) -> str:
    with path.open("rb") as stream:
        reader = _Hashing(stream)
        while reader.read(CHUNK):
            pass
    return reader.hexdigest()


def sign(manifest: dict[str, Any]) -> dict[str, Any]:
    unsigned = {key: value for key, value in manifest.items() if key != "mac"}
    return {**unsigned, "mac": chain.mac(chain.canonical(unsigned))}


def write(stream: BinaryIO, entries: list[tuple[str, Path]], manifest: dict[str, Any]) -> dict[str, Any]:
    """Write `entries` (name in the archive, file on disk), each hashed as it goes in, then the
    signed manifest listing them all; return that manifest."""
    files = []
    with tarfile.open(fileobj=stream, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, path in entries:
            info = tar.gettarinfo(str(path), arcname=name)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with path.open("rb") as source:
                reader = _Hashing(source)
                tar.addfile(info, reader)
            files.append({"name": name, "size": reader.size, "sm3": reader.hexdigest()})
        signed = sign({**manifest, "format": FORMAT, "files": files})
        data = json.dumps(signed, ensure_ascii=False, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
        tar.addfile(info, io.BytesIO(data))
    return signed


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def read_manifest(tar: tarfile.TarFile, archive: Path) -> dict[str, Any]:
    """The manifest, its signature checked against this installation's audit key."""
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(member).read())
        signature = manifest["mac"]
    except (KeyError, ValueError, AttributeError, TypeError):
        raise BackupError(f"{archive.name} 不是 GovIT 备份：没有可读的 {MANIFEST}。") from None
    if not isinstance(signature, str) or not chain.hmac_equal(signature, sign(manifest)["mac"]):
        raise BackupError(
            f"备份被篡改：{MANIFEST} 的签名（HMAC-SM3）不符；或该备份不是用本系统的审计密钥"
            "（GOVIT_AUDIT_KEY）生成的。未恢复任何内容。"
        )
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不支持的备份格式 {manifest.get('format')!r}（本版本只读格式 {FORMAT}）。")
    return manifest


def extract(archive: Path, staging: Path) -> dict[str, Any]:
    """Check the archive against its signed manifest and copy every file into `staging`.

    Refused, naming the file: a member that is not a plain file or not listed, a listed file that
    is missing, or one whose size or SM3 differs from the manifest's."""
    try:
        tar = tarfile.open(archive, mode="r:")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"无法读取备份 {archive}：{error}") from None
    with tar:
        manifest = read_manifest(tar, archive)
        listed = {entry["name"]: entry for entry in manifest["files"]}
        seen = set()
        for member in tar.getmembers():
            name = member.name
            if name == MANIFEST:
                continue
            if name not in listed or not member.isfile() or not _safe(name) or name in seen:
                raise BackupError(f"备份被篡改：{name} 不在签名的清单中。未恢复任何内容。")
            seen.add(name)
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as source, target.open("wb") as out:
                reader = _Hashing(source)
                while data := reader.read(CHUNK):
                    out.write(data)
            entry = listed[name]
            if reader.size != entry["size"] or not chain.hmac_equal(reader.hexdigest(), entry["sm3"]):
                raise BackupError(f"备份被篡改：{name} 的 SM3 哈希或大小与清单不符。未恢复任何内容。")
        missing = sorted(set(listed) - seen)
        if missing:
            raise BackupError(f"备份不完整：缺少 {missing[0]}（清单中有，归档中没有）。未恢复任何内容。")
    return manifest


def fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
