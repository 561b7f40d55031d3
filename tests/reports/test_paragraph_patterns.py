"""reportlab's paragraph module is loaded with its patterns compiled on first use (vetdesk.reports), and they
match as compiled ones do."""

from __future__ import annotations

import re
import subprocess
import sys


def test_the_link_pattern_waits_for_its_first_use_and_then_matches_as_compiled() -> None:
    script = ("import vetdesk.reports; import reportlab.platypus.paragraph as p; "
              "print(type(p.uri_pat).__name__); print(p._uri_split_pairs('https://example.com/a/b')); "
              "print(p._hy_letters_pat.match('Straße') is not None, p._hy_letters_pat.match('a1') is None); "
              "import re; print(re.compile.__module__, re.compile.__qualname__)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    lines = done.stdout.splitlines()
    assert lines[0] == "WhenUsed", done.stderr
    import reportlab.platypus.paragraph as p

    compiled = re.compile(p.uri_pat.pattern, p.uri_pat.flags)
    assert compiled.match("https://example.com/a/b") is not None
    assert lines[1] == "[('https://example.com/a/', 'b'), ('https://example.com/', 'a/b'), ('https://', " \
                       "'example.com/a/b')]"
    assert lines[2] == "True True" and lines[3] == "re compile"
    assert re.compile("x") is not None and type(re.compile("y")).__name__ == "Pattern"
