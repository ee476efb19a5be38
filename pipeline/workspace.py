"""The workspace: one folder holding a strategy process's inputs, outputs and store.

Layout::

    strategi.toml            configuration (edited by the secretariat)
    beslutninger.xlsx        the secretariat's decisions on measures (written by a run, edited by the secretariat)
    inbox/                   units drop forms here
    outbox/                  documents, Samlet-oversikt.xlsx, kvitteringer/, karantene/, arkiv/
    excel_forms/             the blank form to hand out (Kartleggingsskjema.xlsx)
    word_templates/          the docxtpl templates the documents are rendered from
    tekster/                 the secretariat's own sections, written in Word (pipeline.documents.prose)
    .iktplan/                the pipeline's own store (database, archived submissions, lock)

The names of the files and folders a reader sees (the documents, the overview,
the blank form, ``kvitteringer/``, ``karantene/``) follow the workspace's
language (:attr:`Workspace.names`, :mod:`pipeline.i18n.filenames`): nynorsk
``kvitteringar/``, Danish ``Kortlægningsskema.xlsx``. The top-level folders
above are the same in every language.

The repository root is a ready workspace; ``init_workspace`` makes new ones
from the packaged defaults in ``pipeline/defaults`` (so it works after a plain
``pip install .``).
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pipeline.config import CONFIG_NAME, Config, load_config
from pipeline.errors import WorkspaceError
from pipeline.i18n import Msg
from pipeline.i18n.filenames import FileNames, every_name
from pipeline.i18n.languages import DEFAULT_LANGUAGE, available, defaults_file, has_own_defaults, workspace_language

STORE_DIR = ".iktplan"
DECISIONS_NAME = "beslutninger.xlsx"


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def language(self) -> str:
        """The code of the workspace's language: the ``sprak`` of its ``strategi.toml``
        (read again when the file changes), or bokmål when there is none or iktplan has
        no such language (the configuration check reports that)."""
        return _language_of(self.config_path)

    @property
    def names(self) -> FileNames:
        """The names of the files and folders a reader sees, in the workspace's language."""
        from pipeline.i18n import Lang

        return FileNames(Lang.for_code(self.language))

    def every_folder(self, key: str) -> list[Path]:
        """The folder *key* (``"receipts"``, ``"quarantine"``) of ``outbox/`` under its name in
        every language, this workspace's first: what a reader searches when the language
        may have changed since a file was written."""
        own = self.outbox / self.names.name(key)
        return [own, *(self.outbox / n for n in every_name(key) if self.outbox / n != own)]

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def decisions(self) -> Path:
        """``beslutninger.xlsx``: the secretariat's decisions, read by every run."""
        return self.root / DECISIONS_NAME

    @property
    def decisions_copies(self) -> Path:
        """Earlier versions of ``beslutninger.xlsx``, kept before a run replaces it."""
        return self.store_dir / "beslutninger"

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def outbox(self) -> Path:
        return self.root / "outbox"

    @property
    def receipts(self) -> Path:
        """``outbox/kvitteringer`` (nynorsk ``kvitteringar``)."""
        return self.outbox / self.names.receipts

    @property
    def quarantine(self) -> Path:
        """``outbox/karantene`` (Danish ``karantæne``)."""
        return self.outbox / self.names.quarantine

    @property
    def archive(self) -> Path:
        """Earlier document versions, ``outbox/arkiv/vN``."""
        return self.outbox / "arkiv"

    @property
    def forms(self) -> Path:
        return self.root / "excel_forms"

    @property
    def blank_form(self) -> Path:
        """``excel_forms/Kartleggingsskjema.xlsx`` (Danish ``Kortlægningsskema.xlsx``)."""
        return self.forms / self.names.form

    @property
    def templates(self) -> Path:
        return self.root / "word_templates"

    @property
    def texts(self) -> Path:
        """The secretariat's own sections in Word (``tekster/``)."""
        return self.root / "tekster"

    @property
    def store_dir(self) -> Path:
        return self.root / STORE_DIR

    @property
    def database(self) -> Path:
        return self.store_dir / "iktplan.sqlite"

    @property
    def submissions(self) -> Path:
        """Accepted forms, byte for byte, named by their SHA-256."""
        return self.store_dir / "innleveringer"

    @property
    def actions(self) -> Path:
        """The secretariat's recorded actions, one JSON file each (a copy of the store's
        rows, so ``gjenopprett-lager`` can rebuild them)."""
        return self.store_dir / "handlinger"

    @property
    def staging(self) -> Path:
        return self.store_dir / "under-arbeid"

    @property
    def lock_path(self) -> Path:
        return self.store_dir / "lock"

    def config(self) -> Config:
        return load_config(self.config_path)

    def ensure_dirs(self) -> None:
        """Create the folders a run writes to (they may be missing on a fresh clone)."""
        for d in (self.inbox, self.outbox, self.receipts, self.quarantine, self.forms, self.store_dir,
                  self.submissions, self.staging):
            try:
                d.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise WorkspaceError(Msg("Kan ikke lage mappen {folder}: {reason}.", folder=str(d), reason=exc.strerror or "")) from None


