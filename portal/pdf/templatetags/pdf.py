"""Template tools for issued PDFs, which show their labels in every language of the document.

    {% load pdf %}
    {% bilingual "Receipt" %}          a msgid, translated once per language
    {% bilingual line.description %}   a lazy translation object, likewise
    {% bilingual case_number %}        a plain string: shown as it is, never translated
    {% bilingual "Receipt" text %}     plain text "收據 / Receipt", for <title>

renders, with `languages = ["zh-hant", "en"]` in the context:

    <span lang="zh-Hant">收據</span><span class="bilingual-sep"> / </span>
    <span lang="en">Receipt</span>                 (on one line)

Everything is escaped, even strings marked safe: the text of a PDF is never markup.
How the languages are laid out (one line, or one line each in table headings) is up to the
CSS of templates/pdf/base.html, which keys on the `lang` spans and the separator's class.
It is a tag with its own parser (not a simple_tag) because only the parser can tell a
quoted msgid from a variable holding user text; translating user text that happens to equal
a msgid ("Card") would change what the person typed.
"""

from django import template
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

SEPARATOR = '<span class="bilingual-sep"> / </span>'


def language_tag(code: str) -> str:
    """BCP 47 tag of a Django language code: "zh-hant" -> "zh-Hant", "en-us" -> "en-US"."""
    return translation.to_locale(code).replace("_", "-")


register.filter("language_tag", language_tag)


def render_bilingual(value, languages, *, is_msgid: bool = False, mode: str = "html"):
    texts = []
    for code in languages:
        with translation.override(code):
            if is_msgid:
                text = translation.gettext(value)
            elif isinstance(value, Promise):
                text = str(value)
            else:
                text = "" if value is None else str(value)
        texts.append((language_tag(code), escape(text)))
    if mode == "text":
        return mark_safe(" / ".join(text for _, text in texts))  # noqa: S308 escaped above
    spans = [f'<span lang="{escape(tag)}">{text}</span>' for tag, text in texts]
    return mark_safe(SEPARATOR.join(spans))  # noqa: S308 every part escaped above


class BilingualNode(template.Node):
    def __init__(self, value, *, is_msgid: bool, mode: str):
        self.value, self.is_msgid, self.mode = value, is_msgid, mode

    def render(self, context):
        value = self.value if self.is_msgid else self.value.resolve(context)
        languages = context.get("languages") or [translation.get_language()]
        return render_bilingual(value, languages, is_msgid=self.is_msgid, mode=self.mode)


@register.tag
def bilingual(parser, token):
    bits = token.split_contents()
    if len(bits) not in (2, 3) or (len(bits) == 3 and bits[2] != "text"):
        raise template.TemplateSyntaxError(
            f'Usage: {{% {bits[0]} "msgid" [text] %}} or {{% {bits[0]} variable [text] %}}'
        )
    argument, mode = bits[1], (bits[2] if len(bits) == 3 else "html")
    msgid = _quoted_msgid(argument)
    if msgid is not None:
        return BilingualNode(msgid, is_msgid=True, mode=mode)
    return BilingualNode(parser.compile_filter(argument), is_msgid=False, mode=mode)


def _quoted_msgid(argument: str) -> str | None:
    """The msgid of "text" or _("text") (the form makemessages extracts), else None."""
    if argument.startswith("_(") and argument.endswith(")"):
        argument = argument[2:-1]
    if len(argument) >= 2 and argument[0] == argument[-1] and argument[0] in "\"'":
        return argument[1:-1]
    return None
