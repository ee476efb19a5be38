"""Recording several inbox files with one commit: a group commit.

Each form used to cost two store transactions and four directory syncs of
its own (the kept copy, the record, the receipt, the receipt's number), about
half of a cold run's intake at 200 units. Inside :func:`group`, the intake
records a few forms the same way, step for step, but the durable steps are
taken once for all of them, in the order that keeps every guarantee of
:mod:`pipeline.intake.receive`:

1. every form is checked and its copy kept (each file synced as it is
   written; the folders' entries once, :func:`pipeline.fileio.defer_dir_sync`),
   and recorded in one open transaction (each record a savepoint in it);
2. the folders are synced and the records committed: one commit;
3. the receipts are written (:meth:`Group.later`: as their facts were at
   step 1) and their numbers recorded; the folder synced, one commit;
4. only then are the inbox files removed (:meth:`Group.at_end`).

A crash before step 2 leaves every file in the inbox and nothing recorded
(a copy kept without a record is harmless: the next run keeps it again under
the same name); a crash after it is the repair case a single form always had
(recorded, no receipt yet, or answered but still in the inbox). No receipt is
ever written for a submission the store does not have, so the store's check
against the receipts (:mod:`pipeline.intake.store_history`) holds.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterator

from pipeline.fileio import defer_dir_sync, sync_deferred_dirs

if TYPE_CHECKING:
    from pipeline.intake.store import Store

#: Forms recorded per group commit: the read-ahead checks about as many at once.
SIZE = 8


class Group:
    """The steps left for the end of one group (see the module)."""

    def __init__(self) -> None:
        self._later: list[Callable[[], None]] = []
        self._end: list[Callable[[], None]] = []

    def later(self, step: Callable[[], None]) -> None:
        """Do *step* (writing a receipt) once the records are committed."""
        self._later.append(step)

    def at_end(self, step: Callable[[], None]) -> None:
        """Do *step* (removing an inbox file) once everything is committed."""
        self._end.append(step)


_local = threading.local()


def current() -> Group | None:
    """The group this thread's intake is recording, or None (each step is taken at once)."""
    return getattr(_local, "group", None)


@contextmanager
def group(store: Store) -> Iterator[Group]:
    """Record the forms received inside as one group (see the module). On an
    exception nothing of the group is committed, no receipt is written and no
    inbox file removed, unless the records were committed already (step 2)."""
    if current() is not None:
        raise RuntimeError("group commits do not nest")
    g = Group()
    _local.group = g
    try:
        with defer_dir_sync():
            with store.batch() as batch:
                yield g
                sync_deferred_dirs()
                batch.commit()  # step 2: the records
                _local.group = None  # the receipts are written as outside a group, in the open transaction
                for step in g._later:
                    step()
                sync_deferred_dirs()
            # step 3's commit is the batch's own, at the end of the with
        for step in g._end:
            step()
    finally:
        _local.group = None
