"""Deciding what a download will fetch, before anything is queued or written.

A plan pins the repo to one commit (every part of a split model from the same
version) and is checked here against what the hub may get wrong on purpose: every file
name must make a safe local name (app/hub/filenames.py), no two of the repo's .gguf
files may land on the same local file once made safe, and every file must have a
size (the limit no download may write past).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.hub.errors import HubError
from app.hub.filenames import check_unique
from app.hub.hubapi import HubClient
from app.hub.quants import GGUFChoice, model_id_from_name, pick_choice


@dataclass(frozen=True)
class DownloadPlan:
    repo: str
    revision: str  # a commit: every part comes from the same version
    choice: GGUFChoice
    license: str | None
    model_id: str

    @property
    def size(self) -> int:
        return self.choice.size


def plan_download(
    hub: HubClient,
    repo: str,
    *,
    quant: str | None = None,
    file: str | None = None,
    revision: str | None = None,
) -> DownloadPlan:
    """Resolve what `pull` would fetch (network): the files, their sizes and hashes, the commit."""
    details = hub.repo_details(repo, revision)
    if not details.choices:
        raise HubError(f"{repo} has no GGUF model files")
    choice, problem = pick_choice(details.choices, quant=quant, file=file)
    if choice is None:
        available = ", ".join(c.label for c in details.choices if c.complete)
        raise HubError(f"{repo}: {problem} (available: {available})")
    unsized = [f.name for f in choice.files if f.size is None]
    if unsized:
        # Without a size nothing bounds what a server may write, nor the disk check.
        raise HubError(f"{repo}: the hub did not say how big {unsized[0]} is; not downloading it")
    chosen = [f.name for f in choice.files]
    check_unique(chosen, [f.name for f in details.files if f.name.lower().endswith(".gguf")])
    return DownloadPlan(
        repo=details.repo,
        revision=details.commit,
        choice=choice,
        license=details.license,
        model_id=model_id_from_name(choice.first_file),
    )
