"""Setting up: a new workspace, the blank form, checking the Word templates, and the demo."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline import build, console, i18n
from pipeline.cli import DemoLanguageOption, Exit, LanguageOption, _record, _ws, cli
from pipeline.i18n import N_, clicklang
from pipeline.workspace import init_workspace, open_workspace


@cli.command(help=N_(
    "Lag en ny arbeidsmappe MAPPE med standardoppsett.\n"
    "\n"
    "Mappen får strategi.toml (rediger den først), inbox/, outbox/,\n"
    "excel_forms/, word_templates/ og tekster/ (egne tekster i Word).\n"
    "\n"
    "Eksempel:\n"
    '  iktplan init "K:\\IKT-strategi 2027"\n'
    '  iktplan init --språk nn "K:\\IKT-strategi 2027"'
))
@click.argument("directory", metavar="MAPPE", type=clicklang.Path(path_type=Path))
@click.option("--språk", "--sprak", "language", type=click.Choice(i18n.available()), default=i18n.DEFAULT_LANGUAGE,
              show_default=True, cls=LanguageOption)
def init(directory: Path, language: str) -> None:
    ws = init_workspace(directory, language)
    console.print_workspace_made(ws, build.write_forms(ws), build.write_prose_stubs(ws))


@cli.command(help=N_(
    "Lag det tomme kartleggingsskjemaet fra strategi.toml.\n"
    "\n"
    "Skriver excel_forms/Kartleggingsskjema.xlsx. Kjør den på nytt når\n"
    "tjenesteområder, delmål eller perioden er endret.\n"
    "\n"
    "Eksempel:\n"
    "  iktplan forms"
))
@click.pass_context
def forms(ctx: click.Context) -> None:
    ws = _ws(ctx)
    console.print_config_warnings(ws.config().warnings)
    console.print_blank_form(build.write_forms(ws))


@cli.command("check-templates", help=N_(
    "Kontroller Word-malene i word_templates/ før du kjører.\n"
    "\n"
    "Finner merker som Word har delt opp, felt som ikke finnes, og\n"
    "for/if-blokker uten slutt, og sier hvor i malen de står. Kjør den\n"
    "etter at du har redigert en mal. (Den kjøres også før hver «run».)\n"
    "Gir også merknader om universell utforming: bilder uten alternativ\n"
    "tekst, overskrifter som hopper over et nivå, tabeller uten\n"
    "overskriftsrad og tekst med for svak kontrast.\n"
    "\n"
    "Eksempel:\n"
    "  iktplan check-templates"
))
@click.pass_context
def check_templates(ctx: click.Context) -> None:
    problems = build.check_templates(_ws(ctx))
    console.print_template_problems(problems, build.template_warnings(_ws(ctx)))
    if problems:
        ctx.exit(Exit.USER_ERROR)


@cli.command(help=N_(
    "Prøv hele flyten med eksempeldata fra den oppdiktede Fjordvik kommune.\n"
    "\n"
    "Første gang: legger skjemaer fra åtte enheter (ett av dem med feil) i\n"
    "innboksen og kjører pipelinen. Neste gang i samme mappe: Hjemmetjenesten\n"
    "sender en ny revisjon, Solsiden barnehage et rettet skjema og\n"
    "Kulturhuset et nytt skjema med navnet feilskrevet (det venter på\n"
    "sekretariatet), og sekretariatet fyller ut beslutninger.xlsx, så du\n"
    "ser en ny versjon av dokumentene med endringene. Tredje gang:\n"
    "sekretariatet kobler det feilskrevne navnet til enheten. Fjerde gang:\n"
    "det andre året – kommunestyret vedtar planen, enhetene fyller ut\n"
    "oppfølgingsskjemaene for 2027, og du får statusrapporten, den rullerte\n"
    "handlingsplanen for 2028 og rulleringssaken (bare på bokmål ennå). Uten\n"
    "MAPPE brukes arbeidsmappen (standard: mappen du står i); en ny mappe\n"
    "lages med «init».\n"
    "\n"
    "Med --språk nn får en ny mappe nynorsk og Fjordvik kommune på nynorsk,\n"
    "med --språk da dansk og Fjordby Kommune.\n"
    "\n"
    "Med --lager deler to demokommuner (Fjordvik og nabokommunen Havvik,\n"
    "--kommune havvik) ett PostgreSQL-lager: strategien og oversikten får da\n"
    "en sammenligning av IKT-barometeret, og sekretariatet en felles oversikt.\n"
    "\n"
    "Eksempel:\n"
    "  iktplan demo /tmp/fjordvik\n"
    "  iktplan demo --språk nn /tmp/fjordvik-nn\n"
    "  iktplan demo /tmp/fjordvik      (andre runde: revisjon, rettet skjema, feilskrevet navn og beslutninger)\n"
    "  iktplan demo /tmp/fjordvik      (tredje runde: sekretariatet kobler navnet)\n"
    "  iktplan demo /tmp/fjordvik      (andre år: vedtak, oppfølging, statusrapport og rullering)\n"
    "  iktplan demo /tmp/fjordvik --lager postgresql://iktplan@dbserver/iktplan\n"
    "  iktplan demo /tmp/havvik --kommune havvik --lager postgresql://iktplan@dbserver/iktplan"
))
@click.argument("directory", metavar="[MAPPE]", type=clicklang.Path(path_type=Path), required=False)
@click.option("--kommune", type=click.Choice(["fjordvik", "havvik"], case_sensitive=False), default=None,
              help=N_("Hvilken oppdiktet kommune en ny mappe får: fjordvik (standard) eller nabokommunen havvik."))
@click.option("--lager", "store_url", metavar="URL", default=None,
              help=N_("En ny mappe bruker dette PostgreSQL-lageret og deler med de andre kommunene i det."))
@click.option("--språk", "--sprak", "language", type=click.Choice(i18n.available()), default=None,
              cls=DemoLanguageOption)
@click.pass_context
def demo(ctx: click.Context, directory: Path | None, kommune: str | None, store_url: str | None,
         language: str | None) -> None:
    from pipeline.demo import (
        _is_havvik, populate_followup, populate_inbox, prepare_workspace, second_round_text, waits_for_mapping)
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
    # The command line found its language before it knew MAPPE; from here on it is the folder's.
    ctx.with_resource(clicklang.click_language(config.language))
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
    elif before.actions and not _is_havvik(config) and _has_second_year(config):
        # After the third round: the second year (adopted, followed up, rolled over), once. Its
        # data is [second_year] in the language's demo.toml (pipeline/demo/followupyear.py).
        if before.followup is None:
            _second_year(ws, again)
            return
        console.print_demo_done(again)
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


def _has_second_year(config) -> bool:
    from pipeline.demo.followupyear import second_year

    return second_year(config.language) is not None


def _second_year(ws, again: str) -> None:
    """The demo's fourth call: the second year (:mod:`pipeline.demo.followupyear`)."""
    from pipeline.demo.followupyear import finish_second_year, prepare_second_year

    lang = ws.config().lang
    given = prepare_second_year(ws)
    console.print_adopted(given["baseline"])
    console.print_followup_round(given["round"])
    console.print_demo_second_year(lang, given["baseline"], len(given["forms"]), given["year"].new_measure_unit)
    report = build.run(ws, progress=console.print_progress, on_outcome=console.print_outcome)
    console.print_run(report, example_warning=False)
    console.print_status(build.status(ws), blank_line_before=True)
    made = finish_second_year(ws, given["year"])
    console.print_demo_status_report(lang, made["status_report"])
    console.print_rolled(made["rolled"], lang)
    console.print_demo_end(ws.outbox, again, last=True)
