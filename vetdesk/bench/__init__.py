"""The benchmark at national size (``python -m vetdesk.bench``); not part of the test run."""
