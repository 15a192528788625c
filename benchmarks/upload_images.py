"""Cost of checking one image upload: wall time and the worker's peak memory, for a
synthetic scan-like PNG and JPEG at the portal's pixel limit and at the old limit (5000 ×
5000, 25 million pixels). Each measurement runs in a fresh process whose peak resident memory
(VmHWM, reset through /proc/self/clear_refs just before the check) is that one check's.

    .venv/bin/python benchmarks/upload_images.py [path/to/uploads.py]

With a path, that copy of the checker is measured instead (to compare with an older one).
"""

import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = [
    ("png", 5000, 5000),
    ("png", 2650, 3770),  # 9.99 million pixels: the new limit
    ("png", 2480, 3508),  # A4 at 300 dpi
    ("jpeg", 5000, 5000),
    ("jpeg", 2650, 3770),
]

CHILD = r"""
import io, json, os, sys, time
sys.path.insert(0, os.environ["ROOT"])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
import django
django.setup()
import importlib.util
from django.core.files.uploadedfile import SimpleUploadedFile
spec = importlib.util.spec_from_file_location("checker", os.environ["CHECKER"])
checker = importlib.util.module_from_spec(spec)
spec.loader.exec_module(checker)
fmt, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(sys.argv[4], "rb") as handle:
    data = handle.read()
def status(field):
    with open("/proc/self/status") as handle:
        line = next(x for x in handle if x.startswith(field + ":"))
    return int(line.split()[1])  # kB
with open("/proc/self/clear_refs", "w") as handle:
    handle.write("5")  # resets the peak (VmHWM) to the memory in use now
base = status("VmRSS")
start = time.perf_counter()
rules = checker.UploadRules(max_bytes=len(data) + 1, max_pixels=26_000_000)
checked = checker.check_upload(SimpleUploadedFile("scan", data), rules)
seconds = time.perf_counter() - start
peak = status("VmHWM") - base
print(json.dumps({"format": fmt, "pixels": width * height, "upload_kb": len(data) // 1024,
                  "seconds": round(seconds, 3), "peak_mb": round(peak / 1024)}))
"""


def scan(fmt, width, height):
    """A page of "text": dark strokes on white, so it compresses like a scan (a 5000 x 5000
    PNG of it is about the size of the audit's 73 KB file). Made here, not in the measured
    process, whose peak memory would otherwise be this image's."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for y in range(200, height - 200, 120):
        draw.line((200, y, width - 200, y), fill=(30, 30, 30), width=3)
    out = io.BytesIO()
    image.save(out, "PNG" if fmt == "png" else "JPEG", quality=60)
    return out.getvalue()


def main():
    checker = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "portal/cases/uploads.py")
    env = {**os.environ, "ROOT": str(ROOT), "CHECKER": checker}
    results = []
    for fmt, width, height in CASES:
        best = None
        path = Path(tempfile.mkdtemp()) / f"scan.{fmt}"
        path.write_bytes(scan(fmt, width, height))
        for _ in range(3):
            out = subprocess.run(
                [sys.executable, "-c", CHILD, fmt, str(width), str(height), str(path)],
                env=env,
                capture_output=True,
                check=True,
                text=True,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            best = result if best is None or result["seconds"] < best["seconds"] else best
        results.append(best)
        print(
            f"{fmt:4} {width}x{height} ({best['pixels'] / 1e6:.1f} MP, {best['upload_kb']} KB):"
            f" {best['seconds']:.2f} s, peak {best['peak_mb']} MB"
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
