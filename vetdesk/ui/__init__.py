"""The desktop window (PySide6). Only this package imports Qt; it calls the services and nothing below."""
