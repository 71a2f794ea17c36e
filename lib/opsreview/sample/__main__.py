import sys

from opsreview.sample import main

sys.exit(main())
