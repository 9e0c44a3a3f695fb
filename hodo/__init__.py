"""hodo's language work: decoding, normalizing, splitting, tagging, resolving.

Nothing here imports Dagster, so every stage can be tested and reused alone.
"""
