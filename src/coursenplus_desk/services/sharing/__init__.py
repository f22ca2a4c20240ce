"""One register on several laptops, through a folder the association already shares.

See docs/shared-register.md for the design: exchange folder layout, file
format, order, merge rules, erasure, joining and leaving.
"""
