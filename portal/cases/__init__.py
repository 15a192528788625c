"""The case engine: what every workflow of the portal shares.

A workflow app declares its case model (a subclass of `CaseBase`), its transitions, its form
sections and its document slots, and registers them in `portal.cases.registry`. Everything
else — numbering, the audit log, decisions, supplements, documents, assignment, the reviewer
queue and the notifications — lives here and works the same way for all of them.
"""
