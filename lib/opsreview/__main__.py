import sys

from opsreview.cli import main

sys.exit(main())
