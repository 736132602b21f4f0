"""Importing: one feature's modules."""
