"""The cooperation network through networkx: GraphML and GEXF.

Nodes are the organizations that took part in the exported events: id,
`label` and `name`, `acronym`, `kind`, `country`, `wikidata` where known,
`name_ar` ... `name_zh` (the knowledge base's canonical name in each
language it has), and `n_events`. Edges join every pair of organizations
that took part in one event, with a count per event type (`CONSULT`,
`AGREE`, `SUPPORT`, `COOPERATE`, `AID`, and any other type that occurs),
`total` (also as `weight`, which Gephi reads), `first_date` and
`last_date`, `n_documents` and `languages`. States acting as parties are not
nodes: the network is between organizations.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, BinaryIO

from communique.exports.base import require
from communique.store.export_queries import LANGS, NO_FILTERS, organization_profiles
from communique.store.queries import Filters, iter_events
from communique.store.store import Store

EVENT_TYPES = ("CONSULT", "AGREE", "SUPPORT", "COOPERATE", "AID")
ORG_PREFIX = "org:"


@dataclass
class Tie:
    """What one pair of organizations did together."""

    types: Counter[str] = field(default_factory=Counter)
    first: str | None = None
    last: str | None = None
    documents: set[str] = field(default_factory=set)
    languages: set[str] = field(default_factory=set)

    def add(self, event: dict[str, Any]) -> None:
        """Count one event of the pair."""
        self.types[event["type"]] += 1
        first, last = event["date"]["first"], event["date"]["last"] or event["date"]["first"]
        if first and (self.first is None or first < self.first):
            self.first = first
        if last and (self.last is None or last > self.last):
            self.last = last
        self.documents.update(event["documents"])
        self.languages.update(event["languages"])

    def attributes(self) -> dict[str, Any]:
        """Return the edge's attributes (GraphML and GEXF take no None values)."""
        counts = {t: self.types.get(t, 0) for t in (*EVENT_TYPES, *sorted(self.types))}
        total = sum(self.types.values())
        found = {
            **counts,
            "total": total,
            "weight": total,
            "first_date": self.first,
            "last_date": self.last,
            "n_documents": len(self.documents),
            "languages": ",".join(sorted(self.languages)),
        }
        return {k: v for k, v in found.items() if v is not None}


def organizations(event: dict[str, Any]) -> list[str]:
    """Return the ids of the organizations taking part in an event, sorted."""
    return sorted({p["id"] for p in event["participants"] if p["id"].startswith(ORG_PREFIX)})


def collect(events: Iterable[dict[str, Any]]) -> tuple[Counter[str], dict[tuple[str, str], Tie]]:
    """Return each organization's event count and each pair's tie."""
    nodes: Counter[str] = Counter()
    ties: dict[tuple[str, str], Tie] = {}
    for event in events:
        orgs = organizations(event)
        nodes.update(orgs)
        for pair in combinations(orgs, 2):
            ties.setdefault(pair, Tie()).add(event)
    return nodes, ties


def node_attributes(profile: dict[str, Any], n_events: int) -> dict[str, Any]:
    """Return a node's attributes: names (one per language the knowledge base has), kind, count."""
    found = {
        "label": profile.get("acronym") or profile["name"],
        "name": profile["name"],
        "acronym": profile.get("acronym"),
        "kind": profile.get("kind"),
        "country": profile.get("country"),
        "wikidata": profile.get("wikidata"),
        **{f"name_{lang}": profile["names"].get(lang) for lang in LANGS},
        "n_events": n_events,
    }
    return {k: v for k, v in found.items() if v is not None}


def build_network(store: Store, filters: Filters = NO_FILTERS) -> Any:
    """Return the cooperation network of the events meeting `filters` as a networkx Graph."""
    nx = require("networkx", "network")
    nodes, ties = collect(iter_events(store, filters))
    profiles = organization_profiles(store, nodes)
    graph = nx.Graph(name="communique cooperation network")
    for ident in sorted(nodes):
        graph.add_node(ident, **node_attributes(profiles[ident], nodes[ident]))
    for (a, b), tie in sorted(ties.items()):
        graph.add_edge(a, b, **tie.attributes())
    return graph


@dataclass(frozen=True)
class GraphExporter:
    """The network in one of networkx's file formats (`writer` names the networkx function)."""

    name: str
    suffix: str
    writer: str
    requires: tuple[str, ...] = ("networkx",)

    def write(self, store: Store, filters: Filters, out: BinaryIO) -> int:
        """Write the network; return the number of nodes and edges."""
        nx = require("networkx", self.name)
        graph = build_network(store, filters)
        getattr(nx, self.writer)(graph, out)
        return int(graph.number_of_nodes() + graph.number_of_edges())


GRAPHML = GraphExporter("graphml", ".graphml", "write_graphml")
GEXF = GraphExporter("gexf", ".gexf", "write_gexf")
