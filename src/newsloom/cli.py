"""The `newsloom` command: a thin layer over `Loom`.

Exit status: 0 when everything given was used, 3 when the run was partial (some inputs refused, each named on
stderr), 1 on a fatal error (an unusable database), 2 on a usage error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.tree import Tree

from newsloom.config import Config
from newsloom.errors import InputError, NewsloomError
from newsloom.export import format_value, story_to_dict
from newsloom.loom import Loom
from newsloom.model import Article
from newsloom.report import write_report

EXIT_PARTIAL = 3
db_option = click.option("--db", default="newsloom.db", show_default=True, type=click.Path(dir_okay=False), help="SQLite database file.")
out = Console()
err = Console(stderr=True)


@click.group()
@click.version_option(package_name="newsloom")
def main() -> None:
    """newsloom: news articles in, trustworthy stories out."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option(
    "--report",
    "report_dir",
    default="report",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for the static HTML report.",
)
@click.option("--no-report", is_flag=True, help="Do not write the HTML report.")
@click.option(
    "--llm-url",
    envvar="NEWSLOOM_LLM_URL",
    help="OpenAI-compatible chat endpoint for generative summaries (checked against their sources); default: extractive.",
)
@click.option("--llm-model", envvar="NEWSLOOM_LLM_MODEL", default="local", show_default=True, help="Model name sent to the endpoint.")
def run(paths: tuple[str, ...], db: str, report_dir: str, no_report: bool, llm_url: str | None, llm_model: str) -> None:
    """Add the articles in PATHS (files or folders of .txt, .html, .jsonl) and show the stories."""
    with (
        _open(db, Config(llm_url=llm_url, llm_model=llm_model), create=True) as loom,
        Progress(
            TextColumn("{task.description:<26}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=False
        ) as bar,
    ):
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        def on_error(error: InputError) -> None:
            bar.console.print(f"[red]error[/red] {error}", highlight=False, soft_wrap=True)

        result = loom.add_paths(paths, progress=progress, on_error=on_error)
        stories = [story_to_dict(s) for s in loom.stories()]
    _print_table(stories)
    out.print(
        f"{result.added} articles added, {result.duplicates} already stored, {len(result.errors)} refused; {len(stories)} stories in {db}"
    )
    if not no_report:
        out.print(f"report: {write_report(stories, report_dir)}")
    if result.partial:
        sys.exit(EXIT_PARTIAL)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--llm-url", envvar="NEWSLOOM_LLM_URL", help="OpenAI-compatible chat endpoint for generative summaries.")
@click.option("--llm-model", envvar="NEWSLOOM_LLM_MODEL", default="local", show_default=True, help="Model name sent to the endpoint.")
def serve(db: str, host: str, port: int, llm_url: str | None, llm_model: str) -> None:
    """Serve the web UI and the REST API (/api, schema at /openapi.json) over DB, adding articles live."""
    from newsloom.web import serve as run_server  # the web stack loads only for this command

    _open(db, create=True).close()  # an unusable database is a one-line error here, not a traceback from the server
    err.print(f"newsloom: serving {db} on http://{host}:{port}/ (Ctrl-C stops)", highlight=False)
    run_server(db, host, port, Config(llm_url=llm_url, llm_model=llm_model))


@main.command()
@db_option
def stories(db: str) -> None:
    """List the stories in the database."""
    with _open(db) as loom:
        _print_table([story_to_dict(s) for s in loom.stories()])


@main.command()
@click.argument("ident")
@db_option
@click.option("--removed", is_flag=True, help="IDENT is an article: print its page with the removed spans marked.")
def show(ident: str, db: str, removed: bool) -> None:
    """Show a story (IDENT is its number) or an article (IDENT is its file name or JSONL id).

    A story shows its summary, sources and copies, facts, conflicts, quotes and entities; an article its
    metadata and clean text, and with --removed the whole page with each removed span struck out and its reason.
    """
    with _open(db) as loom:
        if not removed and ident.isdigit():
            story = loom.story(int(ident))
            if story is None:
                raise click.ClickException(f"no story {ident} in {db}")
            _print_story(story_to_dict(story))
            return
        article = loom.article(ident)
        if article is None:
            raise click.ClickException(f"no article {ident!r} in {db}")
        _print_article(article, removed)


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (default: standard output).")
def export(db: str, fmt: str, output: str | None) -> None:
    """Export every story with its articles, relations, summary, quotes, claims, conflicts and entities."""
    with _open(db) as loom:
        stories = [story_to_dict(s) for s in loom.stories()]
    if fmt == "json":
        text = json.dumps({"stories": stories}, ensure_ascii=False, indent=1) + "\n"
    else:
        text = "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in stories)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _open(db: str, config: Config | None = None, create: bool = False) -> Loom:
    """The corpus in DB. Only the commands that add articles (`run`, `serve`) make a new one, with its folder; the
    others refuse a missing file, so a mistyped --db is an error, not an empty corpus left behind."""
    path = Path(db)
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.exists():
        raise click.ClickException(f"{db}: no such database (`newsloom run PATHS --db {db}` makes one)")
    try:
        return Loom(db, config)
    except NewsloomError as exc:
        raise click.ClickException(str(exc)) from exc


def _print_table(stories: list[dict[str, Any]]) -> None:
    table = Table(title="Stories")
    table.add_column("id", justify="right")
    table.add_column("title", ratio=1, overflow="fold")
    for column in ("articles", "sources", "lang", "dates"):
        table.add_column(column, no_wrap=True)
    for s in stories:
        dates = sorted({(s["start"] or "")[:10], (s["end"] or "")[:10]} - {""})
        table.add_row(
            str(s["id"]), s["title"], str(len(s["articles"])), str(s["independent_sources"]), ",".join(s["languages"]), " to ".join(dates),
        )  # fmt: skip
    out.print(table)


def _print_article(article: Article, removed: bool) -> None:
    out.rule(f"[bold]{escape(article.title)}")
    facts = [article.key, article.outlet, article.published.isoformat() if article.published else None, article.language, article.byline]
    out.print(" · ".join(escape(str(f)) for f in facts if f), highlight=False)
    if article.url or article.source:
        out.print(escape(article.url or article.source), style="dim", highlight=False)
    out.print()
    if not removed:
        out.print(escape(article.text), highlight=False)
        return
    for text, span in article.page_segments():
        if span is None:
            out.print(escape(text), end="", highlight=False)
            continue
        style = "strike red" if span.label == "boilerplate" else "cyan"
        out.print(f"[{style}]{escape(text)}[/{style}] [dim]⟨{span.label}: {escape(span.reason)}⟩[/dim]", end="", highlight=False)
    out.print()


def _cites(articles: list[str]) -> str:
    return escape("[" + ", ".join(articles) + "]")


def _add_copies(branch: Tree, copies: list[dict[str, Any]]) -> None:
    for copy in copies:
        _add_copies(branch.add(f"{escape(copy['article'])} [dim]({copy['kind']})[/dim]"), copy["copies"])


def _print_why_together(why: dict[str, Any]) -> None:
    """The clustering's evidence: the rare names the articles share and their closest sentence pair."""
    if not why["shared_names"] and not why["closest_sentences"]:
        return
    out.print("\n[bold]Why these articles are one story[/bold]")
    if why["shared_names"]:
        out.print(f"- shared names: {escape(', '.join(why['shared_names']))}", highlight=False)
    for pair in why["closest_sentences"][:1]:
        out.print(f"- closest sentences (cosine {pair['cosine']:.2f}):", highlight=False)
        out.print(f"  {escape(pair['a_sentence'])} [cyan]{_cites([pair['a']])}[/cyan]", highlight=False)
        out.print(f"  {escape(pair['b_sentence'])} [cyan]{_cites([pair['b']])}[/cyan]", highlight=False)


def _print_story(s: dict[str, Any]) -> None:
    out.rule(f"[bold]{s['title']}")
    out.print(
        f"story {s['id']}: {len(s['articles'])} articles, {s['independent_sources']} independent sources, {', '.join(s['languages'])}"
    )
    out.print("\n[bold]Summary[/bold]")
    for sentence in s["summary"]:
        out.print(f"- {escape(sentence['text'])} [cyan]{_cites(sentence['cites'])}[/cyan]", highlight=False)
    sources = Table("article", "outlet", "published", "lang", "title", "source group", title="Sources")
    for a in s["articles"]:
        sources.add_row(a["id"], a["outlet"] or "", (a["published"] or "")[:16], a["language"], a["title"], a["source_group"])
    out.print(sources)
    tree = Tree(f"[bold]{s['independent_sources']} independent sources[/bold] and their copies")
    for root in s["provenance"]:
        _add_copies(tree.add(escape(root["article"])), root["copies"])
    out.print(tree)
    _print_why_together(s["why_together"])
    if s["conflicts"]:
        out.print("\n[bold yellow]Where sources disagree[/bold yellow]")
        for c in s["conflicts"]:
            values = " vs ".join(f"{escape(v['text'])} = {v['value']} {_cites(v['articles'])}" for v in c["values"])
            out.print(f"- {escape(c['about'])}: {values}", highlight=False)
    facts = Table("value", "what", "sources", "articles", title="Facts stated by several independent sources")
    for c in s["claims"]:
        if c["sources"] >= 2:
            facts.add_row(format_value(c["value"], c["unit"]), c["unit"], str(c["sources"]), ", ".join(c["articles"]))
    out.print(facts)
    out.print("\n[bold]Quotes[/bold]")
    for q in s["quotes"]:
        if q["direct"]:
            out.print(f"- {escape(q['speaker'] or 'unattributed')}: “{escape(q['text'])}” {_cites([q['article']])}", highlight=False)
    out.print("\n[bold]Entities[/bold]: " + ", ".join(e["name"] for e in s["entities"][:30]))
