"""NMF topic mixtures of new texts for fixed components, in plain NumPy.

Inference used to call scikit-learn's ``non_negative_factorization(X, H=components, update_H=False,
solver="cd", beta_loss="frobenius", alpha_W=0)`` on the l2-normalised tf-idf rows of ``train.tfidf_rows``.
Importing scikit-learn costs about 2.5 s of CPU per process (it pulls in scipy.stats), far more than the
transform itself, so this module repeats that computation step for step: the same products, sums in the same
order (sequential where scipy and scikit-learn's Cython loop add one term at a time, ``np.add.reduceat`` where
scipy uses it), the same stopping rule. The mixtures are bit-for-bit those of scikit-learn
(``tests/test_topics_nmf.py`` checks it on real papers), and the parts that do not depend on the text (the
components' Gram matrix) are computed once per model instead of once per iteration.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

NMF_TOL = 1e-4  # scikit-learn's default stopping tolerance (violation / first violation)


def normalise_rows(m: np.ndarray) -> np.ndarray:
    """Rows divided by their sums (rows summing to 0 stay 0)."""
    sums = m.sum(axis=1, keepdims=True)
    return np.divide(m, sums, out=np.zeros_like(m, dtype=np.float64), where=sums > 0)


class NmfTransform:
    """Fold bags of words into a frobenius NMF model with fixed components (coordinate descent on W only).

    >>> t = NmfTransform(np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]), np.ones(3))
    >>> t.mixtures([{0: 2, 2: 2}, {1: 1}, {}], max_iter=400).tolist()
    [[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]
    """

    def __init__(self, components: np.ndarray, idf: np.ndarray):
        self.idf = idf
        self.ht = np.ascontiguousarray(components.astype(np.float64).T)  # words x topics, as scikit-learn's Ht
        self.hht = np.dot(self.ht.T, self.ht)  # topics x topics; scikit-learn recomputes it every iteration
        self.k = components.shape[0]

    def _xht(self, bags: Sequence[dict[int, int]]) -> np.ndarray:
        """``X @ Ht`` for the tf-idf rows ``X`` of ``bags``, summed as scipy's csr product does."""
        lengths = [len(bag) for bag in bags]
        cols = np.array([i for bag in bags for i in sorted(bag)], dtype=np.intp)
        counts = np.array([float(bag[i]) for bag in bags for i in sorted(bag)])
        data = np.multiply(counts, self.idf[cols])
        starts = np.cumsum([0, *lengths[:-1]])
        filled = [r for r, n in enumerate(lengths) if n]
        norms = np.zeros(len(bags))
        if filled:
            norms[filled] = np.add.reduceat(data * data, starts[filled])
        norms = np.sqrt(norms)
        norms[norms == 0] = 1.0
        data = np.multiply(data, np.repeat(1.0 / norms, lengths))
        xht = np.zeros((len(bags), self.k))
        for r in filled:  # each row accumulates its words' topic rows in column order (scipy's csr_matvecs)
            span = slice(starts[r], starts[r] + lengths[r])
            xht[r] = np.add.accumulate(data[span, None] * self.ht[cols[span]], axis=0)[-1]
        return xht

    def mixtures(self, bags: Sequence[dict[int, int]], *, max_iter: int) -> np.ndarray:
        """Topic mixtures of ``bags`` (word id -> count): rows sum to 1, or are 0 for a bag of no words."""
        neg_xht = -self._xht(bags).T  # topics x bags, like w below: one topic's values are one contiguous row
        hht, n, k = self.hht, len(bags), self.k
        w = np.zeros((k, n))
        # per topic t: -X Ht[t] and the k products HHt[t, r] * W[r], added in this order
        terms = np.empty((k, k + 1, n))
        terms[:, 0] = neg_xht
        grads, before = np.empty((k, n)), np.empty((k, n))
        steps = [(terms[t], terms[t, 1:], hht[t, :, None], hht[t, t], w[t], grads[t], before[t]) for t in range(k)]
        violation_init = 0.0
        for n_iter in range(1, max_iter + 1):
            for summands, products, hht_t, hess, w_t, grad, w_before in steps:  # scikit-learn's _update_cdnmf_fast
                np.multiply(hht_t, w, out=products)
                grad[...] = np.add.accumulate(summands, axis=0)[-1]  # sequential, as the Cython loop adds
                w_before[...] = w_t
                if hess != 0:
                    np.maximum(w_t - grad / hess, 0.0, out=w_t)
            # projected gradient: at a zero coordinate only a negative gradient counts
            projected = np.abs(np.where((before == 0) & (grads >= 0.0), 0.0, grads))
            violation = np.add.accumulate(projected.ravel())[-1] if projected.size else 0.0
            if n_iter == 1:
                violation_init = violation
            if violation_init == 0 or violation / violation_init <= NMF_TOL:
                break
        return normalise_rows(np.ascontiguousarray(w.T))
