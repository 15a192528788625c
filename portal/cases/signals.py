"""Signals of the case engine.

`case_moved` is sent inside `perform_action`'s transaction once a move, its audit row and the
model's own `after_transition` are saved (sender: the case model; `case`, `event`: the
CaseEvent). What follows a move in another module (issuing a certificate, a task) listens
here, so that a case model never imports the modules that read it.
"""

from django.dispatch import Signal

case_moved = Signal()
