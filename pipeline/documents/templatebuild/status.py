"""``Statusrapport.docx``: the yearly status report on the adopted action plan (issue 15),
one function per section: the summary, the money, the benefits, what is delayed or
stopped and why, what is done, every measure, and who has reported. The fields are
:data:`pipeline.documents.statuscontext.STATUS_SCHEMA`."""

from __future__ import annotations

from docx.shared import Pt

from pipeline.documents.templatebuild.page import bottom_border
from pipeline.documents.templatebuild.pieces import small
from pipeline.documents.templatebuild.styles import ACCENT
from pipeline.documents.templatebuild.writer import Writer, align_right
from pipeline.i18n import Lang


def build_status_report(lang: Lang) -> bytes:
    _ = lang.gettext
    w = Writer(lang, title="{{ tittel }} – {{ kommune }}", header_left=_("{{ kommune }} – Statusrapport {{ ar }}"),
               header_right=_("Laget {{ laget }}"), cover=False, toc=False)
    for section in (_head, _summary, _economy, _benefits, _delayed, _done, _measures, _units):
        section(w)
    return w.save()


def _head(w: Writer) -> None:
    _ = w.lang.gettext
    w.p("{{ kommune }}", "Forside kommune").paragraph_format.space_before = Pt(0)
    w.p("{{ tittel }}", "Title")
    bottom_border(w.p(_("IKT-strategien {{ periode }}. {{ vedtak }}"), "Subtitle"), ACCENT, size=12, space=10)


def _summary(w: Writer) -> None:
    _ = w.lang.gettext
    w.h(_("Sammendrag"), 1)
    w.tag("{%p for s in sammendrag %}")
    w.p("{{ s }}")
    w.tag("{%p endfor %}")
    table = w.table((90, 40), (_("Status"), _("Tiltak")), [
        "{%tr for s in statuser %}",
        ["{{ s.status }}", "{{ s.antall }}"],
        "{%tr endfor %}",
        [[(_("Sum"), {"bold": True})], [("{{ totalt.tiltak }}", {"bold": True})]],
    ])
    align_right(table)


def _economy(w: Writer) -> None:
    _ = w.lang.gettext
    w.h(_("Investering: planlagt og brukt"), 1)
    w.p("{{ okonomi_tekst }}", keep_next=True)  # with its chart, on the page the chart needs
    w.tag("{%p if har_diagram.investering %}")
    w.figure("{{ diagram_investering }}", _("Planlagt investering og investering brukt hittil, per tiltak."))
    w.tag("{%p endif %}")
    table = w.table((70, 31, 31, 31), (_("Tiltak"), _("Planlagt"), _("Brukt hittil"), _("Andel")), [
        "{%tr for t in tiltak %}",
        [[("{{ t.id }} {{ t.tittel }}", {}), small("{{ t.enhet }} – {{ t.status }}")], "{{ t.investering }}",
         "{{ t.brukt }}", "{{ t.andel }}"],
        "{%tr endfor %}",
        [[(_("Sum"), {"bold": True})], [("{{ totalt.investering }}", {"bold": True})],
         [("{{ totalt.brukt }}", {"bold": True})], [("{{ totalt.andel }}", {"bold": True})]],
    ])
    align_right(table)


