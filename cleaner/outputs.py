"""Where articles go: JSON lines (the default), or a Parquet file (``-o articles.parquet``).

Parquet keeps one column per article field, in the JSON's order: lists stay lists (``authors``,
``captions``, ``warnings``), and the audit trail's records (``removed``, ``fixes``) are JSON text,
so the file's schema does not change with them. Rows are written in row groups of ``ROW_GROUP``
articles as they come, so memory stays flat. Error records still go to ``--errors`` (JSON lines).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pyarrow is an extra (cleaner[parquet]), imported where a Parquet file is written
    import pyarrow as pa

ROW_GROUP = 1000
_LISTS = ("authors", "captions", "warnings")
_JSON = ("removed", "fixes")


def article_schema() -> pa.Schema:
    """The Parquet schema of an article: a column per field, in the JSON's order (see the module's docstring)."""
    import pyarrow as pa

    from cleaner.article import Article

    fields = []
    for name in Article.__dataclass_fields__:
        if name == "schema_version":
            kind = pa.int32()
        elif name in _LISTS:
            kind = pa.list_(pa.string())
        else:
            kind = pa.string()
        fields.append(pa.field(name, kind))
    return pa.schema(fields)


class ParquetArticles:
    """Takes the article JSON lines the CLI writes, and writes them as Parquet rows."""

    def __init__(self, path: str) -> None:
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise RuntimeError("writing Parquet needs pyarrow: pip install 'cleaner[parquet]'") from None
        self.schema = article_schema()
        self.writer = pq.ParquetWriter(path, self.schema)
        self.rows: list[dict] = []

    def write(self, line: str) -> None:
        article = json.loads(line)
        for name in _JSON:
            article[name] = json.dumps(article[name], ensure_ascii=False)
        self.rows.append(article)
        if len(self.rows) >= ROW_GROUP:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            import pyarrow as pa

            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self.flush()
        self.writer.close()
