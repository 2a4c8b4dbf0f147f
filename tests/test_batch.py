"""Worker processes: order, error records and counts stay what one process gives (cleaner.batch)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import cleaner
import cleaner.batch
from cleaner.batch import CHUNK
from cleaner.cli import main

N = 3 * CHUNK + 7  # several chunks, the last one short


def records(tmp_path, poison: dict[int, str] | None = None):
    """N JSONL lines: articles, with bad lines at fixed places (a broken line, a list, a number)."""
    lines = []
    for i in range(N):
        text = (f"Record {i} opens the harbour report.\n"
                f"The harbour authority said on day {i} that the quay would open next spring, after two years of work.")
        lines.append(json.dumps({"id": str(i), "text": (poison or {}).get(i, "") + text}))
    lines[5] = '{"id": "5", "text": '  # broken JSON
    lines[CHUNK + 1] = json.dumps([1, 2])  # not an object
    lines[2 * CHUNK + 3] = json.dumps({"id": "x", "text": 7})  # text of the wrong type
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cleaner", *map(str, args)], capture_output=True, timeout=300)


def test_two_workers_give_the_same_bytes_in_the_same_order_as_one(tmp_path):
    path = records(tmp_path)
    one = cli("normalize", "-j", "1", path)
    two = cli("normalize", "-j", "2", path)
    assert one.returncode == two.returncode == 1  # the three bad lines
    assert two.stdout == one.stdout
    errors = [json.loads(line) for line in two.stderr.decode().splitlines() if line.startswith("{")]
    assert [e["line"] for e in errors] == [6, CHUNK + 2, 2 * CHUNK + 4]
    assert errors == [json.loads(line) for line in one.stderr.decode().splitlines() if line.startswith("{")]
    ids = [json.loads(line)["id"] for line in two.stdout.decode().splitlines()]
    assert ids == [str(i) for i in range(N) if i not in (5, CHUNK + 1, 2 * CHUNK + 3)]
    assert f"cleaner: {N} documents, {N - 3} articles, 3 errors" in two.stderr.decode()


def test_chunks_hold_at_most_chunk_items_or_chunk_bytes(monkeypatch):
    """Large pages go a few at a time (the workers finish together); small ones CHUNK at a time;
    every item is in exactly one chunk, in order."""
    from cleaner.inputs import InputError, RawLine, Record

    monkeypatch.setattr(cleaner.batch, "CHUNK_BYTES", 1000)
    items = ([RawLine(b"x" * 2, "in.jsonl", i) for i in range(CHUNK + 3)]
             + [Record(str(i), None, "y" * 400, False, "in.jsonl", i) for i in range(5)]
             + [InputError(None, "in.jsonl", 99, "broken"), RawLine(b"z" * 5000, "in.jsonl", 100)])
    chunks = list(cleaner.batch._chunks(iter(items)))
    assert [len(chunk) for chunk in chunks] == [CHUNK, 3 + 3, 2 + 1 + 1]
    assert [item for chunk in chunks for item in chunk] == items


def test_an_input_of_large_pages_is_spread_over_the_workers_and_gives_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(cleaner.batch, "CHUNK_BYTES", 2000)
    text = "\n".join(f"Paragraph {k} of the harbour report, which says the quay opens next spring." for k in range(30))
    items = [cleaner.batch.Record(str(i), None, text, False, "in.jsonl", i + 1) for i in range(6)]
    rules = cleaner.load_rulebook()
    one = list(cleaner.batch.results(iter(items), rules, workers=1))
    two = list(cleaner.batch.results(iter(items), rules, workers=2))
    assert two == one and len(one) == 6


def test_fail_fast_stops_at_the_first_error_under_workers(tmp_path):
    done = cli("normalize", "-j", "2", "--fail-fast", records(tmp_path))
    assert done.returncode == 1
    assert len(done.stdout.decode().splitlines()) == 5  # the records before line 6
    assert "cleaner: 6 documents, 5 articles, 1 error" in done.stderr.decode()


def test_a_record_that_kills_its_worker_is_one_error_record_and_the_run_goes_on(tmp_path, monkeypatch, capsys):
    if sys.platform != "linux":
        pytest.skip("the workers inherit the patched function by fork")
    real = cleaner.batch.normalize

    def deadly(doc, **kwargs):
        if doc.startswith("CRASH"):
            os._exit(3)  # what a segfault in a C extension looks like to the pool
        return real(doc, **kwargs)

    monkeypatch.setattr(cleaner.batch, "normalize", deadly)
    path = records(tmp_path, poison={CHUNK + 10: "CRASH "})
    assert main(["normalize", "-j", "2", str(path)]) == 1
    out, err = capsys.readouterr()
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    assert ids == [str(i) for i in range(N) if i not in (5, CHUNK + 1, 2 * CHUNK + 3, CHUNK + 10)]
    died = [json.loads(line) for line in err.splitlines() if "worker process died" in line]
    assert [(e["id"], e["line"]) for e in died] == [(str(CHUNK + 10), CHUNK + 11)]
    assert f"cleaner: {N} documents, {N - 4} articles, 4 errors" in err


def _thread_settings() -> tuple[str | None, ...]:
    return tuple(os.environ.get(name) for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"))


def test_workers_keep_to_one_thread_of_their_own_and_a_users_setting_stays(monkeypatch):
    """Each worker sets the thread pools of the libraries it loads to one thread (before any work,
    and again in a pool started after a worker died); one the user set stays, and the reading
    process's environment is not touched."""
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.setenv("MKL_NUM_THREADS", "3")
    runner = cleaner.batch.Processes(2)
    try:
        assert runner.submit(_thread_settings).result() == ("1", "1", "3")
        runner.restart()
        assert runner.submit(_thread_settings).result() == ("1", "1", "3")
    finally:
        runner.close()
    assert _thread_settings() == (None, None, "3")


