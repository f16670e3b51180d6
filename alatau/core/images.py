"""Uploaded pictures made safe to publish: decoded, resized to fit a box, re-encoded without metadata.

A new image is built from the pixels alone, so EXIF (camera, GPS position), XMP, ICC comments and any
trailing bytes of the upload are left behind. News covers and partner logos both go through here.
"""

import io
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from alatau.core.errors import InvalidData


def clean_image(upload: Any, box: tuple[int, int], *, field: str, keep_alpha: bool = False) -> ContentFile:
    """The upload as a JPEG (or, with ``keep_alpha``, a PNG) at most ``box`` in size, with no metadata.

    Raises
    ------
    InvalidData
        The file is not an image Pillow can read, or a decompression bomb (far more pixels than
        any photo); the error is reported on ``field``.
    """
    from PIL import Image, UnidentifiedImageError
    from PIL.Image import DecompressionBombError

    mode = "RGBA" if keep_alpha else "RGB"
    try:
        with Image.open(upload) as image:
            image.load()
            picture = image.convert(mode)
    except (UnidentifiedImageError, DecompressionBombError, OSError, ValueError) as error:
        raise InvalidData({field: [_("This file is not an image.")]}) from error
    picture.thumbnail(box)
    clean = Image.new(mode, picture.size)
    clean.paste(picture)
    out = io.BytesIO()
    if keep_alpha:
        clean.save(out, "PNG", optimize=True)
    else:
        clean.save(out, "JPEG", quality=85)
    return ContentFile(out.getvalue())
