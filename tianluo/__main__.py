"""``python -m tianluo`` runs the CLI."""

import sys

from tianluo.cli import main

sys.exit(main())
