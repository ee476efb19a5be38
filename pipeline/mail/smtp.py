"""Receipts back to the sender by SMTP: the receipt file's text as a reply,
marked as an automatic answer so that auto-responders do not answer it."""

from __future__ import annotations

import base64
import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from pipeline.errors import IktplanError
from pipeline.i18n import Lang, Msg
from pipeline.intake.message import MailSubmission
from pipeline.intake.receive import RECEIPT_ENCODING, Outcome
from pipeline.mail.settings import SMTP_PASSWORD_VARIABLE, MailError, MailSettings, os_reason, password_from_env, tls_context
from pipeline.workspace import Workspace

log = logging.getLogger("iktplan.mail")


class ReceiptSender:
    """One SMTP connection for a fetch, opened when the first receipt is due. A
    failure is reported, never fatal: the receipt file is written either way.
    *errors* hears one Norwegian line per receipt that could not be sent. The
    subject is in *lang* (``None``: bokmål), the workspace's language, as the receipt is."""

    def __init__(self, settings: MailSettings, errors: list[str], lang: Lang | None = None):
        self.settings = settings
        self.errors = errors
        self.lang = lang
        self.smtp: smtplib.SMTP | None = None
        self.broken = False

    def send(self, ws: Workspace, outcome: Outcome, found: MailSubmission) -> bool:
        if self.broken or outcome.receipt is None or not found.reply_to:
            return False
        try:
            message = receipt_message(self.settings, outcome, found, self.lang)
            if self.smtp is None:
                self.smtp = smtp_connect(self.settings)
            self.smtp.send_message(message)
            return True
        except Exception as exc:  # noqa: BLE001 - a receipt must never cost the unit its submission
            reason = _failure(exc)
            self.errors.append(Msg("til {address}: {reason}", address=found.reply_to, reason=reason))
            log.info("kvittering ikke sendt: %s", reason)  # no address in the log (bokmål: str of a message)
            if not isinstance(exc, smtplib.SMTPRecipientsRefused):
                self.broken = True  # don't hammer a server that is down
            return False

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self.smtp = None


def _failure(exc: BaseException) -> Msg | str:
    """Why a receipt was not sent: an iktplan error's message, or :func:`_smtp_reason`."""
    if isinstance(exc, IktplanError):
        return exc.msg if not exc.details else exc.message
    return _smtp_reason(exc)


