"""Capture: one feature's modules."""
