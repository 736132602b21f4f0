"""Tray: one feature's modules."""
