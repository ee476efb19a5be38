"""``Tiltaksbeskrivelser.docx``: the list of all measures in priority order, then
one description per measure (KS' toolbox, template 3) with its assessment."""

from __future__ import annotations

from pipeline.documents.templatebuild.pieces import cover, small
from pipeline.documents.templatebuild.writer import TOC_TOP_LEVEL, Writer, align_right
from pipeline.i18n import Lang
from pipeline.i18n.message import N_

#: The description table of one measure: label, value.
DESCRIPTION_ROWS = (
    (N_("Foreslått av"), "{{ t.enhet }} ({{ t.omrade }})"),
    (N_("Beskrivelse"), "{{ t.beskrivelse }}"),
    (N_("Delmål"), "{{ t.delmal }}"),
    (N_("Problemer tiltaket løser"), "{{ t.problemer }}"),
    (N_("Gevinst"), "{{ t.gevinst_samlet }}"),
    (N_("Investering"), "{{ t.investering }}"),
    (N_("Årlig drift"), "{{ t.drift }}"),
    (N_("Nåverdi"), "{{ t.naverdi }}"),
    (N_("Gevinst i forhold til kostnad"), "{{ t.nytte_kost }}"),
    (N_("Tilbakebetalingstid"), "{{ t.tilbakebetaling }}"),
    (N_("Tidsrom"), "{{ t.tidsrom }}"),
    (N_("Varighet"), "{{ t.varighet }}"),
    (N_("Ansvarlig for gjennomføring"), "{{ t.ansvarlig }}"),
    (N_("Ansvarlig for oppfølging"), "{{ t.oppfolging }}"),
    (N_("Risiko"), "{{ t.risiko }}"),
    (N_("Kategori"), "{{ t.kategori_tekst }}"),
    (N_("Avhengigheter"), "{{ t.avhengigheter }}"),
    (N_("Samordning"), "{{ t.samordning }}"),
    (N_("Sekretariatets beslutning"), "{{ t.beslutning }}"),
    (N_("Plass i planen"), "{{ t.ramme_tekst }}"),
)


def build_measures(lang: Lang) -> bytes:
    _ = lang.gettext
    w = Writer(lang, title=_("Tiltaksbeskrivelser – {{ tittel }}"),
               header_left=_("{{ kommune }} – Tiltaksbeskrivelser {{ periode }}"),
               header_right="{{ versjon.tekst }}", cover=True, toc=True)
    # The headings inside a measure (Vurdering, Merknader) would make the contents 3 lines per measure.
    cover(w, _("Tiltaksbeskrivelser"), _("Vedlegg til IKT-strategi {{ periode }}"), toc=TOC_TOP_LEVEL)
    _about(w)
    w.tag("{%p for t in tiltak %}")
    _description(w)
    w.tag("{%p endfor %}")
    return w.save()


def _about(w: Writer) -> None:
    """What the document holds, every measure in one table, and how they are assessed."""
    _ = w.lang.gettext
    w.h(_("Om tiltaksbeskrivelsene"), 1)
    w.p(_("Dokumentet beskriver hvert tiltak enhetene har foreslått, i prioritert rekkefølge, etter mal 3 "
          "i KS' verktøykasse. Tiltaksnummeret består av enhetens kode og tiltakets nummer i enhetens "
          "skjema, f.eks. FBS-3. Beløp er i kroner; nåverdi er regnet over {{ okonomi.horisont }} år med "
          "{{ okonomi.rente }} reell kalkulasjonsrente."))
    w.table((18, 62, 40, 15, 28), (_("Prioritet"), _("Tiltak"), _("Enhet"), _("Poeng"), _("Status")), [
        "{%tr for t in tiltak %}",
        ["{{ t.rangering }}", [("{{ t.id }}: {{ t.tittel }}", {"bold": True}), small("{{ t.kategori }}")],
         "{{ t.enhet }}", "{{ t.poeng }}", "{{ t.status }}"],
        "{%tr endfor %}",
    ])
    w.when("not tiltak", _("Ingen enheter har foreslått tiltak ennå."), "Merknad")
    w.h(_("Slik er tiltakene vurdert"), 2)
    w.tag("{%p for avsnitt in vurdering.forklaring %}")
    w.p("{{ avsnitt }}")
    w.tag("{%p endfor %}")


def _description(w: Writer) -> None:
    """One measure ``t``, from a new page: the description table, the score's parts and the remarks."""
    _ = w.lang.gettext
    w.h("{{ t.overskrift }}", 1, page_break_before=True)
    w.p(_("Prioritet {{ t.rangering }} av {{ antall.tiltak }} · {{ t.poeng }} poeng · {{ t.kategori }} · "
          "{{ t.status }}"), "Merknad")
    w.table((52, 111), None, [[_(label), value] for label, value in DESCRIPTION_ROWS], label_column=True)
    w.h(_("Vurdering: {{ t.poeng }} av 100 poeng"), 2)
    table = w.table((40, 15, 15, 93), (_("Kriterium"), _("Vekt"), _("Poeng"), _("Begrunnelse")), [
        "{%tr for d in t.poengdeler %}",
        ["{{ d.kriterium }}", "{{ d.vekt }}", "{{ d.poeng }}", "{{ d.begrunnelse }}"],
        "{%tr endfor %}",
        [[(_("Sum"), {"bold": True})], "", [("{{ t.poeng }}", {"bold": True})], ""],
    ])
    align_right(table, slice(1, 3))
    _benefit_plan(w)
    w.tag("{%p if t.advarsler %}")
    w.h(_("Merknader"), 2)
    w.bullets("a in t.advarsler", "{{ a }}")
    w.tag("{%p endif %}")


#: The benefit plan of one measure: label, value (KS' toolbox: «tilrettelegging for gevinstrealisering»).
BENEFIT_PLAN_ROWS = (
    (N_("Gevinsteier"), "{{ t.gevinstplan.eier }}"),
    (N_("Indikator"), "{{ t.gevinstplan.indikator }}"),
    (N_("Nullpunkt (i dag)"), "{{ t.gevinstplan.nullpunkt }}"),
    (N_("Målverdi"), "{{ t.gevinstplan.malverdi }}"),
    (N_("Når målet skal nås"), "{{ t.gevinstplan.maldato }}"),
)


def _benefit_plan(w: Writer) -> None:
    """What the yearly follow-up measures the benefit against; only when the unit gave a plan."""
    _ = w.lang.gettext
    w.tag("{%p if t.gevinstplan.har %}")
    w.h(_("Gevinstplan"), 2)
    w.table((52, 111), None, [[_(label), value] for label, value in BENEFIT_PLAN_ROWS], label_column=True)
    w.tag("{%p endif %}")