def _benefits(w: Writer) -> None:
    _ = w.lang.gettext
    w.h(_("Gevinster: lovet og realisert"), 1)
    w.p("{{ gevinst_tekst }}", keep_next=True)
    w.tag("{%p if har_diagram.gevinst %}")
    w.figure("{{ diagram_gevinst }}", _("Gevinst lovet og gevinst realisert fra tiltakene startet til og med "
             "{{ ar }}, per tiltak."))
    w.tag("{%p endif %}")
    w.tag("{%p if gevinst_tiltak %}")
    w.p(_("Tiltakene med gevinst i kroner, lovet eller realisert:"), keep_next=True)
    table = w.table((64, 33, 33, 33), (_("Tiltak"), _("Lovet hittil"), _("Realisert {{ ar }}"),
                                         _("Realisert hittil")), [
        "{%tr for t in gevinst_tiltak %}",
        [[("{{ t.id }} {{ t.tittel }}", {}), small("{{ t.enhet }}")], "{{ t.gevinst_lovet }}", "{{ t.gevinst_aret }}",
         "{{ t.gevinst_hittil }}"],
        "{%tr endfor %}",
        [[(_("Sum"), {"bold": True})], [("{{ totalt.gevinst_lovet_hittil }}", {"bold": True})],
         [("{{ totalt.gevinst_aret }}", {"bold": True})], [("{{ totalt.gevinst_hittil }}", {"bold": True})]],
    ])
    align_right(table)
    w.tag("{%p endif %}")
    w.tag("{%p if indikatorer %}")
    w.h(_("Indikatorene i gevinstplanen"), 2)
    w.p(_("Enhetenes gevinstplaner: hva som måles, verdien før tiltaket, målet og verdien enheten rapporterer nå."),
        keep_next=True)
    w.table((50, 38, 25, 25, 25), (_("Tiltak"), _("Indikator"), _("Nullpunkt"), _("Mål"), _("Nå")), [
        "{%tr for t in indikatorer %}",
        [[("{{ t.id }} {{ t.tittel }}", {}), small(_("Gevinsteier: {{ t.gevinsteier }}"))], "{{ t.indikator }}",
         "{{ t.nullpunkt }}", [("{{ t.malverdi }}", {}), small("{{ t.maldato }}")], "{{ t.indikator_na }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p endif %}")


def _delayed(w: Writer) -> None:
    _ = w.lang.gettext
    w.h(_("Forsinket eller avbrutt"), 1)
    w.tag("{%p if forsinket or avbrutt %}")
    w.tag("{%p if forsinket %}")
    w.h(_("Forsinket"), 2)
    w.p(_("Tiltak som er utsatt, eller som nå skal bli ferdige senere enn planlagt, med enhetenes forklaring:"),
        keep_next=True)
    w.table((60, 26, 26, 51), (_("Tiltak"), _("Planlagt ferdig"), _("Nå ferdig"), _("Hvorfor")), [
        "{%tr for t in forsinket %}",
        [[("{{ t.id }} {{ t.tittel }}", {}), small("{{ t.enhet }} – {{ t.status }}")], "{{ t.planlagt_slutt }}",
         "{{ t.slutt }}", "{{ t.grunn }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p endif %}")
    w.tag("{%p if avbrutt %}")
    w.h(_("Avbrutt"), 2)
    w.p(_("Tiltak enhetene har avbrutt, med enhetenes forklaring:"), keep_next=True)
    w.table((60, 30, 73), (_("Tiltak"), _("Brukt hittil"), _("Hvorfor")), [
        "{%tr for t in avbrutt %}",
        [[("{{ t.id }} {{ t.tittel }}", {}), small("{{ t.enhet }}")], "{{ t.brukt }}", "{{ t.grunn }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p endif %}")
    w.tag("{%p else %}")
    w.p(_("Ingen tiltak er rapportert som forsinket eller avbrutt."))
    w.tag("{%p endif %}")


def _done(w: Writer) -> None:
    _ = w.lang.gettext
    w.h(_("Ferdige tiltak"), 1)
    w.tag("{%p if ferdig %}")
    w.table((70, 31, 31, 31), (_("Tiltak"), _("Investering"), _("Brukt"), _("Realisert hittil")), [
        "{%tr for t in ferdig %}",
        [[("{{ t.id }} {{ t.tittel }}", {}), small("{{ t.enhet }}")], "{{ t.investering }}", "{{ t.brukt }}",
         "{{ t.gevinst_hittil }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p else %}")
    w.p(_("Ingen tiltak er rapportert som ferdige ennå."))
    w.tag("{%p endif %}")


def _measures(w: Writer) -> None:
    _ = w.lang.gettext
    w.h(_("Status per tiltak"), 1)
    w.table((62, 24, 18, 24, 35), (_("Tiltak"), _("Status"), _("Fullført"), _("Sluttdato"), _("Kommentar")), [
        "{%tr for t in tiltak %}",
        [[("{{ t.id }} {{ t.tittel }}", {}), small("{{ t.enhet }}")], "{{ t.status }}", "{{ t.fullfort }}",
         "{{ t.slutt }}", "{{ t.kommentar }}"],
        "{%tr endfor %}",
    ])
    w.tag("{%p if ikke_rapportert %}")
    w.p(_("Disse tiltakene er ikke rapportert for {{ ar }}:"), keep_next=True)
    w.bullets("t in ikke_rapportert", "{{ t.id }} {{ t.tittel }} ({{ t.enhet }})")
    w.tag("{%p endif %}")


def _units(w: Writer) -> None:
    _ = w.lang.gettext
    w.h(_("Rapporteringen"), 1)
    w.p(_("{{ totalt.rapportert }} av {{ totalt.tiltak }} tiltak er rapportert. Enhetene og oppfølgingsskjemaene "
        "deres:"), keep_next=True)
    table = w.table((75, 20, 25, 25, 18), (_("Enhet"), _("Tiltak"), _("Rapportert"), _("Levert"), _("Revisjon")), [
        "{%tr for e in enheter %}",
        ["{{ e.navn }}", "{{ e.tiltak }}", "{{ e.rapportert }}", "{{ e.levert }}", "{{ e.revisjon }}"],
        "{%tr endfor %}",
    ])
    align_right(table, slice(1, 3))
    w.tag("{%p if enheter_mangler %}")
    w.p(_("Disse enhetene har ikke levert oppfølgingsskjema:"), keep_next=True)
    w.bullets("e in enheter_mangler", "{{ e }}")
    w.tag("{%p endif %}")
