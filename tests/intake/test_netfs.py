"""Finding the file system a path lives on: this machine's real mount table, a real mount made here,
and synthetic lines for the network file systems a container cannot mount."""

import os
import subprocess
from pathlib import Path

import pytest

from pipeline.intake import netfs

REAL = Path("/proc/self/mountinfo")

# Lines as the kernel writes them (proc(5)); sources and paths are made up.
SYNTHETIC = r"""
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
60 27 0:50 / /mnt/felles rw,relatime shared:30 - cifs //fil01/felles rw,vers=3.1.1,cache=strict,username=x
61 27 0:51 / /mnt/felles2 rw,relatime - ext4 /dev/vdb rw
62 27 0:52 / /home rw,relatime - nfs4 nas01:/export/home rw,vers=4.2,hard,proto=tcp
63 62 0:53 / /home/ola/IKT\040strategi rw,relatime - fuse.sshfs ola@server:/srv/ikt rw,user_id=0
64 27 0:54 / /mnt/c rw,noatime - 9p drvfs rw,aname=drvfs;path=C:\;uid=1000
65 27 0:55 / /srv/data rw - ext4 /dev/vdc rw
66 27 0:56 / /srv/data rw - smb3 //fil02/data rw
67 27 0:57 / /mnt/bind rw - fuse.bindfs /srv/x rw
garbage line without separator
"""


@pytest.mark.parametrize("path, point, fstype, network", [
    ("/mnt/felles/IKT/.iktplan/iktplan.sqlite", "/mnt/felles", "cifs", True),
    ("/mnt/felles2/x", "/mnt/felles2", "ext4", False),       # a prefix of the name is not a parent
    ("/mnt/felles", "/mnt/felles", "cifs", True),              # the mount point itself
    ("/home/kari/ws", "/home", "nfs4", True),
    ("/home/ola/IKT strategi/.iktplan", "/home/ola/IKT strategi", "fuse.sshfs", True),  # \040 decoded
    ("/mnt/c/Users/ola/ws", "/mnt/c", "9p", True),             # WSL2's view of a Windows drive
    ("/srv/data/ws", "/srv/data", "smb3", True),               # stacked: the later mount hides the earlier
    ("/mnt/bind/ws", "/mnt/bind", "fuse.bindfs", False),
    ("/var/lib/x", "/", "ext4", False),
])
def test_the_innermost_mount_decides(path, point, fstype, network):
    mount = netfs.filesystem_of(path, SYNTHETIC)
    assert (mount.mount_point, mount.fstype) == (point, fstype)
    assert netfs.is_network(mount.fstype) is network


def test_the_source_names_the_server_for_the_message():
    assert netfs.filesystem_of("/mnt/felles/a", SYNTHETIC).source == "//fil01/felles"


LOCKS = r"""
27 1 254:0 / / rw - ext4 /dev/vda rw
70 27 0:60 / /mnt/a rw - cifs //fil01/a rw,vers=3.1.1,cache=strict
71 27 0:61 / /mnt/b rw - cifs //fil01/b rw,vers=3.1.1,nobrl,cache=strict
72 27 0:62 / /mnt/c rw - nfs4 nas:/c rw,vers=4.2,local_lock=none,addr=10.0.0.5
73 27 0:63 / /mnt/d rw - nfs nas:/d rw,vers=3,nolock,local_lock=all
74 27 0:64 / /mnt/e rw - fuse.sshfs ola@h:/e rw,user_id=0
75 27 0:65 / /mnt/f rw - 9p drvfs rw,aname=drvfs
"""


@pytest.mark.parametrize("point, reach", [("/mnt/a", True), ("/mnt/b", False), ("/mnt/c", True), ("/mnt/d", False),
                                          ("/mnt/e", False), ("/mnt/f", False), ("/", None)])
def test_whether_a_lock_taken_here_reaches_the_server(point, reach):
    assert netfs.locks_reach_server(netfs.filesystem_of(point + "/x", LOCKS)) is reach


def test_no_mount_table_means_no_answer():
    assert netfs.filesystem_of("/x", "") is None


@pytest.mark.parametrize("fstype", ["nfs", "NFS4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "ceph", "glusterfs",
                                    "fuse.rclone", "afs", "davfs", "vboxsf", "virtiofs"])
def test_network_types(fstype):
    assert netfs.is_network(fstype)


@pytest.mark.parametrize("fstype", ["ext4", "xfs", "btrfs", "zfs", "tmpfs", "overlay", "fuse.bindfs", "fuseblk",
                                    "ntfs3", "apfs", "fuse"])
