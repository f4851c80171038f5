"""TRL GRPOTrainer reward function backed by Farsight's reward server.

::

    from farsight_reward import make_farsight_reward
    trainer = GRPOTrainer(..., reward_funcs=[make_farsight_reward(urls=["http://node1:5000"])])

TRL calls a reward function as ``f(prompts=..., completions=..., completion_ids=...,
trainer_state=..., log_extra=..., log_metric=..., **every_other_dataset_column)``.
``completions`` are strings, or for conversational datasets lists of chat messages
(``[[{"role": "assistant", "content": ...}], ...]``); both are sent as they are. The gold comes
from the first dataset column present among ``ground_truth`` (what Farsight's TRL export
writes: one answer, or every answer as a JSON array string), ``answers``, ``answer``,
``solution``. A row whose gold is ``None`` gets ``None`` ("not applicable", TRL's convention).
``data_source`` columns are passed on (R-Horizon's ``math-multi-query`` labels are
comma-joined). When TRL passes ``log_metric``, the batch accuracy is logged as
``farsight/accuracy``.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from farsight_client import as_label, client_for  # noqa: E402

LABEL_COLUMNS = ("ground_truth", "answers", "answer", "solution")


def make_farsight_reward(urls=None, reward=None, label_format=None, timeout=180.0):
    """A TRL reward function scoring through Farsight's server(s) at ``urls``."""

    def farsight_reward(prompts=None, completions=None, **kwargs):
        if completions is None:
            raise ValueError("farsight_reward: TRL passes completions=...; got none")
        column = next((c for c in LABEL_COLUMNS if kwargs.get(c) is not None), None)
        if column is None:
            raise ValueError(
                "farsight_reward: no gold column; expected one of " + ", ".join(LABEL_COLUMNS)
            )
        labels = [as_label(x) for x in kwargs[column]]
        rows = [i for i, label in enumerate(labels) if label is not None]
        fields = {}
        sources = kwargs.get("data_source")
        if sources is not None:
            fields["data_sources"] = [str(sources[i]) for i in rows]
        if reward is not None:
            fields["reward"] = reward
        if label_format is not None:
            fields["label_format"] = label_format
        client = client_for(urls, timeout)
        reply = client.reward([completions[i] for i in rows], [labels[i] for i in rows], **fields)
        out = [None] * len(completions)
        for j, i in enumerate(rows):
            out[i] = float(reply["rewards"][j])
        log_metric = kwargs.get("log_metric")
        if callable(log_metric) and rows:
            log_metric("farsight/accuracy", sum(map(bool, reply["correct"])) / len(rows))
        return out

    farsight_reward.__name__ = "farsight_reward"
    return farsight_reward


farsight_reward = make_farsight_reward()
"""The reward function with the default server URLs ($FARSIGHT_REWARD_URLS)."""
