"""Test-wide settings: a missing glyph in any chart (here or in a kernel) is an error."""

import os

os.environ["OPSREVIEW_STRICT_GLYPHS"] = "1"
