"""`quillmate sources`: collections of your own files to search and chat with."""

from __future__ import annotations

import json
import sys


def add_sources_parser(commands) -> None:
    parser = commands.add_parser("sources", help="collections of your files to search and cite")
    sub = parser.add_subparsers(dest="sources_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add files or folders to a collection (made if new)")
    add.add_argument("name")
    add.add_argument("paths", nargs="+", metavar="PATH")
    add.add_argument("--no-index", action="store_true", help="add without indexing now")
    sub.add_parser("list", help="the collections").add_argument("--json", action="store_true")
    sub.add_parser("remove", help="remove a collection and its index").add_argument("name")
    sub.add_parser("reindex", help="index what changed in a collection").add_argument("name")
    search = sub.add_parser("search", help="ranked passages: file, page, lines, score")
    search.add_argument("name")
    search.add_argument("query")
    search.add_argument("--top", type=int, default=5)
    search.add_argument("--mode", choices=("hybrid", "keyword", "vector"), default="hybrid")
    search.add_argument("--json", action="store_true")


def run_sources(args, services) -> int:
    from app.cli.common import UserError
    from app.core.sources import SourcesError

    sources = services.sources
    try:
        action = args.sources_command
        if action == "add":
            sources.add(args.name, args.paths)
            print(f"{args.name}: added {len(args.paths)} path(s)")
            if not args.no_index:
                _index(sources, args.name)
        elif action == "reindex":
            _index(sources, args.name)
        elif action == "remove":
            sources.remove(args.name)
            print(f"removed {args.name} and its index")
        elif action == "list":
            _list(sources, args.json)
        else:
            _search(sources, args)
    except SourcesError as exc:
        raise UserError(str(exc)) from None
    return 0


def _index(sources, name: str) -> None:
    def progress(p) -> None:
        if sys.stderr.isatty() and p.total:
            sys.stderr.write(f"\r{p.phase} {p.done}/{p.total} {p.current[:40]:<40}")
            sys.stderr.flush()

    report = sources.index(name, progress)
    if sys.stderr.isatty():
        sys.stderr.write("\r" + " " * 70 + "\r")
    print(
        f"{name}: {report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.removed} removed, {len(report.failed)} not indexed; "
        f"{report.passages} passages, {report.embedded} embedded"
    )
    for _file, message in report.failed:
        print(f"  not indexed: {message}", file=sys.stderr)
    for file, note in report.notes:
        print(f"  {file}: {note}", file=sys.stderr)
    if report.embedding_note:
        print(f"  {report.embedding_note}", file=sys.stderr)


def _list(sources, as_json: bool) -> None:
    infos = sources.collections.list()
    if as_json:
        print(json.dumps([
            {"name": i.name, "roots": i.roots, "files": i.files, "failed": i.failed,
             "passages": i.passages, "embedded": i.embedded,
             "embedding_model": i.embedding_model or None, "size_bytes": i.size_bytes}
            for i in infos
        ], indent=2, ensure_ascii=False))  # fmt: skip
        return
    if not infos:
        print("no collections yet: quillmate sources add NAME PATH...")
    for i in infos:
        vectors = f"{i.embedded} embedded" if i.embedded else "keyword search only"
        print(
            f"{i.name}\t{i.files} files\t{i.passages} passages\t{vectors}\t{i.size_bytes / 1e6:.1f} MB"
        )


def _search(sources, args) -> None:
    hits = sources.search(args.name, args.query, top=args.top, mode=args.mode)
    if args.json:
        print(json.dumps([hit.to_json() for hit in hits], indent=2, ensure_ascii=False))
        return
    note = sources.search_note(args.name)
    if note:
        print(f"({note})", file=sys.stderr)
    if not hits:
        print("no passage matches")
    for rank, hit in enumerate(hits, start=1):
        page = f" p.{hit.page}" if hit.page is not None else ""
        print(
            f"{rank}. {hit.file}{page} lines {hit.line_start}-{hit.line_end}  score {hit.score:.4f}"
        )
        print("   " + " ".join(hit.text.split())[:200])
