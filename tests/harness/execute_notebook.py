"""Execute one notebook on a Jupyter kernel with nbclient and write the executed copy.

Usage: python3 execute_notebook.py KERNEL_NAME NOTEBOOK OUTPUT [TIMEOUT_SECONDS]

Works around an ordering race in Deno's kernel (2.9.6): it sometimes publishes a cell's
`execute_result` on IOPub *after* the `idle` status, and stock nbclient stops listening at
`idle`, so the output is silently lost. After `idle` this client keeps draining IOPub for a
short quiet period and files late messages under the cell they belong to.

Exit status: 0 if every cell ran without an error, 1 if a cell raised (the executed copy is
still written), 2 for bad arguments.
"""

import asyncio
import sys
from queue import Empty

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete, CellExecutionError
from nbclient.util import ensure_async

QUIET_SECONDS = 0.25


class LateOutputClient(NotebookClient):
    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)
        while True:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=QUIET_SECONDS))
            except (Empty, asyncio.TimeoutError):
                return
            if msg["parent_header"].get("msg_id") == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    pass


def main(argv):
    if len(argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    kernel, source, output = argv[1:4]
    timeout = int(argv[4]) if len(argv) == 5 else 900
    nb = nbformat.read(source, as_version=4)
    import os

    client = LateOutputClient(
        nb,
        kernel_name=kernel,
        timeout=timeout,
        startup_timeout=120,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(source))}},
    )
    status = 0
    try:
        client.execute()
    except CellExecutionError as error:
        print(str(error)[-4000:], file=sys.stderr)
        status = 1
    nbformat.write(nb, output)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
