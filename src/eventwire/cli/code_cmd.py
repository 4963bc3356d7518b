"""`eventwire code`: the ACLED/GTD/CAMEO/PLOVER codes of short event descriptions."""
from __future__ import annotations

import json
import sys

import click

from . import main
from ..errors import Errors, InputError

COLUMNS = ["id", "acled_event_type", "acled_sub_event_type", "acled_disorder_type", "gtd_attack_type",
           "plover_type", "plover_mode", "cameo", "inter1", "inter2", "interaction",
           "civilian_targeting", "actor1", "actor2", "confidence", "evidence_start", "evidence_end",
           "evidence"]


def read_records(lines, where: str):
    """(id, text) for every good line; an ``InputError`` in place of every bad one. A line is
    ``id<TAB>text`` or a JSON object with "id" and "text"; a first line ``id<TAB>text`` is a header."""
    for n, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        at = f"{where}:{n}"
        if line.lstrip().startswith("{"):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                yield InputError(Errors.E107.format(where=at, detail=e.msg))
                continue
            if not isinstance(obj, dict):
                yield InputError(Errors.E109.format(where=at, field="line", detail=type(obj).__name__, expected="an object"))
                continue
            missing = next((f for f in ("id", "text") if f not in obj), None)
            if missing:
                yield InputError(Errors.E142.format(where=at, field=missing))
                continue
            if not isinstance(obj["text"], str) or not obj["text"].strip():
                yield InputError(Errors.E141.format(where=at))
                continue
            yield str(obj["id"]), obj["text"]
            continue
        if "\t" not in line:
            yield InputError(Errors.E140.format(where=at))
            continue
        rid, text = line.split("\t", 1)
        if n == 1 and rid.strip().lower() == "id" and text.strip().lower().startswith("text"):
            continue                                     # a header row
        if not text.strip():
            yield InputError(Errors.E141.format(where=at))
            continue
        yield rid, text


def _row(rid: str, coding) -> dict:
    d = coding.to_dict()
    ev = d.pop("evidence") or {}
    out = {"id": rid, **{k: d.get(k) for k in COLUMNS if k in d}}
    out.update(evidence_start=ev.get("start"), evidence_end=ev.get("end"), evidence=ev.get("text"))
    return out


def _tsv(value) -> str:
    if value is None:
        return ""
    return str(value).replace("\t", " ").replace("\n", " ").replace("\r", " ")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["tsv", "jsonl"]), default="tsv", show_default=True,
              help="tsv: a header row (first column id) then one row per description; jsonl: one object a line.")
@click.option("--batch-size", type=click.IntRange(1), default=64, show_default=True,
              help="Descriptions parsed together through spaCy's nlp.pipe.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
def code(file, fmt, batch_size, progress):
    """Code short event descriptions the way ACLED does: event and sub-event type (ACLED's exact
    names), GTD attack type, PLOVER type and mode, CAMEO, inter1, inter2, interaction, civilian
    targeting, confidence and the evidence span.

    FILE holds one description a line, `id<TAB>text` or JSON `{"id": ..., "text": ...}`; - reads
    standard input. A bad line gets a one-line error on stderr and the rest goes on (exit 1).

    Example: printf '1\\tOn 3 March 2023, Al Shabaab militants attacked a Somali army base in Bulo Marer.\\n' | eventwire code -
    """
    from ..extract.coding import code_texts

    if file == "-":
        stream, where = sys.stdin, "<stdin>"
    else:
        try:
            stream = open(file, encoding="utf-8", errors="strict")
        except FileNotFoundError as e:
            raise InputError(Errors.E112.format(where=file)) from e
        where = file
    try:
        lines = stream.readlines()
    except UnicodeDecodeError as e:
        raise InputError(Errors.E103.format(where=where, pos=e.start)) from e
    finally:
        if stream is not sys.stdin:
            stream.close()
    records, failed = [], 0
    for item in read_records(lines, where):
        if isinstance(item, InputError):
            click.echo(f"Error: {item}", err=True)
            failed += 1
        else:
            records.append(item)
    if progress is None:
        progress = sys.stderr.isatty()
    out = click.get_text_stream("stdout")
    if fmt == "tsv":
        out.write("\t".join(COLUMNS) + "\n")
    codings = code_texts((t for _, t in records), batch_size=batch_size)
    bar = None
    if progress:
        from rich.progress import Progress
        bar = Progress(transient=True, console=None)
        bar.start()
        task = bar.add_task("coding", total=len(records))
    try:
        for (rid, _), coding in zip(records, codings):
            row = _row(rid, coding)
            if fmt == "tsv":
                out.write("\t".join(_tsv(row[c]) for c in COLUMNS) + "\n")
            else:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            if bar is not None:
                bar.advance(task)
    finally:
        if bar is not None:
            bar.stop()
    if failed:
        sys.exit(1)
