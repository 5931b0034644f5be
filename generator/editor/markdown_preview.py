"""The live preview of an update's text, bounded (issue 22, point 6; review row 84): rendered as the site
renders it, in a process of its own that is stopped when it takes too long."""

from __future__ import annotations

import threading

import markdown as md

from .. import untrusted


def render_markdown(text: str) -> str:
    """An update's text as HTML for the editor's preview, cleaned as the published site cleans it
    (untrusted.clean_fragment: the same allowlist), so the preview shows what the site will keep."""
    return untrusted.clean_fragment(md.markdown(text, extensions=["tables", "sane_lists"]))


MAX_MARKDOWN = 100_000  # characters the live preview renders: an update's text is a few thousand
PREVIEW_SECONDS = 2  # the longest a preview may render: a few thousand characters take milliseconds
_preview_lock = threading.Lock()
_preview_context = None


def bounded_markdown(text: str) -> str | None:
    """render_markdown(text) in a process of its own, stopped after PREVIEW_SECONDS; None when it was.
    Python-Markdown takes quadratic time on some texts ("[a](" repeated: 100 000 characters took 145 s;
    Python-Markdown issue #798, open) and a thread cannot be stopped, a process can. The process is forked
    from a fork server that has this module loaded (multiprocessing's forkserver), so one costs milliseconds,
    not an interpreter's start; it also limits its own CPU time, so it ends even if the editor is gone."""
    global _preview_context
    import multiprocessing

    with _preview_lock:
        if _preview_context is None:
            methods = multiprocessing.get_all_start_methods()
            _preview_context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
            if "forkserver" in methods:
                _preview_context.set_forkserver_preload([__name__])
    receive, send = _preview_context.Pipe(duplex=False)
    child = _preview_context.Process(target=_render_in_child, args=(text, send), daemon=True)
    try:
        child.start()
        send.close()
        return receive.recv() if receive.poll(PREVIEW_SECONDS) else None
    except EOFError:  # the child died before answering (its CPU limit)
        return None
    finally:
        receive.close()
        send.close()
        if child.pid is not None:  # (it started)
            if child.is_alive():
                child.kill()
            child.join()


def _render_in_child(text: str, send) -> None:
    import resource

    seconds = PREVIEW_SECONDS + 1
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))  # the kernel ends it, whatever the editor does
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    send.send(render_markdown(text))
    send.close()
