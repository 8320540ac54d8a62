"""The fast paths of the analysis give exactly what the plain ones give: the compiled
trees (``analysis.trees``) score as scikit-learn's ``predict_proba``, the vectorised
row thresholds are the per-row partitions, the one-pass ``prepare`` of a plain graph
builds what ``active_simple_graph`` builds, and the chunking of the candidate pairs
changes nothing."""
import dataclasses
import functools

import networkx as nx
import numpy as np

from weaving.analysis import bound_risks, missing_links, suggest_introductions
from weaving.analysis.candidates import CANDIDATE_CAP, _row_thresholds, in_sorted, iter_candidates
from weaving.analysis.features import tfidf
from weaving.analysis.model import _bin
from weaving.analysis.prepared import prepare
from weaving.analysis.training import fit_model, training_set
from weaving.analysis.trees import predict_proba as forest_proba

from analysis_graphs import planted


def _candidate_features(prep, **kw):
    parts = [F for _, _, F in iter_candidates(prep, 0, **kw)]
    return np.vstack(parts)


def test_compiled_trees_score_exactly_as_scikit_learn():
    for G in (planted(), nx.les_miserables_graph()):
        prep = prepare(G)
        model = fit_model(prep, seed=3)
        est, edges, forest = model.stack
        assert forest is not None
        X = training_set(prep, seed=3)[0]
        rng = np.random.default_rng(0)
        for F in (X, _candidate_features(prep), X + rng.normal(0, 0.05, X.shape), np.zeros((0, X.shape[1]))):
            want = est.predict_proba(_bin(F, edges))[:, 1] if len(F) else np.zeros(0)
            assert np.array_equal(forest_proba(forest, F), want)


def test_model_without_compiled_trees_scores_the_same():
    prep = prepare(planted())
    model = fit_model(prep, seed=1)
    F = _candidate_features(prep)
    est, edges, _forest = model.stack
    plain = dataclasses.replace(model, stack=(est, edges, None))
    assert np.array_equal(model.predict(F), plain.predict(F))


def test_row_thresholds_are_the_per_row_partitions():
    rng = np.random.default_rng(5)
    lens = rng.integers(0, 90, 300)
    ptr = np.concatenate([[0], np.cumsum(lens)])
    data = rng.integers(0, 40, ptr[-1]).astype(float) / 7     # ties included
    for cap in (1, 5, 50):
        want = np.zeros(len(lens))
        for i in np.flatnonzero(lens > cap):
            d = data[ptr[i]:ptr[i + 1]]
            want[i] = np.partition(d, len(d) - cap)[len(d) - cap]
        assert np.array_equal(_row_thresholds(data, ptr, cap), want)


def test_in_sorted_is_isin():
    rng = np.random.default_rng(2)
    table = np.unique(rng.integers(0, 1000, 300))
    keys = rng.integers(-5, 1005, 2000)
    assert np.array_equal(in_sorted(keys, table), np.isin(keys, table))
    assert not in_sorted(keys, table[:0]).any()


def test_tfidf_of_repeated_profiles_is_the_vectorizers():
    from sklearn.feature_extraction.text import TfidfVectorizer

    base = [["theme:a", "area:x"], ["theme:b"], ["theme:a", "theme:a", "group:c"], [], ["area:x", "theme:b"]]
    docs = [base[i % 5] for i in np.random.default_rng(1).integers(0, 5, 60)]
    want = TfidfVectorizer(analyzer=lambda d: d, lowercase=False, dtype=np.float64).fit_transform(docs).tocsr()
    want.sort_indices()
    got = tfidf(docs)
    assert np.array_equal(got.indptr, want.indptr) and np.array_equal(got.indices, want.indices)
    assert np.array_equal(got.data, want.data)


def test_one_pass_prepare_builds_what_the_general_path_builds():
    G = planted(n=120, seed=4)
    rng = np.random.default_rng(3)
    for u, v in sorted(G.edges()):
        r = rng.random()
        if r < 0.1:
            G.edges[u, v]["carried_by"] = ["Anna"] if rng.random() < 0.5 else "Bo|Cia"
        elif r < 0.15:
            G.edges[u, v]["place"] = "Dalby library"
        if rng.random() < 0.3:
            G.edges[u, v]["strength"] = int(rng.integers(1, 4))
    fast, general = prepare(G), prepare(nx.MultiGraph(G))     # a MultiGraph takes the general path
    assert fast.H is G and general.H is not G
    assert fast.nodes == general.nodes
    assert (fast.A != general.A).nnz == 0 and (fast.W != general.W).nnz == 0
    assert bound_risks(fast).to_dict() == bound_risks(general).to_dict()
    assert bound_risks(fast).links


def test_candidate_chunks_change_nothing(monkeypatch):
    prep = prepare(planted(n=300, seed=2))
    for cap in (None, CANDIDATE_CAP // 5):
        a = list(iter_candidates(prep, 0, cap=cap))
        b = list(iter_candidates(prep, 0, cap=cap, chunk_nnz=5_000))
        assert len(b) > len(a)
        for i in range(3):
            assert np.array_equal(np.concatenate([x[i] for x in a]), np.concatenate([x[i] for x in b]))
    want = ([s.to_dict() for s in suggest_introductions(prep, top=12)],
            [m.to_dict() for m in missing_links(prep, top=12)])
    import weaving.analysis.linkpred as linkpred
    import weaving.analysis.suggest as suggest

    small = functools.partial(iter_candidates, chunk_nnz=5_000)
    monkeypatch.setattr(suggest, "iter_candidates", small)
    monkeypatch.setattr(linkpred, "iter_candidates", small)
    prep = prepare(planted(n=300, seed=2))
    assert ([s.to_dict() for s in suggest_introductions(prep, top=12)],
            [m.to_dict() for m in missing_links(prep, top=12)]) == want
