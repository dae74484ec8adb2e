"""The deck's text measurer keeps bounded caches: a long deck does not hold every paragraph's lines."""

from briefgen.render.pptx import measure
from briefgen.render.pptx.measure import Metrics, StyledText, count_lines, wrap
from briefgen.theme import load_theme


def _metrics() -> Metrics:
    return Metrics.for_family(load_theme("default").font)


def test_the_measurement_caches_stay_bounded_and_give_the_same_lines(monkeypatch):
    monkeypatch.setattr(measure, "CACHE_ENTRIES", 50)
    bounded, fresh = _metrics(), _metrics()
    spans = [(StyledText(f"Paragraph {i}: the council met {i} times to discuss the budget and roads."),) for i in range(400)]
    for _ in range(2):  # the second pass measures again what the bounded caches have forgotten
        for s in spans:
            assert wrap(s, width=120, size=18, metrics=bounded) == wrap(s, width=120, size=18, metrics=_metrics())
            assert count_lines(s, width=200, size=14, metrics=bounded) == count_lines(s, width=200, size=14, metrics=fresh)
    for cache in (bounded.lines, bounded.wrapped, bounded.words):
        assert 0 < len(cache) <= 50
