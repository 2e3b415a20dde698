"""Model archives: numpy ``.npz`` bytes, written byte-for-byte the same for the same arrays.

``numpy.savez_compressed`` stamps each member with the current time, so two
trainings on the same data would give different files; :func:`write_npz` writes
the same format with a fixed timestamp and sorted member names.  Read with
``numpy.load(..., allow_pickle=False)`` as usual.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

STAMP = (1980, 1, 1, 0, 0, 0)
"""The timestamp of every member (the earliest a zip file can hold)."""


def write_npz(arrays: Mapping[str, NDArray[Any]]) -> bytes:
    """A compressed ``.npz`` archive of ``arrays``, deterministic for equal input."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(f"{name}.npy", date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asarray(arrays[name]), allow_pickle=False)
            archive.writestr(info, member.getvalue(), compresslevel=9)
    return buffer.getvalue()
