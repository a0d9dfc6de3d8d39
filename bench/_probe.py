"""`standards ARGS...` exactly as the CLI runs it, plus a record of where the time went:
the pipeline's own per-analyzer timings and wall time of the build, emit and baseline steps,
written as JSON to $BENCH_STAGES. Timers only wrap calls; nothing is profiled here."""

from __future__ import annotations

import json
import os
import sys
import time
from functools import wraps


def main() -> int:
    from standards import adopt, cli, pipeline

    stages: dict[str, float] = {}

    def timed(owner: object, name: str, label: str) -> None:
        fn = getattr(owner, name)

        @wraps(fn)
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                stages[label] = stages.get(label, 0.0) + time.perf_counter() - start

        setattr(owner, name, wrapper)

    analyze = pipeline.analyze

    def analyze_recorded(*args, **kwargs):
        analysis = analyze(*args, **kwargs)
        for key, seconds in analysis.timings.items():
            stages[f"analyze:{key}"] = stages.get(f"analyze:{key}", 0.0) + seconds
        return analysis

    pipeline.analyze = analyze_recorded
    timed(pipeline, "build", "infer+merge")
    timed(adopt, "baseline_text", "baseline")
    timed(adopt, "plan", "plan (analyze+infer+emit)")
    timed(adopt, "apply", "apply (write+baseline)")
    start = time.perf_counter()
    try:
        code = cli.main(sys.argv[1:])
    finally:
        stages["total"] = time.perf_counter() - start
        out = os.environ.get("BENCH_STAGES")
        if out:
            with open(out, "w", encoding="utf-8") as f:
                json.dump({k: round(v, 3) for k, v in sorted(stages.items(), key=lambda kv: -kv[1])}, f, indent=1)
    return code or 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)  # as the console script leaves (standards.cli.entry): no heap teardown
