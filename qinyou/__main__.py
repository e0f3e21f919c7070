"""``python -m qinyou``: the command line."""
import sys

from qinyou.cli import main

sys.exit(main())
