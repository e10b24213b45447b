"""Agglomerative clustering with the number of groups chosen from the data (silhouette),
shared by the steps that group things (themes, subgroups, categories, preliminary themes)."""

from __future__ import annotations

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.metrics import silhouette_score


def choose_k_and_cluster(vectors: np.ndarray, k_min: int, k_max: int,
                         linkage: str = "ward", max_points: int = 2000) -> np.ndarray:
    """Cluster rows of ``vectors`` into k groups, k in [k_min, k_max] with the best cosine
    silhouette. Deterministic: agglomerative clustering has no random start. Above
    ``max_points`` rows, k-means (fixed seed) first condenses them to ``max_points // 4`` micro-
    clusters whose centres are then clustered, so cost grows linearly, not quadratically."""
    n = len(vectors)
    if n > max_points:
        from sklearn.cluster import MiniBatchKMeans

        micro = MiniBatchKMeans(n_clusters=max_points // 4, random_state=0, n_init=1, batch_size=4096).fit(vectors)
        top = choose_k_and_cluster(micro.cluster_centers_, k_min, k_max, linkage, max_points)
        return _relabel(top[micro.labels_])
    if n == 0:
        return np.zeros(0, dtype=int)
    k_max = max(1, min(k_max, n - 1)) if n > 2 else 1
    k_min = max(1, min(k_min, k_max))
    if k_max <= 1:
        return np.zeros(n, dtype=int)
    model = AgglomerativeClustering(n_clusters=None, distance_threshold=0.0, linkage=linkage,
                                    compute_full_tree=True)
    model.fit(vectors)
    best, best_score = None, -2.0
    for k in range(max(k_min, 2), k_max + 1):
        labels = _cut(model.children_, n, k)
        score = silhouette_score(vectors, labels, metric="cosine",
                                 sample_size=min(n, 3000), random_state=0) if len(set(labels)) > 1 else -1
        if score > best_score + 1e-9:
            best, best_score = labels, score
    return _relabel(best)


def _cut(children: np.ndarray, n: int, k: int) -> np.ndarray:
    """Labels for the tree cut into k clusters (undo the last k-1 merges)."""
    parent = list(range(2 * n - 1))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, (a, b) in enumerate(children[: n - k]):
        node = n + i
        parent[find(a)] = node
        parent[find(b)] = node
    return np.array([find(i) for i in range(n)])


def _relabel(labels: np.ndarray) -> np.ndarray:
    """Number clusters 0..k-1 in order of first appearance (stable ids across runs)."""
    mapping: dict[int, int] = {}
    return np.array([mapping.setdefault(int(x), len(mapping)) for x in labels])


def centroid(vectors: np.ndarray) -> np.ndarray:
    c = vectors.mean(axis=0)
    norm = np.linalg.norm(c)
    return c / norm if norm else c
