"""``python -m tianluo`` runs the CLI."""

import sys

from tianluo.app.cli import main

sys.exit(main())
