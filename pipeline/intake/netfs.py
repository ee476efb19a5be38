"""Is the store on a network file system? (Linux, macOS, Windows.)

SQLite's WAL mode needs every process on one host with working shared memory and
locks; on a network share it can corrupt the store. This module only finds out
where a path lives and whether a lock taken here reaches the other machines; what
to do about it is the SQLite store's decision (:mod:`pipeline.intake.store_sqlite`).

Linux: ``/proc/self/mountinfo``, not ``statfs``: every FUSE file system has one
magic number, so ``stat -f`` cannot tell sshfs from a local NTFS disk, while
mountinfo names ``fuse.sshfs`` with its source and options. macOS: ``/sbin/mount``.
Windows: a UNC path, or a drive letter that ``GetDriveTypeW`` calls remote (SQLite's
own ``winIsUNCPath`` misses mapped drives).

The parsing is pure (text in, answer out) so it is tested on any machine with
real and synthetic mount tables; the thin wrappers read the live table.
"""

from __future__ import annotations

import ntpath
import os
import re
import subprocess
import sys
from typing import NamedTuple

#: File system types whose data lives on another machine (or another OS instance:
#: VM shared folders and WSL's view of Windows drives behave like network shares).
NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "openafs", "coda", "9p", "v9fs",
    "ceph", "glusterfs", "lustre", "gpfs", "beegfs", "ocfs2", "gfs2", "davfs", "webdav", "afpfs", "orangefs",
    "pvfs2", "vboxsf", "vmhgfs", "prl_fs", "drvfs", "virtiofs",
})
#: FUSE subtypes (``fuse.<name>``) that reach over the network.
NETWORK_FUSE = frozenset({
    "sshfs", "rclone", "s3fs", "gcsfuse", "goofys", "juicefs", "glusterfs", "ceph-fuse", "ceph", "davfs2",
    "smbnetfs", "curlftpfs", "vmhgfs-fuse", "onedriver", "mountpoint-s3", "blobfuse", "blobfuse2", "lizardfs",
    "moosefs", "mfs", "seaweedfs", "cvmfs",
})


class Mount(NamedTuple):
    mount_point: str
    fstype: str
    source: str  # e.g. "//fil01/felles" or "server:/export"; "" when unknown
    options: str = ""  # mount and super options, comma-separated ("" when unknown)


def is_network(fstype: str) -> bool:
    """True for a network (or host-shared) file system type as the kernel names it."""
    fstype = fstype.lower()
    if fstype in NETWORK_TYPES:
        return True
    if fstype.startswith("fuse."):
        return fstype[5:] in NETWORK_FUSE
    return False


# --- Linux: /proc/self/mountinfo ---------------------------------------------------

_ESCAPE = re.compile(r"\\([0-7]{3})")


def _unescape(field: str) -> str:
    # The kernel writes space, tab, newline and backslash in paths as \040 \011 \012 \134.
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), field)


def parse_mountinfo(text: str) -> list[Mount]:
    """Every mount in ``/proc/<pid>/mountinfo`` order (see proc(5)); malformed lines are skipped."""
    mounts = []
    for line in text.splitlines():
        left, sep, right = line.partition(" - ")
        if not sep:
            continue
        fields, tail = left.split(" "), right.split(" ")
        if len(fields) < 5 or len(tail) < 2:
            continue
        options = ",".join(x for x in (fields[5] if len(fields) > 5 else "", tail[2] if len(tail) > 2 else "") if x)
        mounts.append(Mount(_unescape(fields[4]), tail[0], _unescape(tail[1]), options))
    return mounts


def _contains(mount_point: str, path: str) -> bool:
    if mount_point == "/":
        return True
    return path == mount_point or path.startswith(mount_point.rstrip("/") + "/")


def filesystem_of(path: str, mountinfo_text: str) -> Mount | None:
    """The mount that holds *path* (absolute, symlinks already resolved), or None if none does.

    The longest mount point that is a whole-component prefix of *path* wins; of
    mounts on the same point the last one listed does (it hides the earlier)."""
    best: Mount | None = None
    for mount in parse_mountinfo(mountinfo_text):
        if _contains(mount.mount_point, path) and (best is None or len(mount.mount_point) >= len(best.mount_point)):
            best = mount
    return best


def locks_reach_server(mount: Mount) -> bool | None:
    """Whether a lock taken here is seen by other machines using the share: False when the
    mount keeps locks on this machine (cifs ``nobrl``, nfs ``nolock``/``local_lock=…``, any
    network FUSE file system, VM and WSL shares); True for cifs/smb3/nfs that send them to the
    server; None when the type is not a network one or is not known well enough to say."""
    fstype = mount.fstype.lower()
    opts = {o.split("=")[0]: (o.split("=", 1)[1] if "=" in o else "") for o in mount.options.split(",") if o}
    if fstype.startswith("fuse.") and is_network(fstype):
        return False  # FUSE file systems without lock support get the kernel's local locks
    if fstype in ("9p", "v9fs", "virtiofs", "vboxsf", "vmhgfs", "prl_fs", "drvfs"):
        return False
    if fstype in ("cifs", "smb3", "smb2", "smb", "smbfs"):
        return "nobrl" not in opts
    if fstype in ("nfs", "nfs4"):
        return "nolock" not in opts and opts.get("local_lock", "none") == "none"
    return None


