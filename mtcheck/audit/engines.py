"""Where the batches of an audit run. Both engines yield each batch's rows in input order.

- local: `check --jobs`'s design: the rule pass in a process pool, the model (when wanted) in
  this process, batched across the articles of each batch.
- ray: the rule pass as Ray Data tasks over windows of batches; the model in Ray actors that
  load it once for the whole run (a `ray.util.ActorPool`, fed in order). A local Ray instance
  is started for the run unless `address` names a cluster (or Ray is already initialised).

The driver holds at most one window of batches plus those in flight: memory does not grow
with the archive.
"""

from __future__ import annotations

import multiprocessing
import pickle
import sys
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Iterator

from ..runner import CheckOptions
from . import require
from .pipeline import Batch, finish_stage, rule_stage, run_batch

Rows = list[tuple[list[dict], dict]]


def run_local(batches: Iterator[Batch], options: CheckOptions, with_model: bool, jobs: int) -> Iterator[Rows]:
    if jobs <= 1:
        for batch in batches:
            yield run_batch(batch, options, with_model)
        return
    # fork is fast, but not once torch (the model, in this process) has started its threads.
    context = multiprocessing.get_context("spawn" if with_model or "torch" in sys.modules else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        pending: deque = deque()

        def next_done() -> Rows:
            result = pending.popleft().result()
            return finish_stage(result, options, True) if with_model else result

        for batch in batches:
            if with_model:
                pending.append(pool.submit(rule_stage, batch, options))
            else:
                pending.append(pool.submit(run_batch, batch, options, False))
            if len(pending) >= jobs * 3:  # enough to keep every worker busy, no more
                yield next_done()
        while pending:
            yield next_done()


# -- Ray ------------------------------------------------------------------------------------
def _rules_row(row: dict, options: CheckOptions, with_model: bool) -> dict:
    batch = pickle.loads(row["payload"])
    out = rule_stage(batch, options) if with_model else run_batch(batch, options, False)
    return {"payload": pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)}


class ModelWorker:
    """A Ray actor: the model loads once (on its first batch) and stays for the whole run."""

    def __init__(self, options: CheckOptions):
        self.options = options

    def finish(self, payload: bytes) -> bytes:
        return pickle.dumps(finish_stage(pickle.loads(payload), self.options, True), protocol=pickle.HIGHEST_PROTOCOL)


def run_ray(batches: Iterator[Batch], options: CheckOptions, with_model: bool, address: str | None,
            num_cpus: int | None, model_actors: int = 1, window: int = 64) -> Iterator[Rows]:
    ray = require("ray", "--engine ray")
    data = require("ray.data", "--engine ray")
    started = False
    if not ray.is_initialized():
        ray.init(address=address, num_cpus=None if address else num_cpus, include_dashboard=False,
                 log_to_driver=False, logging_level="ERROR", configure_logging=True)
        started = True
    import logging

    logging.getLogger("ray.data").setLevel(logging.ERROR)  # Ray Data's execution notes are not ours to print
    try:
        context = data.DataContext.get_current()
        context.execution_options.preserve_order = True  # rows come back in input order
        context.enable_progress_bars = False
        actors = None
        if with_model:
            from ray.util import ActorPool

            # An actor takes a CPU, but never all of them: the rule tasks need one to feed it.
            cpus = ray.cluster_resources().get("CPU", 1)
            per_actor = min(1.0, max(0.25, (cpus - 1) / model_actors))
            remote = ray.remote(num_cpus=per_actor)(ModelWorker)
            actors = ActorPool([remote.remote(options) for _ in range(model_actors)])
        in_flight = 0
        batches = iter(batches)
        while True:
            items = [{"payload": pickle.dumps(b, protocol=pickle.HIGHEST_PROTOCOL)} for b in islice(batches, window)]
            if not items:
                break
            ds = data.from_items(items).map(_rules_row, fn_kwargs={"options": options, "with_model": with_model})
            for row in ds.iter_rows():
                if actors is None:
                    yield pickle.loads(row["payload"])
                    continue
                actors.submit(lambda actor, payload: actor.finish.remote(payload), row["payload"])
                in_flight += 1
                while in_flight > 2 * max(1, model_actors):
                    in_flight -= 1
                    yield pickle.loads(actors.get_next())
        while in_flight:
            in_flight -= 1
            yield pickle.loads(actors.get_next())
    finally:
        if started:
            ray.shutdown()
