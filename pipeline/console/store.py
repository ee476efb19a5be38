"""The store commands: rebuilding and copying it, the shared store's users, the joint overview."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline import formatting as fmt

if TYPE_CHECKING:
    from pipeline.intake.rebuild import RebuildReport
    from pipeline.intake.store_copy import CopyReport


def rebuild_lines(r: RebuildReport) -> list[str]:
    """What «iktplan gjenopprett-lager» did."""
    held = f", {r.held} holdt for sekretariatet" if r.held else ""
    out = [f"Lageret er bygget opp igjen: {r.submissions} innleveringer ({r.accepted} godkjent, "
           f"{r.rejected} avvist, {r.duplicates} mottatt tidligere{held}) og {r.versions} dokumentversjoner."]
    if r.actions:
        out.append(f"{fmt.plural(r.actions, 'handling', 'handlinger')} fra sekretariatet er lagt inn igjen "
                   "fra .iktplan/handlinger.")
    if r.without_receipt:
        out.append(f"{r.without_receipt} godkjente skjemaer manglet kvittering og er lagt til etter de andre.")
    out += r.notes
    if r.moved_aside is not None:
        out.append(f"Det gamle lageret er tatt vare på som {r.moved_aside}.")
    out.append("Kjør «iktplan run» for å fortsette.")
    return out


def copy_lines(r: CopyReport) -> list[str]:
    """What «iktplan kopier-lager» did."""
    if r.already_copied:
        return [f"Lageret er allerede kopiert til {r.target}; ingenting å gjøre."]
    out = [f"Kopierte {r.submissions} innleveringer, {r.versions} dokumentversjoner og {r.files} filer "
           f"({r.bytes / 1e6:.1f} MB) til {r.target}. Alt er kontrollert mot kilden."]
    if r.already_gone:
        out.append(f"{len(r.already_gone)} avviste filer var allerede fjernet fra karantenen (innlevering "
                   f"{', '.join(map(str, r.already_gone))}); radene er kopiert.")
    out.append("SQLite-lageret i .iktplan er ikke endret. Fra nå bruker iktplan PostgreSQL (url under [lager]).")
    return out


def new_municipality_lines(name: str, role: str, schema: str, url: str, password: bool) -> list[str]:
    """What «iktplan lager-ny-kommune» made, and what to put in the municipality's strategi.toml."""
    return [f"Laget brukeren {role} og skjemaet {schema} for {name}. Brukeren ser bare sitt eget skjema.",
            f"Sett dette i strategi.toml til {name}:",
            "", "[lager]", f'url = "{url}"', "",
            "og passordet i miljøvariabelen IKTPLAN_LAGER_PASSORD på maskinene som kjører iktplan." if password
            else "(uten passord: bare for en server som stoler på maskinene, f.eks. på samme maskin)"]


def new_secretariat_lines(name: str, role: str, url: str, password: bool) -> list[str]:
    """What «iktplan lager-nytt-sekretariat» made, and what to put in the secretariat's strategi.toml."""
    return [f"Laget brukeren {role} for sekretariatet i {name}. Brukeren ser bare det kommunene deler med "
            "samarbeidet (del_tiltak = true), og ingen kommunes skjema.",
            "Sett dette i strategi.toml i sekretariatets arbeidsmappe:",
            "", "[lager]", f'url = "{url}"', "",
            "og passordet i miljøvariabelen IKTPLAN_LAGER_PASSORD. Så: iktplan samarbeid-oversikt" if password
            else "(uten passord: bare for en server som stoler på maskinene). Så: iktplan samarbeid-oversikt"]


def joint_overview_lines(report) -> list[str]:
    """What «iktplan samarbeid-oversikt» found and wrote."""
    names = list(report.municipalities)
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
    return [f"Leste det {listed} deler med samarbeidet.",
            f"  Systemer i flere kommuner:         {report.systems}",
            f"  Grupper av like tiltak:            {report.groups}",
            f"  Kandidater til felles anskaffelse: {report.candidates}",
            f"Skrev {report.path}"]
