"""Shared test set-up. Qt must see the offscreen platform before it is first imported."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
