"""Loading the tagger model: ``model.json`` read once, its parsed form cached (a damaged cache, a changed model or
an invalid file are handled), the same probabilities either way."""

from __future__ import annotations

import json
import tempfile

import pytest

from pipeline.errors import ModelMissing
from pipeline.tag import classifier as C

MODEL = C.DEFAULT_MODEL_DIR / C.MODEL_FILE
SENTENCES = ["各级政府应加大对中小企业的扶持力度。", "据统计，2015年全国共有智库435家。"]


def _probabilities(model: C.TaggerModel) -> list[tuple[float, ...]]:
    return model.probabilities_of_sentences(SENTENCES, [{"w:政府", "r:rec"}, {"w:统计", "p:num"}])


def test_tag_classifier_cached_form_gives_the_same_model(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "model.json").write_bytes(MODEL.read_bytes())
    doc = json.loads(MODEL.read_text(encoding="utf-8"))
    parsed = C.TaggerModel.from_weights(doc["version"], doc["weights"], tuple(doc["intercepts"]), doc["training_sha256"])
    first = C.load.__wrapped__(str(tmp_path / "m"))  # parses model.json and writes the cache
    (cache,) = tmp_path.glob("pipeline-tagger-*.marshal")
    second = C.load.__wrapped__(str(tmp_path / "m"))  # from the cache
    assert _probabilities(first) == _probabilities(second) == _probabilities(parsed)
    assert first.index == second.index == parsed.index and first.version == doc["version"]
    p = _probabilities(second)
    assert p[0][0] > 0.5 > p[1][0] and p[1][2] > 0.5  # a recommendation; a statistic
    cache.write_bytes(b"damaged")
    assert _probabilities(C.load.__wrapped__(str(tmp_path / "m"))) == _probabilities(parsed)


def test_tag_classifier_changed_or_invalid_model_is_read_again(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    (tmp_path / "m").mkdir()
    path = tmp_path / "m" / "model.json"
    doc = json.loads(MODEL.read_text(encoding="utf-8"))
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    C.load.__wrapped__(str(tmp_path / "m"))
    doc["intercepts"] = [0.0, 0.0, 0.0, 0.0]
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")  # another file, another cache key
    assert C.load.__wrapped__(str(tmp_path / "m")).intercepts == (0.0, 0.0, 0.0, 0.0)
    assert len(list(tmp_path.glob("pipeline-tagger-*.marshal"))) == 2
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelMissing, match="is not valid JSON"):
        C.load.__wrapped__(str(tmp_path / "m"))
    path.write_text(json.dumps({"format": 1, "targets": list(C.TARGETS)}), encoding="utf-8")
    with pytest.raises(ModelMissing, match="unknown format"):
        C.load.__wrapped__(str(tmp_path / "m"))


def test_tag_classifier_feature_columns_are_the_known_other_features():
    # the stage looks up a token's features once (feature_columns); training names them (other_features): the same
    from pipeline.segment import words
    from pipeline.tag.features import context_features, other_features
    from pipeline.tag.rules import Context, view
    from tests.conftest import SEED_000

    model = C.load()
    context = Context(titles=("五、政策建议", "（一）加强行业协会建设"))
    lines = [ln for ln in SEED_000.read_text(encoding="utf-8").splitlines() if len(ln) > 20][:80]
    assert len(lines) == 80
    for text in lines:
        tokens = words(text)
        v = view(text, context)
        names = other_features(text, tokens, context, v)
        expected = {model.index[f] for f in names if f in model.index}
        assert model.feature_columns(tokens, context_features(text, context, v)) == expected
        assert model.feature_columns([list(t) for t in tokens], context_features(text, context, v)) == expected
    assert any(not f.startswith(("w:", "c:", "p:")) for f in names) and len(expected) > 10
