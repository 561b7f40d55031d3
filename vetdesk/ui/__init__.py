"""The desktop window (PySide6). Only this package imports Qt; it calls the services and nothing below.

The modules of the first screen (``start``, ``app``, ``signin``, ``icons``, ``main_window``, ``dashboard``,
``charts``, ``tasks``) do not touch PySide6's ``Qt`` namespace until the dashboard is painted: importing it
builds its 94 Python enums at once, 13 ms of a start that should take little more than a bare window. Calls
whose overloads take one of its enums resolve through it as well (``QSplitter(widget)``, ``setShortcut``,
QPainter's ``setPen``, ``setBrush`` and ``fillRect``). The modules rely on Qt's defaults, pass Qt's flag values
where a parameter is a plain ``int``, choose the overloads that do not resolve through ``Qt``
(``QSplitter(parent=…)``, ``setShortcuts``; the charts draw text through the style in a palette colour and
fill with the painter's background), or import ``Qt`` inside the handler that needs it (a key press, a mouse
move).
``tests/ui/test_startup_imports.py`` keeps it so.
"""
