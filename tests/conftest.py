"""Test settings shared by every module.

Under CI (``CI`` set, as `.ci/run` runs) hypothesis draws the same examples on every run, so a
landing is never decided by a random draw; run locally, it explores new examples each time (and
``--hypothesis-seed`` reproduces any run).
"""
import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# The on-disk cache of parsed wordlists and built matchers (cleaner/cache.py) goes to a directory
# of the test run, not the user's ~/.cache; every engine the tests build goes through it.
if "CLEANER_CACHE_DIR" not in os.environ:
    import atexit
    import shutil
    import tempfile

    os.environ["CLEANER_CACHE_DIR"] = tempfile.mkdtemp(prefix="cleaner-test-cache-")
    atexit.register(shutil.rmtree, os.environ["CLEANER_CACHE_DIR"], ignore_errors=True)
