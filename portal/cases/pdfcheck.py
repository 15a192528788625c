"""PDF uploads are parsed by qpdf (through pikepdf) in a child process, and stored as the
copy qpdf writes back.

Why a parser, not a byte scan: an audit hid `/OpenAction` JavaScript from a byte scan by
encoding an object stream in ASCIIHex, by compressing it twice, and by putting 4 KB of
dictionary before it. qpdf reads every object of the document the way a PDF reader does,
object streams included, and undoes every filter; active content is then refused by name,
wherever it sits. What is stored is qpdf's rewrite: only the objects reachable from the
trailer, no incremental updates, nothing after %%EOF, so what a reviewer's reader opens is
exactly what was checked.

Why a child process: a 1 MB PDF can inflate to gigabytes (flate bombs) or hold a hundred
thousand objects. The child limits its own address space and CPU time before it imports
pikepdf, the parent adds a wall-clock timeout, and a child that dies or overruns is an
answer too ("could not be checked"), while the web worker's memory stays untouched.

This file runs in two roles: imported by the web process (`rewrite_pdf`), and as the child
(`python -I pdfcheck.py`), where it imports nothing of Django or the portal.
"""

import io
import logging
import os
import resource
import subprocess
import sys
from enum import IntEnum

logger = logging.getLogger(__name__)

# A PDF of at most 1 MB that needs more than this is hostile or broken. The figures leave
# ten times what a scanned 1 MB PDF takes (33 MB, 0.2 s of CPU, the interpreter included).
MEMORY_BYTES = 384 * 1024 * 1024
CPU_SECONDS = 3
WALL_SECONDS = 10  # also bounds the time a child waits for a CPU on a busy machine
NICENESS = 10


class Verdict(IntEnum):
    """The child's exit status; any other status (a signal, a crash) means "unchecked"."""

    CLEAN = 0
    ACTIVE = 3  # scripts, actions, attachments, rich media or XFA
    ENCRYPTED = 4
    DAMAGED = 5  # qpdf cannot read it without repairing it, or not at all
    UNCHECKED = 6  # ran out of a limit (or the rewrite came out implausibly large)


class PdfRefused(Exception):
    def __init__(self, verdict: Verdict):
        super().__init__(verdict.name)
        self.verdict = verdict


def rewrite_pdf(data: bytes, *, max_output: int) -> bytes:
    """Return qpdf's rewrite of `data`, or raise PdfRefused saying why not."""
    limits = (max_output, MEMORY_BYTES, CPU_SECONDS)
    try:
        done = subprocess.run(  # noqa: S603 (our own interpreter and file, no shell, no user input)
            [sys.executable, "-I", os.path.abspath(__file__), *map(str, limits)],
            input=data,
            capture_output=True,
            timeout=WALL_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        logger.warning("PDF check timed out after %s s", WALL_SECONDS)
        raise PdfRefused(Verdict.UNCHECKED) from None
    except OSError:
        logger.exception("PDF check could not start")
        raise PdfRefused(Verdict.UNCHECKED) from None
    if done.returncode == Verdict.CLEAN and done.stdout.startswith(b"%PDF-"):
        return done.stdout
    try:
        verdict = Verdict(done.returncode)
    except ValueError:
        verdict = Verdict.UNCHECKED
    if verdict in (Verdict.CLEAN, Verdict.UNCHECKED):
        logger.warning(
            "PDF check failed (status %s): %s",
            done.returncode,
            done.stderr[-300:].decode(errors="replace"),
        )
        verdict = Verdict.UNCHECKED
    raise PdfRefused(verdict)


# --- the child -------------------------------------------------------------------------------

# Keys whose presence means something runs, opens or is carried along: document and page
# JavaScript (/JS, the /JavaScript name tree), additional actions on open, close, page view
# or field events (/AA), XFA forms (scriptable), attached files (/EmbeddedFiles name tree,
# /EF of a file specification) and Flash/3D rich media.
ACTIVE_KEYS = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/AA",
        "/XFA",
        "/EmbeddedFiles",
        "/EmbeddedFile",
        "/EF",
        "/RichMediaContent",
        "/RichMediaSettings",
    }
)
# The same things as name values: action types (/S) that run code, launch programs, load
# other documents or send data, and the types and subtypes of attachments and media.
ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/EmbeddedFile",
        "/FileAttachment",
        "/RichMedia",
        "/RichMediaExecute",
        "/GoToE",
        "/GoToR",
        "/ImportData",
        "/SubmitForm",
        "/Rendition",
        "/Movie",
        "/Sound",
    }
)
# On opening, a document may show a page; any other action (a link, a named menu command)
# happens without the reader asking for it.
HARMLESS_OPEN_ACTIONS = frozenset({"/GoTo"})


