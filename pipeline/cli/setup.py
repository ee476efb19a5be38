"""Setting up: a new workspace, the blank form, checking the Word templates, and the demo."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline import build, console, i18n
from pipeline.cli import Exit, _languages, _record, _ws, cli
from pipeline.i18n import clicklang
from pipeline.workspace import init_workspace, open_workspace


@cli.command()
@click.argument("directory", metavar="MAPPE", type=clicklang.Path(path_type=Path))
@click.option("--språk", "--sprak", "language", type=click.Choice(i18n.available()), default=i18n.DEFAULT_LANGUAGE,
              show_default=True, help=f"Språket i skjema, kvitteringer og dokumenter: {_languages()}.")
def init(directory: Path, language: str) -> None:
    """Lag en ny arbeidsmappe MAPPE med standardoppsett.

    Mappen får strategi.toml (rediger den først), inbox/, outbox/,
    excel_forms/, word_templates/ og tekster/ (egne tekster i Word).

    \b
    Eksempel:
      iktplan init "K:\\IKT-strategi 2027"
      iktplan init --språk nn "K:\\IKT-strategi 2027"
    """
    ws = init_workspace(directory, language)
    console.print_workspace_made(ws, build.write_forms(ws), build.write_prose_stubs(ws))


@cli.command()
@click.pass_context
def forms(ctx: click.Context) -> None:
    """Lag det tomme kartleggingsskjemaet fra strategi.toml.

    Skriver excel_forms/Kartleggingsskjema.xlsx. Kjør den på nytt når
    tjenesteområder, delmål eller perioden er endret.

    \b
    Eksempel:
      iktplan forms
    """
    ws = _ws(ctx)
    console.print_config_warnings(ws.config().warnings)
    console.print_blank_form(build.write_forms(ws))


@cli.command("check-templates")
@click.pass_context
def check_templates(ctx: click.Context) -> None:
    """Kontroller Word-malene i word_templates/ før du kjører.

    Finner merker som Word har delt opp, felt som ikke finnes, og
    for/if-blokker uten slutt, og sier hvor i malen de står. Kjør den
    etter at du har redigert en mal. (Den kjøres også før hver «run».)
    Gir også merknader om universell utforming: bilder uten alternativ
    tekst, overskrifter som hopper over et nivå, tabeller uten
    overskriftsrad og tekst med for svak kontrast.

    \b
    Eksempel:
      iktplan check-templates
    """
    problems = build.check_templates(_ws(ctx))
    console.print_template_problems(problems, build.template_warnings(_ws(ctx)))
    if problems:
        ctx.exit(Exit.USER_ERROR)


@cli.command()
@click.argument("directory", metavar="[MAPPE]", type=clicklang.Path(path_type=Path), required=False)
@click.option("--kommune", type=click.Choice(["fjordvik", "havvik"], case_sensitive=False), default=None,
              help="Hvilken oppdiktet kommune en ny mappe får: fjordvik (standard) eller nabokommunen havvik.")
@click.option("--lager", "store_url", metavar="URL", default=None,
              help="En ny mappe bruker dette PostgreSQL-lageret og deler med de andre kommunene i det.")
@click.option("--språk", "--sprak", "language", type=click.Choice(i18n.available()), default=None,
              help=f"Språket en ny demomappe får, med eksempeldata skrevet på det språket: {_languages()} "
                   "(standard: nb).")
@click.pass_context
def demo(ctx: click.Context, directory: Path | None, kommune: str | None, store_url: str | None,
         language: str | None) -> None:
    """Prøv hele flyten med eksempeldata fra den oppdiktede Fjordvik kommune.

    Første gang: legger skjemaer fra åtte enheter (ett av dem med feil) i
    innboksen og kjører pipelinen. Neste gang i samme mappe: Hjemmetjenesten
    sender en ny revisjon, Solsiden barnehage et rettet skjema og
    Kulturhuset et nytt skjema med navnet feilskrevet (det venter på
    sekretariatet), og sekretariatet fyller ut beslutninger.xlsx, så du
    ser en ny versjon av dokumentene med endringene. Tredje gang:
    sekretariatet kobler det feilskrevne navnet til enheten. Uten MAPPE
    brukes arbeidsmappen (standard: mappen du står i); en ny mappe lages
    med «init».

    Med --språk nn får en ny mappe nynorsk og Fjordvik kommune på nynorsk,
    med --språk da dansk og Fjordby Kommune.

    Med --lager deler to demokommuner (Fjordvik og nabokommunen Havvik,
    --kommune havvik) ett PostgreSQL-lager: strategien og oversikten får da
    en sammenligning av IKT-barometeret, og sekretariatet en felles oversikt.

    \b
    Eksempel:
      iktplan demo /tmp/fjordvik
      iktplan demo --språk nn /tmp/fjordvik-nn
      iktplan demo /tmp/fjordvik      (andre runde: revisjon, rettet skjema, feilskrevet navn og beslutninger)
      iktplan demo /tmp/fjordvik      (tredje runde: sekretariatet kobler navnet)
      iktplan demo /tmp/fjordvik --lager postgresql://iktplan@dbserver/iktplan
      iktplan demo /tmp/havvik --kommune havvik --lager postgresql://iktplan@dbserver/iktplan
    """
    from pipeline.demo import populate_followup, populate_inbox, prepare_workspace, second_round_text, waits_for_mapping
    from pipeline.demo.texts import write_demo_texts
    from pipeline.demo.secretariat import decide
    from pipeline.errors import WorkspaceError

    if (kommune or "").lower() == "havvik" and language not in (None, i18n.DEFAULT_LANGUAGE):
        raise WorkspaceError(i18n.Msg("Nabokommunen Havvik finnes bare på bokmål i demoen. Bruk --kommune havvik "
                                      "uten --språk."))
    if directory is not None and not (directory / "strategi.toml").exists():
        ws = init_workspace(directory, language or i18n.DEFAULT_LANGUAGE)
        if kommune or store_url:
            prepare_workspace(ws.config_path, (kommune or "fjordvik").lower(), store_url)
        # the secretariat's own texts, as a demo secretariat wrote them
        write_demo_texts(ws.texts, language or i18n.DEFAULT_LANGUAGE)
        build.write_prose_stubs(ws)
    elif kommune or store_url or language:
        raise WorkspaceError(i18n.Msg("--kommune, --lager og --språk gjelder bare en ny demomappe. Gi en mappe som "
                                      "ikke finnes ennå, f.eks. «iktplan demo /tmp/havvik --kommune havvik»."))
    else:
        ws = open_workspace(directory or ctx.obj["workspace"])
    _record(ctx, ws)
    config = ws.config()
    if store_url:
        from pipeline.demo.sharedstore import CONSENT
        from pipeline.intake.store_settings import redact

        console.print_demo_shared_store(config.municipality, redact(store_url), CONSENT[(kommune or "fjordvik").lower()])
    form = build.write_forms(ws)
    before = build.status(ws)
    again = f"iktplan demo {directory}" if directory is not None else "iktplan demo"
    if waits_for_mapping([p.typed for p in before.held], config):
        # Third round: the secretariat maps the mistyped name, as «iktplan koble-enhet» does.
        from pipeline import sekretariat
        from pipeline.demo.data import load

        content = load(config.language)
        typed, meant, reason = content.misspelled_name, content.meant_name, content.mapping_reason
        console.print_demo_mapping(typed, meant, reason)
        console.print_action(sekretariat.map_unit(ws, typed, meant, reason))
        console.print_lines([""])
    else:
        first = before.delivered == 0
        files = populate_inbox(config, form, ws.inbox) if first else populate_followup(form, ws.inbox, config)
        decided = [] if first else decide(ws.decisions, config.language)
        console.print_demo_round(first, len(files), ws.inbox, second_round_text(config), decided, ws.decisions)
    report = build.run(ws, progress=console.print_progress, on_outcome=console.print_outcome)
    waiting = waits_for_mapping([p.typed for p in report.held], config)
    report.held = ()  # the status below lists what waits
    console.print_run(report, example_warning=False)
    console.print_status(build.status(ws), blank_line_before=True)
    console.print_demo_end(ws.outbox, again, waiting=waiting)
