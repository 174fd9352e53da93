"""Clean a partitioned JSON Lines corpus on a Dask cluster.

    pip install 'cleaner[dask]'
    python examples/dask_clean.py 'corpus/*.jsonl' cleaned/ --field text
    python examples/dask_clean.py --demo            # makes a small corpus in a temporary directory

Each input file is one partition (or several: ``--blocksize 64MB``); each output file holds the
same records in the same order with FIELD cleaned, exactly as ``cleaner fix --jsonl FIELD`` would
write them. By default a ``LocalCluster`` with two worker processes runs the job; pass
``--scheduler tcp://HOST:8786`` to use a real cluster (every worker needs ``cleaner`` installed and
must see the input and output paths, e.g. on shared storage or s3:// with s3fs).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import dask.bag as db
from dask.distributed import Client, LocalCluster

from cleaner.dask_step import EngineHandle, clean_jsonl_bag


def clean_corpus(inputs: str | list[str], output_dir: str, field: str = "text", *, stats_key: str | None = None,
                 unsafe: bool = False, blocksize: str | None = None, config: str | None = None) -> list[str]:
    """Clean every record of ``inputs`` (a glob or a list of paths) into ``output_dir``/NNNN.jsonl."""
    lines = db.read_text(inputs, blocksize=blocksize, encoding="utf-8")
    cleaned = clean_jsonl_bag(lines, field, stats_key=stats_key, unsafe=unsafe, cleaner=EngineHandle(config))
    Path(output_dir).mkdir(parents=True, exist_ok=True)
    return cleaned.to_textfiles(str(Path(output_dir) / "*.jsonl"), encoding="utf-8", last_endline=True)


def make_demo_corpus(directory: Path, files: int = 4, records: int = 50) -> str:
    """A few JSONL files of news-like records, some of them spun."""
    spun = ["The State division stated the Center East talks would resume.",
            "Officers within the well being ministry stated 274 folks died.",
            "The warfare cupboard met not too long ago to debate the proposal.",
            "A clean sentence about the weather in Paris."]
    directory.mkdir(parents=True, exist_ok=True)
    for f in range(files):
        with open(directory / f"part-{f:03d}.jsonl", "w", encoding="utf-8") as fh:
            for r in range(records):
                rec = {"id": f * records + r, "text": spun[(f + r) % len(spun)], "meta": {"source": f"file{f}"}}
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return str(directory / "*.jsonl")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="?", help="glob of input .jsonl files")
    ap.add_argument("output", nargs="?", help="output directory")
    ap.add_argument("--field", default="text")
    ap.add_argument("--stats-key", default=None)
    ap.add_argument("--unsafe", action="store_true")
    ap.add_argument("--blocksize", default=None, help="split files into blocks of this size (e.g. 64MB)")
    ap.add_argument("--scheduler", help="address of a running dask scheduler (default: a LocalCluster)")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    ap.add_argument("--demo", action="store_true", help="clean a small generated corpus")
    args = ap.parse_args(argv)

    tmp = None
    if args.demo:
        tmp = tempfile.TemporaryDirectory(prefix="cleaner-dask-")
        args.inputs = make_demo_corpus(Path(tmp.name) / "in")
        args.output = str(Path(tmp.name) / "out")
    elif not (args.inputs and args.output):
        ap.error("give INPUTS and OUTPUT, or --demo")

    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        written = clean_corpus(args.inputs, args.output, args.field, stats_key=args.stats_key,
                               unsafe=args.unsafe, blocksize=args.blocksize)
        print(f"wrote {len(written)} files to {args.output}", file=sys.stderr)
        if args.demo:
            first = sorted(Path(args.output).glob("*.jsonl"))[0]
            print(first.read_text(encoding="utf-8").splitlines()[0])
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
