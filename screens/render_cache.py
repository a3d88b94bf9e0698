"""Textual's background-colour cache, keyed by the colours alone.

Textual 8 caches `StylesCache.get_inner_outer` with `functools.lru_cache` on the method, so
each of its 1,024 entries also holds the `StylesCache` it was called on: the lines rendered
for a widget long removed stay in memory. Each family walked left about 1.5 MiB behind, until
1,024 removed widgets were held (Textualize/textual issue 6665). The method reads only its two
colours, so the kiosk caches on those.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from textual._styles_cache import StylesCache
from textual.color import Color

_textual_own: Any = StylesCache.get_inner_outer


@lru_cache(1024)
def _inner_outer(base_background: Color, background: Color) -> Any:
    return _textual_own.__wrapped__(None, base_background, background)


def _by_colours(_cache: StylesCache, base_background: Color, background: Color) -> Any:
    return _inner_outer(base_background, background)


def install() -> None:
    """Use the colours-only cache (a Textual whose method is no longer cached keeps its own)."""
    if hasattr(_textual_own, "cache_clear") and hasattr(_textual_own, "__wrapped__"):
        StylesCache.get_inner_outer = _by_colours  # type: ignore[assignment,method-assign]
        _textual_own.cache_clear()