# --- macOS / BSD: the output of mount(8) --------------------------------------------

_BSD_LINE = re.compile(r"^(?P<source>.+?) on (?P<point>.+) \((?P<type>[^,()]+)(?:, [^()]*)?\)$")


def filesystem_of_bsd(path: str, mount_output: str) -> Mount | None:
    """Like :func:`filesystem_of`, over macOS's ``/sbin/mount`` output, e.g.
    ``//ola@fil01/felles on /Volumes/felles (smbfs, nodev, nosuid, mounted by ola)``."""
    best: Mount | None = None
    for line in mount_output.splitlines():
        m = _BSD_LINE.match(line.strip())
        if not m:
            continue
        mount = Mount(m.group("point"), m.group("type"), m.group("source"))
        if _contains(mount.mount_point, path) and (best is None or len(mount.mount_point) >= len(best.mount_point)):
            best = mount
    return best


# --- Windows --------------------------------------------------------------------------

DRIVE_REMOTE = 4  # GetDriveTypeW


def is_unc(path: str) -> bool:
    r"""True for a path on a network share written as UNC: ``\\server\share\…``, ``//server/share``,
    ``\\?\UNC\server\share\…`` (and WSL's ``\\wsl$\…``, a 9P share). Device and
    extended-length local paths (``\\?\C:\…``, ``\\.\PhysicalDrive0``, ``\\?\Volume{…}\``) are not."""
    p = path.replace("/", "\\")
    if p[:8].upper() == "\\\\?\\UNC\\":
        return True
    if p.startswith("\\\\?\\") or p.startswith("\\\\.\\"):
        return False
    if not p.startswith("\\\\") or p.startswith("\\\\\\"):
        return False
    server, _, rest = p[2:].partition("\\")
    return bool(server) and bool(rest.split("\\")[0])


def windows_drive_root(path: str) -> str | None:
    r"""``C:\Users\x`` -> ``C:\``; None for a path without a drive letter (UNC, relative)."""
    drive = ntpath.splitdrive(path)[0]
    return drive + "\\" if len(drive) == 2 and drive[1] == ":" else None


def _windows_is_network(path: str) -> tuple[bool, str]:  # pragma: no cover - runs on Windows only
    import ctypes

    real = os.path.realpath(path)  # follows symlinks/junctions that point to a share
    if is_unc(real):
        return True, real
    root = windows_drive_root(real)
    if root is None:
        return False, real
    kind = ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root))
    return kind == DRIVE_REMOTE, root


# --- the live check ---------------------------------------------------------------------


class Where(NamedTuple):
    network: bool
    fstype: str  # "nfs4", "cifs", "smbfs", "remote" (Windows drive), "unc", "unknown"…
    location: str  # mount point, drive root or share: for the message
    #: Whether a lock taken here is seen by the other machines (see :func:`locks_reach_server`);
    #: None: not a network file system, or not known.
    locks_reach: bool | None = None


#: Read this mount table instead of ``/proc/self/mountinfo`` (tests, and support
#: asking "what does iktplan think this share is?"). Linux only.
MOUNTINFO_ENV = "IKTPLAN_MOUNTINFO"


def where(path: str) -> Where:
    """Where *path* (a file that may not exist yet, or a folder) lives. Never raises:
    when the platform cannot tell, the answer is ``network=False, fstype="unknown"``."""
    probe = os.path.abspath(path)
    while not os.path.exists(probe) and os.path.dirname(probe) != probe:
        probe = os.path.dirname(probe)  # the store's folder may not exist yet: ask its nearest parent
    try:
        if sys.platform == "win32":  # pragma: no cover
            network, location = _windows_is_network(probe)
            return Where(network, ("unc" if is_unc(location) else "remote") if network else "local", location)
        real = os.path.realpath(probe)
        if sys.platform.startswith("linux"):
            table = os.environ.get(MOUNTINFO_ENV) or "/proc/self/mountinfo"
            with open(table, encoding="utf-8", errors="surrogateescape") as f:
                mount = filesystem_of(real, f.read())
        else:  # macOS, BSD
            out = subprocess.run(["/sbin/mount"], capture_output=True, text=True, timeout=10).stdout
            mount = filesystem_of_bsd(real, out)
    except (OSError, subprocess.SubprocessError, ValueError):
        return Where(False, "unknown", probe)
    if mount is None:
        return Where(False, "unknown", probe)
    network = is_network(mount.fstype)
    return Where(network, mount.fstype, mount.mount_point,
                 locks_reach_server(mount) if network else None)
