"""Instance: one feature's modules."""