def test_workers_must_be_a_positive_number(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["normalize", "-j", "0", "x.jsonl"])
    assert exit_info.value.code == 2
    assert "must be 1 or more" in capsys.readouterr().err


def test_the_dask_engine_on_a_local_cluster_gives_the_same_bytes_and_errors(tmp_path):
    pytest.importorskip("distributed")
    path = records(tmp_path)
    one = cli("normalize", "-j", "1", path)
    dask = cli("normalize", "--engine", "dask", "-j", "2", path)
    assert dask.returncode == one.returncode == 1
    assert dask.stdout == one.stdout
    errors = [line for line in dask.stderr.decode().splitlines() if line.startswith("{")]
    assert errors == [line for line in one.stderr.decode().splitlines() if line.startswith("{")]
    assert f"cleaner: {N} documents, {N - 3} articles, 3 errors" in dask.stderr.decode()


def test_a_scheduler_needs_the_dask_engine(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["normalize", "--scheduler", "tcp://127.0.0.1:8786", "x.jsonl"])
    assert exit_info.value.code == 2
    assert "--scheduler needs --engine dask" in capsys.readouterr().err


# --- normalize_batch: one batch, as Spark, Ray and Dask hand it ------------------------------------

ROWS = [
    {"id": 1, "url": "https://portnews.example/a", "text": "Quay opens\nThe harbour authority said the quay would open."},
    {"id": "b", "text": None, "html": None},
    {"id": "c", "html": "<html><head><title>Quay | Port News</title></head><body><p>"
                        + "The harbour authority said the new quay would open next spring. " * 5 + "</p></body></html>"},
]


def test_normalize_batch_gives_a_row_per_row_in_order_with_article_or_error():
    out = cleaner.batch.normalize_batch(ROWS)
    assert [row["id"] for row in out] == ["1", "b", "c"]
    first = json.loads(out[0]["article"])
    assert first == cleaner.normalize(ROWS[0]["text"], url=ROWS[0]["url"], id="1").to_dict()
    assert out[1] == {"id": "b", "article": None, "error": "no string in 'text' or 'html'"}
    assert json.loads(out[2]["article"])["text"].startswith("The harbour authority said")
    assert out[0]["error"] is None and out[2]["error"] is None


def test_normalize_batch_takes_and_gives_arrow_tables_with_named_columns():
    pa = pytest.importorskip("pyarrow")
    table = pa.Table.from_pylist([{"key": str(r["id"]), "page": r.get("html") or r.get("text")} for r in ROWS])
    out = cleaner.batch.normalize_batch(table, id_column="key", text_column="page")
    assert out.column_names == ["id", "article", "error"]
    assert out.column("id").to_pylist() == ["1", "b", "c"]
    assert out.column("error").to_pylist()[1] == "no string in 'page' or 'html'"
    assert out.num_rows == table.num_rows  # rows in = articles + errors
    for batch in table.to_batches():  # Spark's mapInArrow hands RecordBatches
        assert cleaner.batch.normalize_batch(batch, id_column="key", text_column="page").num_rows == batch.num_rows


def test_normalize_batch_refuses_what_it_cannot_read():
    with pytest.raises(TypeError, match="takes a list of dicts"):
        cleaner.batch.normalize_batch("not a batch")


# --- the recipes of docs/scale.md, where their engines are installed (not in the test extra) ------

RECIPE_ROWS = [{"id": str(i), "text": f"Harbour report {i}\nThe harbour authority said on day {i} that the quay"
                                     f" would open next spring, after two years of work."} for i in range(20)]
RECIPE_ROWS[7] = {"id": "7", "text": None}


def expected_recipe_rows():
    return cleaner.batch.normalize_batch([dict(row) for row in RECIPE_ROWS])


def test_the_dask_dataframe_recipe():
    pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    import pandas as pd

    pages = dd.from_pandas(pd.DataFrame(RECIPE_ROWS), npartitions=3)
    articles = pages.map_partitions(cleaner.normalize_batch,
                                    meta={"id": "object", "article": "object", "error": "object"})
    got = articles.compute(scheduler="processes", num_workers=2).to_dict("records")
    assert [{k: (None if v != v else v) for k, v in row.items()} for row in got] == expected_recipe_rows()


def test_the_ray_data_recipe():
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, ignore_reinit_error=True, log_to_driver=False)
    try:
        ds = ray.data.from_items(RECIPE_ROWS).map_batches(cleaner.normalize_batch, batch_format="pyarrow")
        got = sorted(ds.take_all(), key=lambda row: int(row["id"]))
    finally:
        ray.shutdown()
    assert got == expected_recipe_rows()


def test_the_spark_recipe(monkeypatch):
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)  # Spark's Python workers need cleaner too

    spark = SparkSession.builder.master("local[2]").appName("cleaner-test").getOrCreate()
    try:
        def clean(batches):
            for batch in batches:
                yield from cleaner.normalize_batch(batch).to_batches()

        pages = spark.createDataFrame(RECIPE_ROWS, "id string, text string")
        got = [row.asDict() for row in pages.mapInArrow(clean, "id string, article string, error string").collect()]
    finally:
        spark.stop()
    assert sorted(got, key=lambda row: int(row["id"])) == expected_recipe_rows()
