import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from portal.pages.templatetags.money import ntd
from portal.pdf.templatetags.pdf import language_tag

SEP = '<span class="bilingual-sep"> / </span>'
BOTH = ["zh-hant", "en"]


def render(source: str, **context) -> str:
    return Template("{% load pdf %}" + source).render(Context(context))


def test_a_msgid_is_translated_once_per_language_primary_first():
    assert render('{% bilingual "Name" %}', languages=BOTH) == (
        f'<span lang="zh-Hant">姓名</span>{SEP}<span lang="en">Name</span>'
    )
    assert render('{% bilingual "Name" %}', languages=["en", "zh-hant"]) == (
        f'<span lang="en">Name</span>{SEP}<span lang="zh-Hant">姓名</span>'
    )


def test_the_form_makemessages_extracts_works_too():
    assert render('{% bilingual _("Name") %}', languages=BOTH) == render(
        '{% bilingual "Name" %}', languages=BOTH
    )


def test_a_lazy_translation_from_the_context_is_translated_per_language():
    html = render("{% bilingual label %}", languages=BOTH, label=gettext_lazy("Name"))
    assert html == f'<span lang="zh-Hant">姓名</span>{SEP}<span lang="en">Name</span>'


def test_a_plain_string_from_the_context_is_never_translated():
    # A person called "Name" stays "Name" in Chinese too.
    html = render("{% bilingual value %}", languages=BOTH, value="Name")
    assert html == f'<span lang="zh-Hant">Name</span>{SEP}<span lang="en">Name</span>'


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        (
            '<b>x</b><img src="file:///etc/passwd">',
            "&lt;b&gt;x&lt;/b&gt;&lt;img src=&quot;file:///etc/passwd&quot;&gt;",
        ),
        (mark_safe("<b>x</b>"), "&lt;b&gt;x&lt;/b&gt;"),
        ("&\"'", "&amp;&quot;&#x27;"),
    ],
)
def test_everything_is_escaped_even_safe_strings(value, escaped):
    html = render("{% bilingual value %}", languages=BOTH, value=value)
    assert html == f'<span lang="zh-Hant">{escaped}</span>{SEP}<span lang="en">{escaped}</span>'


def test_one_language_gives_one_span_and_no_separator():
    assert render('{% bilingual "Name" %}', languages=["en"]) == '<span lang="en">Name</span>'


def test_without_languages_the_active_language_is_used():
    assert render('{% bilingual "Name" %}') == '<span lang="zh-Hant">姓名</span>'


def test_text_mode_is_plain_text_for_the_title():
    assert render('{% bilingual "Name" text %}', languages=BOTH) == "姓名 / Name"
    assert render("{% bilingual v text %}", languages=["en"], v="<i>") == "&lt;i&gt;"


@pytest.mark.parametrize(
    "source", ["{% bilingual %}", '{% bilingual "a" "b" %}', '{% bilingual "a" stacked %}']
)
def test_bad_usage_is_a_template_syntax_error(source):
    with pytest.raises(TemplateSyntaxError):
        render(source)


def test_amounts_and_language_tags():
    assert ntd(3700) == "NT$ 3,700"
    assert ntd(1234567) == "NT$ 1,234,567"
    assert language_tag("zh-hant") == "zh-Hant"
    assert language_tag("en") == "en"
