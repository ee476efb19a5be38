"""The workspace configuration, ``strategi.toml``, as validated dataclasses.

``parse_config`` is pure (a dict in, a :class:`Config` out); ``load_config``
reads the file. Every problem is reported as a :class:`ConfigError` that names
the key and what is wrong, in Norwegian, so the secretariat can fix the file by
hand: a syntax error with its line and a hint, an unknown key with the closest
known one (:mod:`pipeline.configcheck`). What is allowed but probably a mistake
(weights that do not sum to 100, a period year without an investment frame) is a
warning in :attr:`Config.warnings`, for the entry points to show on every run.

docs/konfigurasjon.md describes every key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline import configcheck
from pipeline.errors import ConfigError
from pipeline.i18n import DEFAULT_LANGUAGE, Lang, Msg, Number, Words, available, defaults_file, nMsg, pMsg
from pipeline.identity import key as _key

CONFIG_NAME = "strategi.toml"


@dataclass(frozen=True)
class SubGoal:
    code: str
    text: str


@dataclass(frozen=True)
class ExpectedUnit:
    name: str
    code: str | None  # None: no short code configured; the name is used instead
    service_area: str | None  # None: not given in the configuration


@dataclass(frozen=True)
class Weights:
    economy: float = 40
    strategy: float = 25
    risk: float = 20
    time: float = 15

    @property
    def total(self) -> float:
        return self.economy + self.strategy + self.risk + self.time


@dataclass(frozen=True)
class Criteria:
    horizon_years: int = 5
    discount_rate: float = 0.04
    #: Where the discount rate comes from, as the explanation of the assessment
    #: names it («rente_kilde»; the default follows the language's defaults file).
    rate_source: str = "Finansdepartementets rundskriv R-109/2021"
    weights: Weights = field(default_factory=Weights)
    quick_win_max_investment: int = 300_000
    quick_win_max_months: int = 6
    #: A measure that does not fit its year's frame may move to the first later
    #: year of the period with room (``kriterier.flytt_til_senere_aar``).
    move_to_later_year: bool = True


@dataclass(frozen=True)
class Meeting:
    committee: str
    date: date | None  # None: the meeting date is not decided yet
    case_number: str


@dataclass(frozen=True)
class EarlierDecision:
    """A political decision the case builds on (``[[sak.tidligere_vedtak]]``)."""

    committee: str
    date: date | None  # None: not given
    case_number: str  # "" when not given
    text: str  # what was decided, as the secretariat writes it


@dataclass(frozen=True)
class CaseInfo:
    title: str
    case_officer: str = ""
    archive_number: str = ""
    archive_code: str = ""  # arkivkode; "" when the municipality does not use one
    proposal_heading: str = "Kommunedirektørens forslag til vedtak"
    signer: str = ""
    signer_title: str = ""
    meetings: tuple[Meeting, ...] = ()
    earlier_decisions: tuple[EarlierDecision, ...] = ()
    #: How the case was discussed with the employees' representatives; "" when not given.
    consultation: str = ""
    #: The resolution delegates the action plan's yearly revision to the administration.
    delegate_revision: bool = False
    #: The økonomiplan period the costs go into, e.g. "2027–2030"; "" means the strategy period.
    economic_plan: str = ""

    def deciding_body(self, lang: Lang) -> str:
        """The body that adopts the plan: the last meeting of the case's route, else the
        language's municipal council («Kommunestyret», da «Byrådet»)."""
        # TRANSLATORS: the deciding body when strategi.toml names no meeting (da «Byrådet»).
        return self.meetings[-1].committee if self.meetings else lang.gettext("Kommunestyret")


@dataclass(frozen=True)
class Delivery:
    """``[innlevering]``: what the form's guidance tells the units about
    delivering it. Every field ``None``: not configured (the guidance then
    says less)."""

    deadline: date | None = None  # «frist»
    contact: str | None = None  # «kontakt»: who the units ask
    inbox: str | None = None  # «innboks»: the folder units put the form in, as they see it
    email: str | None = None  # «epost», else the mailbox of [epost]: where units send the form


DELIVERY_KEYS = tuple(configcheck.KEYS["innlevering"])


