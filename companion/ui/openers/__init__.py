"""Openers: one feature's modules."""
