"""The Dask step: the example's job on a two-worker LocalCluster gives what one process gives."""
import importlib.util
import json
from pathlib import Path

import pytest

pytest.importorskip("dask.bag", reason="dask is not installed: pip install -e '.[dev]' (or '.[dask]')")
pytest.importorskip("distributed", reason="dask.distributed is not installed: pip install -e '.[dev]'")

from dask.distributed import Client, LocalCluster  # noqa: E402

import cleaner  # noqa: E402
from cleaner.cli import main  # noqa: E402
from cleaner.dask_step import EngineHandle, clean_jsonl_lines, clean_records  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8").splitlines()


def _example():
    spec = importlib.util.spec_from_file_location("dask_clean", ROOT / "examples" / "dask_clean.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _corpus(directory: Path) -> list[Path]:
    directory.mkdir()
    paths = []
    lines = [ln for ln in SEED if ln.strip()]
    for f in range(3):
        p = directory / f"part-{f}.jsonl"
        with open(p, "w", encoding="utf-8") as fh:
            for i, text in enumerate(lines[f::3]):
                rec = {"id": f"{f}-{i}", "text": text, "n": 1.50, "tags": ["a", "b"]}
                fh.write(json.dumps(rec, ensure_ascii=(i % 2 == 0)) + "\n")
            fh.write("this line is not JSON\n")
        paths.append(p)
    return paths


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_example_on_two_workers_equals_single_process(tmp_path, client, capsysbinary):
    inputs = _corpus(tmp_path / "in")
    assert len(client.scheduler_info()["workers"]) == 2
    written = _example().clean_corpus(str(tmp_path / "in" / "*.jsonl"), str(tmp_path / "out"), "text", stats_key="cleaner")
    assert len(written) == len(inputs)
    distributed_out = b"".join(Path(p).read_bytes() for p in sorted(written))

    status = main(["fix", "-j", "1", "-q", "--jsonl", "text", "--stats-key", "cleaner", *map(str, inputs)])
    single_out = capsysbinary.readouterr().out
    assert status == 2  # the malformed lines are reported (and passed through)
    assert distributed_out == single_out
    records = [json.loads(ln) for ln in distributed_out.decode().splitlines() if ln.startswith("{")]
    assert sum(r["cleaner"]["fixes"] for r in records) > 20
    assert any("Middle East" in r["text"] for r in records)


def test_record_bag_matches_clean_text(client):
    import dask.bag as db

    from cleaner.dask_step import clean_record_bag

    recs = [{"id": i, "text": t} for i, t in enumerate(SEED[:12])] + [{"id": 99, "text": None}]
    out = clean_record_bag(db.from_sequence(recs, npartitions=3), "text").compute()
    assert [r["id"] for r in out] == [r["id"] for r in recs]
    for before, after in zip(recs, out):
        expected = cleaner.clean_text(before["text"]) if before["text"] is not None else None
        assert after["text"] == expected


def test_partition_functions_without_a_cluster():
    line = json.dumps({"text": "the Center East", "x": 1}) + "\n"
    assert clean_jsonl_lines([line, "{oops\n"], "text") == ['{"text": "the Middle East", "x": 1}', "{oops"]
    custom = cleaner.Cleaner.from_wordlists(fuzzy=False)
    handle = EngineHandle.of(custom)
    assert handle.get() is handle.get()  # built once per process, then reused
    assert clean_records([{"text": "the Center East"}], "text", engine=handle) == [{"text": "the Middle East"}]
