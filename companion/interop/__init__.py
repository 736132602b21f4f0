"""File formats Common Ground reads and writes (no Qt, no store access)."""
