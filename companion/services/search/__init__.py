"""Search: one feature's modules."""
