"""The actor graph: entities as nodes, events as typed edges weighted by reports (networkx).

The same nodes and edges feed the dashboard (cytoscape.js elements) and the GraphML download
that Gephi opens.
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx

from kizashi.storage import Store
from kizashi.storage.actors import graph_edges
from kizashi.storage.queries import NO_FILTERS, Filters, Row


def actor_graph(store: Store, filters: Filters = NO_FILTERS, *, top: int | None = None) -> Any:
    """A MultiDiGraph: one edge per (actor, counterpart, event type), keyed by the type."""
    data = graph_edges(store, filters, top=top)
    graph = nx.MultiDiGraph(name="Kizashi actor graph")
    for node in data["nodes"]:
        graph.add_node(
            node["id"],
            label=node["label"],
            type=node["type"],
            country=node["country"] or "",
            wikidata=node["wikidata"] or "",
            linked=node["linked"],
        )
    for edge in data["edges"]:
        graph.add_edge(
            edge["source"],
            edge["target"],
            key=edge["type"],
            type=edge["type"],
            label=edge["type"],
            weight=int(edge["weight"]),
            events=int(edge["events"]),
            first=edge["first"] or "",
            last=edge["last"] or "",
        )
    return graph


def graphml_bytes(graph: Any) -> bytes:
    """GraphML (UTF-8) of a graph from ``actor_graph``."""
    buf = io.BytesIO()
    nx.write_graphml(graph, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def cytoscape_elements(data: dict[str, list[Row]]) -> list[dict[str, Any]]:
    """Nodes and edges of ``graph_edges`` as cytoscape.js elements (rendered as text by the canvas)."""
    degree: dict[str, int] = {}
    for e in data["edges"]:
        for end in (e["source"], e["target"]):
            degree[end] = degree.get(end, 0) + int(e["weight"])
    nodes = [{"data": {**n, "degree": degree.get(n["id"], 0)}, "group": "nodes"} for n in data["nodes"]]
    edges = [
        {
            "group": "edges",
            "data": {
                "id": f"{e['source']}|{e['target']}|{e['type']}",
                "source": e["source"],
                "target": e["target"],
                "type": e["type"],
                "weight": int(e["weight"]),
                "events": int(e["events"]),
            },
        }
        for e in data["edges"]
    ]
    return nodes + edges
