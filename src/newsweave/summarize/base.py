"""The summariser interface and a registry of backends by name.

A backend is anything with ``name`` and ``summarize(story, words=..., sentences=...)`` returning
``SummarySentence`` records whose first citation is the sentence's own span. The default backend is
``"extractive"``; another (e.g. an LLM with citation checks) registers itself with :func:`register`
and is chosen with ``Config(extra={"summarizer": name})`` without touching any caller.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from newsweave.model import Story, SummarySentence


@runtime_checkable
class Summarizer(Protocol):
    name: str

    def summarize(self, story: Story, words: int | None = 200,
                  sentences: int | None = None) -> list[SummarySentence]: ...


_REGISTRY: dict[str, Callable[..., Summarizer]] = {}


def register(name: str, factory: Callable[..., Summarizer]) -> None:
    """Make a backend available as ``name`` (a class or a function returning a Summarizer)."""
    _REGISTRY[name] = factory


def available() -> list[str]:
    _builtins()
    return sorted(_REGISTRY)


def get(name: str = "extractive", **kw: Any) -> Summarizer:
    """A summariser by registry name; unknown names raise ``KeyError`` listing the known ones."""
    _builtins()
    if name not in _REGISTRY:
        raise KeyError(f"unknown summarizer {name!r}; known: {', '.join(sorted(_REGISTRY))}")
    return _REGISTRY[name](**kw)


def _builtins() -> None:
    if "extractive" not in _REGISTRY:
        from newsweave.summarize.extractive import ExtractiveSummarizer

        register("extractive", ExtractiveSummarizer)
