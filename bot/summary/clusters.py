"""Replies grouped by what they say, the number of groups taken from the data.

TF-IDF of terms and term pairs (sublinear, L2), reduced by LSA to a few dimensions, where each
reply is joined to its nearest neighbours (cosine). A theme is a set of replies whose neighbours
are mostly inside it: the number of eigenvalues of the graph's normalised adjacency close to 1 is
the number of such sets (counted at three levels, the median taken). The replies are then split by
k-means on the graph's leading eigenvectors (spectral clustering), refined against the groups'
centres in the LSA space. A reply with no words of its own, or in a group too small to be a theme,
fits no theme.

Deterministic: no randomness but a fixed seed, and the caller sorts its input.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from itertools import chain

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

MIN_TO_SPLIT = 12  # fewer replies than this stay one group
PER_THEME = 6  # at most one theme per six replies
MAX_THEMES = 8
LSA_DIMENSIONS = 8
NEIGHBOURS = 1.2  # times the square root of the number of replies, between 4 and 15
LEVELS = (0.8, 0.85, 0.9)  # eigenvalues at least this close to 1 count as a theme
DENSE_UP_TO = 400  # beyond this many replies, sparse graphs and iterative eigen-solvers


def min_df(n: int) -> int:
    """A term counts once it is in this many replies: pairs of replies sharing a sentence are no theme."""
    return 3 if n >= 40 else 2


@dataclass(frozen=True, slots=True)
class Grouping:
    groups: tuple[tuple[int, ...], ...]  # reply indices, most representative first, largest group first
    other: tuple[int, ...]  # replies that fit no group, in input order
    matrix: object  # the TF-IDF matrix (rows: replies), for labels
    vocabulary: tuple[str, ...]


def _tfidf(documents: list[list[str]], min_df: int, max_df: float):
    """TF-IDF with sublinear tf and smoothed idf, rows L2-normalised (as scikit-learn computes it),
    over the terms in at least `min_df` and at most `max_df` of the documents."""
    index: defaultdict[str, int] = defaultdict()
    index.default_factory = index.__len__  # a new term gets the next column
    columns = np.fromiter(map(index.__getitem__, chain.from_iterable(documents)), dtype=np.int64)
    n, width = len(documents), len(index)
    if not width:
        return None, ()
    rows = np.repeat(np.arange(n), np.fromiter(map(len, documents), dtype=np.int64, count=n))
    # One entry per (reply, term) with its count, in row order: plain arrays, no sparse round trips.
    cells, tf = np.unique(rows * width + columns, return_counts=True)
    rows, columns = np.divmod(cells, width)
    df = np.bincount(columns, minlength=width)
    keep = (df >= min_df) & (df <= max(max_df * n, min_df))
    if not keep.any():
        return None, ()
    vocabulary = list(index)  # in order of first use: the caller's order is fixed
    order = np.flatnonzero(keep)
    renumber = np.cumsum(keep) - 1
    kept = keep[columns]
    rows, columns, tf = rows[kept], renumber[columns[kept]], tf[kept]
    data = (1 + np.log(tf)) * (np.log((1 + n) / (1 + df[order])) + 1)[columns]
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=n))
    data /= norms[rows]
    indptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=n))))
    matrix = sp.csr_matrix((data, columns, indptr), shape=(n, len(order)))
    return matrix, tuple(vocabulary[i] for i in order)


def _signs(vectors: np.ndarray) -> np.ndarray:
    """Eigenvectors with a fixed sign: the largest entry of each positive."""
    if vectors.size == 0:
        return vectors
    flip = vectors[np.abs(vectors).argmax(axis=0), np.arange(vectors.shape[1])] < 0
    vectors[:, flip] *= -1
    return vectors


def _top_eigen(symmetric: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The `count` largest eigenvalues, largest first, and their eigenvectors (fixed signs)."""
    from scipy.linalg import eigh

    n = len(symmetric)
    count = min(count, n)
    values, vectors = eigh(symmetric, subset_by_index=[n - count, n - 1])
    order = np.argsort(-values, kind="stable")
    return values[order], _signs(vectors[:, order])


