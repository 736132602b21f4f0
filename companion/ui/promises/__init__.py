"""Promises: one feature's modules."""
