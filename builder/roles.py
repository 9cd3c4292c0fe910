"""The roles of a page's lines, chosen as a sequence by a fitted model.

A page reads in the order of an official document (GB/T 9704-2012): the site's
furniture and the page's metadata, then the document's header (版头, 发文字号,
issuer, adoption note), its title, its text (主送, 正文, 署名, 成文日期, 附件),
its 版记, and the site's furniture again. A conditional random field over the
lines (CRFsuite, the labeller GROBID uses to segment documents) chooses the
most likely roles for the whole page from each line's features
(``builder.features``) and the order roles follow one another in, rather than
the first rule that matches.

The model is fitted from labelled pages (``training/roles/``, one TSV a page:
``role<TAB>line``) by ``fit``; the same labels give the same model file, byte
for byte. The file is part of the builder's version, so the cache follows it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycrfsuite

ROLES = ("furniture", "metadata", "header", "title", "subtitle", "body")
"""``furniture`` is left out of the document; ``metadata`` and ``header`` lines are read for
fields and kept with their role; ``title`` and ``subtitle`` make the title; ``body`` is the text."""
MODEL_FILE = Path(__file__).with_name("roles.crfsuite")
FIT_PARAMS = {
    "c1": 0.05,  # L1: most of the few thousand features get no weight at all
    "c2": 0.01,
    "max_iterations": 200,
    "feature.possible_transitions": True,
}

_model_file = MODEL_FILE


@dataclass(frozen=True)
class Decision:
    """A line's role and why: the model's confidence and the features that weighed most."""

    role: str
    confidence: float
    reasons: tuple[tuple[str, float], ...]
    """(feature, weight for this role), strongest first."""


@lru_cache(maxsize=4)
def _tagger(path: str) -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


@lru_cache(maxsize=4)
def _weights(path: str) -> dict[tuple[str, str], float]:
    return dict(_tagger(path).info().state_features)


def model_file() -> Path:
    return _model_file


@contextlib.contextmanager
def using(path: Path):
    """Label with another model for a while (leave-one-site-out scoring)."""
    global _model_file
    before, _model_file = _model_file, Path(path)
    try:
        yield
    finally:
        _model_file = before


def label(features: list[list[str]]) -> list[str]:
    """The most likely roles of a page's lines, given their features."""
    if not features:
        return []
    return _tagger(str(_model_file)).tag(features)


def explain(features: list[list[str]], top: int = 4) -> list[Decision]:
    """Each line's role, the model's marginal confidence in it, and the features that weighed most."""
    tagger = _tagger(str(_model_file))
    weights = _weights(str(_model_file))
    roles = tagger.tag(features) if features else []
    out = []
    for k, (role, attrs) in enumerate(zip(roles, features)):
        weighed = sorted(((a, weights.get((a, role), 0.0)) for a in attrs), key=lambda aw: (-abs(aw[1]), aw[0]))
        out.append(Decision(role, tagger.marginal(role, k), tuple(aw for aw in weighed[:top] if aw[1])))
    return out


def fit(pages: list[tuple[list[list[str]], list[str]]], path: Path) -> None:
    """Fit the model from labelled pages ((features, roles) each) and write it to ``path``.

    Deterministic: L-BFGS from zero weights, pages in the order given.
    """
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for features, roles in pages:
        unknown = set(roles) - set(ROLES)
        if unknown:
            raise ValueError(f"unknown roles {sorted(unknown)}; the roles are {', '.join(ROLES)}")
        trainer.append(features, roles)
    trainer.set_params(FIT_PARAMS)
    trainer.train(str(path))
    _tagger.cache_clear()
    _weights.cache_clear()
