"""The desktop window (PySide6). Only this package imports Qt; it calls the services and nothing below.

The modules of the first screen (``start``, ``app``, ``signin``, ``icons``, ``main_window``, ``dashboard``,
``charts``, ``tasks``) do not touch PySide6's ``Qt`` namespace until the window is shown: importing it builds
its 94 Python enums at once, 13 ms of a start that should take little more than a bare window. The charts'
first paint needs it (a painter's pen); by then the figures are being counted, and the GUI thread would wait
for them anyway. The modules rely on Qt's defaults, pass Qt's documented flag values where a parameter is a
plain ``int``, choose the overloads that do not resolve through ``Qt`` (``QSplitter(parent=…)``,
``setShortcuts``), or import ``Qt`` inside the handler that needs it (a key press, a mouse move).
``tests/ui/test_startup_imports.py`` keeps it so.
"""