def _active(pikepdf, root) -> str | None:
    """The first active key or name in `root` and the direct objects inside it. Indirect
    objects are not followed: every one of them is scanned on its own."""
    stack = [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Name):
            if str(obj) in ACTIVE_NAMES:
                return str(obj)
        elif isinstance(obj, pikepdf.Array):
            stack.extend(item for item in obj if _direct(pikepdf, item))
        elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            for key in obj.keys():  # noqa: SIM118 (a Stream's dictionary has keys(), no iteration)
                if key in ACTIVE_KEYS:
                    return key
                value = obj.get(key)
                if (
                    key == "/OpenAction"
                    and isinstance(value, pikepdf.Dictionary)
                    and str(value.get("/S", "")) not in HARMLESS_OPEN_ACTIONS
                ):
                    return "/OpenAction"
                if _direct(pikepdf, value):
                    stack.append(value)
    return None


def _direct(pikepdf, value) -> bool:
    # pikepdf hands numbers, booleans and null over as Python values: nothing inside them.
    return isinstance(value, pikepdf.Object) and not value.is_indirect


def _check(pikepdf, data: bytes) -> Verdict | bytes:
    """The rewritten document, or the verdict that refuses it."""
    try:
        # No recovery: a file qpdf must reconstruct is one that readers may each reconstruct
        # differently, which is where checks like this one are slipped past.
        pdf = pikepdf.Pdf.open(io.BytesIO(data), attempt_recovery=False)
    except pikepdf.PasswordError:
        return Verdict.ENCRYPTED
    except pikepdf.PdfError:
        return Verdict.DAMAGED
    with pdf:
        if pdf.is_encrypted:  # opened with an empty password, but still encrypted
            return Verdict.ENCRYPTED
        try:
            return _walk_and_rewrite(pikepdf, pdf)
        except pikepdf.PdfError:  # an object that does not parse, met on the way
            return Verdict.DAMAGED


def _walk_and_rewrite(pikepdf, pdf) -> Verdict | bytes:
    for obj in (pdf.trailer, *pdf.objects):
        if found := _active(pikepdf, obj):
            print(f"active: {found}", file=sys.stderr)
            return Verdict.ACTIVE
    if len(pdf.pages) == 0:
        return Verdict.DAMAGED  # nothing to review
    out = io.BytesIO()
    pdf.save(
        out,
        fix_metadata_version=False,
        deterministic_id=True,
        # Every stream in a lossless filter is decoded and compressed anew: a stream that
        # inflates without end runs into the limits here, not in a reviewer's reader.
        stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
        recompress_flate=True,
    )
    if warnings := pdf.get_warnings():  # qpdf read something it had to guess at
        print("; ".join(warnings)[:300], file=sys.stderr)
        return Verdict.DAMAGED
    return out.getvalue()


def _limit_self(memory: int, cpu_seconds: int) -> None:
    # Checking a file can wait a moment; the pages people are reading cannot: the child
    # yields the CPU to the web workers whenever they want it.
    os.nice(NICENESS)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # it writes no file, only to its pipe
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main() -> int:
    max_output, memory, cpu_seconds = map(int, sys.argv[1:4])
    _limit_self(memory, cpu_seconds)
    try:
        import pikepdf

        data = sys.stdin.buffer.read()
        result = _check(pikepdf, data)
        if isinstance(result, bytes):
            # The rewrite of the rewrite must be clean too: the stored bytes are checked
            # as stored, not only as uploaded.
            again = _check(pikepdf, result)
            if isinstance(again, Verdict):
                return again
            if len(result) > max_output:
                return Verdict.UNCHECKED
            sys.stdout.buffer.write(result)
            return Verdict.CLEAN
        return result
    except MemoryError:
        return Verdict.UNCHECKED


if __name__ == "__main__":
    sys.exit(main())
