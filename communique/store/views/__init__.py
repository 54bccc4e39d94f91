"""Read queries for the API and the web pages: lists, profiles, graph, matrix, map, stats.

Every function takes a `Store` and returns plain JSON-ready dicts. An
"event" here is a cluster (one real-world event, however many documents
report it), as in `queries.events`. Names come in the interface language
`lang` where the knowledge base has them, else as the corpus wrote them.
Filters mean exactly what they mean to `communique events`.

Modules: names (the reader's language, shared pieces), events (summaries,
one event, one document), network (graph, matrix, countries), entities
(search and profiles), overview (stats).
"""

from __future__ import annotations

from communique.store.views.entities import entities, entity_profile
from communique.store.views.events import SORTS, document_view, event_detail, events, summaries
from communique.store.views.names import LANGS, Namer
from communique.store.views.network import countries, graph, matrix
from communique.store.views.overview import stats

__all__ = [
    "LANGS",
    "SORTS",
    "Namer",
    "countries",
    "document_view",
    "entities",
    "entity_profile",
    "event_detail",
    "events",
    "graph",
    "matrix",
    "stats",
    "summaries",
]