def test_local_types(fstype):
    assert not netfs.is_network(fstype)


def test_this_machines_own_table_puts_tmp_on_a_local_disk():
    text = REAL.read_text()
    mount = netfs.filesystem_of(os.path.realpath("/tmp"), text)
    assert mount is not None and not netfs.is_network(mount.fstype)
    # The same answer as stat(1), which asks the kernel directly.
    kernel = subprocess.run(["stat", "-f", "-c", "%T", "/tmp"], capture_output=True, text=True).stdout.strip()
    assert kernel.startswith(mount.fstype[:3]) or (mount.fstype, kernel) == ("ext4", "ext2/ext3")
    assert netfs.where("/tmp/finnes/ikke/ennå/iktplan.sqlite") == netfs.Where(False, mount.fstype, mount.mount_point)


def test_a_mount_table_can_be_named_for_diagnosis(tmp_path, monkeypatch):
    share, local = tmp_path / "felles", tmp_path / "lokal"
    (share / "ws").mkdir(parents=True)
    local.mkdir()
    table = tmp_path / "mountinfo"
    table.write_text(f"27 1 254:0 / / rw - ext4 /dev/vda rw\n"
                     f"70 27 0:60 / {share} rw - cifs //fil01/felles rw,vers=3.1.1,nobrl\n")
    monkeypatch.setenv(netfs.MOUNTINFO_ENV, str(table))
    assert netfs.where(str(share / "ws" / ".iktplan" / "iktplan.sqlite")) == netfs.Where(True, "cifs", str(share),
                                                                                         False)
    assert netfs.where(str(local)) == netfs.Where(False, "ext4", "/")


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting needs root")
def test_a_real_mount_with_a_space_in_its_name_is_found(tmp_path):
    point = Path("/tmp") / f"iktplan netfs {os.getpid()}"
    point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "iktplan-test", str(point)], capture_output=True)
    if done.returncode != 0:
        point.rmdir()
        pytest.skip(f"cannot mount here: {done.stderr.decode().strip()}")
    try:
        assert "\\040" in REAL.read_text()  # the kernel escaped the space
        found = netfs.where(str(point / "ws" / "iktplan.sqlite"))
        assert found == netfs.Where(False, "tmpfs", str(point))
    finally:
        subprocess.run(["umount", str(point)], check=True)
        point.rmdir()


MAC_MOUNT = """\
/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)
/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse)
//ola@fil01.kommune.no/felles on /Volumes/felles (smbfs, nodev, nosuid, mounted by ola)
nas01:/export/ikt on /Volumes/ikt (nfs, asynchronous)
map auto_home on /System/Volumes/Data/home (autofs, automounted, nobrowse)
"""


@pytest.mark.parametrize("path, fstype, network", [
    ("/Volumes/felles/IKT/.iktplan/iktplan.sqlite", "smbfs", True),
    ("/Volumes/ikt/ws", "nfs", True),
    ("/Users/ola/ws", "apfs", False),
])
def test_macos_mount_output(path, fstype, network):
    mount = netfs.filesystem_of_bsd(path, MAC_MOUNT)
    assert mount.fstype == fstype and netfs.is_network(fstype) is network


@pytest.mark.parametrize("path, unc", [
    (r"\\fil01\felles\IKT-strategi", True),
    (r"\\fil01\felles", True),
    ("//fil01/felles/IKT", True),
    (r"\\?\UNC\fil01\felles\IKT", True),
    (r"\\wsl$\Debian\home\ola", True),
    (r"\\fil01", False),                    # a server without a share is no path to a file
    (r"\\?\C:\Users\ola", False),           # extended-length local path
    (r"\\.\PhysicalDrive0", False),
    (r"\\?\Volume{0b1c2d3e-0000-0000-0000-100000000000}\ws", False),
    (r"C:\Users\ola\IKT", False),
    (r"K:\IKT-strategi", False),            # a mapped drive: only GetDriveTypeW can tell
    ("relative\\path", False),
])
def test_unc_paths(path, unc):
    assert netfs.is_unc(path) is unc


@pytest.mark.parametrize("path, root", [(r"K:\IKT-strategi\.iktplan", "K:\\"), ("c:/x", "c:\\"),
                                        (r"\\fil01\felles\x", None), ("relative", None)])
def test_the_drive_root_given_to_GetDriveTypeW(path, root):
    assert netfs.windows_drive_root(path) == root
