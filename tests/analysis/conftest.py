import pytest

from analysis_graphs import hub_and_spoke, planted


@pytest.fixture
def stage_b_map():
    return hub_and_spoke()


@pytest.fixture
def planted_graph():
    return planted()


@pytest.fixture
def star():
    import networkx as nx

    return nx.star_graph(5)


@pytest.fixture
def two_triangles():
    import networkx as nx

    G = nx.Graph()
    G.add_edges_from([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    return G
