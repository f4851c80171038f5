"""OpenRLHF reward function that spreads its calls over several Farsight servers.

OpenRLHF (since v0.9.1; checked through v0.11.0) scores one sample per call. With several
``--reward.remote_url`` URLs it cuts that one-sample list into one slice per URL, so the first URL
gets every sample and the others get empty requests. Give OpenRLHF this file instead of URLs; it
loads ``reward_func(queries, prompts, labels)`` from a ``.py`` path and calls it once per sample::

    FARSIGHT_REWARD_URLS=http://node1:5000,http://node2:5000 \\
    python -m openrlhf.cli.train_ppo_ray ... \\
        --reward.remote_url integrations/openrlhf/farsight_reward_func.py

Each call goes to the next server in turn (skipping one that does not answer), as ``POST
/get_reward``; the reply is the server's, so rewards, scores and the numeric ``extra_logs`` are
what the HTTP path would give. URLs come from ``$FARSIGHT_REWARD_URLS`` (comma-separated), else
``http://127.0.0.1:5000``.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from farsight_client import as_label, client_for  # noqa: E402


def reward_func(queries, prompts, labels):
    """Scores ``queries`` (prompt + response, decoded with special tokens) against ``labels``."""
    queries = list(queries)
    prompts = list(prompts) if prompts is not None else [""] * len(queries)
    labels = [as_label(label) for label in labels]
    if not (len(queries) == len(prompts) == len(labels)):
        raise ValueError(
            f"farsight reward_func: {len(queries)} queries, {len(prompts)} prompts, "
            f"{len(labels)} labels"
        )
    body = {"query": queries, "prompts": prompts, "labels": labels}
    return client_for().post("/get_reward", body)