_LANGUAGES: dict[Path, tuple[tuple[int, int], str]] = {}


def _language_of(config_path: Path) -> str:
    """The language code written in *config_path* (see :attr:`Workspace.language`),
    remembered until the file changes."""
    try:
        st = config_path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        return DEFAULT_LANGUAGE
    known = _LANGUAGES.get(config_path)
    if known is not None and known[0] == stamp:
        return known[1]
    code = workspace_language(config_path.parent)
    code = code if code in available() else DEFAULT_LANGUAGE
    _LANGUAGES[config_path] = (stamp, code)
    return code


def open_workspace(path: Path | str | None = None) -> Workspace:
    """The workspace at *path* (``None``: the current folder). It must have a
    ``strategi.toml``; the other folders are created when needed."""
    root = Path(path if path is not None else os.getcwd()).expanduser().resolve()
    if not root.is_dir():
        raise WorkspaceError(Msg("Arbeidsmappen {folder} finnes ikke.", folder=str(root)))
    if not (root / CONFIG_NAME).is_file():
        raise WorkspaceError(Msg(
            "{folder} er ikke en arbeidsmappe for iktplan (fant ikke {file}). "
            "Lag en med «iktplan init MAPPE», eller velg en med -w MAPPE.", folder=str(root), file=CONFIG_NAME))
    return Workspace(root)


def defaults_dir() -> Path:
    return Path(str(resources.files("pipeline") / "defaults"))


#: What every run and ``status`` say while :func:`is_example_config` holds.
EXAMPLE_CONFIG = Msg(
    "strategi.toml er fortsatt eksempeloppsettet for den oppdiktede Fjordvik kommune. Rediger kommunen, målene, "
    "enhetene og saken i strategi.toml før dokumentene brukes."
)


def is_example_config(ws: Workspace) -> bool:
    """The workspace's strategi.toml is still a shipped example (bokmål's or another
    language's): the same text (line endings and a byte-order mark aside), or still
    the example municipality."""
    def text(path: Path) -> str:
        return path.read_bytes().decode("utf-8-sig", errors="replace").replace("\r\n", "\n")

    try:
        own = text(ws.config_path)
        examples = {text(defaults_file(CONFIG_NAME, code)) for code in available()}
    except OSError:
        return False
    if own in examples:
        return True
    for example in examples:
        name = re.search(r'^kommune\s*=\s*"([^"]*)"', example, re.M)
        if name and re.search(rf'^kommune\s*=\s*"{re.escape(name.group(1))}"', own, re.M):
            return True
    return False


def init_workspace(path: Path | str, language: str = DEFAULT_LANGUAGE) -> Workspace:
    """Create a new workspace at *path* from the packaged defaults, in *language*
    (a code of :func:`pipeline.i18n.available`; the caller checks it). Existing
    files are never overwritten; a folder that already has a ``strategi.toml``
    is refused.

    A language with its own defaults (``pipeline/defaults/<code>/``) gets its
    own ``strategi.toml`` and templates; one without gets bokmål's, with
    ``sprak`` set to its code."""
    root = Path(path).expanduser().resolve()
    if (root / CONFIG_NAME).exists():
        raise WorkspaceError(Msg("{folder} er allerede en arbeidsmappe ({file} finnes). Ingenting er endret.",
                                  folder=str(root), file=CONFIG_NAME))
    if root.exists() and not root.is_dir():
        raise WorkspaceError(Msg("{folder} finnes og er ikke en mappe.", folder=str(root)))
    try:
        root.mkdir(parents=True, exist_ok=True)
        ws = Workspace(root)
        ws.config_path.write_bytes(default_config(language))  # first: the folders are named in its language
        ws.ensure_dirs()
        ws.templates.mkdir(exist_ok=True)
        for template in sorted(defaults_file("word_templates", language).glob("*.docx")):
            target = ws.templates / template.name
            if not target.exists():
                shutil.copyfile(template, target)
    except OSError as exc:
        try:  # a folder that is no workspace yet: «iktplan init» can be run again
            (root / CONFIG_NAME).unlink(missing_ok=True)
        except OSError:
            pass
        raise WorkspaceError(Msg("Kan ikke lage arbeidsmappen {folder}: {reason}.", folder=str(root),
                                  reason=exc.strerror or "")) from None
    return ws


def default_config(language: str = DEFAULT_LANGUAGE) -> bytes:
    """The packaged ``strategi.toml`` for *language*: its own, or bokmål's with
    ``sprak`` set to *language*."""
    data = defaults_file(CONFIG_NAME, language).read_bytes()
    if has_own_defaults(CONFIG_NAME, language):
        return data
    data, found = re.subn(rb'(?m)^sprak = "[^"]*"', f'sprak = "{language}"'.encode(), data, count=1)
    return data if found else f'sprak = "{language}"\n\n'.encode() + data
