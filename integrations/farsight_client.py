"""Client for Farsight's reward server, shared by the verl and TRL integrations.

Standard library only (urllib, threads), so it runs in any trainer's environment.

Past one machine, run Farsight's stateless server (``deno task farsight serve``) on every node
and give every URL: single requests go round-robin over the servers (skipping one that fails),
and a batch is split into contiguous shards, one per server, sent concurrently. Rewards do not
depend on which server scored them.

URLs come from the ``urls`` argument (a list, or a comma-separated string), else the
``FARSIGHT_REWARD_URLS`` environment variable, else ``http://127.0.0.1:5000``.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

DEFAULT_URL = "http://127.0.0.1:5000"


def server_urls(urls=None):
    """The server base URLs: ``urls``, else $FARSIGHT_REWARD_URLS, else the default."""
    if urls is None:
        urls = os.environ.get("FARSIGHT_REWARD_URLS", DEFAULT_URL)
    if isinstance(urls, str):
        urls = urls.split(",")
    out = [u.strip().rstrip("/") for u in urls if u and u.strip()]
    if not out:
        raise ValueError("Farsight: no reward server URL given")
    return out


def as_label(value):
    """A dataset label as JSON: strings and numbers as they are, sequences (numpy arrays too) as lists."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [as_label(v) for v in value]
    return str(value)


class FarsightClient:
    """POSTs reward requests to one or more Farsight servers."""

    def __init__(self, urls=None, timeout=180.0, retries=3):
        self.urls = server_urls(urls)
        self.timeout = timeout
        self.retries = max(1, int(retries))
        self._next = itertools.count()
        self._lock = threading.Lock()

    def _start(self):
        with self._lock:
            return next(self._next) % len(self.urls)

    def post(self, path, body, start=None):
        """POSTs ``body`` to ``path``, trying the servers in turn from ``start`` (round-robin)."""
        data = json.dumps(body).encode("utf-8")
        first = self._start() if start is None else start
        errors = []
        for attempt in range(self.retries * len(self.urls)):
            url = self.urls[(first + attempt) % len(self.urls)] + path
            request = urllib.request.Request(
                url, data=data, headers={"content-type": "application/json"}, method="POST"
            )
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as reply:
                    return json.loads(reply.read().decode("utf-8"))
            except urllib.error.HTTPError as error:
                detail = error.read().decode("utf-8", "replace")
                if 400 <= error.code < 500:
                    raise ValueError(f"Farsight server {url} refused the request: {detail}") from None
                errors.append(f"{url}: HTTP {error.code} {detail}")
            except (urllib.error.URLError, OSError) as error:
                errors.append(f"{url}: {error}")
        raise ConnectionError("Farsight: no reward server answered: " + "; ".join(errors[-3:]))

    def reward(self, completions, labels, **fields):
        """Scores a batch through ``/reward``: contiguous shards, one per server, in parallel.

        Returns the server's reply with its lists joined in input order.
        """
        n = len(completions)
        if len(labels) != n:
            raise ValueError(f"Farsight: {n} completions but {len(labels)} labels")
        if n == 0:
            return {"rewards": [], "correct": [], "status": [], "extracted": [], "per_problem": []}
        shards = min(len(self.urls), n)
        size = -(-n // shards)
        bounds = [(i, min(n, i + size)) for i in range(0, n, size)]
        per_item = {k: v for k, v in fields.items() if isinstance(v, list) and len(v) == n}
        shared = {k: v for k, v in fields.items() if k not in per_item and v is not None}

        def send(index):
            a, b = bounds[index]
            body = {"completions": completions[a:b], "labels": labels[a:b], **shared}
            body.update({k: v[a:b] for k, v in per_item.items()})
            return self.post("/reward", body, start=index % len(self.urls))

        if len(bounds) == 1:
            replies = [send(0)]
        else:
            with ThreadPoolExecutor(max_workers=len(bounds)) as pool:
                replies = list(pool.map(send, range(len(bounds))))
        keys = ("rewards", "correct", "status", "extracted", "per_problem")
        return {k: [x for r in replies for x in r.get(k, [])] for k in keys}


_clients = {}
_clients_lock = threading.Lock()


def client_for(urls=None, timeout=180.0):
    """A shared client per URL list (so round-robin state persists across calls)."""
    key = (tuple(server_urls(urls)), float(timeout))
    with _clients_lock:
        if key not in _clients:
            _clients[key] = FarsightClient(list(key[0]), timeout=timeout)
        return _clients[key]
