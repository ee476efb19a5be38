"""Render the yearly rullering's two documents (issue 15) from a
:class:`~pipeline.core.rollover.RolledPlan`: the rolled action plan and the case.

Written atomically into the folder handed over (the outbox's year folder); the
templates come from the workspace's ``word_templates/``, and a workspace made before
the templates were shipped gets the shipped ones (*fallback*).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipeline.config import Config
from pipeline.core.rollover import RolledPlan
from pipeline.documents.accessibility import language_tag
from pipeline.documents.cleaning import clean
from pipeline.documents.rendering import render_template
from pipeline.documents.rollcontext import ROLL_DOCUMENTS, roll_context
from pipeline.errors import RenderError
from pipeline.i18n import Msg
from pipeline.documents.outbox import publish_yearly
from pipeline.i18n.filenames import FileNames, every_name



def render_rolled(plan: RolledPlan, config: Config, today: date, templates_dir: Path, out_dir: Path,
                  fallback: Path | None = None, notes: list | None = None) -> list[Path]:
    """The rolled plan and the case, rendered into *out_dir*; their paths in
    :data:`ROLL_DOCUMENTS` order. *fallback*: the folder of the shipped templates, used
    for a template *templates_dir* does not have (None: none; the template must be there).
    *notes*: gets a sentence for each edited copy kept or open file left (None: not told).
    Raises :class:`~pipeline.errors.TemplateError` for a missing or broken template and
    :class:`RenderError` when a document cannot be written."""
    context = clean(roll_context(plan, config, today, config.lang))
    language = language_tag(config)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    names = FileNames(config.lang)
    for key in ROLL_DOCUMENTS:
        # The workspace's template under its name, else under another language's (the language
        # was changed since), else the shipped one.
        found = [Path(folder) / n for folder in (templates_dir, fallback) if folder is not None
                 for n in (names.name(key), *every_name(key))]
        template = next((p for p in found if p.is_file()), found[0])
        data = render_template(template, context, {}, language)
        target = out_dir / names.roll_output(key, plan.year)
        try:
            # As the status report: every copy kept in the folder's arkiv/, and a copy a person
            # edited is kept before it is replaced (an open one is left, the new one waits).
            _kept, report = publish_yearly(data, out_dir, target.name, target.stem, config.lang)
        except OSError as exc:
            raise RenderError(Msg("Kan ikke skrive {path}: {reason}.", path=str(target),
                                  reason=exc.strerror or "")) from None
        written.append(target)
        if notes is not None:
            notes.extend(report.notes(out_dir))
    return written
