"""Pure domain rules of dual training: no Qt, no SQL."""
