"""GraphML and GEXF read incrementally (``iterparse``), giving the same graph as
``nx.read_graphml`` / ``nx.read_gexf``.

NetworkX's readers build the whole XML tree first: an 18.6 MB GEXF file peaked at
626 MB. Here each ``<node>``/``<edge>`` element is decoded when it ends and then
dropped, so memory holds the graph and one element at a time. The result is the same
graph, built the same way: same graph class (a multigraph only when the file has
parallel edges), same node and edge order, same attribute types (NetworkX's own type
tables) and the same errors for inconsistent files. Anything this reader does not
handle itself -- yEd extensions, nested or hierarchical graphs, hyperedges, dynamic
GEXF (spells, slices, start/end), GEXF parents -- is handed to NetworkX's reader
unchanged, which then reads the file as before.
"""
from __future__ import annotations

from weaving.interchange.xml_gexf import read_gexf
from weaving.interchange.xml_graphml import read_graphml

__all__ = ["read_gexf", "read_graphml"]
