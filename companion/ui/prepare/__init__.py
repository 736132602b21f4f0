"""Prepare: one feature's modules."""
