"""verl custom reward function backed by Farsight's reward server.

Point verl at this file::

    custom_reward_function.path=integrations/verl/farsight_reward.py
    custom_reward_function.name=compute_score            # naive / dapo / prime managers
    # or, with reward_model.reward_manager=batch:
    custom_reward_function.name=compute_score_batch
    +custom_reward_function.reward_kwargs.urls='http://node1:5000,http://node2:5000'

verl calls ``compute_score(data_source=..., solution_str=..., ground_truth=..., extra_info=...)``
(plus extra keywords in some versions, hence ``**kwargs``), where ``solution_str`` is the
decoded response only. The batch manager calls ``compute_score_batch(data_sources=...,
solution_strs=..., ground_truths=..., extra_infos=...)``. Both return dicts with ``score`` (the
reward), ``acc`` (every problem right) and ``pred`` (the extracted answers), which verl logs
as ``reward_extra_info``; validation metrics are grouped by ``data_source`` (Farsight's exports
name it per depth). ``ground_truth`` is the exported label: one answer, or every answer as a
JSON array string; R-Horizon's ``math-multi-query`` data sources use comma-joined labels.

Keyword options (``custom_reward_function.reward_kwargs``): ``urls`` (list or comma-separated;
default $FARSIGHT_REWARD_URLS or http://127.0.0.1:5000), ``reward`` (a Farsight reward name,
default the server's), ``label_format`` (auto, json, comma, plain), ``timeout`` (seconds).
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from farsight_client import as_label, client_for  # noqa: E402


def _fields(kwargs, data_sources):
    fields = {"data_sources": [str(s) for s in data_sources]}
    for key in ("reward", "label_format"):
        if kwargs.get(key) is not None:
            fields[key] = kwargs[key]
    return fields


def _result(reply, i):
    extracted = reply["extracted"][i]
    return {
        "score": float(reply["rewards"][i]),
        "acc": bool(reply["correct"][i]),
        "pred": ", ".join("" if e is None else str(e) for e in extracted),
    }


def compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs):
    """One response's reward, as verl's naive, dapo and prime reward managers call it."""
    client = client_for(kwargs.get("urls"), kwargs.get("timeout", 180.0))
    reply = client.reward(
        [solution_str], [as_label(ground_truth)], **_fields(kwargs, [data_source])
    )
    return _result(reply, 0)


def compute_score_batch(data_sources, solution_strs, ground_truths, extra_infos=None, **kwargs):
    """A batch of rewards, as verl's batch reward manager calls it; spread over every server."""
    solution_strs = list(solution_strs)
    client = client_for(kwargs.get("urls"), kwargs.get("timeout", 180.0))
    reply = client.reward(
        solution_strs,
        [as_label(g) for g in ground_truths],
        **_fields(kwargs, list(data_sources)),
    )
    return [_result(reply, i) for i in range(len(solution_strs))]