@dataclass(frozen=True)
class Config:
    municipality: str
    period_from: int
    period_to: int
    business_goal: str
    main_goals: tuple[str, ...]
    sub_goals: tuple[SubGoal, ...]
    service_areas: tuple[str, ...]
    expected_units: tuple[ExpectedUnit, ...]
    criteria: Criteria
    #: Yearly investment frame in kroner. ``None``: no frame configured, so every
    #: measure is inside; a year missing from the mapping has a frame of 0.
    investment_frame: dict[int, int] | None
    case: CaseInfo
    texts: dict[str, str]
    #: Sections the core does not interpret (e.g. ``epost``), kept for later stages.
    extra: dict[str, Any] = field(default_factory=dict)
    delivery: Delivery = field(default_factory=Delivery)
    #: Norwegian sentences about what is allowed but probably a mistake (weights
    #: that do not sum to 100, …). Empty: nothing to warn about. The entry points
    #: show them on every run.
    warnings: tuple[Msg, ...] = ()
    #: The language everything a reader sees is written in («sprak»): a code of
    #: :func:`pipeline.i18n.available` (``nb`` bokmål, ``nn`` nynorsk, ``da`` Danish).
    language: str = DEFAULT_LANGUAGE

    @property
    def lang(self) -> Lang:
        """The workspace's language, for the edges that write for a reader (docs/sprak.md)."""
        return Lang.for_code(self.language)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.period_from, self.period_to + 1))

    def sub_goal(self, code: str | None) -> SubGoal | None:
        """The configured sub-goal with this code, or ``None`` if there is none."""
        for goal in self.sub_goals:
            if code is not None and _key(goal.code) == _key(code):
                return goal
        return None


