"""``hearth models``: the catalog, downloads, imports, the library, and Ollama's models."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from app.services import models as service
from app.services.models import (
    DownloadError,
    DownloadProgress,
    InvalidModelError,
    ModelNotFoundError,
    OllamaPullError,
    OllamaUnavailableError,
    UnknownModelError,
)

ENDPOINT_CHOICE = click.Choice(["huggingface", "hf-mirror", "modelscope"])


@click.group()
def models() -> None:
    """Search the catalog, pull, import, list and remove models."""


def _ctx_option(function):
    return click.option("--ctx", "n_ctx", type=int, default=None,
                        help="Context length for the fit estimate (default: the setting).")(function)


def _n_ctx(n_ctx: int | None) -> int:
    return n_ctx or service.default_n_ctx()


@models.command("list")
@_ctx_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def list_models(n_ctx: int | None, as_json: bool) -> None:
    """Installed models: size, format, source, fit, last used; and the disk they take."""
    with service.open_library() as library:
        found = service.installed(library, _n_ctx(n_ctx))
    if as_json:
        out = [{**row.model.__dict__, "present": row.model.present, "fit": row.fit.label,
                "vision": row.model.vision} for row in found.models]
        click.echo(json.dumps(out, indent=2, default=str))
        return
    if not found.models:
        click.echo("No models yet. Pull one with `hearth models pull NAME` "
                   "(see `hearth models search`) or import one with `hearth models import PATH`.")
        return
    for row in found.models:
        m = row.model
        fit = row.fit.label if m.present else "file missing"
        used = time.strftime("%Y-%m-%d", time.localtime(m.last_used_at)) if m.last_used_at else "never"
        sees = "images" if m.vision else "-"
        click.echo(f"{m.name:34} {m.quantization or '-':7} {_size(m.size_bytes):>9}  "
                   f"{m.format:5} {m.source:11} {fit:10} {sees:6} used {used:10}  {m.path}")
    usage = found.usage
    click.echo(f"{len(found.models)} models; {_size(usage.owned_bytes)} in {usage.models_dir}, "
               f"{_size(usage.linked_bytes)} linked in place elsewhere.")


@models.command("search")
@click.argument("query", nargs=-1)
@click.option("--kind", type=click.Choice(["chat", "embedding"]), default=None)
@_ctx_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def search_models(query: tuple[str, ...], kind: str | None, n_ctx: int | None,
                  as_json: bool) -> None:
    """Search the curated catalog; shows size, languages and whether it fits this machine."""
    found = service.catalog(" ".join(query), kind=kind, n_ctx=_n_ctx(n_ctx))
    if as_json:
        click.echo(json.dumps([_entry_json(row) for row in found], indent=2))
        return
    if not found:
        click.echo("Nothing in the catalog matches. Any GGUF on Hugging Face can be pulled as "
                   "owner/repo/file.gguf.")
        return
    for row in found:
        e, fit = row.entry, row.fit.label
        langs = ",".join(e.languages[:4]) + ("…" if len(e.languages) > 4 else "")
        size = e.size_bytes + (e.projector.size_bytes if e.projector else 0)
        kind = "chat+img" if e.vision else e.kind
        click.echo(f"{e.name:34} {kind:9} {e.format:14} {e.quantization:9} "
                   f"{_approx(e)}{_size(size):>8}  {fit:9}  {langs:22} "
                   f"{e.verification:14} {', '.join(e.engines)}")
    unchecked = sum(row.entry.verification == "unverified" for row in found)
    if unchecked:
        click.echo(f"{unchecked} unverified: their repository and file name were not confirmed "
                   "against a public page; a pull may fail with 'not found'.")


@models.command("pull")
@click.argument("spec")
@click.option("--endpoint", type=ENDPOINT_CHOICE, default=None,
              help="Try this hub first (default: the download_endpoint setting).")
@click.option("--force", is_flag=True, help="Download again even if installed.")
def pull_model(spec: str, endpoint: str | None, force: bool) -> None:
    """Download a catalog model, any GGUF on the hub as owner/repo/file.gguf, or a model
    folder for the GPU engines (vLLM, LMDeploy) as owner/repo.

    Add @revision to pin a branch or commit. A pull that was interrupted resumes.
    """
    progress = _ProgressLine()
    try:
        with service.open_library() as library:
            model = service.pull(spec, library=library, endpoint=endpoint, on_event=progress,
                                 force=force)
    except KeyboardInterrupt:
        progress.end()
        raise click.ClickException(
            "Interrupted. What was downloaded is kept; run the same command to resume.") from None
    except (UnknownModelError, DownloadError) as exc:
        progress.end()
        raise click.ClickException(str(exc)) from exc
    progress.end()
    if model.is_folder:
        click.echo(f"{model.name} is ready: a {model.quantization or ''} model folder for the "
                   f"GPU engines ({_size(model.size_bytes)}, from {model.source}) at "
                   f"{model.path}.")
        return
    click.echo(f"{model.name} is ready ({_size(model.size_bytes)}, sha256 {model.sha256}, "
               f"from {model.source}).")


@models.command("import")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False))
@click.option("--name", default=None, help="Name in the library (default: the file name).")
@click.option("--copy", is_flag=True,
              help="Copy the file into Hearth's models folder instead of linking it in place.")
@click.option("--for", "for_model", default=None, metavar="MODEL",
              help="Attach a vision projector (mmproj) given alone to this installed model.")
def import_model(paths: tuple[str, ...], name: str | None, copy: bool,
                 for_model: str | None) -> None:
    """Check a local GGUF file in a child process and add it to the library.

    A vision model is two files: give the model and its projector (mmproj-….gguf), or
    just the model when the projector lies beside it. A projector alone is attached to
    the installed model it belongs to.
    """
    if len(paths) > 2:
        raise click.UsageError("Give one model, or a model and its projector (two files).")
    model_path, projector = Path(paths[0]), (Path(paths[1]) if len(paths) == 2 else None)
    try:
        with service.open_library() as library:
            model = service.import_gguf(model_path, name, library=library, copy=copy,
                                        projector=projector, for_model=for_model)
    except (InvalidModelError, ModelNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc
    how = "copied to" if copy else "linked in place at"
    click.echo(f"Imported {model.name} ({model.architecture}, {model.quantization}), "
               f"{how} {model.path}.")
    if model.projector is not None:
        click.echo(f"It sees images: projector {model.projector} (about "
                   f"{model.image_tokens or '?'} tokens per image).")


@models.command("rm")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--keep-file", is_flag=True, help="Forget the model but keep its file.")
def remove_model(name: str, yes: bool, keep_file: bool) -> None:
    """Remove a model; its file is deleted only if Hearth downloaded or copied it."""
    with service.open_library() as library:
        try:
            model = service.find_model(library, name)
            deletes = model.owned and not keep_file
            what = f"delete {model.path}" if deletes else f"forget it (the file {model.path} stays)"
            if deletes and model.owns_projector:
                what += f" and its projector {model.projector}"
            if not yes and not click.confirm(f"Remove {name} and {what}?"):
                raise click.Abort()
            freed = service.delete_model(library, name, delete_file=not keep_file)
        except ModelNotFoundError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"Removed {name}" + (f"; {_size(freed)} freed." if freed else "."))


# Ollama -----------------------------------------------------------------------------------


@models.group("ollama")
def ollama_group() -> None:
    """Models pulled with Ollama: list, pull through the daemon, run them in place."""


@ollama_group.command("list")
@click.option("--store", "store_dir", type=click.Path(file_okay=False), default=None,
              help="Ollama's models folder (default: OLLAMA_MODELS or ~/.ollama/models).")
def ollama_list(store_dir: str | None) -> None:
    """The daemon's models when it runs; otherwise the models in Ollama's store on disk."""
    try:
        rows = service.ollama_daemon_models()
        click.echo(f"Ollama daemon: {len(rows)} models")
        for row in rows:
            click.echo(f"  {row['name']:32} {_size(row['size']):>9}  {row['family'] or '-':10} "
                       f"{row['parameter_size'] or '-':8} {row['quantization'] or '-'}")
        return
    except OllamaUnavailableError as exc:
        click.echo(f"{exc}\n", err=True)
    scan = service.ollama_store(store_dir)
    click.echo(f"Ollama's store at {scan.root}: {len(scan.models)} models "
               "(run one in place with `hearth models ollama import NAME`)")
    for model in scan.models:
        click.echo(f"  {model.name:32} {_size(model.size):>9}  {model.blob}")
    for manifest, reason in scan.skipped:
        click.echo(f"  skipped {manifest}: {reason}")


@ollama_group.command("import")
@click.argument("names", nargs=-1)
@click.option("--all", "import_all", is_flag=True, help="Every model in the store.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False), default=None)
def ollama_import(names: tuple[str, ...], import_all: bool, store_dir: str | None) -> None:
    """Register models from Ollama's store, linked in place (nothing is copied)."""
    scan = service.ollama_store(store_dir)
    try:
        wanted = service.pick_store_models(scan, names, everything=import_all)
    except ModelNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    failed = 0
    with service.open_library() as library:
        for model in wanted:
            try:
                row = service.register_ollama_model(model, library=library)
                click.echo(f"Added {row.name} ({row.architecture}, {row.quantization}), "
                           f"linked to {model.blob}")
            except InvalidModelError as exc:
                failed += 1
                click.echo(str(exc), err=True)
    if failed:
        sys.exit(1)


