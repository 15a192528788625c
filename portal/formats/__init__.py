"""How the portal writes dates and times, one form per language (FORMAT_MODULE_PATH).

Every date a person reads, on a page, in an e-mail or in a PDF, is written through Django's
localized formats: `{{ value|date:"DATE_FORMAT" }}` (or plain `{{ value }}`) in templates,
`django.utils.formats.date_format(value)` in Python, under the language of the reader (the
request's, the recipient's, the case's). These modules say what those formats are:

- Traditional Chinese: 2026/12/02 and 2026/12/02 14:05, as Taiwan's government systems
  (and the seed platforms) write them; unambiguous, since year-first is the only order.
- English: 2 December 2026 and 2 December 2026, 14:05. Day, month name, year: no reader
  takes it for 12 February (as 12/02/2026 would be read in the United States), and the
  month is written out rather than abbreviated (the GOV.UK style), which also reads well
  to those for whom English is a second language.

Times are 24-hour in both. Machine forms stay machine forms and do not go through here: ISO
dates in `datetime` attributes and `<input type="date">` values, gateways' own fields.
Input formats are Django's for each language (ISO is accepted in both).
"""
