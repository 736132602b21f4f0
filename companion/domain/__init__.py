"""Pure-Python records and rules of Common Ground (no Qt, no storage, no Babel)."""
