"""Sync: one feature's modules."""