def load_config(path: Path) -> Config:
    """Read and validate ``strategi.toml`` at *path*."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(Msg(
            "Finner ikke konfigurasjonsfila {file}. Lag en arbeidsmappe med «iktplan init MAPPE».", file=str(path)
        )) from None
    except OSError as exc:
        raise ConfigError(Msg("Kan ikke lese {file}: {reason}.", file=str(path), reason=exc.strerror or "")) from None
    if _LOADED and _LOADED[0][0] == raw:
        return _LOADED[0][1]  # read moments ago, unchanged (the command and the run both read it)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(Msg("{file} er ikke lagret som UTF-8. Lagre fila på nytt som UTF-8.", file=path.name)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(configcheck.syntax_message(path.name, text, exc)) from None
    config = parse_config(data, text)
    _LOADED[:] = [(raw, config)]
    return config


#: The last file read and its configuration (a Config is immutable; the same bytes give the same one).
_LOADED: list[tuple[bytes, Config]] = []


def parse_config(data: dict[str, Any], text: str | None = None) -> Config:
    """Validate a parsed TOML document. Pure apart from reading the packaged
    defaults of the language (:func:`language_defaults`, once per process).
    *text* is the file's text, for line numbers in messages (``None``:
    messages without them)."""
    lines = configcheck.Lines(text) if text is not None else None
    unknown = configcheck.unknown_keys(data, lines)
    if len(unknown) == 1:
        raise ConfigError(unknown[0])
    if unknown:
        raise ConfigError(nMsg("{file} har {n} ukjent nøkkel:", "{file} har {n} ukjente nøkler:", len(unknown),
                               file=CONFIG_NAME), details=tuple(unknown))
    r = _Reader(data)
    language = _language(data)
    municipality = r.text("kommune")
    period_from = r.integer("periode.fra", minimum=2000, maximum=2100)
    period_to = r.integer("periode.til", minimum=2000, maximum=2100)
    if period_to < period_from:
        raise ConfigError(Msg("«periode.til» ({to}) kan ikke være før «periode.fra» ({from_}).", to=period_to,
                              from_=period_from))
    if period_to - period_from > 20:
        raise ConfigError(Msg("«periode» kan ikke være lenger enn 20 år."))

    sub_goals = []
    for i, item in enumerate(r.table_list("mal.delmal", required=True)):
        key = f"mal.delmal[{i + 1}]"
        code = _text(item.get("kode"), f"{key}.kode")
        text = _text(item.get("tekst"), f"{key}.tekst")
        if not re.fullmatch(r"[A-Za-zÆØÅæøå0-9._-]{1,12}", code):
            raise ConfigError(Msg("«{key}» = «{code}»: bruk en kort kode uten mellomrom, f.eks. «D3».", key=key + ".kode",
                                  code=code))
        sub_goals.append(SubGoal(code, text))
    _unique([g.code for g in sub_goals], "mal.delmal", pMsg("config value", "kode"))

    service_areas = tuple(r.text_list("tjenesteomrader", required=True))
    _unique(list(service_areas), "tjenesteomrader", pMsg("config value", "tjenesteområde"))

    units = []
    for i, item in enumerate(r.table_list("enheter", required=False)):
        key = f"enheter[{i + 1}]"
        name = _text(item.get("navn"), f"{key}.navn")
        code = _text(item.get("kode"), f"{key}.kode", required=False)
        area = _text(item.get("tjenesteomrade"), f"{key}.tjenesteomrade", required=False)
        if area is not None and _key(area) not in {_key(a) for a in service_areas}:
            raise ConfigError(Msg("«{key}» = «{area}» står ikke i «tjenesteomrader».", key=key + ".tjenesteomrade",
                                  area=area))
        units.append(ExpectedUnit(name, code, area))
    _unique([u.name for u in units], "enheter", pMsg("config value", "navn"))
    _unique([u.code for u in units if u.code], "enheter", pMsg("config value", "kode"))

    criteria = _criteria(r, language)
    frame = _frame(r, period_from, period_to, lines)
    return Config(
        municipality=municipality,
        period_from=period_from,
        period_to=period_to,
        business_goal=r.text("mal.virksomhetsmal", required=False) or "",
        main_goals=tuple(r.text_list("mal.hovedmal", required=False)),
        sub_goals=tuple(sub_goals),
        service_areas=service_areas,
        expected_units=tuple(units),
        criteria=criteria,
        investment_frame=frame,
        case=_case(r, municipality, period_from, period_to),
        texts={k: _text(v, f"tekster.{k}") for k, v in r.table("tekster").items()},
        extra={k: v for k, v in data.items() if k in ("epost", "lager", "samarbeid")},
        delivery=_delivery(r),
        warnings=(*_weight_warnings(criteria.weights), *_frame_warnings(frame, period_from, period_to)),
        language=language,
    )


def _language(data: dict[str, Any]) -> str:
    """``sprak`` (or ``"språk"`` in quotes: TOML allows æøå in a key only
    there); bokmål when neither is given."""
    if "sprak" in data and "språk" in data:
        raise ConfigError(Msg("strategi.toml har både «sprak» og «språk». Det er samme innstilling; behold én av dem."))
    key = "språk" if "språk" in data else "sprak"
    value = data.get(key, DEFAULT_LANGUAGE)
    code = value.strip().lower() if isinstance(value, str) else value
    if code not in available():
        choices = [f"\"{c}\" ({Lang.for_code(c).locale.get_display_name('nb')})" for c in available()]
        raise ConfigError(Msg("«{key}» = «{value}» er ikke et språk iktplan kan skrive. Velg {choices}.", key=key,
                              value=str(value), choices=Words(tuple(choices), last="or")))
    return code


@lru_cache(maxsize=None)
def language_defaults(code: str) -> dict[str, Any]:
    """The packaged default ``strategi.toml`` of language *code*, parsed (``{}``
    if it cannot be read): where a missing key with a language-dependent
    default – the discount rate and its source – takes its value."""
    try:
        return tomllib.loads(defaults_file(CONFIG_NAME, code).read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def _criteria(r: _Reader, language: str) -> Criteria:
    d = Criteria()
    defaults = language_defaults(language).get("kriterier", {})
    weights = Weights(
        economy=r.number("kriterier.vekter.okonomi", d.weights.economy, minimum=0),
        strategy=r.number("kriterier.vekter.strategi", d.weights.strategy, minimum=0),
        risk=r.number("kriterier.vekter.risiko", d.weights.risk, minimum=0),
        time=r.number("kriterier.vekter.tid", d.weights.time, minimum=0),
    )
    if weights.total <= 0:
        raise ConfigError(Msg("«kriterier.vekter»: minst én vekt må være større enn 0."))
    return Criteria(
        horizon_years=r.integer("kriterier.horisont_ar", d.horizon_years, minimum=1, maximum=40),
        discount_rate=r.number("kriterier.diskonteringsrente", defaults.get("diskonteringsrente", d.discount_rate),
                               minimum=0, maximum=0.5),
        rate_source=r.text("kriterier.rente_kilde", required=False) or defaults.get("rente_kilde", d.rate_source),
        weights=weights,
        quick_win_max_investment=r.integer(
            "kriterier.quick_win.maks_investering", d.quick_win_max_investment, minimum=0
        ),
        quick_win_max_months=r.integer("kriterier.quick_win.maks_varighet_mnd", d.quick_win_max_months, minimum=1),
        move_to_later_year=r.flag("kriterier.flytt_til_senere_aar", d.move_to_later_year),
    )


def _weight_warnings(w: Weights) -> list[Msg]:
    """Weights that do not sum to 100 still work (they are scaled to 100, as
    :mod:`pipeline.core.assessment` does), but the file says they should."""
    if abs(w.total - 100) < 1e-9:
        return []
    scale = 100 / w.total
    scaled = [round(x * scale) for x in (w.economy, w.strategy, w.risk, w.time)]
    return [
        Msg("Vektene i [kriterier.vekter] er til sammen {total}, ikke 100. De regnes om så summen blir 100 "
            "(økonomi {economy}, strategi {strategy}, risiko {risk}, tid {time} poeng). "
            "Rett vektene i strategi.toml så de blir 100 til sammen.", total=Number(w.total, _decimals(w.total)),
            economy=scaled[0], strategy=scaled[1], risk=scaled[2], time=scaled[3])
    ]


def _decimals(x: float) -> int:
    """How many decimals *x* is written with (at most 6): ``100`` 0, ``37.5`` 1."""
    return len(f"{x:.6f}".rstrip("0").partition(".")[2])


def _frame(r: _Reader, first: int, last: int, lines: configcheck.Lines | None) -> dict[int, int] | None:
    """The yearly frame. A year outside the period is an error, not a warning: the
    documents show the frame only for the period's years, and a stray year is
    nearly always a typo (2072 for 2027) or a frame left from the previous period,
    which would silently leave the real year with a frame of 0."""
    table = r.table("budsjett.investeringsramme", missing=None)
    if table is None:
        return None
    frame = {}
    for key, value in table.items():
        line = lines.find(("budsjett", "investeringsramme", str(key))) if lines else None
        if not re.fullmatch(r"\d{4}", str(key)):
            raise ConfigError(Msg("«budsjett.investeringsramme»: «{key}» (linje {line}) er ikke et årstall.", key=str(key),
                                  line=line) if line else
                              Msg("«budsjett.investeringsramme»: «{key}» er ikke et årstall.", key=str(key)))
        if not first <= int(key) <= last:
            raise ConfigError(
                Msg("«budsjett.investeringsramme»: året {year} (linje {line}) er utenfor strategiperioden "
                    "{first}–{last}. Rammen kan bare gjelde årene i perioden: rett årstallet, eller endre [periode].",
                    year=str(key), line=line, first=first, last=last) if line else
                Msg("«budsjett.investeringsramme»: året {year} er utenfor strategiperioden {first}–{last}. "
                    "Rammen kan bare gjelde årene i perioden: rett årstallet, eller endre [periode].",
                    year=str(key), first=first, last=last)
            )
        frame[int(key)] = _int(value, f"budsjett.investeringsramme.{key}", minimum=0)
    return frame


def _frame_warnings(frame: dict[int, int] | None, first: int, last: int) -> list[Msg]:
    missing = [str(year) for year in range(first, last + 1) if frame is not None and year not in frame]
    if not missing:
        return []
    return [
        nMsg("[budsjett.investeringsramme] har ingen ramme for {years}, så tiltak med investering det året havner "
             "utenfor rammen. Skriv {first} = 0 hvis det er meningen.",
             "[budsjett.investeringsramme] har ingen ramme for {years}, så tiltak med investering de årene havner "
             "utenfor rammen. Skriv {first} = 0 hvis det er meningen.",
             len(missing), years=Words(tuple(missing)), first=missing[0])
    ]


_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}")


def _delivery(r: _Reader) -> Delivery:
    """``[innlevering]``. Without ``epost``, the mailbox forms are fetched from
    (``[epost] imap_bruker``, when it is an address) is where units send them."""
    table = r.table("innlevering")
    for key in table:
        if key not in DELIVERY_KEYS:
            raise ConfigError(Msg("«{key}» er ikke en kjent innstilling. Kjente er: {known}.",
                                  key="innlevering." + key, known=", ".join(DELIVERY_KEYS)))
    when = table.get("frist")
    email = r.text("innlevering.epost", required=False)
    if email is not None and not _EMAIL.fullmatch(email):
        raise ConfigError(Msg("«innlevering.epost» = «{email}» er ikke en e-postadresse (skriv f.eks. "
                              "«ikt-strategi@kommune.no»).", email=email))
    if email is None:
        mailbox = r.get("epost.imap_bruker")
        email = mailbox.strip() if isinstance(mailbox, str) and _EMAIL.fullmatch(mailbox.strip()) else None
    return Delivery(
        deadline=_date(when, "innlevering.frist") if when not in (None, "") else None,
        contact=r.text("innlevering.kontakt", required=False),
        inbox=r.text("innlevering.innboks", required=False),
        email=email,
    )


def _case(r: _Reader, municipality: str, first: int, last: int) -> CaseInfo:
    meetings = []
    for i, item in enumerate(r.table_list("sak.saksgang", required=False)):
        key = f"sak.saksgang[{i + 1}]"
        when = item.get("motedato")
        meetings.append(
            Meeting(
                committee=_text(item.get("utvalg"), f"{key}.utvalg"),
                date=_date(when, f"{key}.motedato") if when not in (None, "") else None,
                case_number=_text(item.get("saksnr"), f"{key}.saksnr", required=False) or "",
            )
        )
    decisions = []
    for i, item in enumerate(r.table_list("sak.tidligere_vedtak", required=False)):
        key = f"sak.tidligere_vedtak[{i + 1}]"
        when = item.get("dato")
        decisions.append(
            EarlierDecision(
                committee=_text(item.get("utvalg"), f"{key}.utvalg"),
                date=_date(when, f"{key}.dato") if when not in (None, "") else None,
                case_number=_text(item.get("saksnr"), f"{key}.saksnr", required=False) or "",
                text=_text(item.get("vedtak"), f"{key}.vedtak"),
            )
        )
    default_title = f"IKT-strategi for {municipality} {first}–{last} med handlingsplan"
    return CaseInfo(
        title=r.text("sak.tittel", required=False) or default_title,
        case_officer=r.text("sak.saksbehandler", required=False) or "",
        archive_number=r.text("sak.arkivsaksnr", required=False) or "",
        archive_code=r.text("sak.arkivkode", required=False) or "",
        proposal_heading=r.text("sak.forslag_overskrift", required=False) or CaseInfo.proposal_heading,
        signer=r.text("sak.underskriver", required=False) or "",
        signer_title=r.text("sak.underskriver_tittel", required=False) or "",
        meetings=tuple(meetings),
        earlier_decisions=tuple(decisions),
        consultation=r.text("sak.drofting", required=False) or "",
        delegate_revision=r.flag("sak.deleger_rullering", False),
        economic_plan=r.text("sak.okonomiplan_periode", required=False) or "",
    )


class _Reader:
    """Looks up dotted keys and turns type mistakes into Norwegian messages."""

    _MISSING = object()

    def __init__(self, data: dict[str, Any]):
        self.data = data

    def get(self, key: str) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return self._MISSING
            node = node[part]
        return node

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.get(key)
        if value is self._MISSING:
            if required:
                raise ConfigError(Msg("«{key}» mangler i strategi.toml.", key=key))
            return None
        return _text(value, key, required)

    def integer(self, key: str, default: int | None = None, **limits) -> int:
        value = self.get(key)
        if value is self._MISSING:
            if default is None:
                raise ConfigError(Msg("«{key}» mangler i strategi.toml.", key=key))
            return default
        return _int(value, key, **limits)

    def number(self, key: str, default: float, minimum: float | None = None, maximum: float | None = None) -> float:
        value = self.get(key)
        if value is self._MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(Msg("«{key}» skal være et tall, ikke «{value}».", key=key, value=str(value)))
        if minimum is not None and value < minimum:
            raise ConfigError(Msg("«{key}» = {value} er for lite (minst {minimum}).", key=key, value=str(value), minimum=str(minimum)))
        if maximum is not None and value > maximum:
            raise ConfigError(Msg("«{key}» = {value} er for stort (høyst {maximum}).", key=key, value=str(value), maximum=str(maximum)))
        return float(value)

    def flag(self, key: str, default: bool) -> bool:
        value = self.get(key)
        if value is self._MISSING:
            return default
        if not isinstance(value, bool):
            raise ConfigError(Msg("«{key}» skal være true eller false (uten anførselstegn), ikke «{value}».", key=key,
                              value=str(value)))
        return value

    def text_list(self, key: str, required: bool) -> list[str]:
        value = self.get(key)
        if value is self._MISSING:
            if required:
                raise ConfigError(Msg("«{key}» mangler i strategi.toml.", key=key))
            return []
        if not isinstance(value, list):
            raise ConfigError(Msg("«{key}» skal være en liste i hakeparenteser, f.eks. [\"A\", \"B\"].", key=key))
        items = [_text(v, f"{key}[{i + 1}]") for i, v in enumerate(value)]
        if required and not items:
            raise ConfigError(Msg("«{key}» kan ikke være tom.", key=key))
        return items

    def table(self, key: str, missing: Any = _MISSING) -> Any:
        value = self.get(key)
        if value is self._MISSING:
            return {} if missing is self._MISSING else missing
        if not isinstance(value, dict):
            raise ConfigError(Msg("«{key}» skal være en tabell ([{key}]).", key=key))
        return value

    def table_list(self, key: str, required: bool) -> list[dict[str, Any]]:
        value = self.get(key)
        if value is self._MISSING:
            if required:
                raise ConfigError(Msg("«{key}» mangler i strategi.toml (skriv [[{key}]] for hvert element).", key=key))
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise ConfigError(Msg("«{key}» skal skrives som [[{key}]]-tabeller.", key=key))
        if required and not value:
            raise ConfigError(Msg("«{key}» kan ikke være tom.", key=key))
        return value


def _text(value: Any, key: str, required: bool = True) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ConfigError(Msg("«{key}» mangler eller er tom.", key=key))
        return None
    if not isinstance(value, str):
        raise ConfigError(Msg("«{key}» skal være tekst i anførselstegn, ikke {value}.", key=key, value=repr(value)))
    return value.strip()


def _int(value: Any, key: str, minimum: int | None = None, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(Msg("«{key}» skal være et helt tall uten anførselstegn, ikke «{value}».", key=key,
                              value=str(value)))
    if minimum is not None and value < minimum:
        raise ConfigError(Msg("«{key}» = {value} er for lite (minst {minimum}).", key=key, value=str(value), minimum=str(minimum)))
    if maximum is not None and value > maximum:
        raise ConfigError(Msg("«{key}» = {value} er for stort (høyst {maximum}).", key=key, value=str(value), maximum=str(maximum)))
    return value


def _date(value: Any, key: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return datetime.strptime(value.strip(), "%d.%m.%Y").date()
        except ValueError:
            pass
    raise ConfigError(Msg("«{key}» = «{value}» er ikke en dato på formen dd.mm.åååå.", key=key, value=str(value)))


def _unique(values: list[str], key: str, what: Msg) -> None:
    """Two values that are the same name (:func:`pipeline.identity.key`) are an error
    (*what*: the word for the values, «kode», «navn» …)."""
    seen: dict[str, str] = {}
    for v in values:
        if _key(v) in seen:
            if v == seen[_key(v)]:
                raise ConfigError(Msg("«{key}»: {what} «{value}» står to ganger.", key=key, what=what, value=v))
            raise ConfigError(Msg("«{key}»: {what} «{first}» og «{value}» (samme navn) står to ganger.", key=key,
                                  what=what, first=seen[_key(v)], value=v))
        seen[_key(v)] = v
