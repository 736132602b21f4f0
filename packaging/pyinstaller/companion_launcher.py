"""Entry point of the frozen app: the same ``main`` as the ``companion`` console script."""

import sys

from companion.launcher import main

if __name__ == "__main__":
    sys.exit(main())
