"""Entities: people, organizations and places, one id per real entity (issue 4).

- :func:`find_mentions` finds mentions in one document from its janome tokens,
  title/honorific cues (トランプ大統領, 国務長官マルコ・ルビオ氏), given・family
  katakana names, organization and place suffixes, acronyms and the
  gazetteers in ``data/`` (see :mod:`hodo.entities.gazetteer`).
- :func:`resolve_entities` ties the mentions of all documents to entity ids.

No Dagster here: the pipeline's assets call these two functions.
"""
from hodo.entities.mentions import find_mentions
from hodo.entities.resolve import resolve_entities

__all__ = ["find_mentions", "resolve_entities"]
