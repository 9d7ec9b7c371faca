"""Stand-in for the get-pip.py that ansible-test downloads to bootstrap its sanity virtualenvs.

ansible-test fetches get-pip.py from a host that is not reachable from these machines (only PyPI is).
It runs the script as ``get-pip.py <pip install options and packages>`` inside a venv made with
``--without-pip``. This stand-in does the same job with the interpreter's bundled ``ensurepip`` and then
``pip install`` of the requested packages from PyPI. scripts/test.sh places it in ansible-test's cache.
"""

from __future__ import annotations

import ensurepip
import os
import subprocess
import sys


def main() -> int:
    ensurepip.bootstrap(upgrade=True)
    # ensurepip sets PIP_CONFIG_FILE=/dev/null in this process; the install below must read the
    # machine's pip configuration (index, CA bundle) like any pip run.
    os.environ.pop("PIP_CONFIG_FILE", None)
    args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
    # a fresh process, so pip reads the machine's pip configuration (index, CA bundle) as usual
    return subprocess.call([sys.executable, "-m", "pip", "install"] + args)


if __name__ == "__main__":
    sys.exit(main())