@ollama_group.command("pull")
@click.argument("name")
def ollama_pull(name: str) -> None:
    """Pull a model with the Ollama daemon, showing its progress."""
    progress = _ProgressLine()
    try:
        status = service.ollama_pull(name, on_event=progress)
    except (OllamaPullError, OllamaUnavailableError) as exc:
        progress.end()
        raise click.ClickException(str(exc)) from exc
    progress.end()
    click.echo(f"Ollama: {name}: {status}")


# output helpers ---------------------------------------------------------------------------


class _ProgressLine:
    """Download events as one rewritten line on stderr (status messages on their own)."""

    def __init__(self) -> None:
        self.open = False

    def __call__(self, event) -> None:
        if isinstance(event, DownloadProgress):
            total = f" of {_size(event.total)}" if event.total else ""
            pct = f" {100 * event.fraction:5.1f}%" if event.fraction is not None else ""
            speed = f"  {_size(event.speed_bps)}/s" if event.speed_bps else ""
            eta = f"  {event.eta_s:,.0f} s left" if event.eta_s is not None else ""
            click.echo(f"\r{_size(event.done)}{total}{pct}{speed}{eta}   ", nl=False, err=True)
            self.open = True
        else:
            self.end()
            click.echo(event.message, err=True)

    def end(self) -> None:
        if self.open:
            click.echo("", err=True)
            self.open = False


def _entry_json(row: service.CatalogRow) -> dict:
    e = row.entry
    return {"name": e.name, "title": e.title, "kind": e.kind, "format": e.format,
            "size_bytes": e.size_bytes, "engines": list(e.engines),
            "languages": list(e.languages), "fit": row.fit.describe(), "sha256": e.sha256,
            "vision": e.vision,
            "projector": ({"file": e.projector.file_name, "size_bytes": e.projector.size_bytes,
                           "sha256": e.projector.sha256} if e.projector else None),
            "verification": e.verification,
            "verified": e.verified.__dict__ if e.verified else None}


def _size(n: float | None) -> str:
    if not n:
        return "0 MB"
    return f"{n / 2**30:.1f} GB" if n >= 2**30 else f"{n / 2**20:,.0f} MB"


def _approx(entry) -> str:
    """'~' before a catalog size that no page confirmed to the byte."""
    return " " if entry.verified and entry.verified.confirms("size") else "~"
