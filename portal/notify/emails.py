"""Render and send one e-mail from templates, in a given language.

Every message of the portal is three templates under `templates/emails/<name>/`:
`subject.txt`, `body.txt` and `body.html`, rendered under the recipient's language (the
account's or the case's), never the language of whatever request happens to be active.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation


def render_email(name: str, context: dict, language: str, to: list[str]) -> EmailMultiAlternatives:
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = " ".join(render_text(f"emails/{name}/subject.txt", context).split())
        text = render_text(f"emails/{name}/body.txt", context)
        html = render_to_string(f"emails/{name}/body.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=to, from_email=settings.DEFAULT_FROM_EMAIL
    )
    message.attach_alternative(html, "text/html")
    return message


def render_text(template_name: str, context: dict) -> str:
    """Plain text is not HTML: a name like "O'Brien & Sons" must not become "&#x27;…&amp;"."""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def send_email(name: str, context: dict, language: str, to: list[str]) -> None:
    render_email(name, context, language, to).send(fail_silently=False)
