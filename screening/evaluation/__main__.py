"""``python -m screening.evaluation``: run the match-quality benchmark."""

import sys

from screening.evaluation.run import main

sys.exit(main())
