"""The one model to suggest on first run: the largest in the catalogue that runs well here.

"Fits" is the catalogue's own verdict (app/hub/fit.py: weights + KV cache + buffers
against free memory, with room to spare), so the suggestion never starts a download
the computer cannot run. The speed is a rough figure from the file size alone:
decoding reads every weight once per token, so tokens/s is about the memory bandwidth
over the file size; the bandwidth is what SmolLM2-135M measured on 2 cores here
(~11 GB/s effective), scaled by cores up to 8.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from app.hub.catalog import CatalogModel, CatalogQuant, load_catalog
from app.hub.fit import Machine, fit_for_catalog, this_machine

BYTES_PER_SECOND_PER_2_CORES = 11e9
# Slower than this reads as broken to a new user: a bigger model is not worth it.
MIN_TOKENS_PER_SECOND = 8.0


@dataclass(frozen=True)
class Recommendation:
    model: CatalogModel
    quant: CatalogQuant
    tokens_per_second: float  # rough: see the module's docstring

    @property
    def size_mb(self) -> float:
        return self.quant.size / 1e6


def rough_speed(file_size: int, cores: int | None = None) -> float:
    cores = max(1, min(cores or os.cpu_count() or 2, 8))
    return BYTES_PER_SECOND_PER_2_CORES * cores / 2 / max(1, file_size)


def recommend(
    models: list[CatalogModel] | None = None, machine: Machine | None = None
) -> Recommendation | None:
    """The largest catalogue model (its recommended quant) that fits and runs at a usable
    speed; else the smallest that fits; None if none fits."""
    models = models if models is not None else load_catalog()
    machine = machine or this_machine()
    fitting = []
    for model in models:
        quant = model.quant(model.recommended) if model.recommended else model.quants[0]
        if fit_for_catalog(model, quant, machine=machine).fits:
            fitting.append(Recommendation(model, quant, rough_speed(quant.size)))
    if not fitting:
        return None
    usable = [r for r in fitting if r.tokens_per_second >= MIN_TOKENS_PER_SECOND]
    if usable:
        return max(usable, key=lambda r: r.quant.size)
    return min(fitting, key=lambda r: r.quant.size)
