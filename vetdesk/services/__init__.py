"""Use cases: one function per thing an officer does, each one transaction. Never imports Qt."""
