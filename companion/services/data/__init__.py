"""Data: one feature's modules."""
