"""The store: TinyDB behind repositories, an atomic on-disk format, schema versions."""