def _lsa(matrix, dimensions: int) -> np.ndarray:
    """The replies in the `dimensions` leading singular directions (LSA): U·S, from the
    eigenvectors of X·Xᵀ; for a large card by a randomised SVD (fixed seed, four power iterations)."""
    n, terms = matrix.shape
    dimensions = max(1, min(dimensions, n - 1, terms - 1)) if n > 1 else 1
    if n <= DENSE_UP_TO:
        dense = matrix.toarray()
        values, vectors = _top_eigen(dense @ dense.T, dimensions)
        return vectors * np.sqrt(np.clip(values, 0, None))
    from sklearn.utils.extmath import randomized_svd

    u, s, _ = randomized_svd(matrix, dimensions, n_oversamples=10, n_iter=4, random_state=0)
    return _signs(u) * s


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms > 0, norms, 1)


def _neighbours(points: np.ndarray, count: int):
    """A symmetric graph joining each point to its `count` most similar points (cosine weights):
    a dense array for a card of ordinary size, else sparse."""
    n = len(points)
    count = min(count, n - 1)
    if n <= DENSE_UP_TO:
        similar = points @ points.T
        np.fill_diagonal(similar, -np.inf)
        nearest = np.argpartition(-similar, count - 1, axis=1)[:, :count]
        graph = np.zeros((n, n))
        rows = np.arange(n)[:, None]
        graph[rows, nearest] = np.clip(similar[rows, nearest], 0, None)
        return np.maximum(graph, graph.T)
    rows, cols, weights = [], [], []
    for start in range(0, n, 1024):
        block = points[start : start + 1024] @ points.T
        block[np.arange(len(block)), np.arange(start, start + len(block))] = -np.inf
        nearest = np.argpartition(-block, count - 1, axis=1)[:, :count]
        rows.append(np.repeat(np.arange(start, start + len(block)), count))
        cols.append(nearest.ravel())
        weights.append(np.clip(np.take_along_axis(block, nearest, axis=1).ravel(), 0, None))
    graph = sp.csr_matrix((np.concatenate(weights), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))
    return graph.maximum(graph.T).tocsr()


