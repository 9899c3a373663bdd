"""The one timestamp of every file in the wheel and the sdist: SOURCE_DATE_EPOCH when set (as
reproducible-builds.org defines it), else 1980-01-01T00:00:00Z, the earliest a zip entry can hold. With
the same inputs, the archives come out byte for byte the same."""

import os

ZIP_EPOCH = 315532800  # 1980-01-01T00:00:00Z


def archive_epoch():
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return ZIP_EPOCH
    if not value.isdigit():
        raise RuntimeError(f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds since 1970-01-01")
    return int(value)