def _smtp_reason(exc: BaseException) -> Msg | str:
    """Why the SMTP server did not take a message (the system's own words when iktplan has none)."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return Msg("SMTP-serveren avviste innloggingen (sjekk «epost.smtp_bruker» og {variable})",
                   variable=SMTP_PASSWORD_VARIABLE)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return Msg("SMTP-serveren tok ikke imot mottakeradressen")
    if isinstance(exc, smtplib.SMTPResponseException):
        return Msg("SMTP-serveren svarte {code}", code=exc.smtp_code)
    return os_reason(exc)


def smtp_connect(settings: MailSettings) -> smtplib.SMTP:
    """A logged-in SMTP connection (login only when ``smtp_bruker`` is set)."""
    host, port = settings.smtp_server, settings.smtp_port
    server = f"{host}:{port}"
    try:
        if settings.smtp_tls == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=settings.timeout, context=tls_context(settings))
        else:
            smtp = smtplib.SMTP(host, port, timeout=settings.timeout)
            if settings.smtp_tls == "starttls":
                smtp.starttls(context=tls_context(settings))
        if settings.smtp_user:
            _smtp_login(smtp, settings.smtp_user, password_from_env(SMTP_PASSWORD_VARIABLE, "SMTP"))
    except ssl.SSLCertVerificationError as exc:
        raise MailError(Msg(
            "Sertifikatet til SMTP-serveren {server} kunne ikke bekreftes ({reason}). "
            "Bruker kommunen et eget sertifikat, oppgi det med «epost.ca_fil».",
            server=server, reason=str(exc.verify_message))) from None
    except smtplib.SMTPAuthenticationError:
        raise MailError(Msg(
            "SMTP-serveren {server} avviste innloggingen for «{user}». Sjekk «epost.smtp_bruker» og passordet i "
            "miljøvariabelen {variable}.", server=server, user=settings.smtp_user,
            variable=SMTP_PASSWORD_VARIABLE)) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(Msg("Får ikke sendt via SMTP-serveren {server}: {reason}.", server=server,
                            reason=_smtp_reason(exc))) from None
    return smtp


def _smtp_login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    smtp.ehlo_or_helo_if_needed()
    methods = smtp.esmtp_features.get("auth", "").upper().split()
    if "PLAIN" in methods:
        # smtplib's own login encodes as ASCII and fails on a password with æøå.
        token = base64.b64encode(f"\0{user}\0{password}".encode("utf-8")).decode("ascii")
        code, response = smtp.docmd("AUTH", "PLAIN " + token)
        if code not in (235, 503):
            raise smtplib.SMTPAuthenticationError(code, response)
        return
    smtp.login(user, password)


def receipt_subject(outcome: Outcome, lang: Lang | None = None) -> str:
    """«Kvittering: skjema.xlsx – godkjent», in *lang* (``None``: bokmål)."""
    lang = lang or Lang.source()
    r = outcome.record
    return lang.gettext("Kvittering: {file} – {status}", file=r.original_name, status=r.status.text)


def judged_subject(original_name: str, lang: Lang | None = None) -> str:
    """The subject of a receipt for a form the secretariat has since approved, in *lang*."""
    lang = lang or Lang.source()
    return lang.gettext("Kvittering: {file} – godkjent etter sekretariatets vurdering", file=original_name)


def receipt_message(settings: MailSettings, outcome: Outcome, found: MailSubmission,
                    lang: Lang | None = None) -> EmailMessage:
    """The receipt as an e-mail to the sender: the receipt file's text, as a reply
    (the subject in *lang*, ``None``: bokmål)."""
    assert outcome.receipt is not None
    text = outcome.receipt.read_text(RECEIPT_ENCODING)
    msg = EmailMessage()
    msg["From"] = settings.sender_address or ""
    msg["To"] = found.reply_to or ""
    msg["Subject"] = " ".join(receipt_subject(outcome, lang).split())[:200]
    msg["Date"] = formatdate(localtime=True)
    domain = parseaddr(settings.sender_address or "")[1].rpartition("@")[2] or None
    msg["Message-ID"] = make_msgid("iktplan", domain=domain)
    if found.message_id:
        msg["In-Reply-To"] = found.message_id
        msg["References"] = found.message_id
    # RFC 3834: an automatic answer, which auto-responders must not answer in turn.
    msg["Auto-Submitted"] = "auto-replied"
    msg["X-Auto-Response-Suppress"] = "All"
    msg.set_content(text)
    return msg



def send_receipt_texts(settings: MailSettings, receipts: list[tuple[str, str, str]]) -> list[Msg]:
    """Send receipts that answer no message of their own (a held form the secretariat
    has approved since): (recipient, subject, text) each, over one connection.
    Returns one message per receipt not sent (empty: all sent; shown with lang.render); never raises."""
    errors: list[Msg] = []
    smtp = None
    broken: Msg | str | None = None
    try:
        for to, subject, text in receipts:
            if not parseaddr(to)[1]:
                continue
            if broken is not None:
                errors.append(Msg("til {address}: {reason}", address=to, reason=broken))
                continue
            msg = EmailMessage()
            msg["From"] = settings.sender_address or ""
            msg["To"] = to
            msg["Subject"] = " ".join(subject.split())[:200]
            msg["Date"] = formatdate(localtime=True)
            domain = parseaddr(settings.sender_address or "")[1].rpartition("@")[2] or None
            msg["Message-ID"] = make_msgid("iktplan", domain=domain)
            msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: automatic, not a reply
            msg["X-Auto-Response-Suppress"] = "All"
            msg.set_content(text)
            try:
                if smtp is None:
                    smtp = smtp_connect(settings)
                smtp.send_message(msg)
            except Exception as exc:  # noqa: BLE001 - the receipt file is written either way
                reason = _failure(exc)
                errors.append(Msg("til {address}: {reason}", address=to, reason=reason))
                log.info("kvittering ikke sendt: %s", reason)  # no address in the log
                if not isinstance(exc, smtplib.SMTPRecipientsRefused):
                    broken = reason  # don't hammer a server that is down
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
    return errors
