"""The yearly rullering (issue 15, part b): ``iktplan rullering``."""

from __future__ import annotations

import click

from pipeline import console
from pipeline.cli import _ws, cli
from pipeline.i18n import N_, clicklang


@cli.command(help=N_(
    "Rull handlingsplanen over til ÅR, og lag planen og saksframlegget.\n"
    "\n"
    "Tiltak som er ferdige, tas ut; avbrutte tiltak utgår; resten\n"
    "videreføres med det som gjenstår å investere. Nye tiltak fra\n"
    "kartleggingsskjemaene kommer med, og alt prioriteres på nytt innenfor\n"
    "rammen for hvert år. Skriver outbox/Rullering ÅR/. Reglene står i\n"
    "docs/rullering.md.\n"
    "\n"
    "Eksempel:\n"
    "  iktplan rullering --ar 2028\n"
    '  iktplan vedta --fra-ar 2028 --dato 12.03.2028 --sak "PS 14/28"   (når planen er vedtatt)'
))
@click.option("--ar", "year", type=clicklang.IntRange(2000, 2100), default=None, metavar="ÅR",
              help=N_("Året planen rulleres til (standard: året etter siste år med oppfølgingsskjemaer)."))
@click.pass_context
def rullering(ctx: click.Context, year: int | None) -> None:
    from pipeline.rollrun import roll_over

    ws = _ws(ctx, record=True)
    console.print_rolled(roll_over(ws, year), ws.config().lang)