def _spectrum(graph, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The leading eigenvalues and eigenvectors of the normalised adjacency D^-1/2 A D^-1/2."""
    n = graph.shape[0]
    count = min(count, n)
    degree = np.asarray(graph.sum(axis=1)).ravel()
    scale = 1 / np.sqrt(np.where(degree > 0, degree, 1))
    if isinstance(graph, np.ndarray):
        return _top_eigen(graph * scale[:, None] * scale[None, :], count)
    from scipy.sparse.linalg import eigsh

    normalised = sp.diags(scale) @ graph @ sp.diags(scale)
    values, vectors = eigsh(normalised, k=count, which="LA", v0=np.random.default_rng(0).random(n))
    order = np.argsort(-values, kind="stable")[:count]
    return values[order], _signs(vectors[:, order])


def kmeans(points: np.ndarray, k: int, *, starts: int = 3, rounds: int = 50, seed: int = 0) -> np.ndarray:
    """Lloyd's k-means from k-means++ starts (fixed seed); the labels of the lowest inertia."""
    rng = np.random.default_rng(seed)
    n = len(points)
    squared = (points**2).sum(axis=1)
    best, best_inertia = np.zeros(n, dtype=int), np.inf
    for _ in range(starts):
        chosen = [int(rng.integers(n))]
        nearest = squared - 2 * points @ points[chosen[0]] + squared[chosen[0]]
        for _ in range(1, k):
            weights = np.clip(nearest, 0, None)
            total = weights.sum()
            pick = int(rng.choice(n, p=weights / total)) if total > 0 else int(rng.integers(n))
            chosen.append(pick)
            nearest = np.minimum(nearest, squared - 2 * points @ points[pick] + squared[pick])
        centres = points[chosen].copy()
        labels = np.full(n, -1)
        for _ in range(rounds):
            distances = squared[:, None] - 2 * points @ centres.T + (centres**2).sum(axis=1)
            new = distances.argmin(axis=1)
            if (new == labels).all():
                break
            labels = new
            sizes = np.bincount(labels, minlength=k)
            sums = np.zeros_like(centres)
            np.add.at(sums, labels, points)
            filled = sizes > 0
            centres[filled] = sums[filled] / sizes[filled, None]
        inertia = distances[np.arange(n), labels].sum()
        if inertia < best_inertia - 1e-9:
            best, best_inertia = labels.copy(), inertia
    return best


def _refine(points: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Each reply to the nearest group centre (cosine), until nothing moves or a group would empty."""
    for _ in range(10):
        centres = _unit(np.vstack([points[labels == c].mean(axis=0) for c in range(k)]))
        new = (points @ centres.T).argmax(axis=1)
        if (new == labels).all() or len(np.unique(new)) < k:
            break
        labels = new
    return labels


def group(documents: list[list[str]]) -> Grouping:
    """Groups of replies (given as their features), largest first."""
    with _one_thread():
        return _group(documents)


_CONTROLLER = []


def _one_thread():
    """Small matrices: one BLAS thread is faster than two (and leaves the other core to the bot)."""
    if not _CONTROLLER:
        from threadpoolctl import ThreadpoolController

        _CONTROLLER.append(ThreadpoolController())
    return _CONTROLLER[0].limit(limits=1)


def _group(documents: list[list[str]]) -> Grouping:
    n = len(documents)
    everyone = tuple(range(n))
    if n < MIN_TO_SPLIT:
        matrix, vocabulary = _tfidf(documents, 1, 1.0)
        return Grouping((everyone,) if n else (), (), matrix, vocabulary)
    matrix, vocabulary = _tfidf(documents, min_df(n), 0.5)
    if matrix is None:
        matrix, vocabulary = _tfidf(documents, 1, 1.0)
        return Grouping((everyone,), (), matrix, vocabulary)
    has_terms = np.flatnonzero(matrix.getnnz(axis=1) > 0)
    other = [int(i) for i in np.flatnonzero(matrix.getnnz(axis=1) == 0)]
    if len(has_terms) < MIN_TO_SPLIT:
        return Grouping((tuple(int(i) for i in has_terms),) if len(has_terms) else (), tuple(other), matrix, vocabulary)
    rows = matrix[has_terms]
    points = _unit(_lsa(rows, LSA_DIMENSIONS))
    m = len(points)
    graph = _neighbours(points, int(np.clip(round(NEIGHBOURS * math.sqrt(m)), 4, 15)))
    smallest = max(3, math.ceil(0.04 * n))
    # Islands too small to be a theme (a few replies sharing words with no one else) fit no theme.
    _, component = connected_components(
        sp.csr_matrix(graph) if isinstance(graph, np.ndarray) else graph, directed=False
    )
    sizes = np.bincount(component)
    keep = sizes[component] >= smallest
    if not keep.all():
        other += [int(i) for i in has_terms[~keep]]
        has_terms, points = has_terms[keep], points[keep]
        graph = graph[np.ix_(keep, keep)] if isinstance(graph, np.ndarray) else graph[keep][:, keep]
        m = len(points)
    if m < MIN_TO_SPLIT:
        return Grouping((tuple(int(i) for i in has_terms),) if m else (), tuple(sorted(other)), matrix, vocabulary)
    values, vectors = _spectrum(graph, MAX_THEMES + 4)
    counted = sorted(int((values >= level - 1e-9).sum()) for level in LEVELS)
    k = int(np.clip(counted[len(counted) // 2], 1, min(MAX_THEMES, m // PER_THEME)))
    if k == 1:
        labels = np.zeros(m, dtype=int)
    else:
        labels = kmeans(_unit(vectors[:, :k]), k)
        labels = _refine(points, labels, k)
    groups = []
    for c in range(k):
        members = np.flatnonzero(labels == c)
        if len(members) < smallest:
            other += [int(has_terms[i]) for i in members]
            continue
        centre = points[members].mean(axis=0)
        closeness = points[members] @ (centre / (np.linalg.norm(centre) or 1))
        order = members[np.lexsort((has_terms[members], -np.round(closeness, 12)))]
        groups.append(tuple(int(has_terms[i]) for i in order))
    groups.sort(key=lambda g: (-len(g), g[0]))
    return Grouping(tuple(groups), tuple(sorted(other)), matrix, vocabulary)
