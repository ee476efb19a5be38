"""The store commands: rebuilding and copying it, the shared store's users, the joint overview."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.console.common import lang_of
from pipeline.i18n import Lang, Number

if TYPE_CHECKING:
    from pipeline.intake.rebuild import RebuildReport
    from pipeline.intake.store_copy import CopyReport


def rebuild_lines(r: RebuildReport, lang: Lang | None = None) -> list[str]:
    """What «iktplan gjenopprett-lager» did."""
    lang = lang_of(lang)
    _ = lang.gettext
    counts = dict(submissions=r.submissions, accepted=r.accepted, rejected=r.rejected, duplicates=r.duplicates,
                  versions=r.versions)
    if r.held:
        out = [_("Lageret er bygget opp igjen: {submissions} innleveringer ({accepted} godkjent, {rejected} avvist, "
                 "{duplicates} mottatt tidligere, {held} holdt for sekretariatet) og {versions} dokumentversjoner.",
                 held=r.held, **counts)]
    else:
        out = [_("Lageret er bygget opp igjen: {submissions} innleveringer ({accepted} godkjent, {rejected} avvist, "
                 "{duplicates} mottatt tidligere) og {versions} dokumentversjoner.", **counts)]
    if r.actions:
        out.append(lang.ngettext("{n} handling fra sekretariatet er lagt inn igjen fra .iktplan/handlinger.",
                                 "{n} handlinger fra sekretariatet er lagt inn igjen fra .iktplan/handlinger.",
                                 r.actions))
    if r.without_receipt:
        out.append(lang.ngettext(
            "{n} godkjent skjema manglet kvittering og er lagt til etter de andre.",
            "{n} godkjente skjemaer manglet kvittering og er lagt til etter de andre.", r.without_receipt))
    out += [lang.render(note) for note in r.notes]
    if r.moved_aside is not None:
        out.append(_("Det gamle lageret er tatt vare på som {path}.", path=str(r.moved_aside)))
    out.append(_("Kjør «iktplan run» for å fortsette."))
    return out


def copy_lines(r: CopyReport, lang: Lang | None = None) -> list[str]:
    """What «iktplan kopier-lager» did."""
    lang = lang_of(lang)
    _ = lang.gettext
    if r.already_copied:
        return [_("Lageret er allerede kopiert til {target}; ingenting å gjøre.", target=r.target)]
    out = [_("Kopierte {submissions} innleveringer, {versions} dokumentversjoner og {files} filer ({mb} MB) til "
             "{target}. Alt er kontrollert mot kilden.", submissions=r.submissions, versions=r.versions,
             files=r.files, mb=Number(r.bytes / 1e6, 1), target=r.target)]
    if r.already_gone:
        out.append(lang.ngettext(
            "{n} avvist fil var allerede fjernet fra karantenen (innlevering {ids}); raden er kopiert.",
            "{n} avviste filer var allerede fjernet fra karantenen (innlevering {ids}); radene er kopiert.",
            len(r.already_gone), ids=", ".join(map(str, r.already_gone))))
    out.append(_("SQLite-lageret i .iktplan er ikke endret. Fra nå bruker iktplan PostgreSQL (url under [lager])."))
    return out


def new_municipality_lines(name: str, role: str, schema: str, url: str, password: bool,
                           lang: Lang | None = None) -> list[str]:
    """What «iktplan lager-ny-kommune» made, and what to put in the municipality's strategi.toml."""
    _ = lang_of(lang).gettext
    return [_("Laget brukeren {role} og skjemaet {schema} for {name}. Brukeren ser bare sitt eget skjema.",
              role=role, schema=schema, name=name),
            _("Sett dette i strategi.toml til {name}:", name=name),
            "", "[lager]", f'url = "{url}"', "",
            _("og passordet i miljøvariabelen IKTPLAN_LAGER_PASSORD på maskinene som kjører iktplan.") if password
            else _("(uten passord: bare for en server som stoler på maskinene, f.eks. på samme maskin)")]


def new_secretariat_lines(name: str, role: str, url: str, password: bool, lang: Lang | None = None) -> list[str]:
    """What «iktplan lager-nytt-sekretariat» made, and what to put in the secretariat's strategi.toml."""
    _ = lang_of(lang).gettext
    return [_("Laget brukeren {role} for sekretariatet i {name}. Brukeren ser bare det kommunene deler med "
              "samarbeidet (del_tiltak = true), og ingen kommunes skjema.", role=role, name=name),
            _("Sett dette i strategi.toml i sekretariatets arbeidsmappe:"),
            "", "[lager]", f'url = "{url}"', "",
            _("og passordet i miljøvariabelen IKTPLAN_LAGER_PASSORD. Så: iktplan samarbeid-oversikt") if password
            else _("(uten passord: bare for en server som stoler på maskinene). Så: iktplan samarbeid-oversikt")]


def joint_overview_lines(report, lang: Lang | None = None) -> list[str]:
    """What «iktplan samarbeid-oversikt» found and wrote."""
    lang = lang_of(lang)
    _ = lang.gettext
    # TRANSLATORS: the three labels are padded to one width by the code.
    labels = (_("Systemer i flere kommuner:"), _("Grupper av like tiltak:"), _("Kandidater til felles anskaffelse:"))
    width = max(len(label) for label in labels) + 1
    values = (report.systems, report.groups, report.candidates)
    return ([_("Leste det {municipalities} deler med samarbeidet.", municipalities=lang.join(list(report.municipalities)))]
            + [f"  {label.ljust(width)}{value}" for label, value in zip(labels, values)]
            + [_("Skrev {path}", path=str(report.path))])
