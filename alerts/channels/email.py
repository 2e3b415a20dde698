"""E-mail through SMTP: implicit TLS (``ssl``) or STARTTLS, with login when a user is set."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from alerts.channels.base import Channel, register
from alerts.model import Message


@register
class EmailChannel(Channel):
    """Sends a plain-text and HTML e-mail to ``to``."""

    kind = "email"
    required = ("host", "sender", "to")

    def send(self, message: Message) -> None:
        s = self.settings
        mail = EmailMessage()
        mail["Subject"] = message.title
        mail["From"] = s.sender
        mail["To"] = ", ".join(s.to)
        mail["Date"] = formatdate(localtime=True)
        mail["Message-ID"] = make_msgid(idstring=message.alert_id[:40], domain="tianluo")
        mail["X-Tianluo-Alert"] = message.alert_id
        mail.set_content(message.text)
        mail.add_alternative(message.html, subtype="html")
        where = f"{s.host}:{s.port}"
        try:
            if s.ssl:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host or "", s.port, timeout=s.timeout, context=self.tls_context()
                )
            else:
                smtp = smtplib.SMTP(s.host or "", s.port, timeout=s.timeout)
            with smtp:
                if s.starttls and not s.ssl:
                    smtp.starttls(context=self.tls_context())
                if s.username:
                    smtp.login(s.username, self.secret(s.password) or "")
                refused = smtp.send_message(mail)
        except smtplib.SMTPAuthenticationError as exc:
            raise self.fail(f"{where} 拒绝了用户 {s.username!r} 的登录：{exc.smtp_code}") from None
        except smtplib.SMTPException as exc:
            raise self.fail(f"{where} 出错：{exc}") from None
        except OSError as exc:
            raise self.fail(f"无法连接 {where}：{exc}") from None
        if refused:
            raise self.fail(f"{where} 拒收以下收件人：{'、'.join(sorted(refused))}")
